import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { Connection } from "../../common/connection";
import { parseId } from "../../common/ids";
import { PageArgs } from "../../common/page.args";
import { checkPageSize } from "../../common/pagination";
import { Permission } from "../roles/permissions";
import { ImportJob, ImportRejection } from "./import-job.entity";

@ObjectType({ description: "A page of an import's rejected rows." })
export class ImportRejectionConnection extends Connection(ImportRejection, "ImportRejection") {}

@Resolver(() => ImportJob)
export class ImportResolver {
  @Authorized(Permission.PeopleImport)
  @Query(() => ImportJob, { nullable: true, description: "A CSV import (started with POST /import/users.csv)." })
  importJob(@Arg("id", () => ID) id: string, @Ctx() { services }: RequestContext): Promise<ImportJob | null> {
    return services.imports.find(parseId(id, "id"));
  }

  @Authorized(Permission.PeopleImport)
  @Mutation(() => ImportJob, {
    description: "Resumes a FAILED import after its last whole batch; no row is imported twice.",
  })
  async retryImportJob(@Arg("id", () => ID) id: string, @Ctx() { services }: RequestContext): Promise<ImportJob> {
    const job = await services.imports.retry(parseId(id, "id"));
    services.jobRunner.notify();
    return job;
  }

  @Authorized(Permission.PeopleImport)
  @Query(() => [ImportJob], { description: "The latest imports, newest first." })
  importJobs(
    @Arg("first", () => Int, { defaultValue: 20, description: "1 to 100." }) first: number,
    @Ctx() { services }: RequestContext,
  ): Promise<ImportJob[]> {
    checkPageSize(first);
    return services.imports.recent(first);
  }

  @FieldResolver(() => ImportRejectionConnection, { description: "The rows refused, by line, with the reason." })
  async rejections(
    @Root() job: ImportJob,
    @Args() { first, after }: PageArgs,
    @Ctx() { services }: RequestContext,
  ): Promise<ImportRejectionConnection> {
    const page = await services.imports.rejections(job.id, first, after);
    return ImportRejectionConnection.of(page, () => services.imports.countRejections(job.id));
  }
}

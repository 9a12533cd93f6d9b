import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { ObjectType } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { Connection } from "../../common/connection";
import { parseId } from "../../common/ids";
import { checkPageSize } from "../../common/pagination";
import { PageArgs } from "../../common/page.args";
import { Permission } from "../roles/permissions";
import { BulkJob, BulkJobResult } from "./bulk-job.entity";
import { BulkOutcome } from "./bulk-job.enums";
import { StartBulkJobInput } from "./dto/start-bulk-job.input";

@ObjectType({ description: "A page of a bulk job's per-person results." })
export class BulkJobResultConnection extends Connection(BulkJobResult, "BulkJobResult") {}

@ArgsType()
class BulkJobResultsArgs extends PageArgs {
  @Field(() => BulkOutcome, { nullable: true, description: "Only this outcome." })
  outcome?: BulkOutcome | null;
}

@Resolver(() => BulkJob)
export class BulkJobResolver {
  @Authorized(Permission.PeopleManage)
  @Mutation(() => BulkJob, {
    description:
      "Queues an action over userIds or a segment. DELETE needs people.delete, ADD_ROLE/REMOVE_ROLE roles.manage. Runs in batches; each person's change is audited.",
  })
  async startBulkJob(@Arg("input") input: StartBulkJobInput, @Ctx() { services, viewer, now }: RequestContext): Promise<BulkJob> {
    const job = await services.bulkJobs.start(viewer!, input, now);
    services.jobRunner.notify();
    return job;
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => BulkJob, { description: "Stops a job after its current batch; what was done stays done." })
  cancelBulkJob(@Arg("id", () => ID) id: string, @Ctx() { services, now }: RequestContext): Promise<BulkJob> {
    return services.bulkJobs.cancel(parseId(id, "id"), now);
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => BulkJob, {
    description: "Resumes a FAILED job after its last whole batch; nobody it already handled is handled twice.",
  })
  async retryBulkJob(@Arg("id", () => ID) id: string, @Ctx() { services }: RequestContext): Promise<BulkJob> {
    const job = await services.bulkJobs.retry(parseId(id, "id"));
    services.jobRunner.notify();
    return job;
  }

  @Authorized(Permission.PeopleView)
  @Query(() => BulkJob, { nullable: true })
  bulkJob(@Arg("id", () => ID) id: string, @Ctx() { services }: RequestContext): Promise<BulkJob | null> {
    return services.bulkJobs.find(parseId(id, "id"));
  }

  @Authorized(Permission.PeopleView)
  @Query(() => [BulkJob], { description: "The latest bulk jobs, newest first." })
  bulkJobs(
    @Arg("first", () => Int, { defaultValue: 20, description: "1 to 100." }) first: number,
    @Ctx() { services }: RequestContext,
  ): Promise<BulkJob[]> {
    checkPageSize(first);
    return services.bulkJobs.recent(first);
  }

  @FieldResolver(() => BulkJobResultConnection, { description: "What happened to each person, by person id." })
  async results(
    @Root() job: BulkJob,
    @Args() args: BulkJobResultsArgs,
    @Ctx() { services }: RequestContext,
  ): Promise<BulkJobResultConnection> {
    const page = await services.bulkJobs.results(job.id, args.outcome, args.first, args.after);
    return BulkJobResultConnection.of(page, () => services.bulkJobs.countResults(job.id, args.outcome));
  }
}

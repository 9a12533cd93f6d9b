import { ArrayNotEmpty, IsOptional } from "class-validator";
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
} from "type-graphql";
import type { RequestContext } from "../../common/context";
import { parseId } from "../../common/ids";
import { Width, WIDTH } from "../../common/widths";
import { Permission } from "../roles/permissions";
import { ApiKey } from "./api-key.entity";

export enum ApiKeyStatus {
  ACTIVE = "ACTIVE",
  REVOKED = "REVOKED",
  EXPIRED = "EXPIRED",
}

registerEnumType(ApiKeyStatus, { name: "ApiKeyStatus" });

@InputType()
export class CreateApiKeyInput {
  @Field()
  @Width(WIDTH.apiKey.name, { min: 1 })
  name: string;

  @Field(() => [String], { description: "Agent permissions; never more than the creator has." })
  @ArrayNotEmpty({ message: "permissions: a key needs at least one permission" })
  @Width(WIDTH.role.permission, { each: true })
  permissions: string[];

  @Field(() => Date, { nullable: true, description: "Null: never expires." })
  @IsOptional()
  expiresAt?: Date | null;
}

@ObjectType({ description: "A new key and its secret, which is shown this once and never again." })
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field({ description: "Send it as `Authorization: Bearer <secret>`. Store it now: Roster keeps only a hash." })
  secret: string;
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized(Permission.ApiKeysManage)
  @Query(() => [ApiKey], { description: "Every API key, newest first." })
  apiKeys(@Ctx() { services }: RequestContext): Promise<ApiKey[]> {
    return services.apiKeys.list();
  }

  @Authorized(Permission.ApiKeysManage)
  @Mutation(() => CreatedApiKey)
  createApiKey(@Arg("input") input: CreateApiKeyInput, @Ctx() { services, viewer, now }: RequestContext): Promise<CreatedApiKey> {
    return services.apiKeys.create(viewer!, input, now);
  }

  @Authorized(Permission.ApiKeysManage)
  @Mutation(() => ApiKey, { description: "The key stops working at once." })
  revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() { services, now }: RequestContext): Promise<ApiKey> {
    return services.apiKeys.revoke(parseId(id, "id"), now);
  }

  @FieldResolver(() => ApiKeyStatus)
  status(@Root() apiKey: ApiKey, @Ctx() { now }: RequestContext): ApiKeyStatus {
    if (apiKey.revokedAt) return ApiKeyStatus.REVOKED;
    return apiKey.expiresAt && apiKey.expiresAt.getTime() <= now.getTime() ? ApiKeyStatus.EXPIRED : ApiKeyStatus.ACTIVE;
  }
}

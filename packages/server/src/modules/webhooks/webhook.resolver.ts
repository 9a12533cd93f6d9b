import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import type { RequestContext } from "../../common/context";
import { parseId } from "../../common/ids";
import type { Viewer } from "../auth/viewer";
import { idText } from "../changes/change-recorder";
import { ChangeType } from "../changes/change.enums";
import { Permission } from "../roles/permissions";
import {
  CreateWebhookInput,
  RedeliverWebhookRangeArgs,
  RotateWebhookSecretArgs,
  UpdateWebhookInput,
  WebhookDeliveriesArgs,
} from "./dto/webhook.inputs";
import { WebhookDeliveryConnection } from "./webhook-delivery.connection";
import { Webhook, WebhookDelivery } from "./webhook.entity";
import { eventsOf } from "./webhook.service";

@ObjectType({ description: "A webhook and its secret, which is shown this once." })
export class WebhookWithSecret {
  @Field(() => Webhook)
  webhook: Webhook;

  @Field({
    description: "whsec_ and a base64 key (Standard Webhooks): verify each delivery's webhook-signature with it. Store it now.",
  })
  secret: string;
}

@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized(Permission.WebhooksManage)
  @Query(() => [Webhook], { description: "Every webhook, newest first." })
  webhooks(@Ctx() { services }: RequestContext): Promise<Webhook[]> {
    return services.webhooks.list();
  }

  @Authorized(Permission.WebhooksManage)
  @Mutation(() => WebhookWithSecret, {
    description: "A webhook delivering the chosen changes that commit from now on. The secret is answered this once.",
  })
  createWebhook(
    @Arg("input") input: CreateWebhookInput,
    @Ctx() { services, viewer, now }: RequestContext,
  ): Promise<WebhookWithSecret> {
    return services.webhooks.create(
      ownerOf(viewer),
      { url: input.url, events: input.events, segmentId: input.segmentId ? parseId(input.segmentId, "segmentId") : null },
      now,
    );
  }

  @Authorized(Permission.WebhooksManage)
  @Mutation(() => Webhook, { description: "Changes what is given; `active: true` turns a disabled webhook back on." })
  updateWebhook(
    @Arg("id", () => ID) id: string,
    @Arg("input") input: UpdateWebhookInput,
    @Ctx() { services, now }: RequestContext,
  ): Promise<Webhook> {
    const segmentId =
      input.segmentId === undefined ? undefined : input.segmentId === null ? null : parseId(input.segmentId, "segmentId");
    return services.webhooks.update(
      parseId(id, "id"),
      { url: input.url, events: input.events, segmentId, active: input.active },
      now,
    );
  }

  @Authorized(Permission.WebhooksManage)
  @Mutation(() => Boolean, { description: "Deletes a webhook with its delivery log." })
  deleteWebhook(@Arg("id", () => ID) id: string, @Ctx() { services }: RequestContext): Promise<boolean> {
    return services.webhooks.delete(parseId(id, "id"));
  }

  @Authorized(Permission.WebhooksManage)
  @Mutation(() => WebhookWithSecret, {
    description: "A new secret, answered this once; the old one keeps signing beside it for overlapHours.",
  })
  rotateWebhookSecret(
    @Args() { id, overlapHours }: RotateWebhookSecretArgs,
    @Ctx() { services, now }: RequestContext,
  ): Promise<WebhookWithSecret> {
    return services.webhooks.rotateSecret(parseId(id, "id"), overlapHours, now);
  }

  @Authorized(Permission.WebhooksManage)
  @Query(() => WebhookDeliveryConnection, { description: "A webhook's deliveries, newest first." })
  webhookDeliveries(
    @Args() { webhookId, first, after }: WebhookDeliveriesArgs,
    @Ctx() { services }: RequestContext,
  ): WebhookDeliveryConnection {
    const id = parseId(webhookId, "webhookId");
    return WebhookDeliveryConnection.of(services.webhooks.deliveries(id, first, after), () =>
      services.webhooks.countDeliveries(id),
    );
  }

  @Authorized(Permission.WebhooksManage)
  @Mutation(() => WebhookDelivery, {
    description: "Sends one delivery again, with the same webhook-id, and 24 hours of retries.",
  })
  async redeliverWebhook(
    @Arg("deliveryId", () => ID) deliveryId: string,
    @Ctx() { services, now }: RequestContext,
  ): Promise<WebhookDelivery> {
    const delivery = await services.webhooks.redeliver(parseId(deliveryId, "deliveryId"), now);
    services.jobRunner.notify();
    return delivery;
  }

  @Authorized(Permission.WebhooksManage)
  @Mutation(() => Int, {
    description:
      "Sends again every delivery of the webhook queued in [from, to), delivered or not, with their webhook-ids and 24 hours of retries. Answers how many.",
  })
  async redeliverWebhookRange(
    @Args() { webhookId, from, to }: RedeliverWebhookRangeArgs,
    @Ctx() { services, now }: RequestContext,
  ): Promise<number> {
    const count = await services.webhooks.redeliverRange(parseId(webhookId, "webhookId"), from, to, now);
    services.jobRunner.notify();
    return count;
  }

  @FieldResolver(() => [ChangeType])
  events(@Root() webhook: Webhook): ChangeType[] {
    return eventsOf(webhook);
  }

  @FieldResolver(() => ID, { nullable: true })
  segmentId(@Root() webhook: Webhook): string | null {
    return idText(webhook.segmentId);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => String, { description: "The webhook-id header it is sent with (the same on every attempt)." })
  messageId(@Root() delivery: WebhookDelivery): string {
    return `msg_${delivery.id}`;
  }
}

/** Who hears of the webhook's trouble: the agent, or the agent who made the API key. */
function ownerOf(viewer: Viewer | null): number | null {
  if (!viewer) return null;
  return viewer.kind === "agent" ? viewer.user.id : viewer.apiKey.createdById;
}

import { ObjectType } from "type-graphql";
import { Connection } from "../../common/connection";
import { WebhookDelivery } from "./webhook.entity";

@ObjectType({ description: "A page of a webhook's deliveries, newest first." })
export class WebhookDeliveryConnection extends Connection(WebhookDelivery, "WebhookDelivery") {}

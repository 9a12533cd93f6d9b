import { registerEnumType } from "type-graphql";

export enum WebhookDeliveryStatus {
  /** Waiting for its first attempt or its next one. */
  PENDING = "PENDING",
  /** The receiver answered 2xx. */
  DELIVERED = "DELIVERED",
  /** Retried for 24 hours without a 2xx; `redeliverWebhook` tries again. */
  FAILED = "FAILED",
}

registerEnumType(WebhookDeliveryStatus, { name: "WebhookDeliveryStatus" });

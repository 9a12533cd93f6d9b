/** Everything on the webhook pages, reading included: the log shows what was sent where. */
export const WEBHOOKS_MANAGE = "webhooks.manage";

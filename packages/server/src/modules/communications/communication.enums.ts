import { registerEnumType } from "type-graphql";

export enum CommunicationKind {
  TICKET = "TICKET",
  CHAT = "CHAT",
  CALL = "CALL",
  SURVEY = "SURVEY",
  POST = "POST",
}

export enum CallDirection {
  INBOUND = "INBOUND",
  OUTBOUND = "OUTBOUND",
}

export enum ModerationStatus {
  PENDING = "PENDING",
  APPROVED = "APPROVED",
  DECLINED = "DECLINED",
}

/**
 * `status` is the sending service's own word (the ticket system's "open", the telephony
 * bridge's "missed"...). These ticket statuses count as open tickets in stats and segments.
 */
export const OPEN_TICKET_STATUSES = ["new", "open", "pending"] as const;

registerEnumType(CommunicationKind, { name: "CommunicationKind" });
registerEnumType(CallDirection, { name: "CallDirection" });
registerEnumType(ModerationStatus, { name: "ModerationStatus" });

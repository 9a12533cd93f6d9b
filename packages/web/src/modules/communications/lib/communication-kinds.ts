// How each kind of communication is named and drawn, in one place for every timeline.
import { IconClipboardCheck, IconMessageCircle, IconMessages, IconPhone, IconTicket } from "@tabler/icons-react";
import type { CommunicationKind } from "../../../generated/graphql";

interface KindMeta {
  label: string;
  plural: string;
  color: string;
  icon: typeof IconTicket;
}

export const COMMUNICATION_KINDS: Record<CommunicationKind, KindMeta> = {
  TICKET: { label: "Ticket", plural: "Tickets", color: "blue", icon: IconTicket },
  CHAT: { label: "Chat", plural: "Chats", color: "teal", icon: IconMessages },
  CALL: { label: "Call", plural: "Calls", color: "violet", icon: IconPhone },
  SURVEY: { label: "Survey", plural: "Surveys", color: "yellow", icon: IconClipboardCheck },
  POST: { label: "Post", plural: "Community posts", color: "orange", icon: IconMessageCircle },
};

/** In the order the filter chips show them. */
export const KIND_ORDER: readonly CommunicationKind[] = ["TICKET", "CHAT", "CALL", "SURVEY", "POST"];

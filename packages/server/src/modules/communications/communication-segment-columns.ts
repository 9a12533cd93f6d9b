/** Communications as segments read them (`tickets.count`, `tickets.open`…): see segments/segment-columns.ts. */
import type { SegmentColumns } from "../segments/segment-columns";
import { CommunicationKind, OPEN_TICKET_STATUSES } from "./communication.enums";

export const communicationSegmentColumns: Pick<SegmentColumns, "activityKinds" | "openTicketStatuses"> = {
  activityKinds: {
    tickets: CommunicationKind.TICKET,
    chats: CommunicationKind.CHAT,
    calls: CommunicationKind.CALL,
    surveys: CommunicationKind.SURVEY,
    posts: CommunicationKind.POST,
    communications: null,
  },
  openTicketStatuses: OPEN_TICKET_STATUSES,
};

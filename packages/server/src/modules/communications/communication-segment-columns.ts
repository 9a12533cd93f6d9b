/** Communications as segments read them (`tickets.count`, `chats.last`…): see segments/segment-columns.ts. */
import type { SegmentColumns } from "../segments/segment-columns";
import { ALL_KINDS } from "./communication-summaries";
import { CommunicationKind } from "./communication.enums";

export const communicationSegmentColumns: Pick<SegmentColumns, "activityKinds"> = {
  activityKinds: {
    tickets: CommunicationKind.TICKET,
    chats: CommunicationKind.CHAT,
    calls: CommunicationKind.CALL,
    surveys: CommunicationKind.SURVEY,
    posts: CommunicationKind.POST,
    communications: ALL_KINDS,
  },
};

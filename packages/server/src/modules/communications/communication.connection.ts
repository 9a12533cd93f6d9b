import { ObjectType } from "type-graphql";
import { Connection } from "../../common/connection";
import type { RequestContext } from "../../common/context";
import { Communication } from "./communication.entity";
import { CommunicationKind } from "./communication.enums";
import type { CommunicationOwner } from "./communication.service";

@ObjectType({ description: "A timeline of communications, newest first." })
export class CommunicationConnection extends Connection(Communication, "Communication") {}

/** The timeline of one person or organization, through the batching loaders. */
export async function timelineOf(
  context: RequestContext,
  owner: CommunicationOwner,
  ownerId: number,
  kinds: CommunicationKind[] | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<CommunicationConnection> {
  const page = await context.loaders.timeline.load({ owner, ownerId, kinds: kinds ?? null, first, after: after ?? null });
  return CommunicationConnection.of(page, () => context.loaders.timelineCount.load({ owner, ownerId, kinds: kinds ?? null }));
}

export const SURVEYS_ONLY = [CommunicationKind.SURVEY];

/**
 * The actor every change is recorded with, taken from the request's caller.
 */
import type { Viewer } from "../auth/viewer";
import { ActorType } from "./audit.enums";

export interface Actor {
  type: ActorType;
  id: number | null;
  name: string;
  /** Set when the actor acts through a bulk job: each event it writes is then filed under the job. */
  bulkJobId?: number;
}

export function actorOf(viewer: Viewer | null): Actor {
  // Resolvers that call this are behind @Authorized, which refuses a request without a viewer.
  if (!viewer) throw new Error("actorOf: no viewer on an authorized operation");
  return viewer.kind === "agent"
    ? { type: ActorType.AGENT, id: viewer.user.id, name: viewer.user.displayName }
    : { type: ActorType.API_KEY, id: viewer.apiKey.id, name: viewer.apiKey.name };
}

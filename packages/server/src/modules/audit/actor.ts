/**
 * The actor every change is recorded with, taken from the request's caller.
 */
import type { Viewer } from "../auth/viewer";
import { ActorType } from "./audit.enums";

export interface Actor {
  type: ActorType;
  id: number | null;
  name: string;
}

export const systemActor: Actor = { type: ActorType.SYSTEM, id: null, name: "Roster" };

export function actorOf(viewer: Viewer): Actor {
  return { type: ActorType.AGENT, id: viewer.user.id, name: viewer.user.displayName };
}

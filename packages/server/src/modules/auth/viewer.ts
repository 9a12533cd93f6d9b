import type { ApiKey } from "../api-keys/api-key.entity";
import type { User } from "../users/user.entity";

/**
 * Who is calling: a signed-in agent, or a service with an API key; each with the effective
 * permissions it acts with.
 */
export type Viewer =
  | { kind: "agent"; user: User; permissions: ReadonlySet<string> }
  | { kind: "apiKey"; apiKey: ApiKey; permissions: ReadonlySet<string> };

export type AgentViewer = Extract<Viewer, { kind: "agent" }>;

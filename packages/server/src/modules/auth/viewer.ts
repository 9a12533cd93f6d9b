import type { User } from "../users/user.entity";

/** Who is calling: a signed-in agent, with the effective permissions of their roles. */
export interface Viewer {
  user: User;
  permissions: ReadonlySet<string>;
}

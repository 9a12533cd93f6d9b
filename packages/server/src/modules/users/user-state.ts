/**
 * The state as read now. A temporary ban ends by itself at `bannedUntil`: from then on the
 * person reads what the ban interrupted (`stateBeforeBan`: ACTIVE, or NOT_ACTIVATED for someone
 * never activated; the ban ends, it does not activate) everywhere (reads, filters, counts,
 * sign-in) with no job rewriting rows. The TypeScript and SQL forms below must agree; the tests
 * check both against the same people.
 */
import { UserState } from "./user.enums";

interface StateFields {
  state: UserState;
  bannedUntil: Date | null;
  stateBeforeBan: UserState | null;
}

export function banHasEnded(user: StateFields, now: Date): boolean {
  return user.state === UserState.BANNED && user.bannedUntil !== null && user.bannedUntil.getTime() <= now.getTime();
}

export function effectiveState(user: StateFields, now: Date): UserState {
  if (!banHasEnded(user, now)) return user.state;
  return user.stateBeforeBan === UserState.NOT_ACTIVATED ? UserState.NOT_ACTIVATED : UserState.ACTIVE;
}

/** `bannedUntil` as read now: null once the ban has ended. */
export function effectiveBannedUntil(user: StateFields, now: Date): Date | null {
  return effectiveState(user, now) === UserState.BANNED ? user.bannedUntil : null;
}

/**
 * SQL for "the person reads `state` now", over the users table aliased `alias`; binds `:now`.
 * Shaped so that the equality on the stored state can use its index.
 */
export function effectiveStateSql(alias: string, state: UserState): string {
  const stored = `${alias}.state`;
  const until = `${alias}.bannedUntil`;
  const before = `${alias}.stateBeforeBan`;
  const banEnded = `${stored} = 'BANNED' AND ${until} IS NOT NULL AND ${until} <= :now`;
  switch (state) {
    case UserState.ACTIVE:
      return `(${stored} = 'ACTIVE' OR (${banEnded} AND (${before} IS NULL OR ${before} <> 'NOT_ACTIVATED')))`;
    case UserState.BANNED:
      return `(${stored} = 'BANNED' AND (${until} IS NULL OR ${until} > :now))`;
    case UserState.NOT_ACTIVATED:
      // Never NULL (a segment's `not` must be its exact complement): stateBeforeBan may be.
      return `(${stored} = 'NOT_ACTIVATED' OR (${banEnded} AND ${before} IS NOT NULL AND ${before} = 'NOT_ACTIVATED'))`;
    case UserState.TRASHED:
      return `${stored} = 'TRASHED'`;
  }
}

// When a temporary ban ends, as the server will set it: `days` whole days of 24 hours from the
// moment of the ban (UserLifecycleService), so the dialog shows the date the badge will show.
const DAY_MS = 86_400_000;

export function banEndsAt(days: number, now: number = Date.now()): Date {
  return new Date(now + days * DAY_MS);
}

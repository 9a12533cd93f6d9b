/**
 * Relative times read the same on every render near a unit's boundary (the issue saw a 7-day
 * ban read "next week", then "in 6 days" a second later), and never name a calendar day or week.
 */
import { formatRelative } from "./format";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.parse("2026-12-03T15:42:00Z");
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "always" });

const at = (offset: number) => new Date(NOW + offset).toISOString();

test("a 7-day ban reads the same just before, at and after the moment it was set", () => {
  const until = at(7 * DAY);
  for (const elapsed of [-1500, -1000, 0, 400, 500, 1000, 60_000, 11 * HOUR]) {
    expect(formatRelative(until, NOW + elapsed)).toBe(relative.format(7, "day"));
  }
});

test("the count is rounded, and the unit follows the rounded count", () => {
  expect(formatRelative(at(23.6 * HOUR), NOW)).toBe(relative.format(1, "day"));
  expect(formatRelative(at(59.6 * MINUTE), NOW)).toBe(relative.format(1, "hour"));
  expect(formatRelative(at(36 * HOUR), NOW)).toBe(relative.format(2, "day"));
  expect(formatRelative(at(-6.6 * DAY), NOW)).toBe(relative.format(-7, "day"));
  expect(formatRelative(at(29.6 * DAY), NOW)).toBe(relative.format(1, "month"));
  expect(formatRelative(at(400 * DAY), NOW)).toBe(relative.format(1, "year"));
});

test("within half a minute is now, in either direction", () => {
  const now = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }).format(0, "second");
  expect(formatRelative(at(29_000), NOW)).toBe(now);
  expect(formatRelative(at(-30_000), NOW)).toBe(now);
  expect(formatRelative(at(-31_000), NOW)).toBe(relative.format(-1, "minute"));
});

// Display formats shared by every page. Dates follow the browser's locale (date order matters
// to the reader); durations use h:mm:ss, the way help desks report call time.

// The exact moment, wherever a date must not be approximate (a ban's end, a relative time's
// tooltip): weekday, date, time and the time zone, since an agent may be elsewhere than the person.
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
});
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
// "always": "in 1 day", never "tomorrow" or "next week", which name a calendar day or week that a
// rounded count of hours does not always fall in.
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "always" });
const nowFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const numberFormat = new Intl.NumberFormat();
const ratingFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/**
 * Smallest unit first, each with the count at which the next unit takes over (years above
 * all). No weeks: "in 1 week" and "in 7 days" for one date would disagree in the reader's eyes.
 */
const RELATIVE_UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number, number]> = [
  ["minute", MINUTE, 60],
  ["hour", HOUR, 24],
  ["day", DAY, 30],
  ["month", 30 * DAY, 12],
];

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/**
 * "3 days ago", "in 2 hours", "now"; `now` is a parameter so a list renders one clock.
 *
 * The count is rounded to the nearest unit and the unit is chosen by that rounded count, so a
 * date reads the same on every render near a boundary: truncating made a 7-day ban read
 * "next week" when set and "in 6 days" a second later.
 */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  if (Math.abs(seconds) <= 30) return nowFormat.format(0, "second");
  for (const [unit, size, limit] of RELATIVE_UNITS) {
    const count = Math.round(seconds / size);
    if (Math.abs(count) < limit) return relativeFormat.format(count, unit);
  }
  return relativeFormat.format(Math.round(seconds / YEAR), "year");
}

/** 3725 → "1:02:05". Hours are not wrapped at 24: totals can be long. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

export function formatCount(value: number): string {
  return numberFormat.format(value);
}

export function formatRating(value: number): string {
  return ratingFormat.format(value);
}

/** UPPER_SNAKE enum values as words: NOT_ACTIVATED → "Not activated". */
export function humanizeEnum(value: string): string {
  const words = value.toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** ISO 8601 dates and date-times as the language accepts them, shared by the lexer and the evaluator. */

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The instant a date or date-time stands for, or undefined when it is not a real one.
 * A date is midnight UTC and a date-time without an offset is UTC, so a segment means the same
 * thing whatever the server's time zone. Fractions beyond milliseconds are cut off.
 */
export function isoDateMillis(text: string): number | undefined {
  const match = isoPattern.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Number((match[7] ?? "").slice(0, 3).padEnd(3, "0"));
  const offsetSign = match[9] === "-" ? -1 : 1;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!valid) return undefined;
  const date = new Date(Date.UTC(2000, 0, 1, hour, minute, second, millis));
  // Date.UTC maps years 0-99 to 1900-1999; setting the full year afterwards keeps them as written.
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime() - offsetSign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

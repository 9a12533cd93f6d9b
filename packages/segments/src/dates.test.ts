import { isoDateMillis } from "./dates";

describe("ISO dates", () => {
  test.each([
    ["2026-01-01", "2026-01-01T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2026-01-01T10:00", "2026-01-01T10:00:00.000Z"],
    ["2026-01-01T10:00:30.123456Z", "2026-01-01T10:00:30.123Z"],
    ["2026-01-01T10:00:00.5+02:00", "2026-01-01T08:00:00.500Z"],
    ["2026-01-01T00:00-05:30", "2026-01-01T05:30:00.000Z"],
  ])("%s is %s", (text, instant) => {
    expect(isoDateMillis(text)).toBe(Date.parse(instant));
  });

  test("years below 100 stay as written", () => {
    expect(new Date(isoDateMillis("0042-03-04") ?? NaN).getUTCFullYear()).toBe(42);
  });

  test.each([
    "2025-02-29",
    "2026-00-10",
    "2026-04-31",
    "2026-01-01T24:00",
    "2026-01-01T10:60",
    "2026-01-01T10:00:60",
    "2026-01-01T10:00+24:00",
    "26-01-01",
  ])("%s is not a date", (text) => {
    expect(isoDateMillis(text)).toBeUndefined();
  });
});

import "reflect-metadata";
import { validateSync } from "class-validator";
import { characterCount, jsonArrayWithin, TEXT_BYTES, truncateToWidth, Width } from "./widths";

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

describe("characterCount counts code points, as MariaDB's utf8mb4 does", () => {
  test.each([
    ["", 0],
    ["fr-FR", 5],
    ["é", 1],
    ["😀", 1],
    ["a😀b", 3],
    // A variation selector is a character of its own (validator's isLength does not count it).
    ["a\uFE0F", 2],
    // A lone surrogate is stored as U+FFFD: one character.
    ["\ud800", 1],
    ["\udc00\ud800", 2],
  ])("%j has %i", (value, count) => {
    expect(characterCount(value)).toBe(count);
  });
});

describe("@Width", () => {
  class Sample {
    @Width(5)
    code: string;

    @Width(4, { min: 2 })
    name: string;

    @Width(3, { each: true })
    tags: string[];
  }

  const messages = (values: Partial<Sample>) =>
    validateSync(Object.assign(new Sample(), { code: "", name: "ab", tags: [], ...values })).flatMap((error) =>
      Object.values(error.constraints ?? {}),
    );

  test("accepts a value as wide as the column and names the field when it is wider", () => {
    expect(messages({ code: "12345", name: "abcd", tags: ["abc"] })).toEqual([]);
    expect(messages({ code: "123456" })).toEqual(["code must be at most 5 characters"]);
    expect(messages({ name: "a" })).toEqual(["name must be 2 to 4 characters"]);
    expect(messages({ tags: ["abc", "abcd"] })).toEqual(["each value in tags must be at most 3 characters"]);
  });

  test("counts characters, not UTF-16 units, and does not let a variation selector through", () => {
    expect(messages({ code: "😀😀😀😀😀" })).toEqual([]);
    expect(messages({ code: "a\uFE0F\uFE0F\uFE0F\uFE0F\uFE0F" })).toEqual(["code must be at most 5 characters"]);
  });
});

describe("truncateToWidth", () => {
  test("keeps what fits and marks a cut with an ellipsis, within the width", () => {
    expect(truncateToWidth("short", 10)).toBe("short");
    expect(truncateToWidth("exactly10!", 10)).toBe("exactly10!");
    expect(truncateToWidth("much too long", 8)).toBe("much to…");
    expect(characterCount(truncateToWidth("x".repeat(5_000_000), 500))).toBe(500);
  });

  test("never splits a surrogate pair", () => {
    const cut = truncateToWidth("😀".repeat(10), 4);
    expect(cut).toBe("😀😀😀…");
    expect(characterCount(cut)).toBe(4);
  });
});

describe("jsonArrayWithin", () => {
  test("a row that fits is stored as it is", () => {
    const row = ["ana@example.com", "Ana", "ja-JP-u-ca-japanese-nu-jpanfin"];
    expect(jsonArrayWithin(row)).toBe(JSON.stringify(row));
  });

  test("a 5 MB cell is cut so the row fits a text column, the other cells kept", () => {
    const row = ["ana@example.com", "x".repeat(5 * 1024 * 1024), "Ana"];
    const stored = jsonArrayWithin(row);
    expect(bytes(stored)).toBeLessThanOrEqual(TEXT_BYTES);
    const cells = JSON.parse(stored) as string[];
    expect(cells).toHaveLength(3);
    expect(cells[0]).toBe("ana@example.com");
    expect(cells[2]).toBe("Ana");
    expect(cells[1]).toMatch(/^x+…$/);
    expect(bytes(stored)).toBeGreaterThan(TEXT_BYTES - 100);
  });

  test("characters that JSON escapes (6 bytes each) are counted as stored", () => {
    const stored = jsonArrayWithin(["\u0001".repeat(20_000), "\ud800".repeat(20_000)]);
    expect(bytes(stored)).toBeLessThanOrEqual(TEXT_BYTES);
  });

  test("a row of 100,000 cells keeps the first ones and says how many went", () => {
    const row = Array.from({ length: 100_000 }, (_, index) => `cell ${index}`);
    const stored = jsonArrayWithin(row);
    expect(bytes(stored)).toBeLessThanOrEqual(TEXT_BYTES);
    const cells = JSON.parse(stored) as string[];
    expect(cells.at(-1)).toMatch(/^… \d+ more$/);
    expect(cells.length - 1 + Number(/\d+/.exec(cells.at(-1)!)![0])).toBe(100_000);
  });

  test("a smaller limit is kept too", () => {
    expect(bytes(jsonArrayWithin(["a".repeat(1000), "b".repeat(1000)], 500))).toBeLessThanOrEqual(500);
  });
});

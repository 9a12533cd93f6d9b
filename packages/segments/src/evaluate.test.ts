import { segmentFields } from "./catalog";
import { evaluate, readField, type SegmentPerson } from "./evaluate";
import { parse } from "./parser";

const now = new Date("2026-06-01T12:00:00Z");
const never = { count: 0, first: null, last: null };

const base: SegmentPerson = {
  id: 7,
  version: 3,
  displayName: "Bob Builder",
  email: "bob@acme.com",
  username: "bob",
  phone: null,
  timezone: "Europe/Berlin",
  locale: null,
  kind: "customer",
  state: "active",
  source: "import",
  createdAt: new Date("2026-01-01T00:00:00Z"),
  updatedAt: new Date("2026-05-01T00:00:00Z"),
  lastLoginAt: new Date("2026-01-15T00:00:00Z"),
  loginCount: 4,
  bannedUntil: null,
  banReason: null,
  emailVerifiedAt: null,
  verified: false,
  withoutLogin: true,
  roles: ["Moderator"],
  org: null,
  attributes: { plan: "Enterprise", seats: "12", label: "twelve" },
  tickets: { count: 3, first: new Date("2026-02-01T00:00:00Z"), last: new Date("2026-05-30T00:00:00Z"), open: 1 },
  chats: { count: 1, first: new Date("2026-05-28T00:00:00Z"), last: new Date("2026-05-28T00:00:00Z") },
  calls: { ...never, duration: 0 },
  surveys: { ...never, avgRating: null },
  posts: never,
  communications: never,
};

const acme = {
  id: 5,
  name: "ACME Corp",
  notes: null,
  website: null,
  phone: null,
  domains: ["acme.com"],
  memberCount: 40,
  createdAt: new Date("2020-01-01T00:00:00Z"),
};

function holds(source: string, changes: Partial<SegmentPerson> = {}): boolean {
  const { ast, errors } = parse(source);
  expect(errors).toEqual([]);
  if (!ast) throw new Error(`no AST for ${source}`);
  return evaluate(ast, { ...base, ...changes }, now);
}

describe("evaluate", () => {
  test.each<[string, Partial<SegmentPerson>, boolean]>([
    ["state = active", {}, true],
    ['STATE = "Active"', {}, true],
    ["state in (banned, trashed)", { state: "trashed" }, true],
    ["state not in (banned, trashed)", { state: "trashed" }, false],
    ['email contains "ACME"', {}, true],
    ['email ends with "@acme.com"', { email: "BOB@ACME.COM" }, true],
    ['email starts with "%"', {}, false],
    ['email starts with "%"', { email: "%bob" }, true],
    ['email contains "_"', {}, false],
    ['email contains "b_b"', { email: "b_b@x" }, true],
    ['email contains "\\\\"', { email: "a\\b" }, true],
    // A comparison with a missing value is false, whichever the operator; `not` and `not in` complement.
    ['phone = "1"', {}, false],
    ['phone != "1"', {}, false],
    ['not phone = "1"', {}, true],
    ['phone in ("1")', {}, false],
    ['phone not in ("1")', {}, false],
    ['phone not in ("1", "2")', { phone: "3" }, true],
    ['not (phone in ("1"))', {}, true],
    ["phone is null", {}, true],
    ["phone is not null", {}, false],
    ['role = "moderator"', {}, true],
    ['role != "Moderator"', {}, false],
    ['role != "admin"', {}, true],
    ['role in ("admin", "MODERATOR")', {}, true],
    ['role not in ("admin", "moderator")', {}, false],
    ['role = "admin"', { roles: [] }, false],
    ['role != "admin"', { roles: [] }, true],
    ['org.domain = "acme.com"', {}, false],
    ['org.domain != "acme.com"', {}, true],
    ['org.domain = "ACME.com"', { org: acme }, true],
    ['org.name contains "acme"', { org: acme }, true],
    ['org.name contains "acme"', {}, false],
    ["org.name is null", {}, true],
    ["org.memberCount > 10", { org: acme }, true],
    ["org.memberCount > 10", {}, false],
    ["org.createdAt < 2021-01-01", { org: acme }, true],
    ["lastLoginAt < now-90d", {}, true],
    ["lastLoginAt < now-90d", { lastLoginAt: new Date("2026-05-01T00:00:00Z") }, false],
    ["lastLoginAt < now-90d", { lastLoginAt: null }, false],
    ["not lastLoginAt < now-90d", { lastLoginAt: null }, true],
    ["createdAt >= 2026-01-01", {}, true],
    ["createdAt >= 2026-01-01", { createdAt: new Date("2025-12-31T23:59:59.999Z") }, false],
    ["createdAt = 2026-01-01", {}, true],
    ["createdAt = 2026-01-01T02:00+02:00", {}, true],
    ["createdAt < 2026-01-01T00:00:00.001", {}, true],
    ["updatedAt < now-4w", {}, true],
    ["updatedAt < now-5w", {}, false],
    ["tickets.last >= now-60h", {}, true],
    ["tickets.last > now-60h", {}, false],
    ["tickets.last >= now-3600m", {}, true],
    ["tickets.last >= now-3599m", {}, false],
    ["bannedUntil < now+7d", { state: "banned", bannedUntil: new Date("2026-06-05T00:00:00Z") }, true],
    ["createdAt < now", {}, true],
    ["withoutLogin", {}, true],
    ["verified", {}, false],
    ["not verified", {}, true],
    ["verified = false", {}, true],
    ["verified != false", {}, false],
    ["tickets.count >= 3 and tickets.open = 1", {}, true],
    ["loginCount in (1, 4)", {}, true],
    ["calls.duration > 60", {}, false],
    ["surveys.avgRating < 3", {}, false],
    ["surveys.avgRating is null", {}, true],
    ["surveys.avgRating < 3 and surveys.count > 0", { surveys: { count: 2, first: now, last: now, avgRating: 2.5 } }, true],
    ["posts.first is null", {}, true],
    ['attr.plan = "enterprise"', {}, true],
    ['attr.plan != "enterprise"', {}, false],
    ['attr.missing = "x"', {}, false],
    ["attr.missing is null", {}, true],
    ["attr.seats > 10", {}, true],
    ["attr.seats = 12", { attributes: { seats: "12.0" } }, true],
    ["attr.label > 10", {}, false],
    ['attr.seats in (12, "x")', {}, true],
    ['attr.label in (12, "TWELVE")', {}, true],
    ['attr.Plan = "enterprise"', {}, false],
    // Issue #14: `not in` and `!=` are false against a missing value, for every kind of field.
    ['username not in ("x")', { username: null }, false],
    ['org.name not in ("x")', {}, false],
    ['org.website not in ("x")', { org: acme }, false],
    ["attr.missing not in (5)", {}, false],
    ["attr.missing != 5", {}, false],
    ["not (attr.missing in (5))", {}, true],
    ['attr.label not in ("x", 3)', {}, true],
    // New fields.
    ["id = 7 and version = 3", {}, true],
    ['banReason contains "spam"', { banReason: "Spam bot" }, true],
    ["banReason is null", {}, true],
    ['banReason != "x"', {}, false],
    ["org.id = 5", { org: acme }, true],
    ["org.id is null", {}, true],
    ['org.notes = "x"', { org: acme }, false],
    ['org.notes contains "VIP"', { org: { ...acme, notes: "a vip" } }, true],
    ['org.domains = "acme.com"', { org: acme }, true],
    // Typed attributes: a comparison holds only for an attribute of the matching type.
    ["attr.newsletter = true", { attributes: { newsletter: { type: "boolean", value: "true" } } }, true],
    ["attr.newsletter", { attributes: { newsletter: { type: "boolean", value: "TRUE" } } }, true],
    ["attr.newsletter", { attributes: { newsletter: { type: "boolean", value: "false" } } }, false],
    ["attr.newsletter = false", { attributes: { newsletter: { type: "boolean", value: "false" } } }, true],
    ["attr.newsletter = true", { attributes: { newsletter: "true" } }, false],
    ["attr.newsletter != true", { attributes: { newsletter: "true" } }, true],
    ['attr.newsletter = "true"', { attributes: { newsletter: { type: "boolean", value: "true" } } }, false],
    ["attr.newsletter", {}, false],
    ["not attr.newsletter", {}, true],
    ["attr.renewal < now", { attributes: { renewal: { type: "date", value: "2026-05-01" } } }, true],
    ["attr.renewal = 2026-05-01", { attributes: { renewal: { type: "date", value: "2026-05-01T00:00:00Z" } } }, true],
    ["attr.renewal >= 2026-05-01T10:00Z", { attributes: { renewal: { type: "date", value: "2026-05-01T10:00:00.000Z" } } }, true],
    ["attr.renewal > 2026-05-01", { attributes: { renewal: { type: "date", value: "2026-05-01" } } }, false],
    ["attr.renewal < now", { attributes: { renewal: "2026-05-01" } }, false],
    ["attr.renewal < now", { attributes: { renewal: { type: "date", value: "May 1st" } } }, false],
    ["attr.seats > 10", { attributes: { seats: { type: "number", value: "12" } } }, true],
    ["attr.seats > 10", { attributes: { seats: { type: "boolean", value: "12" } } }, false],
    ['attr.seats = "12"', { attributes: { seats: { type: "number", value: "12" } } }, false],
    ["not (state = banned) or verified", {}, true],
    ["state = banned or verified and withoutLogin", {}, false],
  ])("%s with %j is %s", (source, changes, expected) => {
    expect(holds(source, changes)).toBe(expected);
  });

  test("every catalog field can be read", () => {
    for (const definition of segmentFields) expect(() => readField(base, definition)).not.toThrow();
  });

  test("refuses what the checker would have rejected", () => {
    expect(() => holds("lastLogin < now")).toThrow("evaluate expects a checked segment: unknown field lastLogin");
    expect(() => holds('tickets.count contains "x"')).toThrow("evaluate expects a checked segment");
  });
});

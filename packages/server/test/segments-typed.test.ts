/**
 * Issue #14 through the API, on small hand-made data: `not in` and `!=` are false against a
 * missing value; the fields SPEC lists (id, version, banReason, org.id, org.notes, org.domains);
 * typed attributes (yes/no, dates, numbers); and `is null` on a field that always has a value,
 * accepted with a hint.
 */
import { UserAttribute } from "../src/modules/attributes/custom-attribute.entity";
import { User } from "../src/modules/users/user.entity";
import { AttributeType, UserState } from "../src/modules/users/user.enums";
import { createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;
const ids: Record<string, number> = {};
let acmeId = 0;

const MEMBERS = `query ($segment: String!) {
  users(first: 100, segment: $segment, sort: { field: DISPLAY_NAME }) { totalCount nodes { displayName } }
}`;

async function members(segment: string): Promise<string[]> {
  const { users } = await admin.data<{ users: { nodes: { displayName: string }[] } }>(MEMBERS, { segment });
  return users.nodes.map((node) => node.displayName).filter((name) => name !== "Administrator");
}

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  const { dataSource } = roster;
  const acme = await createOrganization(dataSource, {
    name: "Acme",
    website: "https://acme.com",
    notes: "VIP account",
    domains: ["acme.com"],
  });
  acmeId = acme.id;
  const attribute = (userId: number, name: string, type: AttributeType, value: string) =>
    dataSource.getRepository(UserAttribute).insert({ userId, name, type, value });
  const ann = await createPerson(dataSource, {
    displayName: "Ann",
    phone: "5",
    username: "ann",
    organizationId: acme.id,
    state: UserState.BANNED,
    banReason: "Spam",
  });
  await attribute(ann.id, "x", AttributeType.NUMBER, "5");
  await attribute(ann.id, "newsletter", AttributeType.BOOLEAN, "true");
  await attribute(ann.id, "renewal", AttributeType.DATE, "2020-01-01");
  const bob = await createPerson(dataSource, { displayName: "Bob", phone: "6", username: "bob" });
  await attribute(bob.id, "x", AttributeType.NUMBER, "6");
  await attribute(bob.id, "newsletter", AttributeType.BOOLEAN, "false");
  await attribute(bob.id, "renewal", AttributeType.DATE, "2999-01-01T00:00:00Z");
  // Cid has none of them: no phone, no username, no organization, no attributes.
  const cid = await createPerson(dataSource, { displayName: "Cid", phone: null, username: null });
  // Dee's attributes are text that only looks like a yes/no or a date.
  const dee = await createPerson(dataSource, { displayName: "Dee", phone: null, username: null });
  await attribute(dee.id, "newsletter", AttributeType.STRING, "true");
  await attribute(dee.id, "renewal", AttributeType.STRING, "2020-01-01");
  await dataSource.getRepository(User).update({ id: dee.id }, { version: 7 });
  Object.assign(ids, { ann: ann.id, bob: bob.id, cid: cid.id, dee: dee.id });
}, 60_000);
afterAll(() => roster.stop());

describe("1. a comparison against a missing value is false, `not in` included", () => {
  test.each([
    ["attr.x != 5", ["Bob"]],
    ["attr.x not in (5)", ["Bob"]],
    ["not (attr.x in (5))", ["Bob", "Cid", "Dee"]],
    ['phone != "5"', ["Bob"]],
    ['phone not in ("5")', ["Bob"]],
    ['phone not in ("5", "6")', []],
    ['not (phone in ("5"))', ["Bob", "Cid", "Dee"]],
    ['username not in ("ann")', ["Bob"]],
    ['org.name not in ("zzz")', ["Ann"]],
    ['org.website not in ("zzz")', ["Ann"]],
  ])("%s", async (segment, expected) => {
    expect(await members(segment)).toEqual(expected);
  });
});

describe("2. the fields SPEC lists", () => {
  test("id, version, banReason, org.id, org.notes and org.domains select", async () => {
    expect(await members(`id = ${ids.bob}`)).toEqual(["Bob"]);
    expect(await members(`id in (${ids.ann}, ${ids.cid})`)).toEqual(["Ann", "Cid"]);
    expect(await members("version = 7")).toEqual(["Dee"]);
    expect(await members('banReason contains "spam"')).toEqual(["Ann"]);
    expect(await members("banReason is null")).toEqual(["Bob", "Cid", "Dee"]);
    expect(await members(`org.id = ${acmeId}`)).toEqual(["Ann"]);
    expect(await members(`org.id != ${acmeId}`)).toEqual([]);
    expect(await members('org.notes starts with "vip"')).toEqual(["Ann"]);
    expect(await members('org.domains = "ACME.com"')).toEqual(["Ann"]);
    expect(await members('org.domain in ("acme.com")')).toEqual(["Ann"]);
  });

  test("segmentFields lists them, and org.domain prints as org.domains", async () => {
    const { segmentFields } = await admin.data<{ segmentFields: { name: string; type: string; nullable: boolean }[] }>(
      "{ segmentFields { name type nullable } }",
    );
    const byName = new Map(segmentFields.map((field) => [field.name, field]));
    expect(byName.get("id")).toMatchObject({ type: "number", nullable: false });
    expect(byName.get("version")).toMatchObject({ type: "number", nullable: false });
    expect(byName.get("banReason")).toMatchObject({ type: "text", nullable: true });
    expect(byName.get("org.id")).toMatchObject({ type: "number", nullable: true });
    expect(byName.get("org.notes")).toMatchObject({ type: "text", nullable: true });
    expect(byName.get("org.domains")).toMatchObject({ type: "text" });
    const { validateSegment } = await admin.data<{ validateSegment: { canonical: string } }>(
      "query ($q: String!) { validateSegment(query: $q) { canonical } }",
      { q: 'org.domain = "acme.com"' },
    );
    expect(validateSegment.canonical).toBe('org.domains = "acme.com"');
  });
});

describe("3. typed attributes", () => {
  test.each([
    ["attr.newsletter = true", ["Ann"]],
    ["attr.newsletter", ["Ann"]],
    ["attr.newsletter = false", ["Bob"]],
    ["not attr.newsletter", ["Bob", "Cid", "Dee"]],
    ["attr.newsletter != true", ["Bob", "Dee"]],
    ['attr.newsletter = "true"', ["Dee"]],
    ["attr.renewal < now", ["Ann"]],
    ["attr.renewal = 2020-01-01", ["Ann"]],
    ["attr.renewal > 2030-01-01T00:00:00Z", ["Bob"]],
    ["attr.renewal in (2020-01-01, now)", ["Ann"]],
    ["attr.x > 5", ["Bob"]],
    ["attr.x = true", []],
    ["attr.x < now", []],
  ])("%s", async (segment, expected) => {
    expect(await members(segment)).toEqual(expected);
  });
});

describe("4. `is null` on a field that always has a value", () => {
  test.each([
    ["createdAt is null", []],
    ["loginCount is not null", ["Ann", "Bob", "Cid", "Dee"]],
    ["state is null", []],
    ["verified is not null", ["Ann", "Bob", "Cid", "Dee"]],
    ["surveys.count is null", []],
    ["role is not null", ["Ann", "Bob", "Cid", "Dee"]],
  ])("%s runs, and answers the constant", async (segment, expected) => {
    expect(await members(segment)).toEqual(expected);
  });

  test("validateSegment is valid with a hint of severity warning, apart from the errors", async () => {
    const { validateSegment } = await admin.data<{ validateSegment: unknown }>(
      "query ($q: String!) { validateSegment(query: $q) { valid canonical errors { message } hints { message line column severity } } }",
      { q: "createdAt is null or state = banned" },
    );
    expect(validateSegment).toEqual({
      valid: true,
      canonical: "createdAt is null or state = banned",
      errors: [],
      hints: [
        {
          message: "`createdAt` always has a value, so `is null` is false for everyone",
          line: 1,
          column: 11,
          severity: "warning",
        },
      ],
    });
    const { validateSegment: invalid } = await admin.data<{ validateSegment: unknown }>(
      "query ($q: String!) { validateSegment(query: $q) { valid errors { severity } hints { message } } }",
      { q: "createdAt is null and statee = banned" },
    );
    expect(invalid).toEqual({ valid: false, errors: [{ severity: "error" }], hints: [expect.anything()] });
  });

  test("a saved segment with only hints is saved", async () => {
    const response = await admin.request<{ createSegment: { query: string; count: number } }>(
      "mutation ($input: CreateSegmentInput!) { createSegment(input: $input) { query count } }",
      { input: { name: "Nobody", query: "createdAt is null" } },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.createSegment).toEqual({ query: "createdAt is null", count: 0 });
  });
});

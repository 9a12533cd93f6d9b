import { attributeField, lookupField, segmentFields } from "./catalog";

describe("catalog", () => {
  test("names are unique and every field is described", () => {
    expect(new Set(segmentFields.map((definition) => definition.name.toLowerCase())).size).toBe(segmentFields.length);
    for (const definition of segmentFields) expect(definition.description).not.toBe("");
  });

  test.each([
    ["LASTLOGINAT", "lastLoginAt"],
    ["org.NAME", "org.name"],
    ["Tickets.Count", "tickets.count"],
    ["ATTR.Plan", "attr.Plan"],
    ["attr.x_9", "attr.x_9"],
    ["org.domain", "org.domains"],
    ["ORG.Domains", "org.domains"],
    ["id", "id"],
    ["VERSION", "version"],
    ["banreason", "banReason"],
    ["org.id", "org.id"],
    ["org.notes", "org.notes"],
  ])("looks up %s as %s", (written, name) => {
    expect(lookupField(written)?.name).toBe(name);
  });

  test.each(["lastLogin", "attr.", "attr.9x", "attr._x9", "attr.a.b", "org"])("%s is not a field", (written) => {
    expect(lookupField(written)).toBeUndefined();
  });

  test("operators follow the type, nullability and many-valued fields", () => {
    const operators = (name: string) => lookupField(name)?.operators;
    expect(operators("email")).toEqual([
      "=",
      "!=",
      "contains",
      "starts with",
      "ends with",
      "in",
      "not in",
      "is null",
      "is not null",
    ]);
    const nulls = ["is null", "is not null"];
    // `is null` applies to every field: constant (with a hint) for one that always has a value.
    expect(operators("displayName")).toEqual(["=", "!=", "contains", "starts with", "ends with", "in", "not in", ...nulls]);
    expect(operators("role")).toEqual(["=", "!=", "in", "not in", ...nulls]);
    expect(operators("org.domains")).toEqual(["=", "!=", "in", "not in", ...nulls]);
    expect(operators("tickets.count")).toEqual(["=", "!=", "<", "<=", ">", ">=", "in", "not in", ...nulls]);
    expect(operators("surveys.avgRating")).toEqual(["=", "!=", "<", "<=", ">", ">=", "in", "not in", ...nulls]);
    expect(operators("lastLoginAt")).toEqual(["=", "!=", "<", "<=", ">", ">=", ...nulls]);
    expect(operators("state")).toEqual(["=", "!=", "in", "not in", ...nulls]);
    expect(operators("verified")).toEqual(["=", "!=", ...nulls]);
    expect(attributeField("plan").operators).toHaveLength(13);
  });

  test("what can be missing", () => {
    const nullable = segmentFields.filter((definition) => definition.nullable).map((definition) => definition.name);
    expect(nullable).toEqual(
      expect.arrayContaining([
        "lastLoginAt",
        "bannedUntil",
        "org.name",
        "org.id",
        "org.notes",
        "banReason",
        "org.memberCount",
        "tickets.first",
        "chats.last",
        "surveys.avgRating",
      ]),
    );
    expect(nullable).not.toEqual(expect.arrayContaining(["tickets.count"]));
    for (const name of ["tickets.count", "tickets.open", "calls.duration", "createdAt", "state", "verified", "id", "version"]) {
      expect(lookupField(name)?.nullable).toBe(false);
    }
    expect(attributeField("plan").nullable).toBe(true);
  });

  test("enum fields list their values in lower case", () => {
    expect(lookupField("kind")?.values).toEqual(["customer", "agent"]);
    expect(lookupField("state")?.values).toEqual(["active", "not_activated", "banned", "trashed"]);
    expect(lookupField("source")?.values).toEqual([
      "agent",
      "registration",
      "ticket",
      "chat",
      "call",
      "community",
      "import",
      "api",
    ]);
  });
});

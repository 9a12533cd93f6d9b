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
    expect(operators("displayName")).toEqual(["=", "!=", "contains", "starts with", "ends with", "in", "not in"]);
    expect(operators("role")).toEqual(["=", "!=", "in", "not in"]);
    expect(operators("org.domain")).toEqual(["=", "!=", "in", "not in"]);
    expect(operators("tickets.count")).toEqual(["=", "!=", "<", "<=", ">", ">=", "in", "not in"]);
    expect(operators("surveys.avgRating")).toEqual(["=", "!=", "<", "<=", ">", ">=", "in", "not in", "is null", "is not null"]);
    expect(operators("lastLoginAt")).toEqual(["=", "!=", "<", "<=", ">", ">=", "is null", "is not null"]);
    expect(operators("state")).toEqual(["=", "!=", "in", "not in"]);
    expect(operators("verified")).toEqual(["=", "!="]);
    expect(attributeField("plan").operators).toHaveLength(13);
  });

  test("what can be missing", () => {
    const nullable = segmentFields.filter((definition) => definition.nullable).map((definition) => definition.name);
    expect(nullable).toEqual(
      expect.arrayContaining([
        "lastLoginAt",
        "bannedUntil",
        "org.name",
        "org.memberCount",
        "tickets.first",
        "chats.last",
        "surveys.avgRating",
      ]),
    );
    expect(nullable).not.toEqual(expect.arrayContaining(["tickets.count"]));
    for (const name of ["tickets.count", "tickets.open", "calls.duration", "createdAt", "state", "verified"]) {
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

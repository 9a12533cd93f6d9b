import {
  allPersonFields,
  constantCase,
  constantEnum,
  defaultExportColumns,
  exportColumns,
  importFields,
  inputFields,
  isAttributeName,
  normalizeText,
  personField,
  sortFields,
  textProblem,
} from "./index";

const textFields = allPersonFields.filter((field) => field.type === "text");

describe("the definitions", () => {
  test.each(textFields.map((field) => [field.name, field]))("%s has a width, and its minimum is within it", (_, field) => {
    expect(field.width).toBeGreaterThan(0);
    expect(field.minWidth ?? 0).toBeLessThanOrEqual(field.width!);
  });

  test("enums list their values; only text fields have rules, widths or spellings", () => {
    for (const field of allPersonFields) {
      if (field.type === "enum") expect(field.values?.length).toBeGreaterThan(0);
      else expect(field.values).toBeUndefined();
      if (field.type !== "text") {
        expect([field.width, field.rule, field.normalize, field.csv]).toEqual([undefined, undefined, undefined, undefined]);
      }
    }
  });

  test("no header spelling is guessed for two fields, and each field's own name is one of its spellings", () => {
    const spellings = importFields.flatMap((field) => field.csv!.synonyms);
    expect(new Set(spellings).size).toBe(spellings.length);
    for (const field of importFields) expect(field.csv!.synonyms).toContain(field.name.toLowerCase());
  });

  test("the default export columns are export columns, in the file's order", () => {
    const names = exportColumns.map((column) => column.name);
    expect(defaultExportColumns.length).toBeGreaterThan(0);
    expect(defaultExportColumns).toEqual(names.filter((name) => defaultExportColumns.includes(name)));
  });

  test("updateUser takes a subset of what createUser takes", () => {
    const create = inputFields("create").map((field) => field.inputName);
    for (const field of inputFields("update")) expect(create).toContain(field.inputName);
  });
});

describe("textProblem", () => {
  // The boundary of every width: exactly as wide passes the width check, one more fails it.
  test.each(textFields.map((field) => [field.name, field]))("%s: one character over the width is refused", (_, field) => {
    const over = "a".repeat(field.width! + 1);
    expect(textProblem(field, over, field.name)).toBe(
      `${field.name} must be at most ${field.width} characters; this one has ${field.width! + 1}.`,
    );
  });

  test("counts characters as MariaDB does (code points), not UTF-16 units", () => {
    const name = personField("displayName");
    expect(textProblem(name, "😀".repeat(name.width!), "displayName")).toBeNull();
  });

  test.each([
    ["email", "not-an-address", "email must be an email address."],
    ["username", "has space", "username may use letters, digits and . _ @ + -."],
    ["username", "a", "username must be 2 to 100 characters; this one has 1."],
    ["timezone", "Mars/Olympus", "timezone must be an IANA time zone such as Europe/Paris."],
    ["locale", "not a tag", "locale must be a language tag such as fr-FR."],
    ["displayName", "   ", "displayName must not be blank."],
  ] as const)("%s %j: %s", (name, value, message) => {
    expect(textProblem(personField(name), value, name)).toBe(message);
  });

  test("a broken rule can quote the value", () => {
    expect(textProblem(personField("email"), "nope", "email (column E)", true)).toBe(
      'email (column E) must be an email address (got "nope").',
    );
  });

  test.each([
    ["email", "Ann@Example.COM", null],
    ["username", "ann.o+1", null],
    ["timezone", "America/New_York", null],
    ["locale", "sr-Latn-RS", null],
  ] as const)("%s %j is accepted", (name, value, problem) => {
    expect(textProblem(personField(name), value, name)).toBe(problem);
  });
});

describe("normalizeText", () => {
  test.each([
    ["email", "  Ann@Example.COM ", "ann@example.com"],
    ["displayName", "  Ann  ", "Ann"],
    ["timezone", "utc", "UTC"],
    ["locale", "FR-fr", "fr-FR"],
    ["phone", " ", null],
  ] as const)("%s %j is stored as %j", (name, value, stored) => {
    expect(normalizeText(personField(name), value)).toBe(stored);
  });

  test("every accepted value normalizes to a value that is accepted too (it is idempotent)", () => {
    const samples: Record<string, string> = {
      email: " X@Y.Org",
      displayName: " Zoë ",
      username: "zoe_1",
      phone: "+33 1 23",
      timezone: "europe/paris",
      locale: "EN-gb",
      organization: " Acme ",
    };
    for (const field of textFields.filter((candidate) => candidate.name in samples)) {
      const stored = normalizeText(field, samples[field.name])!;
      expect(textProblem(field, stored, field.name)).toBeNull();
      expect(normalizeText(field, stored)).toBe(stored);
    }
  });
});

test("constantCase and constantEnum spell GraphQL enum values", () => {
  expect(constantCase("lastLoginAt")).toBe("LAST_LOGIN_AT");
  expect(constantCase("email")).toBe("EMAIL");
  expect(constantEnum(sortFields.map((field) => field.name))).toMatchObject({ DISPLAY_NAME: "DISPLAY_NAME" });
});

test("attribute names: a letter first, then letters, digits and _, at most 100 characters", () => {
  expect(isAttributeName("plan_2")).toBe(true);
  expect(isAttributeName("_plan")).toBe(false);
  expect(isAttributeName("2plan")).toBe(false);
  expect(isAttributeName("a".repeat(100))).toBe(true);
  expect(isAttributeName("a".repeat(101))).toBe(false);
});

import { attributeNamePattern, segmentPersonFields } from "@roster/person";

/**
 * The field catalog: every field a segment can mention, its type, the operators it accepts
 * and whether it can be missing. Plain data, so the SPA can drive completion from it.
 */

export type FieldType = "text" | "number" | "datetime" | "enum" | "boolean" | "attribute";

export const comparisonOperators = ["=", "!=", "<", "<=", ">", ">=", "contains", "starts with", "ends with"] as const;
export const listOperators = ["in", "not in"] as const;
export const nullOperators = ["is null", "is not null"] as const;

export type ComparisonOperator = (typeof comparisonOperators)[number];
export type ListOperator = (typeof listOperators)[number];
export type NullOperator = (typeof nullOperators)[number];
export type Operator = ComparisonOperator | ListOperator | NullOperator;

export interface FieldDefinition {
  /** The catalog spelling; the printer always prints this. */
  readonly name: string;
  readonly type: FieldType;
  readonly operators: readonly Operator[];
  /** The allowed values of an enum field, lower-case. */
  readonly values?: readonly string[];
  readonly description: string;
  /** Whether the value can be missing, which is what `is null` asks. */
  readonly nullable: boolean;
  /** A field holding a set of values (a person's roles, an organization's domains). */
  readonly many?: boolean;
}

export { personKinds, personStates, personSources, attributeNamePattern, attributeNameRule } from "@roster/person";
export type { PersonKind, PersonState, PersonSource } from "@roster/person";
export const activityKinds = ["tickets", "chats", "calls", "surveys", "posts", "communications"] as const;
export type ActivityKind = (typeof activityKinds)[number];

export const attributePrefix = "attr.";

/**
 * `is null` and `is not null` apply to every field: for one that always has a value they are
 * constant (false and true), which the checker accepts with a hint.
 */
function operatorsFor(type: FieldType, many = false): Operator[] {
  const nullChecks: Operator[] = [...nullOperators];
  if (many) return ["=", "!=", "in", "not in", ...nullChecks];
  switch (type) {
    case "text":
      return ["=", "!=", "contains", "starts with", "ends with", "in", "not in", ...nullChecks];
    case "number":
      return ["=", "!=", "<", "<=", ">", ">=", "in", "not in", ...nullChecks];
    case "datetime":
      return ["=", "!=", "<", "<=", ">", ">=", ...nullChecks];
    case "enum":
      return ["=", "!=", "in", "not in", ...nullChecks];
    case "boolean":
      return ["=", "!=", ...nullChecks];
    case "attribute":
      return [...comparisonOperators, ...listOperators, ...nullChecks];
  }
}

interface FieldSpec {
  name: string;
  type: FieldType;
  description: string;
  nullable?: boolean;
  many?: boolean;
  values?: readonly string[];
}

function field(spec: FieldSpec): FieldDefinition {
  const nullable = spec.nullable ?? false;
  return {
    name: spec.name,
    type: spec.type,
    operators: operatorsFor(spec.type, spec.many),
    ...(spec.values ? { values: spec.values } : {}),
    description: spec.description,
    nullable,
    ...(spec.many ? { many: true } : {}),
  };
}

const activityLabels: Record<ActivityKind, string> = {
  tickets: "tickets",
  chats: "chats",
  calls: "calls",
  surveys: "survey answers",
  posts: "community posts",
  communications: "communications",
};

function activityFields(kind: ActivityKind): FieldDefinition[] {
  const label = activityLabels[kind];
  return [
    field({ name: `${kind}.count`, type: "number", description: `Number of ${label}` }),
    field({ name: `${kind}.first`, type: "datetime", nullable: true, description: `When the first of the ${label} happened` }),
    field({ name: `${kind}.last`, type: "datetime", nullable: true, description: `When the latest of the ${label} happened` }),
  ];
}

export const segmentFields: readonly FieldDefinition[] = [
  // The person's own fields, as @roster/person defines them.
  ...segmentPersonFields.map(({ name, type, nullable, values, description }) =>
    field({ name, type, nullable, description, ...(values ? { values } : {}) }),
  ),
  field({ name: "role", type: "text", many: true, description: "A role the person holds" }),
  field({ name: "org.name", type: "text", nullable: true, description: "Organization name" }),
  field({ name: "org.id", type: "number", nullable: true, description: "Organization id" }),
  field({ name: "org.website", type: "text", nullable: true, description: "Organization website" }),
  field({ name: "org.phone", type: "text", nullable: true, description: "Organization phone number" }),
  field({ name: "org.notes", type: "text", nullable: true, description: "Notes on the organization" }),
  field({ name: "org.domains", type: "text", many: true, description: "An email domain of the organization" }),
  field({ name: "org.memberCount", type: "number", nullable: true, description: "Number of people in the organization" }),
  field({ name: "org.createdAt", type: "datetime", nullable: true, description: "When the organization was created" }),
  ...activityKinds.flatMap(activityFields),
  field({ name: "tickets.open", type: "number", description: "Number of open tickets" }),
  field({ name: "calls.duration", type: "number", description: "Total call time in seconds" }),
  field({ name: "surveys.avgRating", type: "number", nullable: true, description: "Average survey rating" }),
];

/** Older spellings, still read, printed as the catalog name they stand for. */
export const fieldAliases: Readonly<Record<string, string>> = { "org.domain": "org.domains" };

const fieldsByLowerName = new Map(segmentFields.map((definition) => [definition.name.toLowerCase(), definition]));
for (const [alias, name] of Object.entries(fieldAliases))
  fieldsByLowerName.set(alias, fieldsByLowerName.get(name.toLowerCase())!);

/**
 * The definition of `attr.<name>`. An attribute's type (text, number, yes/no, date) is stored
 * with each person's value, not known statically: the checker accepts every kind of value and a
 * comparison holds only for an attribute of the matching type (see evaluate.ts).
 */
export function attributeField(name: string): FieldDefinition {
  return field({
    name: `${attributePrefix}${name}`,
    type: "attribute",
    nullable: true,
    description: `Custom attribute ${name}`,
  });
}

/**
 * Resolves a field name as written. Catalog names match case-insensitively; the part after
 * `attr.` is kept as written because attribute keys are the customer's own data.
 */
export function lookupField(name: string): FieldDefinition | undefined {
  const lower = name.toLowerCase();
  if (lower.startsWith(attributePrefix)) {
    const attribute = name.slice(attributePrefix.length);
    return attributeNamePattern.test(attribute) ? attributeField(attribute) : undefined;
  }
  return fieldsByLowerName.get(lower);
}

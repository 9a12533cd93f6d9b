/**
 * Compiles a checked segment (the AST of @roster/segments) to one SQL condition over the users
 * table, for MariaDB/MySQL and SQLite. Every value of the query is a bound parameter; the only
 * text written into the SQL is chosen here from the catalog (columns, tables) or declared by the
 * modules that own a field's meaning (segment-columns.ts: states, roles, communication kinds).
 *
 * The language's logic is two-valued, SQL's is three-valued: every predicate below is built so
 * that it is never NULL (`x IS NOT NULL AND x = ?`), which makes `NOT` the exact complement.
 * A comparison against a missing value is false whatever the operator: `x not in (a, b)` is
 * `x != a AND x != b`, and `x != a` is "x is present and not a". Attributes are typed: each
 * comparison also asks for the attribute type its value compares with (see evaluate.ts).
 * Text compares lower-cased and exactly (no accent folding, no trailing-space padding): on
 * MariaDB/MySQL as binary strings of LOWER(), on SQLite through `roster_lower`, which is
 * JavaScript's toLowerCase registered on the connection (database/sqlite-functions.ts).
 */
import { segmentPersonFields, type SegmentPersonField } from "@roster/person";
import {
  activityKinds,
  attributeNumberPattern,
  attributePrefix,
  instantOf,
  isListComparison,
  lookupField,
  type ActivityKind,
  type Comparison,
  type ComparisonOperator,
  type Expr,
  type FieldDefinition,
  type PersonState,
  type Predicate,
  type Span,
  type Value,
} from "@roster/segments";
import type { Dialect } from "../../database/data-source";
import { foldText, textPositionSql, type SqlCondition } from "../../database/sql";
import type { SegmentColumns } from "./segment-columns";

const NO_SPAN: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

const SQL_OPERATORS: Partial<Record<ComparisonOperator, string>> = {
  "=": "=",
  "!=": "<>",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
};

// The person's fields read their own column of users, except these, computed below: the state
// and the ban's end as read now, and two yes/no fields read off a date.
const COMPUTED_PERSON_FIELDS = new Set<SegmentPersonField>(["state", "bannedUntil", "verified", "withoutLogin"]);

const PERSON_COLUMNS: Record<string, string> = Object.fromEntries(
  segmentPersonFields.filter((field) => !COMPUTED_PERSON_FIELDS.has(field.name)).map((field) => [field.name, `u.${field.name}`]),
);

const ORGANIZATION_COLUMNS: Record<string, string> = {
  "org.name": "name",
  "org.notes": "notes",
  "org.website": "website",
  "org.phone": "phone",
  "org.createdAt": "createdAt",
};

// A DATE attribute's text as `YYYY-MM-DDTHH:MM:SS.sssZ` (attributeInstantText in @roster/segments).
const DATE_PATTERNS = {
  sqlite: {
    date: "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]",
    seconds: "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z",
    millis: "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z",
  },
  mariadb: {
    date: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    seconds: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
    millis: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$",
  },
};

// A trashed person's communications count nowhere: their aggregates read as having none.
const NOT_TRASHED = "u.state <> 'TRASHED'";

class SegmentCompiler {
  readonly parameters: Record<string, unknown>;
  private counter = 0;

  constructor(
    private readonly columns: SegmentColumns,
    private readonly dialect: Dialect,
    private readonly now: Date,
    private readonly prefix: string,
  ) {
    this.parameters = { now };
  }

  private bind(value: unknown): string {
    const name = `${this.prefix}${this.counter++}`;
    this.parameters[name] = value;
    return `:${name}`;
  }

  /** Lower-cased text that compares exactly. */
  private fold(sql: string): string {
    return foldText(this.dialect, sql);
  }

  /** Attribute text read as a number, or NULL when it is not written as one. */
  private attributeNumber(sql: string): string {
    return this.dialect === "sqlite"
      ? `roster_number(${sql})`
      : `(CASE WHEN ${sql} REGEXP ${this.bind(attributeNumberPattern.source)} THEN CAST(${sql} AS DOUBLE) END)`;
  }

  expression(node: Expr): string {
    switch (node.kind) {
      case "and":
        return `(${this.expression(node.left)} AND ${this.expression(node.right)})`;
      case "or":
        return `(${this.expression(node.left)} OR ${this.expression(node.right)})`;
      case "not":
        return `(NOT ${this.expression(node.operand)})`;
      default:
        return this.predicate(node);
    }
  }

  private predicate(node: Predicate): string {
    const field = lookupField(node.field.name);
    if (!field) throw new Error(`unchecked segment: unknown field ${node.field.name}`);
    switch (node.kind) {
      case "booleanField":
        return this.booleanField(field);
      case "nullCheck": {
        // A field that always has a value (a many-valued one is a set, never missing): constant.
        if (!field.nullable || field.many) return node.negated ? "(1 = 1)" : "(1 = 0)";
        if (field.type === "attribute") {
          const present = `u.id IN (${this.attributeRows(field)})`;
          return node.negated ? `(${present})` : `(NOT ${present})`;
        }
        const activity = activityOf(field.name);
        if (activity) {
          const present = this.activityMatches(activity, SUMMARY_MEASURES[activity.measure].present);
          return node.negated ? present : `(NOT ${present})`;
        }
        const value = this.valueSql(field);
        return node.negated ? `(${value} IS NOT NULL)` : `(${value} IS NULL)`;
      }
      case "comparison":
        return this.comparison(node, field);
    }
  }

  private booleanField(field: FieldDefinition): string {
    if (field.type === "attribute") return this.compareAttribute(field, "=", { kind: "boolean", value: true, span: NO_SPAN });
    switch (field.name) {
      case "verified":
        return "(u.emailVerifiedAt IS NOT NULL)";
      case "withoutLogin":
        return "(u.lastLoginAt IS NULL)";
      default:
        throw new Error(`unchecked segment: ${field.name} is not yes/no`);
    }
  }

  private comparison(node: Comparison, field: FieldDefinition): string {
    if (isListComparison(node)) {
      // `in` is "= one of them", `not in` "!= each of them": both false for a missing value.
      if (node.operator === "in") {
        const any = node.values.map((value) => this.compare(field, "=", value));
        return any.length ? `(${any.join(" OR ")})` : "(1 = 0)";
      }
      const none = node.values.map((value) => this.compare(field, "!=", value));
      return none.length ? `(${none.join(" AND ")})` : "(1 = 0)";
    }
    return this.compare(field, node.operator, node.value);
  }

  /** One comparison, never NULL: false whenever the person's value is missing. */
  private compare(field: FieldDefinition, operator: ComparisonOperator, value: Value): string {
    if (field.many) {
      const has = this.hasValue(field, value);
      if (operator === "=") return has;
      if (operator === "!=") return `(NOT ${has})`;
      throw new Error(`unchecked segment: ${operator} on ${field.name}`);
    }
    const organizationColumn = ORGANIZATION_COLUMNS[field.name];
    if (organizationColumn) {
      // "Their organization's name matches" as "their organization is one whose name matches":
      // the organizations are filtered once, not looked up once per person.
      const matches =
        field.type === "datetime"
          ? this.compareOrdered(`o.${organizationColumn}`, operator, this.bind(new Date(instantOf(value, this.now))))
          : field.type === "number"
            ? this.compareOrdered(`o.${organizationColumn}`, operator, this.bind(this.numberOf(value)))
            : this.compareText(`o.${organizationColumn}`, operator, value);
      return `(u.organizationId IS NOT NULL AND u.organizationId IN (SELECT o.id FROM organizations o WHERE ${matches}))`;
    }
    switch (field.type) {
      case "boolean": {
        const truth = this.booleanField(field);
        const wanted = value.kind === "boolean" && value.value;
        return operator === "=" ? (wanted ? truth : `(NOT ${truth})`) : wanted ? `(NOT ${truth})` : truth;
      }
      case "enum":
        return this.compareEnum(field, operator, value);
      case "number": {
        const activity = activityOf(field.name);
        if (activity) return this.compareActivity(activity, operator, this.numberOf(value));
        // Every number field of a person or an organization is a whole number (an int column).
        const exact = wholeComparison(operator, this.numberOf(value));
        const sql = this.valueSql(field);
        if (typeof exact === "boolean") return exact ? `(${sql} IS NOT NULL)` : "(1 = 0)";
        return this.compareOrdered(sql, exact.operator, this.bind(exact.value));
      }
      case "datetime": {
        const instant = new Date(instantOf(value, this.now));
        const activity = activityOf(field.name);
        if (activity) return this.compareActivity(activity, operator, instant);
        return this.compareOrdered(this.valueSql(field), operator, this.bind(instant));
      }
      case "text":
        return this.compareText(this.valueSql(field), operator, value);
      case "attribute":
        return this.compareAttribute(field, operator, value);
    }
  }

  /**
   * A person has at most one value per attribute, so "their value matches" is "one of the
   * matching rows is theirs": a semi-join, planned once instead of once per person. The row must
   * also be of the type the value compares with; `!=` is "has it, and not `=`".
   */
  private compareAttribute(field: FieldDefinition, operator: ComparisonOperator, value: Value): string {
    if (operator === "!=") {
      return `(u.id IN (${this.attributeRows(field)}) AND NOT ${this.compareAttribute(field, "=", value)})`;
    }
    const types = this.columns.attributeTypes;
    const ofType = (...kinds: (keyof typeof types)[]) =>
      kinds.length === 1
        ? `a.type = ${this.bind(types[kinds[0]])}`
        : `a.type IN (${kinds.map((kind) => this.bind(types[kind])).join(", ")})`;
    let matches: string;
    switch (value.kind) {
      case "string":
        matches = `${ofType("string")} AND ${this.compareText("a.value", operator, value)}`;
        break;
      case "number":
        // Imports store every attribute as text: a STRING attribute written as a number compares too.
        matches = `${ofType("number", "string")} AND ${this.compareOrdered(this.attributeNumber("a.value"), operator, this.bind(value.value))}`;
        break;
      case "boolean":
        if (operator !== "=") throw new Error(`unchecked segment: ${operator} on yes/no`);
        matches = `${ofType("boolean")} AND ${this.fold("a.value")} = ${this.fold(this.bind(String(value.value)))}`;
        break;
      case "date":
      case "now": {
        const instant = this.bind(new Date(instantOf(value, this.now)).toISOString());
        const text = this.attributeInstantText("a.value");
        const [actual, expected] =
          this.dialect === "sqlite" ? [text, instant] : [`CAST(${text} AS BINARY)`, `CAST(${instant} AS BINARY)`];
        matches = `${ofType("date")} AND ${this.compareOrdered(actual, operator, expected)}`;
        break;
      }
      default:
        throw new Error(`unchecked segment: ${value.kind} for an attribute`);
    }
    return `u.id IN (${this.attributeRows(field)} AND ${matches})`;
  }

  /** A DATE attribute's text as `YYYY-MM-DDTHH:MM:SS.sssZ`, or NULL when it is not written as a date. */
  private attributeInstantText(sql: string): string {
    if (this.dialect === "sqlite") {
      const patterns = DATE_PATTERNS.sqlite;
      return (
        `(CASE WHEN ${sql} GLOB ${this.bind(patterns.date)} THEN ${sql} || ${this.bind("T00:00:00.000Z")}` +
        ` WHEN ${sql} GLOB ${this.bind(patterns.seconds)} THEN substr(${sql}, 1, 19) || ${this.bind(".000Z")}` +
        ` WHEN ${sql} GLOB ${this.bind(patterns.millis)} THEN ${sql} END)`
      );
    }
    const patterns = DATE_PATTERNS.mariadb;
    // Binary, so that the pattern's T and Z are not matched case-insensitively; the length rules
    // out a trailing line break, which `$` would let through.
    const shaped = (length: number, pattern: string) =>
      `CHAR_LENGTH(${sql}) = ${length} AND CAST(${sql} AS BINARY) REGEXP ${this.bind(pattern)}`;
    return (
      `(CASE WHEN ${shaped(10, patterns.date)} THEN CONCAT(${sql}, ${this.bind("T00:00:00.000Z")})` +
      ` WHEN ${shaped(20, patterns.seconds)} THEN CONCAT(SUBSTRING(${sql}, 1, 19), ${this.bind(".000Z")})` +
      ` WHEN ${shaped(24, patterns.millis)} THEN ${sql} END)`
    );
  }

  private numberOf(value: Value): number {
    if (value.kind !== "number") throw new Error(`unchecked segment: ${value.kind} for a number`);
    return value.value;
  }

  private compareOrdered(sql: string, operator: ComparisonOperator, parameter: string): string {
    const sqlOperator = SQL_OPERATORS[operator];
    if (!sqlOperator) throw new Error(`unchecked segment: ${operator} on an ordered value`);
    // A column is named twice, so its index stays usable; a computed value (an organization's
    // member count, an attribute read as a number) is written once, so it is computed once per person.
    return /^\w+\.\w+$/.test(sql)
      ? `(${sql} IS NOT NULL AND ${sql} ${sqlOperator} ${parameter})`
      : `(COALESCE(${sql} ${sqlOperator} ${parameter}, 0) = 1)`;
  }

  private compareText(sql: string, operator: ComparisonOperator, value: Value): string {
    if (value.kind !== "string" && value.kind !== "enum") throw new Error(`unchecked segment: ${value.kind} for text`);
    const expected = value.value.toLowerCase();
    const actual = this.fold(sql);
    const parameter = this.fold(this.bind(expected));
    const present = `${sql} IS NOT NULL`;
    switch (operator) {
      case "=":
        return `(${present} AND ${actual} = ${parameter})`;
      case "!=":
        return `(${present} AND ${actual} <> ${parameter})`;
      // Every text contains, starts and ends with the empty text.
      case "contains":
      case "starts with":
      case "ends with":
        if (expected === "") return `(${present})`;
        return `(${present} AND ${textPositionSql(this.dialect, actual, parameter, operator)})`;
      default:
        throw new Error(`unchecked segment: ${operator} on text`);
    }
  }

  private compareEnum(field: FieldDefinition, operator: ComparisonOperator, value: Value): string {
    if (value.kind !== "enum" && value.kind !== "string") throw new Error(`unchecked segment: ${value.kind} for ${field.name}`);
    const equal =
      field.name === "state"
        ? this.columns.effectiveState("u", value.value.toLowerCase() as PersonState)
        : `(${PERSON_COLUMNS[field.name]} = ${this.bind(value.value.toUpperCase())})`;
    if (operator === "=") return equal;
    if (operator === "!=") return `(NOT ${equal})`;
    throw new Error(`unchecked segment: ${operator} on ${field.name}`);
  }

  /** "Has this value" for the many-valued fields. */
  private hasValue(field: FieldDefinition, value: Value): string {
    if (value.kind !== "string" && value.kind !== "enum") throw new Error(`unchecked segment: ${value.kind} for ${field.name}`);
    const expected = this.fold(this.bind(value.value.toLowerCase()));
    if (field.name === "org.domains") {
      return `EXISTS (SELECT 1 FROM organization_domains d WHERE d.organizationId = u.organizationId AND ${this.fold("d.domain")} = ${expected})`;
    }
    // One semi-join over everyone who has the role, planned once rather than tested per
    // person (an OR of explicit and implicit membership per person would defeat the optimizer).
    const members = this.columns.roleMembers((nameColumn) => `${this.fold(nameColumn)} = ${expected}`);
    // Wrapped in a derived table: MariaDB materializes it once, where a bare UNION under IN
    // would be run again for every person.
    return `u.id IN (SELECT members.id FROM (${members}) members)`;
  }

  /** The SQL value of a single-valued field: NULL where the person has none. */
  private valueSql(field: FieldDefinition): string {
    const column = PERSON_COLUMNS[field.name];
    if (column) return column;
    if (field.name === "org.id") return "u.organizationId";
    if (field.name === "bannedUntil") return `(CASE WHEN ${this.columns.effectiveState("u", "banned")} THEN u.bannedUntil END)`;
    const organizationColumn = ORGANIZATION_COLUMNS[field.name];
    if (organizationColumn) return `(SELECT o.${organizationColumn} FROM organizations o WHERE o.id = u.organizationId)`;
    if (field.name === "org.memberCount") {
      return "(CASE WHEN u.organizationId IS NOT NULL THEN (SELECT COUNT(*) FROM users m WHERE m.organizationId = u.organizationId AND m.state <> 'TRASHED') END)";
    }
    throw new Error(`unchecked segment: no value for ${field.name}`);
  }

  /** `SELECT a.userId … WHERE <the attribute's name>`, for the caller to add conditions to. */
  private attributeRows(field: FieldDefinition): string {
    const name = this.bind(field.name.slice(attributePrefix.length));
    // Attribute names match exactly, as written (MariaDB's collation would ignore case).
    const sameName =
      this.dialect === "sqlite" ? `a.name = ${name}` : `a.name = ${name} AND CAST(a.name AS BINARY) = CAST(${name} AS BINARY)`;
    return `SELECT a.userId FROM user_attributes a WHERE ${sameName}`;
  }

  /**
   * "The person's `activity` matches": one of the summary rows of its kind that match is theirs
   * (communications/communication-summary.entity.ts), a semi-join that a (kind, measure) index
   * serves, planned once rather than aggregated per person. A trashed person's communications
   * count nowhere, so they match nothing. `condition` is on the summary row `s`.
   */
  private activityMatches({ kind }: Activity, condition?: string): string {
    const rows = `SELECT s.userId FROM communication_summaries s WHERE s.kind = '${this.columns.activityKinds[kind]}'`;
    return `(${NOT_TRASHED} AND u.id IN (${rows}${condition ? ` AND ${condition}` : ""}))`;
  }

  /**
   * An aggregate compared with a value. A person without a summary row (or in the trash) has
   * a count, open count and duration of 0 and no first, last or average: a comparison that 0
   * satisfies is "no row of theirs fails it", one that a missing value cannot satisfy is "a row
   * of theirs satisfies it". Measures are never NULL in a row, so neither is the condition.
   */
  private compareActivity(activity: Activity, operator: ComparisonOperator, value: number | Date): string {
    const { sql, whole, present } = SUMMARY_MEASURES[activity.measure];
    let compared = { operator, value };
    if (whole && typeof value === "number") {
      const exact = wholeComparison(operator, value);
      if (typeof exact === "boolean") return exact ? "(1 = 1)" : "(1 = 0)";
      compared = exact;
    }
    const sqlOperator = SQL_OPERATORS[compared.operator];
    if (!sqlOperator) throw new Error(`unchecked segment: ${operator} on ${activity.kind}.${activity.measure}`);
    const condition = `${sql} ${sqlOperator} ${this.bind(compared.value)}`;
    if (whole && COMPARE[compared.operator]?.(0, compared.value as number)) {
      return `(NOT ${this.activityMatches(activity, `NOT (${condition})`)})`;
    }
    return this.activityMatches(activity, present ? `${present} AND ${condition}` : condition);
  }
}

/**
 * A whole number compared with a fraction, as the same comparison with a whole number
 * (`count < 2.5` is `count < 3`), or its answer for every present value (`= 2.5` never holds,
 * `!= 2.5` always does): MariaDB 10.11 looks `(kind, count) = ('CALL', 0.5)` up in an index as
 * `('CALL', 1)`, and `organizationId = 0.5` as 1, and answers wrong.
 */
function wholeComparison(operator: ComparisonOperator, value: number): { operator: ComparisonOperator; value: number } | boolean {
  if (Number.isInteger(value)) return { operator, value };
  switch (operator) {
    case "=":
      return false;
    case "!=":
      return true;
    case "<":
    case ">=":
      return { operator, value: Math.ceil(value) };
    case "<=":
    case ">":
      return { operator, value: Math.floor(value) };
    default:
      throw new Error(`unchecked segment: ${operator} on a number`);
  }
}

/** A per-kind aggregate field: `tickets.count` is the measure `count` of the activity `tickets`. */
interface Activity {
  kind: ActivityKind;
  measure: ActivityMeasure;
}

type ActivityMeasure = "count" | "open" | "duration" | "first" | "last" | "avgRating";

/**
 * Each measure on a summary row `s`. `whole`: a whole number, 0 for a person without the row;
 * the others are missing then. `present` is where the row has a value at all (a person can have
 * surveys none of which has a rating). `* 1e0`: a floating average on both databases, as
 * JavaScript computes it in the reference evaluation.
 */
const SUMMARY_MEASURES: Record<ActivityMeasure, { sql: string; whole?: true; present?: string }> = {
  count: { sql: "s.count", whole: true },
  open: { sql: "s.openCount", whole: true },
  duration: { sql: "s.durationSeconds", whole: true },
  first: { sql: "s.firstAt" },
  last: { sql: "s.lastAt" },
  avgRating: { sql: "s.ratingSum * 1e0 / s.ratingCount", present: "s.ratingCount > 0" },
};

function activityOf(name: string): Activity | null {
  const [kind, measure] = name.split(".");
  if (!activityKinds.includes(kind as ActivityKind)) return null;
  if (!(measure in SUMMARY_MEASURES)) throw new Error(`unchecked segment: unknown field ${name}`);
  return { kind: kind as ActivityKind, measure: measure as ActivityMeasure };
}

/** What SQL's operators say of two numbers, for the value of a person with no such activity. */
const COMPARE: Partial<Record<ComparisonOperator, (left: number, right: number) => boolean>> = {
  "=": (left, right) => left === right,
  "!=": (left, right) => left !== right,
  "<": (left, right) => left < right,
  "<=": (left, right) => left <= right,
  ">": (left, right) => left > right,
  ">=": (left, right) => left >= right,
};

/**
 * A condition on the users table aliased `u`; binds `:now` and `:<prefix><n>` parameters.
 * `prefix` names the parameters, so that several segments can share one statement.
 */
export function compileSegment(ast: Expr, columns: SegmentColumns, dialect: Dialect, now: Date, prefix: string): SqlCondition {
  const compiler = new SegmentCompiler(columns, dialect, now, prefix);
  const condition = compiler.expression(ast);
  return { condition, parameters: compiler.parameters };
}

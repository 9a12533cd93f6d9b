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
import type { SqlCondition } from "../../database/sql";
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
    return this.dialect === "sqlite" ? `roster_lower(${sql})` : `CAST(LOWER(${sql}) AS BINARY)`;
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
      case "number":
        return this.compareOrdered(this.valueSql(field), operator, this.bind(this.numberOf(value)));
      case "datetime": {
        const instant = this.bind(new Date(instantOf(value, this.now)));
        return (
          this.compareActivityDate(field.name, operator, instant) ?? this.compareOrdered(this.valueSql(field), operator, instant)
        );
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
    // A column is named twice, so its index stays usable; a computed value (an aggregate's
    // subquery, an attribute read as a number) is written once, so it is computed once per person.
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
        return `(${present} AND ${this.position(actual, parameter, operator)})`;
      default:
        throw new Error(`unchecked segment: ${operator} on text`);
    }
  }

  /** Substring tests without LIKE, so that `%`, `_` and `\` in the value are plain characters. */
  private position(actual: string, parameter: string, operator: "contains" | "starts with" | "ends with"): string {
    const sqlite = this.dialect === "sqlite";
    const found = sqlite ? `instr(${actual}, ${parameter})` : `LOCATE(${parameter}, ${actual})`;
    if (operator === "contains") return `${found} > 0`;
    if (operator === "starts with") return `${found} = 1`;
    return sqlite
      ? `substr(${actual}, -length(${parameter})) = ${parameter}`
      : `RIGHT(${actual}, LENGTH(${parameter})) = ${parameter}`;
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
    return this.activitySql(field.name);
  }

  /** `SELECT a.userId … WHERE <the attribute's name>`, for the caller to add conditions to. */
  private attributeRows(field: FieldDefinition): string {
    const name = this.bind(field.name.slice(attributePrefix.length));
    // Attribute names match exactly, as written (MariaDB's collation would ignore case).
    const sameName =
      this.dialect === "sqlite" ? `a.name = ${name}` : `a.name = ${name} AND CAST(a.name AS BINARY) = CAST(${name} AS BINARY)`;
    return `SELECT a.userId FROM user_attributes a WHERE ${sameName}`;
  }

  /** The communications of the person's kind `kindName`, for the caller to add conditions to. */
  private activityRows(kindName: ActivityKind): string[] {
    const kind = this.columns.activityKinds[kindName];
    return ["c.userId = u.id", ...(kind ? [`c.kind = '${kind}'`] : [])];
  }

  /**
   * `chats.last > X` as "has a chat after X": an index seek that stops at the first row, where
   * comparing MAX(…) would compute it for every person. Missing (no such communication, or in
   * the trash) stays false. Null for fields that are not a first/last date.
   */
  private compareActivityDate(name: string, operator: ComparisonOperator, instant: string): string | null {
    const [kindName, measure] = name.split(".") as [ActivityKind, string];
    if (!activityKinds.includes(kindName) || (measure !== "first" && measure !== "last")) return null;
    const rows = this.activityRows(kindName).join(" AND ");
    const any = (condition?: string) =>
      `EXISTS (SELECT 1 FROM communications c WHERE ${rows}${condition ? ` AND ${condition}` : ""})`;
    const none = (condition: string) => `NOT ${any(condition)}`;
    const at = `c.occurredAt = ${instant}`;
    // The latest is after X: one is after X. The latest is before X: none is at or after X. …
    const last: Partial<Record<ComparisonOperator, string>> = {
      ">": any(`c.occurredAt > ${instant}`),
      ">=": any(`c.occurredAt >= ${instant}`),
      "<": `${any()} AND ${none(`c.occurredAt >= ${instant}`)}`,
      "<=": `${any()} AND ${none(`c.occurredAt > ${instant}`)}`,
      "=": `${any(at)} AND ${none(`c.occurredAt > ${instant}`)}`,
      "!=": `${any()} AND (${none(at)} OR ${any(`c.occurredAt > ${instant}`)})`,
    };
    const first: Partial<Record<ComparisonOperator, string>> = {
      "<": any(`c.occurredAt < ${instant}`),
      "<=": any(`c.occurredAt <= ${instant}`),
      ">": `${any()} AND ${none(`c.occurredAt <= ${instant}`)}`,
      ">=": `${any()} AND ${none(`c.occurredAt < ${instant}`)}`,
      "=": `${any(at)} AND ${none(`c.occurredAt < ${instant}`)}`,
      "!=": `${any()} AND (${none(at)} OR ${any(`c.occurredAt < ${instant}`)})`,
    };
    const condition = (measure === "last" ? last : first)[operator];
    if (!condition) throw new Error(`unchecked segment: ${operator} on ${name}`);
    return `(${NOT_TRASHED} AND ${condition})`;
  }

  private activitySql(name: string): string {
    const [kindName, measure] = name.split(".") as [ActivityKind, string];
    if (!activityKinds.includes(kindName)) throw new Error(`unchecked segment: unknown field ${name}`);
    const conditions = this.activityRows(kindName);
    const over = (aggregate: string, extra: string[] = []) =>
      `(SELECT ${aggregate} FROM communications c WHERE ${[...conditions, ...extra].join(" AND ")})`;
    switch (measure) {
      case "count":
        return `(CASE WHEN ${NOT_TRASHED} THEN ${over("COUNT(*)")} ELSE 0 END)`;
      case "first":
        return `(CASE WHEN ${NOT_TRASHED} THEN ${over("MIN(c.occurredAt)")} END)`;
      case "last":
        return `(CASE WHEN ${NOT_TRASHED} THEN ${over("MAX(c.occurredAt)")} END)`;
      case "open": {
        const statuses = this.columns.openTicketStatuses.map((status) => this.fold(this.bind(status))).join(", ");
        return `(CASE WHEN ${NOT_TRASHED} THEN ${over("COUNT(*)", [`${this.fold("c.status")} IN (${statuses})`])} ELSE 0 END)`;
      }
      case "duration":
        return `(CASE WHEN ${NOT_TRASHED} THEN ${over("COALESCE(SUM(c.durationSeconds), 0)")} ELSE 0 END)`;
      // `* 1e0`: a floating average on both databases (MariaDB's AVG of integers is a 4-digit decimal).
      case "avgRating":
        return `(CASE WHEN ${NOT_TRASHED} THEN ${over("AVG(c.rating * 1e0)", ["c.rating IS NOT NULL"])} END)`;
      default:
        throw new Error(`unchecked segment: unknown field ${name}`);
    }
  }
}

/**
 * A condition on the users table aliased `u`; binds `:now` and `:<prefix><n>` parameters.
 * `prefix` names the parameters, so that several segments can share one statement.
 */
export function compileSegment(ast: Expr, columns: SegmentColumns, dialect: Dialect, now: Date, prefix: string): SqlCondition {
  const compiler = new SegmentCompiler(columns, dialect, now, prefix);
  const condition = compiler.expression(ast);
  return { condition, parameters: compiler.parameters };
}

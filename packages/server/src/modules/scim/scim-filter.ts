/**
 * SCIM filters (RFC 7644 §3.4.2.2) compiled to one parameterized SQL condition over `users u`
 * (Users) or `roles r` (Groups), so a GET reads exactly the page asked for, never everyone. Parsing is scim2-parse-filter's
 * (a maintained parser of the RFC's grammar, which scim-patch uses too); the AST is compiled here.
 *
 * Like the segment compiler (segments/segment-sql.ts), every condition is built never to be
 * NULL, so `not` is the exact complement. Text compares without case for the attributes the RFC
 * marks caseExact=false (folded alike on both databases, database/sql.ts `foldText`) and
 * exactly for externalId. A comparison with a missing value is false, `ne` included only in
 * the sense that `ne` is `not eq`: a person without an email is "ne" any email.
 * Only values are bound; the SQL text comes from the table below.
 */
import { parse, type Filter } from "scim2-parse-filter";
import type { Dialect } from "../../database/data-source";
import { foldText, textPositionSql, type SqlCondition } from "../../database/sql";
import { effectiveStateSql } from "../users/user-state";
import { UserState } from "../users/user.enums";
import { ScimError } from "./scim-error";
import { SCIM } from "./scim-discovery";

/** The custom attribute that holds a person's SCIM externalId (scim-user.mapper.ts). */
export const EXTERNAL_ID_ATTRIBUTE = "scimExternalId";

/** Longer filters are refused before parsing; more comparisons than this are refused before compiling (SQLite's expression depth). */
const MAX_FILTER_CHARACTERS = 4_000;
const MAX_COMPARISONS = 50;

type TextTest = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";

interface TextAttribute {
  kind: "text";
  /** A scalar SQL expression, NULL when the person has no value. */
  sql: string;
  caseExact?: boolean;
  /** A unique column MariaDB can look `eq` up in (its _ci collation finds every case; the fold then checks exactly). */
  indexed?: boolean;
  /** For a value kept in another table: the condition on `a.value` as a test of the person. */
  membership?: (condition: string) => string;
}
interface BooleanAttribute {
  kind: "boolean";
  /** True when the value is true; never NULL. */
  whenTrue: string;
  /** True when the person has a value. */
  present: string;
}
interface DateAttribute {
  kind: "dateTime";
  sql: string;
}
interface IdAttribute {
  kind: "id";
  /** The integer id column. */
  sql: string;
  /** As for text: an id kept in another table (a Group's members). */
  membership?: (condition: string) => string;
}
type FilterAttribute = TextAttribute | BooleanAttribute | DateAttribute | IdAttribute;

/** The userName as scim-user.mapper.ts reads it: the username, else the email, else the id (someone known by phone only). */
const USER_NAME_SQL = "COALESCE(u.username, u.email, CAST(u.id AS CHAR))";

const externalIdMembership = (condition: string) =>
  `u.id IN (SELECT a.userId FROM user_attributes a WHERE a.name = '${EXTERNAL_ID_ATTRIBUTE}' AND ${condition})`;

/** Roster keeps one email and one phone, reported primary and of type work. */
function singleValued(column: string): Record<string, FilterAttribute> {
  return {
    "": { kind: "text", sql: column, indexed: column === "u.email" },
    ".value": { kind: "text", sql: column, indexed: column === "u.email" },
    ".type": { kind: "text", sql: `(CASE WHEN ${column} IS NOT NULL THEN 'work' END)` },
    ".primary": { kind: "boolean", whenTrue: `${column} IS NOT NULL`, present: `${column} IS NOT NULL` },
  };
}

const USER_ATTRIBUTES: Record<string, FilterAttribute> = {
  id: { kind: "id", sql: "u.id" },
  username: { kind: "text", sql: USER_NAME_SQL },
  displayname: { kind: "text", sql: "u.displayName" },
  "name.formatted": { kind: "text", sql: "u.displayName" },
  ...Object.fromEntries(Object.entries(singleValued("u.email")).map(([suffix, value]) => [`emails${suffix}`, value])),
  ...Object.fromEntries(Object.entries(singleValued("u.phone")).map(([suffix, value]) => [`phonenumbers${suffix}`, value])),
  externalid: { kind: "text", sql: "a.value", caseExact: true, membership: externalIdMembership },
  usertype: { kind: "text", sql: "(CASE u.kind WHEN 'AGENT' THEN 'Agent' ELSE 'Customer' END)" },
  locale: { kind: "text", sql: "u.locale" },
  timezone: { kind: "text", sql: "u.timezone" },
  active: { kind: "boolean", whenTrue: `(NOT ${effectiveStateSql("u", UserState.BANNED)})`, present: "1 = 1" },
  "meta.created": { kind: "dateTime", sql: "u.createdAt" },
  "meta.lastmodified": { kind: "dateTime", sql: "u.updatedAt" },
  [`${SCIM.enterpriseUser.toLowerCase()}:organization`]: {
    kind: "text",
    sql: "(SELECT o.name FROM organizations o WHERE o.id = u.organizationId)",
  },
};

/** What ORDER BY reads for each sortable attribute (RFC 7644 §3.4.2.3); missing values sort as NULL does. */
const USER_SORTS: Record<string, string> = {
  id: "u.id",
  username: USER_NAME_SQL,
  displayname: "u.displayName",
  "name.formatted": "u.displayName",
  emails: "u.email",
  "emails.value": "u.email",
  externalid: `(SELECT a.value FROM user_attributes a WHERE a.userId = u.id AND a.name = '${EXTERNAL_ID_ATTRIBUTE}')`,
  usertype: "u.kind",
  "meta.created": "u.createdAt",
  "meta.lastmodified": "u.updatedAt",
};

/**
 * A Group's members are its explicit holders who are not in the trash (those read as unknown
 * Users); implicit roles list none (scim-group.mapper.ts). Each test is one subquery on
 * user_roles, whose primary key (userId, roleId) finds a member's groups.
 */
const memberOf = (condition: string) =>
  `r.id IN (SELECT ur.roleId FROM user_roles ur JOIN users mu ON mu.id = ur.userId WHERE mu.state <> 'TRASHED' AND ${condition})`;

const GROUP_ATTRIBUTES: Record<string, FilterAttribute> = {
  id: { kind: "id", sql: "r.id" },
  displayname: { kind: "text", sql: "r.name" },
  members: { kind: "id", sql: "ur.userId", membership: memberOf },
  "members.value": { kind: "id", sql: "ur.userId", membership: memberOf },
  "members.display": { kind: "text", sql: "mu.displayName", membership: memberOf },
  "meta.created": { kind: "dateTime", sql: "r.createdAt" },
  "meta.lastmodified": { kind: "dateTime", sql: "r.updatedAt" },
};

const GROUP_SORTS: Record<string, string> = {
  id: "r.id",
  displayname: "r.name",
  "meta.created": "r.createdAt",
  "meta.lastmodified": "r.updatedAt",
};

/** What a resource type can be filtered and sorted on, keyed by attributeKey. */
export interface ScimResourceSql {
  /** The core schema's URN, which a path may start with. */
  schema: string;
  /** The id column, the order of a page without sortBy and the tie-breaker of one with it. */
  id: string;
  attributes: Readonly<Record<string, FilterAttribute>>;
  sorts: Readonly<Record<string, string>>;
  /** The sortable attributes, as the refusal of another names them. */
  sortable: string;
}

export const USER_SQL: ScimResourceSql = {
  schema: SCIM.user,
  id: "u.id",
  attributes: USER_ATTRIBUTES,
  sorts: USER_SORTS,
  sortable: "userName, displayName, emails.value, externalId, userType, meta.created, meta.lastModified, id",
};

export const GROUP_SQL: ScimResourceSql = {
  schema: SCIM.group,
  id: "r.id",
  attributes: GROUP_ATTRIBUTES,
  sorts: GROUP_SORTS,
  sortable: "displayName, meta.created, meta.lastModified, id",
};

/** An attribute path as the tables above key it: lower case, without the core schema's URN. */
function attributeKey(path: string, resource: ScimResourceSql): string {
  const key = path.toLowerCase();
  const core = `${resource.schema.toLowerCase()}:`;
  return key.startsWith(core) ? key.slice(core.length) : key;
}

export function sortExpression(sortBy: string, resource: ScimResourceSql): string {
  const expression = resource.sorts[attributeKey(sortBy, resource)];
  if (!expression) {
    throw new ScimError(400, `sortBy: ${sortBy} is not sortable; sortable: ${resource.sortable}.`, "invalidValue");
  }
  return expression;
}

export function parseScimFilter(text: string): Filter {
  if (text.length > MAX_FILTER_CHARACTERS) {
    throw new ScimError(400, `The filter is longer than ${MAX_FILTER_CHARACTERS} characters.`, "invalidFilter");
  }
  try {
    return parse(text);
  } catch (error) {
    throw new ScimError(400, `The filter cannot be parsed: ${(error as Error).message}`, "invalidFilter");
  }
}

export function compileScimFilter(text: string, resource: ScimResourceSql, dialect: Dialect, now: Date): SqlCondition {
  const compiler = new FilterCompiler(resource, dialect, now);
  const condition = compiler.compile(parseScimFilter(text), "");
  return { condition, parameters: compiler.parameters };
}

class FilterCompiler {
  readonly parameters: Record<string, unknown>;
  private counter = 0;
  private comparisons = 0;

  constructor(
    private readonly resource: ScimResourceSql,
    private readonly dialect: Dialect,
    now: Date,
  ) {
    // effectiveStateSql (active) binds :now.
    this.parameters = { now };
  }

  compile(filter: Filter, prefix: string): string {
    switch (filter.op) {
      case "and":
      case "or":
        return `(${filter.filters.map((part) => this.compile(part, prefix)).join(` ${filter.op.toUpperCase()} `)})`;
      case "not":
        return `(NOT ${this.compile(filter.filter, prefix)})`;
      case "[]": {
        // emails[type eq "work" and value co "@example.com"]: the sub-attributes of the one email
        // Roster keeps; members[value eq "7"]: each comparison asks the members of its own.
        if (prefix) throw new ScimError(400, "A value filter cannot hold another one.", "invalidFilter");
        const path = attributeKey(filter.attrPath, this.resource);
        const presence = this.attribute(path, filter.attrPath);
        if (presence.kind === "boolean" || presence.kind === "dateTime" || (presence.kind === "id" && !presence.membership)) {
          throw new ScimError(400, `${filter.attrPath} is not multi-valued.`, "invalidFilter");
        }
        const present = presence.membership ? this.present(presence) : `(${presence.sql} IS NOT NULL)`;
        return `(${present} AND ${this.compile(filter.valFilter, `${path}.`)})`;
      }
      case "pr":
        return this.present(this.attribute(prefix + attributeKey(filter.attrPath, this.resource), filter.attrPath));
      default:
        if (++this.comparisons > MAX_COMPARISONS) {
          throw new ScimError(400, `A filter may hold at most ${MAX_COMPARISONS} comparisons.`, "invalidFilter");
        }
        return this.compare(
          this.attribute(prefix + attributeKey(filter.attrPath, this.resource), filter.attrPath),
          filter.op,
          filter.compValue,
          filter.attrPath,
        );
    }
  }

  private attribute(key: string, path: string): FilterAttribute {
    const attribute = this.resource.attributes[key];
    if (!attribute) throw new ScimError(400, `Filtering on ${path} is not supported.`, "invalidFilter");
    return attribute;
  }

  private bind(value: unknown): string {
    const name = `scim${this.counter++}`;
    this.parameters[name] = value;
    return `:${name}`;
  }

  private present(attribute: FilterAttribute): string {
    switch (attribute.kind) {
      case "text": {
        const present = `${attribute.sql} IS NOT NULL AND ${attribute.sql} <> ''`;
        return attribute.membership ? attribute.membership(present) : `(${present})`;
      }
      case "boolean":
        return `(${attribute.present})`;
      case "dateTime":
        return `(${attribute.sql} IS NOT NULL)`;
      case "id":
        return attribute.membership ? attribute.membership("1 = 1") : "(1 = 1)";
    }
  }

  private compare(attribute: FilterAttribute, op: TextTest, value: unknown, path: string): string {
    switch (attribute.kind) {
      case "text":
        if (typeof value !== "string") throw new ScimError(400, `${path} compares with a string.`, "invalidFilter");
        return this.compareText(attribute, op, value);
      case "boolean": {
        if (typeof value !== "boolean") throw new ScimError(400, `${path} compares with true or false.`, "invalidFilter");
        if (op !== "eq" && op !== "ne") throw new ScimError(400, `${path} is boolean: eq or ne only.`, "invalidFilter");
        const isTrue = (op === "eq") === value;
        return isTrue ? `(${attribute.whenTrue})` : `(NOT ${attribute.whenTrue})`;
      }
      case "dateTime": {
        const instant = typeof value === "string" ? new Date(value) : null;
        if (!instant || Number.isNaN(instant.getTime())) {
          throw new ScimError(400, `${path} compares with a date and time such as 2026-01-31T09:00:00Z.`, "invalidFilter");
        }
        const operator = ORDERED[op === "ne" ? "eq" : op];
        if (!operator) throw new ScimError(400, `${path} is a date: eq, ne, gt, ge, lt, le or pr.`, "invalidFilter");
        const test = `(${attribute.sql} IS NOT NULL AND ${attribute.sql} ${operator} ${this.bind(instant)})`;
        return op === "ne" ? `(NOT ${test})` : test;
      }
      case "id": {
        if (op !== "eq" && op !== "ne") throw new ScimError(400, `${path}: eq or ne only.`, "invalidFilter");
        const id = typeof value === "string" && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null;
        // An id Roster never gives matches nobody.
        const test = id === null ? "1 = 0" : `${attribute.sql} = ${this.bind(id)}`;
        const equal = attribute.membership ? attribute.membership(test) : `(${test})`;
        return op === "eq" ? equal : `(NOT ${equal})`;
      }
    }
  }

  private compareText(attribute: TextAttribute, op: TextTest, value: string): string {
    const exact = attribute.caseExact === true;
    const shape = (sql: string) => (exact ? this.exact(sql) : foldText(this.dialect, sql));
    const expected = this.bind(exact ? value : value.toLowerCase());
    const actual = shape(attribute.sql);
    const parameter = shape(expected);
    const present = `${attribute.sql} IS NOT NULL`;
    let test: string;
    switch (op) {
      case "eq":
      case "ne":
        test = `${actual} = ${parameter}`;
        // On MariaDB the unique index finds the candidates (its collation ignores case), the fold keeps the exact ones.
        if (attribute.indexed && this.dialect === "mysql") test = `${attribute.sql} = ${expected} AND ${test}`;
        break;
      case "co":
        test = value === "" ? "1 = 1" : textPositionSql(this.dialect, actual, parameter, "contains");
        break;
      case "sw":
        test = value === "" ? "1 = 1" : textPositionSql(this.dialect, actual, parameter, "starts with");
        break;
      case "ew":
        test = value === "" ? "1 = 1" : textPositionSql(this.dialect, actual, parameter, "ends with");
        break;
      default:
        test = `${actual} ${ORDERED[op]} ${parameter}`;
    }
    const condition = `${present} AND ${test}`;
    const matched = attribute.membership ? attribute.membership(condition) : `(${condition})`;
    return op === "ne" ? `(NOT ${matched})` : matched;
  }

  /** Text compared as stored, case and accents included (MariaDB's collation and SQLite's NOCASE columns would ignore case). */
  private exact(sql: string): string {
    return this.dialect === "sqlite" ? `(${sql} COLLATE BINARY)` : `CAST(${sql} AS BINARY)`;
  }
}

const ORDERED: Partial<Record<TextTest, string>> = { eq: "=", gt: ">", ge: ">=", lt: "<", le: "<=" };

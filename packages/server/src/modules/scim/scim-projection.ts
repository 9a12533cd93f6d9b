/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): which attributes a response
 * carries. Paths are case-insensitive, may name a sub-attribute (`name.formatted`,
 * `emails.value`) and may be written with their schema's URN. `id` and `schemas` are always
 * returned.
 */
import { SCIM } from "./scim-discovery";

type Json = Record<string, unknown>;

const ALWAYS = new Set(["id", "schemas"]);

interface Path {
  attribute: string;
  sub?: string;
}

/** `a.b` or `urn:…:User:a.b`, as a top-level attribute and an optional sub-attribute (lower case). */
function pathOf(text: string): Path {
  let path = text.trim().toLowerCase();
  const enterprise = SCIM.enterpriseUser.toLowerCase();
  if (path === enterprise) return { attribute: enterprise };
  if (path.startsWith(`${enterprise}:`)) return { attribute: enterprise, sub: path.slice(enterprise.length + 1) };
  for (const schema of [SCIM.user, SCIM.group]) {
    const core = `${schema.toLowerCase()}:`;
    if (path.startsWith(core)) path = path.slice(core.length);
  }
  const [attribute, sub] = path.split(".", 2);
  return { attribute, sub };
}

export function pathsOf(parameter: unknown): Path[] {
  return typeof parameter === "string" && parameter.trim() !== "" ? parameter.split(",").map(pathOf) : [];
}

/** Only the named sub-attributes of an object, or of each object in a list. */
function pick(value: unknown, subs: Set<string>, keep: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => pick(item, subs, keep));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => subs.has(key.toLowerCase()) === keep));
}

export function project(resource: Json, attributes: readonly Path[], excluded: readonly Path[]): Json {
  const result: Json = {};
  for (const [key, value] of Object.entries(resource)) {
    const name = key.toLowerCase();
    if (ALWAYS.has(name)) {
      result[key] = value;
      continue;
    }
    if (attributes.length > 0) {
      const asked = attributes.filter((path) => path.attribute === name);
      if (asked.length === 0) continue;
      const whole = asked.some((path) => path.sub === undefined);
      result[key] = whole ? value : pick(value, new Set(asked.map((path) => path.sub!)), true);
      continue;
    }
    const dropped = excluded.filter((path) => path.attribute === name);
    if (dropped.some((path) => path.sub === undefined)) continue;
    result[key] = dropped.length ? pick(value, new Set(dropped.map((path) => path.sub!)), false) : value;
  }
  return result;
}

/** Whether a top-level attribute is in the answer: a service leaves out what is not (a Group's members are not even read). */
export function returns(attribute: string, attributes: readonly Path[], excluded: readonly Path[]): boolean {
  const name = attribute.toLowerCase();
  if (attributes.length > 0) return attributes.some((path) => path.attribute === name);
  return !excluded.some((path) => path.attribute === name && path.sub === undefined);
}

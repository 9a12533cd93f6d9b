// What the editor offers at the cursor: a field where a condition starts, the operators of the
// field just written, the values of an enum (or yes/no) field after its operator, and `and`/`or`
// after a complete condition. Driven by the package's catalog, so there is no server round trip.
import { type FieldDefinition, lookupField, segmentFields } from "@roster/segments";
import { type SegmentToken, tokenizeSegment } from "./segment-tokens";

export type CompletionKind = "property" | "keyword" | "operator" | "enum" | "constant";

export interface CompletionItem {
  label: string;
  type: CompletionKind;
  detail?: string;
  info?: string;
  /** Keeps the catalog's order (`=` before `!=`) where nothing typed ranks the items yet. */
  boost?: number;
}

export interface SegmentCompletion {
  /** Where the text the items replace starts (the cursor when nothing is typed yet). */
  from: number;
  items: CompletionItem[];
  /** While the typed text still matches this, the same items stay valid. */
  validFor: RegExp;
}

const wordValidFor = /^[A-Za-z_][\w.]*$/;
const symbolValidFor = /^[!<>=]*$/;

const fieldItems: CompletionItem[] = [
  ...segmentFields.map((field) => ({
    label: field.name,
    type: "property" as const,
    detail: field.type,
    info: field.description,
  })),
  { label: "attr.", type: "property", detail: "attribute", info: "A custom attribute: attr.<name>, e.g. attr.plan" },
  { label: "not", type: "keyword", info: "The opposite of the condition that follows" },
];

const connectiveItems: CompletionItem[] = [
  { label: "and", type: "keyword", info: "Both conditions hold" },
  { label: "or", type: "keyword", info: "Either condition holds" },
];

const relativeDates: CompletionItem[] = [
  { label: "now", type: "constant", info: "The moment the query runs" },
  { label: "now-1d", type: "constant", info: "A day ago" },
  { label: "now-7d", type: "constant", info: "A week ago" },
  { label: "now-30d", type: "constant", info: "30 days ago" },
  { label: "now-90d", type: "constant", info: "90 days ago" },
];

const comparisonSymbols = new Set(["=", "!=", "<", "<=", ">", ">="]);

/** Items in the given order: the first gets the highest boost. */
function ordered(items: CompletionItem[]): CompletionItem[] {
  return items.map((item, index) => ({ ...item, boost: items.length - index }));
}

function operatorItems(field: FieldDefinition): CompletionItem[] {
  const items = ordered(field.operators.map((operator) => ({ label: operator, type: "operator", detail: field.name })));
  // A yes/no field may stand alone, so the condition can end right here.
  return field.type === "boolean" ? [...items, ...connectiveItems] : items;
}

function valueItems(field: FieldDefinition): CompletionItem[] {
  if (field.type === "enum")
    return ordered((field.values ?? []).map((value) => ({ label: value, type: "enum", detail: field.name })));
  if (field.type === "boolean") return ["true", "false"].map((value) => ({ label: value, type: "constant" }));
  if (field.type === "datetime") return ordered(relativeDates);
  return [];
}

const isText = (token: SegmentToken | undefined, text: string) => token?.text.toLowerCase() === text;

/** The field of the condition whose operator ends `tokens` (`state =`, `email starts with`, `state not in (a,`). */
function fieldBeforeOperator(tokens: readonly SegmentToken[]): FieldDefinition | undefined {
  let index = tokens.length - 1;
  if (isText(tokens[index], "with")) index--;
  if (isText(tokens[index], "in") && isText(tokens[index - 1], "not")) index--;
  const field = tokens[index - 1];
  return field?.kind === "field" ? lookupField(field.text) : undefined;
}

/** Inside `in (…)`: the field the list is for. */
function fieldOfList(tokens: readonly SegmentToken[]): FieldDefinition | undefined {
  for (let index = tokens.length - 1; index > 0; index--) {
    const token = tokens[index];
    if (token.text === ")") return undefined;
    if (token.text === "(") return isText(tokens[index - 1], "in") ? fieldBeforeOperator(tokens.slice(0, index)) : undefined;
  }
  return undefined;
}

function itemsAfter(tokens: readonly SegmentToken[]): CompletionItem[] {
  const last = tokens.at(-1);
  const previous = tokens.at(-2);
  if (!last) return fieldItems;
  const lower = last.text.toLowerCase();
  switch (last.kind) {
    case "keyword":
      // `field not` goes on with `in`, `field is not` with `null`; after `and`, `or` or `not` a condition starts.
      if (lower === "not" && previous?.kind === "field") return [{ label: "in", type: "operator" }];
      if (lower === "not" && isText(previous, "is")) return [{ label: "null", type: "operator" }];
      return fieldItems;
    case "field": {
      const field = lookupField(last.text);
      return field ? operatorItems(field) : [];
    }
    case "operator": {
      if (lower === "starts" || lower === "ends") return [{ label: "with", type: "operator" }];
      if (lower === "is")
        return [
          { label: "null", type: "operator" },
          { label: "not null", type: "operator" },
        ];
      if (lower === "null") return connectiveItems;
      const takesValue = comparisonSymbols.has(lower) || lower === "contains" || lower === "with";
      const field = takesValue ? fieldBeforeOperator(tokens) : undefined;
      return field ? valueItems(field) : [];
    }
    case "punctuation": {
      if (last.text === ")") return connectiveItems;
      if (last.text === "(" && !isText(previous, "in")) return fieldItems;
      const field = fieldOfList(tokens);
      return field?.type === "enum" ? valueItems(field) : [];
    }
    case "invalid":
      return [];
    default:
      // A value ends the condition.
      return connectiveItems;
  }
}

/** What to offer at `pos` in `text`, or null for nothing (inside a string or a number, say). */
export function completeSegment(text: string, pos: number): SegmentCompletion | null {
  const tokens = tokenizeSegment(text.slice(0, pos));
  const last = tokens.at(-1);
  const touching = last && last.to === pos ? last : undefined;
  // A word or an operator being typed is what the items replace; inside a string, number or date there is nothing to offer.
  const typing = touching && /^[A-Za-z_!<>=]/.test(touching.text) ? touching : undefined;
  if (touching && !typing && touching.kind !== "punctuation") return null;
  const before = typing ? tokens.slice(0, -1) : tokens;
  const items = itemsAfter(before);
  if (items.length === 0) return null;
  const isSymbol = typing !== undefined && /^[!<>=]/.test(typing.text);
  return { from: typing?.from ?? pos, items, validFor: isSymbol ? symbolValidFor : wordValidFor };
}

// The visual builder's model and its round trip with the language: text → AST → model, and
// model → AST → `printSegment` → text. Nothing here knows about React.
import {
  attributeField,
  attributeNameRule,
  attributePrefix,
  checkSegment,
  type Expr,
  type FieldDefinition,
  type FieldRef,
  isListComparison,
  type ListOperator,
  lookupField,
  type Operator,
  parseSegment,
  type Predicate,
  printSegment,
  type Span,
  type Value,
} from "@roster/segments";

export type Join = "and" | "or";

/** A yes/no field standing alone (`verified`), which the language writes without an operator. */
export const ALONE = "alone";
export type BuilderOperator = Operator | typeof ALONE;

export interface ConditionNode {
  kind: "condition";
  id: string;
  negated: boolean;
  /** As the field select holds it: a catalog name, or `attr.` and the attribute's name. */
  field: string;
  operator: BuilderOperator | null;
  /**
   * What the agent typed or picked: text without quotes for text fields, the value for enum and
   * yes/no fields, and the language's own spelling otherwise (`now-30d`, `2026-01-01`, `3`, `"gold"`).
   * One entry, or several for `in`.
   */
  values: string[];
}

export interface GroupNode {
  kind: "group";
  id: string;
  negated: boolean;
  join: Join;
  children: BuilderNode[];
}

export type BuilderNode = ConditionNode | GroupNode;

export type ValueArity = "none" | "one" | "many";

let lastId = 0;
const newId = () => `segment-node-${++lastId}`;

export function newCondition(): ConditionNode {
  return { kind: "condition", id: newId(), negated: false, field: "", operator: null, values: [] };
}

export function newGroup(children: BuilderNode[] = [newCondition()], join: Join = "and", negated = false): GroupNode {
  return { kind: "group", id: newId(), negated, join, children };
}

/** The catalog entry of what the field select holds; any `attr.` name gets the attribute operators. */
export function definitionOf(field: string): FieldDefinition | undefined {
  if (field.toLowerCase().startsWith(attributePrefix)) return attributeField(field.slice(attributePrefix.length));
  return lookupField(field);
}

export function builderOperators(field: FieldDefinition): BuilderOperator[] {
  return field.type === "boolean" ? [ALONE, ...field.operators] : [...field.operators];
}

export function arityOf(operator: BuilderOperator | null): ValueArity {
  if (operator === null || operator === ALONE || operator === "is null" || operator === "is not null") return "none";
  return operator === "in" || operator === "not in" ? "many" : "one";
}

function isListOperator(operator: Operator): operator is ListOperator {
  return operator === "in" || operator === "not in";
}

/** A new field keeps the operator and values where they still make sense. */
export function withField(node: ConditionNode, field: string): ConditionNode {
  const before = definitionOf(node.field);
  const after = definitionOf(field);
  const operators = after ? builderOperators(after) : [];
  const operator = node.operator && operators.includes(node.operator) ? node.operator : (operators[0] ?? null);
  const sameKind = before && after && before.type === after.type && before.type !== "enum";
  return { ...node, field, operator, values: sameKind && arityOf(operator) === arityOf(node.operator) ? node.values : [] };
}

export function withOperator(node: ConditionNode, operator: BuilderOperator | null): ConditionNode {
  const arity = arityOf(operator);
  const values = arity === "none" ? [] : arity === "one" ? node.values.slice(0, 1) : node.values;
  return { ...node, operator, values };
}

// ---- text → model ----

// Values other than plain text are shown in the language's own spelling. The printer only prints
// whole queries, so the value is printed in a comparison on an attribute (which takes any kind of
// value and prints it as written) and the comparison's head cut off.
const LITERAL_FIELD = `${attributePrefix}value`;
const LITERAL_HEAD = `${LITERAL_FIELD} = `;
const NO_SPAN: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

function fieldRef(name: string): FieldRef {
  return { name, span: NO_SPAN };
}

function literalOf(value: Value): string {
  const comparison: Expr = {
    kind: "comparison",
    field: fieldRef(LITERAL_FIELD),
    operator: "=",
    operatorSpan: NO_SPAN,
    value,
    span: NO_SPAN,
  };
  return printSegment(comparison).slice(LITERAL_HEAD.length);
}

function valueText(value: Value, field: FieldDefinition | undefined): string {
  if (field?.type === "text" && value.kind === "string") return value.value;
  if (field?.type === "enum" && (value.kind === "string" || value.kind === "enum")) return value.value.toLowerCase();
  return literalOf(value);
}

function conditionFrom(predicate: Predicate, negated: boolean): ConditionNode {
  const field = lookupField(predicate.field.name);
  const node: ConditionNode = { ...newCondition(), negated, field: field?.name ?? predicate.field.name };
  switch (predicate.kind) {
    case "booleanField":
      return { ...node, operator: ALONE };
    case "nullCheck":
      return { ...node, operator: predicate.negated ? "is not null" : "is null" };
    case "comparison": {
      const values = isListComparison(predicate) ? predicate.values : [predicate.value];
      return { ...node, operator: predicate.operator, values: values.map((value) => valueText(value, field)) };
    }
  }
}

/**
 * `and` and `or` group to the left, so only the left side of a chain is flattened into one
 * group: a right operand of the same kind was written in parentheses and stays a group of its
 * own, which keeps the printed text exactly as it was.
 */
function chain(expr: Expr, join: Join): Expr[] {
  return expr.kind === join ? [...chain(expr.left, join), expr.right] : [expr];
}

function nodeFrom(expr: Expr): BuilderNode {
  switch (expr.kind) {
    case "and":
    case "or":
      return newGroup(chain(expr, expr.kind).map(nodeFrom), expr.kind);
    case "not": {
      const operand = nodeFrom(expr.operand);
      // `not not x` keeps both: the outer one negates a group holding the negated condition.
      return operand.negated ? newGroup([operand], "and", true) : { ...operand, negated: true };
    }
    default:
      return conditionFrom(expr, false);
  }
}

/** The builder's tree for a checked query; the top is always a group. */
export function modelFromAst(expr: Expr): GroupNode {
  const node = nodeFrom(expr);
  return node.kind === "group" ? node : newGroup([node]);
}

// ---- model → text ----

export interface BuiltSegment {
  /** The canonical text, when every condition is complete. */
  text: string | null;
  /** What is missing or wrong, by node id. */
  problems: Record<string, string>;
}

function parseValue(text: string, field: FieldDefinition): Value | string {
  if (field.type === "text") return { kind: "string", value: text, span: NO_SPAN };
  if (field.type === "enum") return { kind: "enum", value: text, span: NO_SPAN };
  const { ast, errors } = parseSegment(`${LITERAL_HEAD}${text}`);
  if (errors.length > 0) return errors[0].message;
  if (ast?.kind === "comparison" && !isListComparison(ast)) return ast.value;
  return `\`${text}\` is not a single value`;
}

function predicateOf(node: ConditionNode): Predicate | string {
  if (!node.field) return "Choose a field.";
  const field = lookupField(node.field);
  if (!field) return `Name the attribute: ${attributeNameRule}.`;
  if (!node.operator) return "Choose an operator.";
  const ref = fieldRef(field.name);
  const { operator } = node;
  if (operator === ALONE) return { kind: "booleanField", field: ref, span: NO_SPAN };
  if (operator === "is null" || operator === "is not null") {
    return { kind: "nullCheck", field: ref, negated: operator === "is not null", operatorSpan: NO_SPAN, span: NO_SPAN };
  }
  const entered = node.values.filter((value) => value.trim() !== "");
  if (entered.length === 0) return isListOperator(operator) ? "Add at least one value." : "Enter a value.";
  const values: Value[] = [];
  for (const text of entered) {
    const value = parseValue(field.type === "text" ? text : text.trim(), field);
    if (typeof value === "string") return value;
    values.push(value);
  }
  const head = { kind: "comparison" as const, field: ref, operatorSpan: NO_SPAN, span: NO_SPAN };
  if (isListOperator(operator)) return { ...head, operator, values };
  return { ...head, operator, value: values[0] };
}

function toExpr(node: BuilderNode, problems: Record<string, string>): Expr | undefined {
  let expr: Expr | undefined;
  if (node.kind === "condition") {
    const predicate = predicateOf(node);
    if (typeof predicate === "string") {
      problems[node.id] = predicate;
      return undefined;
    }
    // The catalog's own check: a value of the wrong kind, say, in the words the text editor uses.
    const problem = checkSegment(predicate)[0];
    if (problem) {
      problems[node.id] = problem.message;
      return undefined;
    }
    expr = predicate;
  } else {
    if (node.children.length === 0) {
      problems[node.id] = "Add a condition to this group.";
      return undefined;
    }
    // Every child is visited, so that each incomplete one is marked, not only the first.
    const operands = node.children.map((child) => toExpr(child, problems));
    if (operands.some((operand) => operand === undefined)) return undefined;
    expr = (operands as Expr[]).reduce((left, right) => ({ kind: node.join, left, right, span: NO_SPAN }));
  }
  return node.negated ? { kind: "not", operand: expr, span: NO_SPAN } : expr;
}

export function buildSegment(root: GroupNode): BuiltSegment {
  const problems: Record<string, string> = {};
  const expr = toExpr(root, problems);
  return { text: expr ? printSegment(expr) : null, problems };
}

// ---- edits ----

/** Replaces the node with `id` (anywhere in the tree) by `change(node)`. */
export function updateNode(root: GroupNode, id: string, change: (node: BuilderNode) => BuilderNode): GroupNode {
  const visit = (node: BuilderNode): BuilderNode => {
    if (node.id === id) return change(node);
    return node.kind === "group" ? { ...node, children: node.children.map(visit) } : node;
  };
  return visit(root) as GroupNode;
}

export function removeNode(root: GroupNode, id: string): GroupNode {
  const visit = (group: GroupNode): GroupNode => ({
    ...group,
    children: group.children.filter((child) => child.id !== id).map((child) => (child.kind === "group" ? visit(child) : child)),
  });
  return visit(root);
}

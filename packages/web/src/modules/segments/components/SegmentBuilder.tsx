import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from "@mantine/core";
import { attributePrefix, segmentFields, validateSegment } from "@roster/segments";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import {
  ALONE,
  arityOf,
  buildSegment,
  type BuilderNode,
  type BuilderOperator,
  builderOperators,
  type ConditionNode,
  definitionOf,
  type GroupNode,
  type Join,
  modelFromAst,
  newCondition,
  newGroup,
  removeNode,
  updateNode,
  withField,
  withOperator,
} from "../lib/builder-model";

interface SegmentBuilderProps {
  value: string;
  onChange: (value: string) => void;
  /** Switches back to the text editor, where a query the builder cannot show can be fixed. */
  onEditText: () => void;
}

type BuilderState =
  { text: string; model: GroupNode } | { text: string; model: null; problem: { message: string; line: number; column: number } };

function stateFor(text: string): BuilderState {
  if (text.trim() === "") return { text, model: newGroup() };
  const { ast, errors } = validateSegment(text);
  if (ast) return { text, model: modelFromAst(ast) };
  return { text, model: null, problem: errors[0] };
}

// The catalog grouped the way the names read: person fields, then org.*, tickets.*, … and custom attributes.
function groupOf(name: string): string {
  if (!name.includes(".")) return "Person";
  const prefix = name.split(".")[0];
  return prefix === "org" ? "Organization" : prefix.charAt(0).toUpperCase() + prefix.slice(1);
}

const fieldGroups = new Map<string, string[]>();
for (const { name } of segmentFields) {
  const group = groupOf(name);
  fieldGroups.set(group, [...(fieldGroups.get(group) ?? []), name]);
}
const FIELD_OPTIONS = [
  ...[...fieldGroups].map(([group, items]) => ({ group, items })),
  { group: "Custom attribute", items: [{ value: attributePrefix, label: "attr.…" }] },
];

const OPERATOR_LABELS: Partial<Record<BuilderOperator, string>> = { [ALONE]: "is yes" };

/**
 * The query as conditions and groups. It follows the text (a valid query becomes a tree) and
 * writes the text back in the canonical form once every condition is complete; until then the
 * text stays as it was and the incomplete conditions say what they miss.
 */
export function SegmentBuilder({ value, onChange, onEditText }: SegmentBuilderProps) {
  const [state, setState] = useState<BuilderState>(() => stateFor(value));
  // Text changed elsewhere (a saved segment was opened): rebuild the tree from it, without an effect.
  if (value !== state.text) setState(stateFor(value));

  if (!state.model) {
    const { message, line, column } = state.problem;
    return (
      <Alert color="yellow" variant="light" title="The builder cannot show this query" data-testid="segment-builder">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            {message} (line {line}, column {column}). The text is kept as it is: fix it in the text editor, then come back.
          </Text>
          <Button size="xs" variant="default" onClick={onEditText}>
            Edit as text
          </Button>
        </Stack>
      </Alert>
    );
  }

  const built = buildSegment(state.model);
  const change = (model: GroupNode) => {
    const next = buildSegment(model);
    setState({ text: next.text ?? state.text, model });
    if (next.text !== null && next.text !== state.text) onChange(next.text);
  };

  return (
    <Stack gap="xs" data-testid="segment-builder">
      <GroupEditor node={state.model} root={state.model} problems={built.problems} onChange={change} />
      {built.text === null && (
        <Text size="xs" c="dimmed">
          The query is updated once every condition is complete.
        </Text>
      )}
    </Stack>
  );
}

interface NodeEditorProps<T extends BuilderNode> {
  /** The node this editor shows. */
  node: T;
  /** The whole tree, which every edit replaces. */
  root: GroupNode;
  problems: Record<string, string>;
  onChange: (root: GroupNode) => void;
  onRemove?: () => void;
}

function GroupEditor({ node: group, root, problems, onChange, onRemove }: NodeEditorProps<GroupNode>) {
  const update = (change: (node: GroupNode) => GroupNode) =>
    onChange(updateNode(root, group.id, (node) => (node.kind === "group" ? change(node) : node)));
  const add = (node: BuilderNode) => update((current) => ({ ...current, children: [...current.children, node] }));

  return (
    <Paper withBorder p="sm" radius="md" bg={onRemove ? "var(--mantine-color-default-hover)" : undefined}>
      <Group justify="space-between" mb="xs">
        <Group gap="sm">
          <Checkbox
            label="not"
            checked={group.negated}
            onChange={(event) => update((current) => ({ ...current, negated: event.currentTarget.checked }))}
            aria-label="Negate this group"
          />
          <SegmentedControl
            size="xs"
            data={[
              { value: "and", label: "All of these (and)" },
              { value: "or", label: "Any of these (or)" },
            ]}
            value={group.join}
            onChange={(join) => update((current) => ({ ...current, join: join as Join }))}
          />
        </Group>
        {onRemove && (
          <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label="Remove this group">
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Group>
      <Stack gap="xs">
        {group.children.map((child) => {
          const remove = () => onChange(removeNode(root, child.id));
          return child.kind === "group" ? (
            <GroupEditor key={child.id} node={child} root={root} problems={problems} onChange={onChange} onRemove={remove} />
          ) : (
            <ConditionEditor key={child.id} node={child} root={root} problems={problems} onChange={onChange} onRemove={remove} />
          );
        })}
        {problems[group.id] && (
          <Text size="xs" c="red">
            {problems[group.id]}
          </Text>
        )}
      </Stack>
      <Group gap="xs" mt="xs">
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => add(newCondition())}>
          Condition
        </Button>
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => add(newGroup([newCondition()], group.join === "and" ? "or" : "and"))}
        >
          Group
        </Button>
      </Group>
    </Paper>
  );
}

function ConditionEditor({ node: condition, root, problems, onChange, onRemove }: NodeEditorProps<ConditionNode>) {
  const update = (change: (node: ConditionNode) => ConditionNode) =>
    onChange(updateNode(root, condition.id, (node) => (node.kind === "condition" ? change(node) : node)));
  const definition = definitionOf(condition.field);
  const isAttribute = condition.field.toLowerCase().startsWith(attributePrefix);
  const operators = definition ? builderOperators(definition) : [];
  const problem = problems[condition.id];

  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-start" wrap="wrap">
        <Checkbox
          mt={8}
          label="not"
          checked={condition.negated}
          onChange={(event) => update((current) => ({ ...current, negated: event.currentTarget.checked }))}
          aria-label="Negate this condition"
        />
        <Select
          aria-label="Field"
          placeholder="Field"
          data={FIELD_OPTIONS}
          value={isAttribute ? attributePrefix : condition.field || null}
          onChange={(field) => update((current) => withField(current, field ?? ""))}
          searchable
          allowDeselect={false}
          w={200}
          title={isAttribute ? undefined : definition?.description}
        />
        {isAttribute && (
          <TextInput
            aria-label="Attribute name"
            placeholder="Attribute name, e.g. plan"
            value={condition.field.slice(attributePrefix.length)}
            onChange={(event) => {
              const name = event.currentTarget.value;
              update((current) => ({ ...current, field: `${attributePrefix}${name}` }));
            }}
            w={160}
          />
        )}
        <Select
          aria-label="Operator"
          placeholder="Operator"
          data={operators.map((operator) => ({ value: operator, label: OPERATOR_LABELS[operator] ?? operator }))}
          value={condition.operator}
          onChange={(operator) => update((current) => withOperator(current, operator as BuilderOperator | null))}
          disabled={!definition}
          allowDeselect={false}
          w={140}
        />
        <ValueInput condition={condition} onChange={(values) => update((current) => ({ ...current, values }))} />
        <ActionIcon mt={4} variant="subtle" color="red" onClick={onRemove} aria-label="Remove this condition">
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
      {problem && (
        <Text size="xs" c="red">
          {problem}
        </Text>
      )}
    </Stack>
  );
}

const VALUE_PLACEHOLDERS: Record<string, string> = {
  number: "A number, e.g. 3",
  datetime: "now-30d or 2026-01-01",
  attribute: 'Text in quotes ("gold") or a number',
  text: "Text",
};

interface ValueInputProps {
  condition: ConditionNode;
  onChange: (values: string[]) => void;
}

/** The value control fits the field: choices for enum and yes/no fields, text otherwise; several for `in`. */
function ValueInput({ condition, onChange }: ValueInputProps) {
  const definition = definitionOf(condition.field);
  const arity = arityOf(condition.operator);
  if (!definition || arity === "none") return null;
  const choices =
    definition.type === "enum" ? [...(definition.values ?? [])] : definition.type === "boolean" ? ["true", "false"] : null;
  const common = { "aria-label": "Value", miw: 200, style: { flex: 1 } };

  if (arity === "many") {
    return choices ? (
      <MultiSelect {...common} placeholder="Values" data={choices} value={condition.values} onChange={onChange} />
    ) : (
      <TagsInput
        {...common}
        placeholder={`${VALUE_PLACEHOLDERS[definition.type] ?? "Value"}; Enter after each`}
        value={condition.values}
        onChange={onChange}
      />
    );
  }
  return choices ? (
    <Select
      {...common}
      placeholder="Value"
      data={choices}
      value={condition.values[0] ?? null}
      onChange={(value) => onChange(value ? [value] : [])}
      allowDeselect={false}
    />
  ) : (
    <TextInput
      {...common}
      placeholder={VALUE_PLACEHOLDERS[definition.type] ?? "Value"}
      value={condition.values[0] ?? ""}
      onChange={(event) => onChange([event.currentTarget.value])}
    />
  );
}

import type { ErrorLike } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { Alert, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useUpdateUserMutation, type UpdateUserInput } from "../../../generated/graphql";
import { AttributeRowsEditor } from "../../../shared/components/AttributeRowsEditor";
import { humanizeEnum } from "../../../shared/lib/format";
import { ErrorState } from "../../../shared/components/ErrorState";
import { OrganizationSelect } from "../../organizations/components/OrganizationSelect";
import { useEditForm } from "../../../shared/hooks/use-edit-form";
import { attributeProblems } from "../../../shared/lib/edit-form";
import {
  changedInput,
  EDIT_FIELDS,
  initialValues,
  ORGANIZATION_INPUT,
  personServerProblems,
  textProblems,
  type EditablePerson,
} from "../lib/person-edit";

export interface EditPersonFormProps {
  /** The person as the page read them; their version goes with the update. */
  person: EditablePerson & { id: string; displayName: string; version: number };
  onSaved: () => void;
  onCancel: () => void;
  /** Reads the person again after someone else changed them; the form then starts again from that. */
  onReload: () => Promise<unknown>;
}

/**
 * Every field updateUser takes, and custom attributes. Each value is checked as it is typed by
 * the server's own rules (@roster/person), only what changed is sent, and the server's refusals
 * land on their field; a change someone else made meanwhile is refused, never overwritten.
 */
export function EditPersonForm({ person, onSaved, onCancel, onReload }: EditPersonFormProps) {
  const client = useApolloClient();
  const [start] = useState(() => initialValues(person));
  const {
    values,
    setValues,
    failure,
    setFailure,
    touch,
    serverError,
    serverAttributeError,
    setRow,
    addRow,
    removeRow,
    stale,
    reloading,
    reload,
  } = useEditForm(start, onReload);
  const [update, { loading }] = useUpdateUserMutation();

  const fieldProblems = textProblems(values.text, start.text);
  const rowProblems = attributeProblems(values.attributes);
  const input = changedInput(values, start);
  const changed = Object.keys(input).length > 0;
  const valid = Object.keys(fieldProblems).length === 0 && Object.keys(rowProblems).length === 0;

  const setText = (name: string, value: string) => {
    touch(name);
    setValues((current) => ({ ...current, text: { ...current.text, [name]: value } }));
  };

  const save = async (sent: UpdateUserInput) => {
    setFailure(null);
    try {
      await update({ variables: { id: person.id, version: person.version, input: sent } });
      // Lists and organization counts may read differently now (name, sort, membership).
      client.cache.evict({ fieldName: "users" });
      client.cache.evict({ fieldName: "organizations" });
      client.cache.gc();
      onSaved();
    } catch (caught) {
      const error = caught as ErrorLike;
      setFailure({ error, problems: personServerProblems(error, sent), edited: new Set() });
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (valid && changed && !stale) void save(input);
      }}
    >
      <Stack>
        {stale && (
          <Alert color="orange" variant="light" title="Not saved" data-testid="edit-person-conflict">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                {person.displayName} was changed by someone else meanwhile. Reload to see their change, then make yours again.
              </Text>
              <Button
                size="xs"
                variant="default"
                loading={reloading}
                onClick={() => void reload()}
                data-testid="edit-person-reload"
              >
                Reload
              </Button>
            </Stack>
          </Alert>
        )}
        {failure && !stale && failure.problems.unplaced && <ErrorState error={failure.error} />}
        {EDIT_FIELDS.map((field) =>
          field.inputName === ORGANIZATION_INPUT ? (
            <OrganizationSelect
              key={field.name}
              label={field.label}
              value={values.organization}
              onChange={(organization) => {
                touch(ORGANIZATION_INPUT);
                setValues((current) => ({ ...current, organization }));
              }}
              error={serverError(ORGANIZATION_INPUT)}
              testId={`edit-person-${field.inputName}`}
            />
          ) : field.values ? (
            <Select
              key={field.name}
              label={field.label}
              description={field.description}
              data={field.values.map((value) => ({ value: value.toUpperCase(), label: humanizeEnum(value) }))}
              value={values.text[field.name] ?? null}
              onChange={(value) => value && setText(field.name, value)}
              allowDeselect={false}
              error={serverError(field.inputName)}
              data-testid={`edit-person-${field.inputName}`}
            />
          ) : (
            <TextInput
              key={field.name}
              label={field.label}
              description={field.description}
              value={values.text[field.name] ?? ""}
              onChange={(event) => setText(field.name, event.currentTarget.value)}
              required={!field.nullable}
              error={fieldProblems[field.inputName] ?? serverError(field.inputName)}
              autoComplete="off"
              data-testid={`edit-person-${field.inputName}`}
              data-autofocus={field.name === "displayName" || undefined}
            />
          ),
        )}
        <AttributeRowsEditor
          rows={values.attributes}
          errorOf={(row) => rowProblems[row.key] ?? serverAttributeError(row.name)}
          onChange={setRow}
          onAdd={addRow}
          onRemove={removeRow}
          testId="edit-person-attribute"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={loading}
            disabled={!changed || !valid || stale}
            title={changed ? undefined : "Nothing changed yet."}
            data-testid="edit-person-save"
          >
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import type { ErrorLike } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { Alert, Button, Checkbox, Group, Stack, TagsInput, Text, Textarea, TextInput } from "@mantine/core";
import { useCallback, useState } from "react";
import {
  useCreateOrganizationMutation,
  useUpdateOrganizationMutation,
  type CreateOrganizationInput,
  type UpdateOrganizationInput,
} from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { formatCount } from "../../../shared/lib/format";
import { useEditForm } from "../../../shared/hooks/use-edit-form";
import { attributeProblems } from "../../../shared/lib/edit-form";
import {
  addedDomains,
  initialOrganizationValues,
  nameProblem,
  normalizeDomain,
  organizationInput,
  organizationServerProblems,
  type EditableOrganizationValues,
  type OrganizationTextField,
} from "../lib/organization-edit";
import { AttributeRowsEditor } from "../../../shared/components/AttributeRowsEditor";
import { DomainPreview, type DomainPreviewResult } from "./DomainPreview";

export interface OrganizationFormProps {
  /** The organization as the page read it, with the version the update goes with; null creates one. */
  organization: (EditableOrganizationValues & { id: string; version: number }) | null;
  onSaved: (id: string) => void;
  onCancel: () => void;
  /** Reads the organization again after someone else changed it; the form then starts again from that. */
  onReload?: () => Promise<unknown>;
}

const TEXT_INPUTS: { field: Exclude<OrganizationTextField, "notes">; label: string; placeholder?: string }[] = [
  { field: "name", label: "Name" },
  { field: "website", label: "Website", placeholder: "https://example.com" },
  { field: "phone", label: "Phone" },
];

/**
 * An organization's fields, domains and custom attributes, for createOrganization and
 * updateOrganization. Each added domain is previewed (who has it, whom it would attach); only
 * what changed is sent; the server's refusals land on their field, and an edit from a version
 * someone else has changed meanwhile is refused, never overwritten.
 */
export function OrganizationForm({ organization, onSaved, onCancel, onReload }: OrganizationFormProps) {
  const client = useApolloClient();
  const [start] = useState(() => initialOrganizationValues(organization));
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
  const [previews, setPreviews] = useState<Record<string, DomainPreviewResult | null>>({});
  const [create, creation] = useCreateOrganizationMutation();
  const [update, updating] = useUpdateOrganizationMutation();

  const added = addedDomains(values, start);
  const attachable = added.reduce((sum, domain) => sum + (previews[domain]?.attachableCount ?? 0), 0);
  const input = organizationInput({ ...values, attachExisting: values.attachExisting && attachable > 0 }, start);
  const changed = organization === null || Object.keys(input).length > 0;
  const rowProblems = attributeProblems(values.attributes);
  const namePrompt = nameProblem(values.text.name);
  const valid = !namePrompt && Object.keys(rowProblems).length === 0;

  const setText = (field: OrganizationTextField, value: string) => {
    touch(field);
    setValues((current) => ({ ...current, text: { ...current.text, [field]: value } }));
  };
  const setDomains = (typed: string[]) => {
    touch("domains");
    const domains = [...new Set(typed.map(normalizeDomain).filter((domain) => domain !== ""))];
    setValues((current) => ({ ...current, domains }));
  };
  const onPreview = useCallback((domain: string, result: DomainPreviewResult | null) => {
    setPreviews((current) => (current[domain] === result ? current : { ...current, [domain]: result }));
  }, []);

  const save = async (sent: UpdateOrganizationInput) => {
    setFailure(null);
    try {
      let id: string;
      if (organization) {
        await update({ variables: { id: organization.id, version: organization.version, input: sent } });
        id = organization.id;
      } else {
        const created = await create({ variables: { input: { ...sent, name: values.text.name } as CreateOrganizationInput } });
        id = created.data?.createOrganization.id ?? "";
      }
      // The list, its counts and the attached people's organization read differently now.
      client.cache.evict({ fieldName: "organizations" });
      client.cache.evict({ fieldName: "users" });
      client.cache.gc();
      if (organization && input.attachExisting) await client.refetchQueries({ include: ["OrganizationMembers"] });
      onSaved(id);
    } catch (caught) {
      const error = caught as ErrorLike;
      setFailure({ error, problems: organizationServerProblems(error, sent), edited: new Set() });
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
        {stale && organization && (
          <Alert color="orange" variant="light" title="Not saved" data-testid="organization-form-conflict">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                {organization.name} was changed by someone else meanwhile. Reload to see their change, then make yours again.
              </Text>
              {onReload && (
                <Button
                  size="xs"
                  variant="default"
                  loading={reloading}
                  onClick={() => void reload()}
                  data-testid="organization-form-reload"
                >
                  Reload
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        {failure && !stale && failure.problems.unplaced && <ErrorState error={failure.error} />}
        {TEXT_INPUTS.map(({ field, label, placeholder }) => (
          <TextInput
            key={field}
            label={label}
            placeholder={placeholder}
            value={values.text[field]}
            onChange={(event) => setText(field, event.currentTarget.value)}
            required={field === "name"}
            error={(field === "name" && values.text.name !== start.text.name ? namePrompt : undefined) ?? serverError(field)}
            autoComplete="off"
            data-testid={`organization-form-${field}`}
            data-autofocus={field === "name" || undefined}
          />
        ))}
        <Textarea
          label="Notes"
          value={values.text.notes}
          onChange={(event) => setText("notes", event.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          error={serverError("notes")}
          data-testid="organization-form-notes"
        />
        <Stack gap={6}>
          <TagsInput
            label="Domains"
            description="People created with an email at one of these domains join the organization. Press Enter after each."
            placeholder="example.com"
            value={values.domains}
            onChange={setDomains}
            splitChars={[",", " ", ";"]}
            acceptValueOnBlur
            clearable
            error={serverError("domains")}
            data-testid="organization-form-domains"
          />
          {added.map((domain) => (
            <DomainPreview key={domain} domain={domain} organizationId={organization?.id ?? null} onResult={onPreview} />
          ))}
          {attachable > 0 && (
            <Checkbox
              label="Attach them"
              description={`${formatCount(attachable)} ${attachable === 1 ? "person joins" : "people join"} ${
                organization ? organization.name : "the organization"
              } on saving. Without this, only people created from now on join by their email.`}
              checked={values.attachExisting}
              onChange={(event) => {
                const attachExisting = event.currentTarget.checked;
                setValues((current) => ({ ...current, attachExisting }));
              }}
              data-testid="organization-form-attach"
            />
          )}
        </Stack>
        <AttributeRowsEditor
          rows={values.attributes}
          errorOf={(row) => rowProblems[row.key] ?? serverAttributeError(row.name)}
          onChange={setRow}
          onAdd={addRow}
          onRemove={removeRow}
          testId="organization-form-attribute"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={creation.loading || updating.loading}
            disabled={!changed || !valid || stale}
            title={changed ? undefined : "Nothing changed yet."}
            data-testid="organization-form-save"
          >
            {organization ? "Save" : "Create"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

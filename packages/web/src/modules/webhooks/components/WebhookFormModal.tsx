import type { ErrorLike } from "@apollo/client";
import { Button, Group, Modal, MultiSelect, Select, Stack, Switch, TextInput } from "@mantine/core";
import { useState } from "react";
import type { ChangeType, WebhookFieldsFragment } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { fieldErrors } from "../../../shared/lib/edit-form";
import { EVENT_OPTIONS } from "../lib/event-types";
import { missingPermissionHint } from "../../auth/hooks/use-permission";
import { SEGMENTS_PERMISSION, useSegmentChoices } from "../hooks/use-segment-choices";

const INPUTS = ["url", "events", "segmentId"] as const;

export interface WebhookFormValues {
  url: string;
  events: ChangeType[];
  segmentId: string | null;
  active: boolean;
}

interface WebhookFormModalProps {
  /** Absent: a new webhook. */
  webhook?: WebhookFieldsFragment;
  busy: boolean;
  error: ErrorLike | null;
  onSubmit: (values: WebhookFormValues) => void;
  onClose: () => void;
}

/**
 * Create or edit a webhook: where it POSTs, which changes, an optional saved segment, and (when
 * editing) whether it is on. The server's refusals land on their field (a private address on the
 * URL, an unknown segment on the segment).
 */
export function WebhookFormModal({ webhook, busy, error, onSubmit, onClose }: WebhookFormModalProps) {
  const [url, setUrl] = useState(webhook?.url ?? "");
  const [events, setEvents] = useState<ChangeType[]>(webhook ? [...webhook.events] : []);
  const [segmentId, setSegmentId] = useState<string | null>(webhook?.segmentId ?? null);
  const [active, setActive] = useState(webhook?.active ?? true);
  const segments = useSegmentChoices(segmentId);
  const placed = error ? fieldErrors(error, INPUTS) : null;
  const valid = url.trim() !== "" && events.length > 0;

  return (
    <Modal opened onClose={onClose} title={webhook ? "Edit webhook" : "New webhook"} centered size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) onSubmit({ url: url.trim(), events, segmentId, active });
        }}
      >
        <Stack>
          {error && placed?.unplaced && <ErrorState error={error} />}
          <TextInput
            label="URL"
            description="Where Roster POSTs each change: an http(s) address the receiving service listens on."
            placeholder="https://example.com/roster-webhook"
            value={url}
            onChange={(event) => setUrl(event.currentTarget.value)}
            error={placed?.fields.url}
            maxLength={2000}
            withAsterisk
            data-testid="webhook-url"
            data-autofocus
          />
          <MultiSelect
            label="Events"
            description="The kinds of change to deliver; each payload's type is the name shown."
            data={EVENT_OPTIONS}
            value={events}
            onChange={(value) => setEvents(value as ChangeType[])}
            placeholder={events.length ? undefined : "Choose at least one"}
            error={placed?.fields.events}
            searchable
            clearable
            withAsterisk
            comboboxProps={{ withinPortal: true }}
            data-testid="webhook-events"
          />
          <Select
            label="Saved segment"
            description={
              segments.mayView
                ? "Optional. segment.entered and segment.left are delivered when a person starts or stops matching it; who matches it when it is chosen does not enter."
                : missingPermissionHint(SEGMENTS_PERMISSION)
            }
            data={segments.options}
            value={segmentId}
            onChange={setSegmentId}
            placeholder={segments.loading ? "Loading…" : "None"}
            error={placed?.fields.segmentId}
            disabled={!segments.mayView}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
            data-testid="webhook-segment"
          />
          {webhook && (
            <Switch
              label="Active"
              description={
                webhook.active
                  ? "Off: nothing is delivered until it is turned back on."
                  : "On: deliveries resume, the ones that waited first."
              }
              checked={active}
              onChange={(event) => setActive(event.currentTarget.checked)}
              data-testid="webhook-active"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!valid} data-testid="webhook-save">
              {webhook ? "Save" : "Create webhook"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

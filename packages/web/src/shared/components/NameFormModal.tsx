import type { ErrorLike } from "@apollo/client";
import { Button, Checkbox, Group, Modal, Stack, TextInput } from "@mantine/core";
import type { ReactNode } from "react";
import { missingPermissionHint } from "../../modules/auth/hooks/use-permission";
import { ErrorState } from "./ErrorState";

interface NameFormModalProps {
  title: string;
  onClose: () => void;
  name: string;
  onNameChange: (name: string) => void;
  namePlaceholder?: string;
  nameTestId: string;
  /** Called with a name that is not blank. */
  onSubmit: () => void;
  loading: boolean;
  error: ErrorLike | undefined;
  submitLabel: string;
  submitTestId: string;
  /** What is being saved, above the name; options and notes below it. */
  above?: ReactNode;
  below?: ReactNode;
}

/** A dialog that saves something under a name (a segment, a view) or renames it; the server's refusal shows in it. */
export function NameFormModal(props: NameFormModalProps) {
  const { title, onClose, name, onNameChange, namePlaceholder, nameTestId, onSubmit, loading, error } = props;
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) onSubmit();
        }}
      >
        <Stack>
          {error && <ErrorState error={error} />}
          {props.above}
          <TextInput
            label="Name"
            placeholder={namePlaceholder}
            value={name}
            onChange={(event) => onNameChange(event.currentTarget.value)}
            maxLength={100}
            required
            data-autofocus
            data-testid={nameTestId}
          />
          {props.below}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={loading} disabled={!name.trim()} data-testid={props.submitTestId}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface ShareCheckboxProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Sharing needs segments.manage, for segments and views alike. */
  mayShare: boolean;
  /** What sharing means for this kind of thing. */
  description: string;
  testId: string;
}

/** "Shared with every agent", disabled with the reason for an agent who may not share. */
export function ShareCheckbox({ checked, onChange, mayShare, description, testId }: ShareCheckboxProps) {
  return (
    <Checkbox
      label="Shared with every agent"
      description={mayShare ? description : missingPermissionHint("segments.manage")}
      checked={checked && mayShare}
      onChange={(event) => onChange(event.currentTarget.checked)}
      disabled={!mayShare}
      data-testid={testId}
    />
  );
}

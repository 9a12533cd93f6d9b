// The state the edit forms (a person, an organization) share: their values with custom
// attributes as rows, and the server's last refusal, whose message on a field goes away once the
// agent edits that field.
import type { ErrorLike } from "@apollo/client";
import { useState } from "react";
import type { AttributeRow, ServerProblems } from "../lib/edit-form";

export interface EditFailure {
  error: ErrorLike;
  problems: ServerProblems;
  /** Inputs and attributes edited since: their server message no longer applies. */
  edited: ReadonlySet<string>;
}

// Attributes are keyed apart from inputs: an attribute may be called "email" too.
const attributeKey = (name: string) => `attribute:${name}`;

/** `onReload` reads the record again after a stale save (the form restarts from it). */
export function useEditForm<Values extends { attributes: AttributeRow[] }>(start: Values, onReload?: () => Promise<unknown>) {
  const [values, setValues] = useState<Values>(start);
  const [reloading, setReloading] = useState(false);
  const [nextKey, setNextKey] = useState(start.attributes.length);
  const [failure, setFailure] = useState<EditFailure | null>(null);

  /** The input's or attribute's edit makes its server message stale. */
  const touch = (key: string) =>
    setFailure((current) => (current ? { ...current, edited: new Set([...current.edited, key]) } : current));
  const serverError = (inputName: string): string | undefined =>
    failure && !failure.edited.has(inputName) ? failure.problems.fields[inputName] : undefined;
  const serverAttributeError = (name: string): string | undefined =>
    failure && !failure.edited.has(attributeKey(name)) ? failure.problems.attributes[name] : undefined;

  const setRow = (key: number, patch: Partial<AttributeRow>) => {
    const row = values.attributes.find((candidate) => candidate.key === key);
    if (row) touch(attributeKey(row.name));
    setValues((current) => ({
      ...current,
      attributes: current.attributes.map((candidate) => (candidate.key === key ? { ...candidate, ...patch } : candidate)),
    }));
  };
  const addRow = () => {
    setValues((current) => ({
      ...current,
      attributes: [...current.attributes, { key: nextKey, name: "", type: "STRING", value: "", original: null, removed: false }],
    }));
    setNextKey(nextKey + 1);
  };
  /** A stored attribute is marked removed (saved as an empty value); a new row just goes. */
  const removeRow = (row: AttributeRow) => {
    if (row.original !== null) setRow(row.key, { removed: true });
    else
      setValues((current) => ({ ...current, attributes: current.attributes.filter((candidate) => candidate.key !== row.key) }));
  };

  const reload = async () => {
    setReloading(true);
    try {
      await onReload?.();
    } finally {
      setReloading(false);
    }
  };

  return {
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
    /** Someone else changed the record since the form read it. */
    stale: failure?.problems.stale ?? false,
    reloading,
    reload,
  };
}

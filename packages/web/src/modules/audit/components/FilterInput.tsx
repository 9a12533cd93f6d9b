import { TextInput, type TextInputProps } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useState } from "react";

// Long enough to skip a request per keystroke, short enough to feel instant (as SearchInput).
const COMMIT_DEBOUNCE_MS = 250;

interface FilterInputProps extends Omit<TextInputProps, "value" | "onChange"> {
  /** The value in effect, from the URL. */
  value: string;
  /** Called with the trimmed text once typing pauses. */
  onCommit: (value: string) => void;
}

/**
 * A text filter kept in the URL. What is typed lives here until it is committed: the router
 * updates the URL in a transition, and an input bound to the URL directly drops the keys
 * typed before that transition renders.
 */
export function FilterInput({ value, onCommit, ...inputProps }: FilterInputProps) {
  const [text, setText] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  const [focused, setFocused] = useState(false);
  const commit = useDebouncedCallback((next: string) => onCommit(next.trim()), COMMIT_DEBOUNCE_MS);

  // The filter can change from outside (Clear filters, Back, a shared link): follow it without
  // an effect. Not while the agent types, though: the URL may still be catching up with an
  // earlier commit, and taking it would undo the keys typed since.
  if (value !== lastValue) {
    setLastValue(value);
    if (!focused && value !== text.trim()) setText(value);
  }

  return (
    <TextInput
      {...inputProps}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === "Enter") commit.flush();
      }}
      onFocus={() => setFocused(true)}
      onBlur={() => {
        setFocused(false);
        commit.flush();
      }}
    />
  );
}

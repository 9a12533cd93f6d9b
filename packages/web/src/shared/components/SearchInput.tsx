import { CloseButton, Kbd, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useSlashFocus } from "../hooks/use-slash-focus";

// Long enough to skip a request per keystroke, short enough to feel instant.
const SEARCH_DEBOUNCE_MS = 250;

interface SearchInputProps {
  label: string;
  placeholder?: string;
  /** The search in effect (from the URL or the parent's state). */
  value: string;
  /** Called once typing pauses. */
  onSearch: (value: string) => void;
  /** Let "/" focus this input; one per page. */
  slashToFocus?: boolean;
}

/** Search as you type: the box updates on every key, the list once typing pauses. */
export function SearchInput({ label, placeholder, value, onSearch, slashToFocus = false }: SearchInputProps) {
  const ref = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  const search = useDebouncedCallback((next: string) => onSearch(next.trim()), SEARCH_DEBOUNCE_MS);
  useSlashFocus(ref, slashToFocus);

  // The search can change from outside (Back, a shared link): follow it without an effect.
  if (value !== lastValue) {
    setLastValue(value);
    if (value !== text.trim()) setText(value);
  }

  const clear = () => {
    search.cancel();
    setText("");
    onSearch("");
    ref.current?.focus();
  };

  return (
    <TextInput
      ref={ref}
      label={label}
      placeholder={placeholder}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        search(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        // Enter searches now instead of waiting for the pause; Escape clears.
        if (event.key === "Enter") search.flush();
        if (event.key === "Escape" && text) clear();
      }}
      leftSection={<IconSearch size={16} />}
      rightSection={
        text ? <CloseButton size="sm" aria-label="Clear search" onClick={clear} /> : slashToFocus && <Kbd size="xs">/</Kbd>
      }
      w={{ base: "100%", sm: 280 }}
      data-testid="search-input"
    />
  );
}

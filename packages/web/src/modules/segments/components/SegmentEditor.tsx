import { completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { lintKeymap } from "@codemirror/lint";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderText } from "@codemirror/view";
import { Box, Text, useComputedColorScheme } from "@mantine/core";
import { useEffect, useId, useRef, useState } from "react";
import { segmentLanguage } from "../lib/segment-codemirror";

interface SegmentEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter, e.g. to apply the query; `submitLabel` says what it does ("applies"). */
  onSubmit?: () => void;
  submitLabel?: string;
}

const PLACEHOLDER = "state = banned and lastLoginAt < now-30d";

/**
 * The segment query in CodeMirror: coloured, checked as you type (hover a mark for the problem
 * and its quick fix, or press Ctrl+Shift+M for the list) and completed from the field catalog
 * (Ctrl+Space).
 */
export function SegmentEditor({ value, onChange, onSubmit, submitLabel }: SegmentEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const [darkMode] = useState(() => new Compartment());
  const labelId = useId();
  const dark = useComputedColorScheme("light") === "dark";
  // The view lives outside React; it calls the latest handlers through these.
  const onChangeRef = useRef(onChange);
  const onSubmitRef = useRef(onSubmit);
  useEffect(() => {
    onChangeRef.current = onChange;
    onSubmitRef.current = onSubmit;
  }, [onChange, onSubmit]);

  // Created once: the first value and scheme seed it, later ones are pushed in by the effects below.
  const initial = useRef({ value, dark });
  useEffect(() => {
    if (!hostRef.current) return;
    const view = new EditorView({
      parent: hostRef.current,
      state: EditorState.create({
        doc: initial.current.value,
        extensions: [
          history(),
          keymap.of([
            {
              key: "Mod-Enter",
              run: () => {
                onSubmitRef.current?.();
                return onSubmitRef.current !== undefined;
              },
            },
            ...completionKeymap,
            ...lintKeymap,
            ...historyKeymap,
            ...defaultKeymap,
          ]),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-labelledby": labelId, "aria-multiline": "true" }),
          placeholderText(PLACEHOLDER),
          darkMode.of(EditorView.darkTheme.of(initial.current.dark)),
          segmentLanguage(),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [labelId, darkMode]);

  // The builder, a saved segment or Back can change the query from outside.
  useEffect(() => {
    const view = viewRef.current;
    if (!view || view.state.doc.toString() === value) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: darkMode.reconfigure(EditorView.darkTheme.of(dark)) });
  }, [dark, darkMode]);

  return (
    <Box>
      <Text id={labelId} size="sm" fw={500} mb={4}>
        Query
      </Text>
      <Box ref={hostRef} data-testid="segment-editor" />
      <Text size="xs" c="dimmed" mt={4}>
        Ctrl+Space completes{onSubmit && submitLabel ? `, Ctrl+Enter ${submitLabel}` : ""}; hover a marked part for the problem
        and its fix.
      </Text>
    </Box>
  );
}

// The segment language in CodeMirror 6: colours, problems marked while typing (with their
// quick fixes), completion from the catalog, and a look that follows the Mantine theme.
import { autocompletion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { linter } from "@codemirror/lint";
import { RangeSetBuilder, type Extension } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from "@codemirror/view";
import { completeSegment } from "./segment-completion";
import { segmentDiagnostics } from "./segment-diagnostics";
import { type SegmentTokenKind, tokenizeSegment } from "./segment-tokens";

// Short enough to feel like "as you type", long enough not to flash a mark at every keystroke.
const LINT_DELAY_MS = 200;

const tokenMarks: Partial<Record<SegmentTokenKind, Decoration>> = Object.fromEntries(
  (["keyword", "operator", "field", "value", "literal", "string", "number", "date", "now", "punctuation"] as const).map(
    (kind) => [kind, Decoration.mark({ class: `cm-segment-${kind}` })],
  ),
);

function highlight(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  // Queries are a few lines at most, so the whole text is coloured on every change.
  for (const token of tokenizeSegment(view.state.doc.toString())) {
    const mark = tokenMarks[token.kind];
    if (mark) builder.add(token.from, token.to, mark);
  }
  return builder.finish();
}

const segmentHighlighting = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = highlight(view);
    }
    update(update: ViewUpdate) {
      if (update.docChanged) this.decorations = highlight(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

function segmentCompletionSource(context: CompletionContext): CompletionResult | null {
  const completion = completeSegment(context.state.doc.toString(), context.pos);
  if (!completion) return null;
  // Unprompted, only offer something once a word is started or right after a space or bracket.
  if (!context.explicit && completion.from === context.pos && !/[\s(,]$/.test(context.state.sliceDoc(0, context.pos))) {
    return null;
  }
  return { from: completion.from, options: completion.items, validFor: completion.validFor };
}

const color = (name: string) => ({ color: `var(--mantine-color-${name}-text)` });

const segmentTheme = EditorView.theme({
  "&": {
    border: "1px solid var(--mantine-color-default-border)",
    borderRadius: "var(--mantine-radius-md)",
    backgroundColor: "var(--mantine-color-body)",
    color: "var(--mantine-color-text)",
    fontSize: "var(--mantine-font-size-sm)",
  },
  "&.cm-focused": { outline: "none", borderColor: "var(--mantine-primary-color-filled)" },
  ".cm-scroller": { fontFamily: "var(--mantine-font-family-monospace)", lineHeight: "1.6" },
  ".cm-content": { padding: "8px 0", minHeight: "64px", caretColor: "var(--mantine-color-text)" },
  ".cm-line": { padding: "0 10px" },
  ".cm-placeholder": { color: "var(--mantine-color-placeholder)" },
  ".cm-tooltip": {
    backgroundColor: "var(--mantine-color-body)",
    color: "var(--mantine-color-text)",
    border: "1px solid var(--mantine-color-default-border)",
    borderRadius: "var(--mantine-radius-sm)",
    fontFamily: "var(--mantine-font-family)",
  },
  ".cm-tooltip.cm-tooltip-autocomplete > ul": { fontFamily: "var(--mantine-font-family-monospace)" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": {
    backgroundColor: "var(--mantine-primary-color-filled)",
    color: "var(--mantine-color-white)",
  },
  ".cm-completionInfo": { padding: "4px 8px" },
  ".cm-diagnosticAction": {
    backgroundColor: "var(--mantine-primary-color-filled)",
    borderRadius: "var(--mantine-radius-sm)",
  },
  ".cm-segment-keyword": { ...color("violet"), fontWeight: 600 },
  ".cm-segment-operator": color("grape"),
  ".cm-segment-field": color("blue"),
  ".cm-segment-value": color("pink"),
  ".cm-segment-literal": color("orange"),
  ".cm-segment-string": color("green"),
  ".cm-segment-number": color("orange"),
  ".cm-segment-date": color("teal"),
  ".cm-segment-now": color("cyan"),
  ".cm-segment-punctuation": { color: "var(--mantine-color-dimmed)" },
});

/** Everything the segment editor adds to a plain CodeMirror view. */
export function segmentLanguage(): Extension[] {
  return [
    segmentHighlighting,
    linter((view) => segmentDiagnostics(view.state.doc.toString()), { delay: LINT_DELAY_MS }),
    autocompletion({ override: [segmentCompletionSource], icons: false }),
    segmentTheme,
  ];
}

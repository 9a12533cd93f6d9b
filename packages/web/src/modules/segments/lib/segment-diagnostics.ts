// The problems of a query as editor diagnostics, checked by the same package the server runs,
// so what is marked while typing is exactly what the server would refuse. Hints (a query that
// runs, but probably not as meant, such as `createdAt is null`) show as warnings, which block nothing.
import type { Diagnostic } from "@codemirror/lint";
import { validateSegment } from "@roster/segments";
import { offsetAt } from "./text-positions";

export function segmentDiagnostics(text: string): Diagnostic[] {
  // An empty editor is a query not yet written, not a mistake.
  if (text.trim() === "") return [];
  const { errors, hints } = validateSegment(text);
  const marked = [
    ...errors.map((error) => ({ error, severity: "error" as const })),
    ...hints.map((error) => ({ error, severity: "warning" as const })),
  ];
  return marked.map(({ error, severity }) => {
    const from = offsetAt(text, error.line, error.column);
    const to = Math.max(from, offsetAt(text, error.endLine, error.endColumn));
    const { suggestion } = error;
    return {
      from,
      to,
      severity,
      message: error.message,
      actions:
        suggestion === undefined
          ? undefined
          : [
              {
                name: `Use ${suggestion}`,
                // `from`/`to` are the diagnostic's range now, which typing since may have moved.
                apply: (view, start, end) =>
                  view.dispatch({
                    changes: { from: start, to: end, insert: suggestion },
                    selection: { anchor: start + suggestion.length },
                    userEvent: "input.complete",
                  }),
              },
            ],
    };
  });
}

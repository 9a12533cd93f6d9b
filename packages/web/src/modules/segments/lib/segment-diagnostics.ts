// The problems of a query as editor diagnostics, checked by the same package the server runs,
// so what is marked while typing is exactly what the server would refuse.
import type { Diagnostic } from "@codemirror/lint";
import { validateSegment } from "@roster/segments";
import { offsetAt } from "./text-positions";

export function segmentDiagnostics(text: string): Diagnostic[] {
  // An empty editor is a query not yet written, not a mistake.
  if (text.trim() === "") return [];
  return validateSegment(text).errors.map((error) => {
    const from = offsetAt(text, error.line, error.column);
    const to = Math.max(from, offsetAt(text, error.endLine, error.endColumn));
    const { suggestion } = error;
    return {
      from,
      to,
      severity: "error",
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

// The list's keys (shared/lib/shortcuts.ts names them for the `?` sheet): j/k or the arrows move
// a row focus, Enter opens the row, x ticks it, `.` opens its actions. The focus is the DOM's
// own (a roving tabindex), so screen readers follow it and Tab leaves the table in one step.
import { useCallback, useEffect, useRef, useState, type CSSProperties, type RefObject } from "react";
import { isPageKey } from "../../../shared/lib/page-keys";

interface RowKeyboardOptions<Row extends { id: string }> {
  /** The element around the table: where the rows are looked up. */
  containerRef: RefObject<HTMLElement | null>;
  rows: readonly Row[];
  /** The row to focus once it is shown (the person the agent came back from). */
  focusId: string | null;
  onOpen: (row: Row) => void;
  onToggle?: (row: Row) => void;
  /** The button in a row that opens its menu, for `.`. */
  menuSelector?: string;
}

function rowElement(table: HTMLElement | null, index: number): HTMLElement | null {
  return table?.querySelector<HTMLElement>(`tbody tr[data-row-index="${index}"]`) ?? null;
}

export function useRowKeyboard<Row extends { id: string }>({
  containerRef,
  rows,
  focusId,
  onOpen,
  onToggle,
  menuSelector,
}: RowKeyboardOptions<Row>) {
  // By person, not by position: a new page (whose people differ) starts unfocused by itself.
  const [focusedId, setFocusedId] = useState(focusId);
  const focused = rows.findIndex((row) => row.id === focusedId);

  const focusRow = useCallback(
    (index: number) => {
      setFocusedId(rows[index]?.id ?? null);
      rowElement(containerRef.current, index)?.focus();
    },
    [containerRef, rows],
  );

  // Coming back to the list: once the person's row is shown, it takes the DOM focus.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || focused < 0) return;
    restored.current = true;
    rowElement(containerRef.current, focused)?.focus();
  }, [containerRef, focused]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isPageKey(event) || !rows.length) return;
      const target = event.target as HTMLElement;
      const row = target.closest<HTMLElement>("tbody tr[data-row-index]");
      const onRow = row !== null && containerRef.current?.contains(row) === true;
      // Buttons and links keep Enter and the arrows; j and k move the row focus from anywhere.
      const free = onRow || target === document.body;
      const current = onRow ? Number(row.dataset.rowIndex) : focused;
      const move = (step: number) => {
        event.preventDefault();
        focusRow(Math.min(Math.max(current + step, 0), rows.length - 1));
      };
      const act = (handler: ((row: Row) => void) | undefined) => {
        if (!handler || !free || current < 0 || current >= rows.length) return;
        event.preventDefault();
        handler(rows[current]);
      };
      switch (event.key) {
        case "j":
          return move(1);
        case "k":
          return move(-1);
        case "ArrowDown":
          return free ? move(1) : undefined;
        case "ArrowUp":
          return free ? move(-1) : undefined;
        case "Enter":
          return act(onOpen);
        case "x":
          return act(onToggle);
        case ".":
          return act(
            menuSelector
              ? () => {
                  // A click on the row's own button: the menu opens as for the mouse, and arrows then walk it.
                  const button = rowElement(containerRef.current, current)?.querySelector<HTMLElement>(menuSelector);
                  button?.focus();
                  button?.click();
                }
              : undefined,
          );
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [containerRef, rows, focused, focusRow, onOpen, onToggle, menuSelector]);

  const rowAttributes = (_row: Row, index: number): Record<string, unknown> => ({
    // One row is in the tab order (the focused one, else the first): Tab reaches the list once.
    tabIndex: index === Math.max(focused, 0) ? 0 : -1,
    "data-row-index": index,
    onFocus: () => setFocusedId(rows[index]?.id ?? null),
  });

  const focusedStyle: CSSProperties = { outline: "2px solid var(--mantine-primary-color-filled)", outlineOffset: -2 };
  const rowStyle = (_row: Row, index: number): CSSProperties | undefined => (index === focused ? focusedStyle : undefined);

  return { rowAttributes, rowStyle };
}

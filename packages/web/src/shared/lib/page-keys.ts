// Single-letter shortcuts belong to the page only when nothing else takes the key: not while
// typing in a field, not inside a dialog, menu or list box, not with a modifier (Ctrl+K and
// the browser's own keys stay theirs).
const OWN_KEYS = "input, textarea, select, [contenteditable='true'], [role='dialog'], [role='menu'], [role='listbox']";

export function isPageKey(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return false;
  return !(event.target instanceof Element && event.target.closest(OWN_KEYS));
}

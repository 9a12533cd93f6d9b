// After a command navigates, the control it is about (the page's "New organization" button)
// gets the focus, so Enter does the rest. The page renders after the route changes, and the
// palette hands focus back 10 ms after it closes (Mantine's useFocusReturn): polling from
// 50 ms on lands after both.
const POLL_MS = 50;
const GIVE_UP_MS = 3000;

export function focusOnArrival(selector: string): void {
  const deadline = Date.now() + GIVE_UP_MS;
  const attempt = () => {
    const element = document.querySelector<HTMLElement>(selector);
    if (element) element.focus();
    else if (Date.now() < deadline) setTimeout(attempt, POLL_MS);
  };
  setTimeout(attempt, POLL_MS);
}

// The browser reads the blob after the click returns, and some only once the save dialog
// closes: revoking the URL at once can cut the download off. A minute is ample, and cheap.
const REVOKE_AFTER_MS = 60_000;

/**
 * Saves a value as a pretty-printed JSON file through the browser's own download, so the data
 * goes straight from the answer to the agent's disk without another request.
 */
export function downloadJson(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  // Firefox only follows a click on a link that is in the document.
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

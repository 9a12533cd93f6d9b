// The browser reads the blob after the click returns, and some only once the save dialog
// closes: revoking the URL at once can cut the download off. A minute is ample, and cheap.
const REVOKE_AFTER_MS = 60_000;

/** The name the server gave the file (`Content-Disposition: attachment; filename="…"`), if any. */
function fileNameOf(response: Response): string | null {
  const disposition = response.headers.get("Content-Disposition") ?? "";
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? null;
}

/**
 * Saves a successful answer through the browser's own download. The file is fetched rather than
 * opened as a link so that a refusal shows as an error on the page, not as a saved error file.
 */
export async function saveResponse(response: Response, fallbackName: string): Promise<void> {
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileNameOf(response) ?? fallbackName;
  // Firefox only follows a click on a link that is in the document.
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

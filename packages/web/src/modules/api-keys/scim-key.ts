/** The key an identity provider's SCIM connector uses (README "SCIM provisioning"). */

/** The one permission `/scim/v2` asks of a key; such a key needs nothing else. */
export const SCIM_PERMISSION = "scim.provision";

/**
 * The address to paste into the identity provider. The server serves this SPA and `/scim/v2` on
 * one port, so the page's own origin is the best guess the SPA has: it is not told
 * ROSTER_PUBLIC_URL, so behind a proxy that publishes Roster at another address the admin
 * pastes that address instead (the secret view says so).
 */
export function scimBaseUrl(): string {
  return `${window.location.origin}/scim/v2`;
}

/**
 * Where a webhook may point. Roster POSTs from inside the network it runs in, so a URL must not
 * reach what only that network can (a database, a cloud metadata service at 169.254.169.254,
 * the machine itself): private, loopback, link-local and other reserved addresses are refused
 * unless ROSTER_WEBHOOKS_ALLOW_PRIVATE=true. Names are resolved when sending and the request
 * goes to the address checked, so a name cannot turn private between check and connection.
 */
import dns from "node:dns/promises";
import net from "node:net";
import { badInput } from "../../common/errors";
import { WIDTH } from "../../common/widths";

const reserved = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  reserved.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  reserved.addSubnet(network, prefix, "ipv6");

/** Whether an address is private, loopback or otherwise not on the public internet. */
export function isReservedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return reserved.check(address, "ipv4");
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? reserved.check(mapped[1], "ipv4") : reserved.check(address, "ipv6");
}

/** The URL as stored: an absolute http(s) URL without credentials; a literal reserved address refused. */
export function checkWebhookUrl(url: string, allowPrivate: boolean): string {
  const text = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw badInput("url", "url must be an absolute http:// or https:// URL.");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw badInput("url", "url must use http or https.");
  if (parsed.username || parsed.password)
    throw badInput("url", "url must not hold credentials: the signature authenticates Roster.");
  if ([...text].length > WIDTH.webhook.url) throw badInput("url", `url must be at most ${WIDTH.webhook.url} characters.`);
  const host = hostOf(parsed);
  if (!allowPrivate && (host === "localhost" || host.endsWith(".localhost") || (net.isIP(host) && isReservedAddress(host)))) {
    throw badInput("url", `url points at a private or loopback address (${host}); Roster delivers to public addresses only.`);
  }
  return text;
}

export interface Destination {
  address: string;
  family: 4 | 6;
}

/** The address to connect to: the literal one, or the first the name resolves to; a reserved one refused. */
export async function destinationOf(url: URL, allowPrivate: boolean): Promise<Destination> {
  const host = hostOf(url);
  const family = net.isIP(host);
  const candidates = family ? [{ address: host, family }] : await dns.lookup(host, { all: true });
  if (candidates.length === 0) throw new Error(`${host} does not resolve`);
  if (!allowPrivate) {
    const refused = candidates.find((candidate) => isReservedAddress(candidate.address));
    // Any reserved answer refuses the name: picking a public one would leave the rest to chance.
    if (refused) throw new Error(`refused: ${host} resolves to the private or loopback address ${refused.address}`);
  }
  return { address: candidates[0].address, family: candidates[0].family === 6 ? 6 : 4 };
}

/** The host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
}

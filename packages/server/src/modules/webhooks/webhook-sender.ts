/**
 * One HTTP POST of a delivery: to the address checked (webhook-address.ts), within a time limit,
 * following no redirect (a 3xx is a failure: the receiver must be where the URL says), and
 * reading at most a few kilobytes of the answer (only its status counts).
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { destinationOf } from "./webhook-address";

export interface SendSettings {
  allowPrivate: boolean;
  timeoutMs: number;
}

export interface SendResult {
  /** The answer's status; null when none came. */
  status: number | null;
  ms: number;
  /** Why it failed; null on a 2xx. */
  error: string | null;
}

const RESPONSE_CAP_BYTES = 16 * 1024;

export async function send(
  url: string,
  headers: Record<string, string>,
  body: string,
  settings: SendSettings,
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const target = new URL(url);
    // Name resolution counts against the same time limit as the request.
    const destination = await withTimeout(destinationOf(target, settings.allowPrivate), settings.timeoutMs);
    // The connection goes to the address checked, whatever the name resolves to by then.
    const lookup: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [destination]);
      else callback(null, destination.address, destination.family);
    };
    const status = await post(target, { ...headers, "content-type": "application/json" }, body, lookup, settings.timeoutMs);
    const ok = status >= 200 && status < 300;
    return {
      status,
      ms: elapsed(),
      error: ok ? null : `HTTP ${status}${status >= 300 && status < 400 ? " (redirects are not followed)" : ""}`,
    };
  } catch (error) {
    return { status: null, ms: elapsed(), error: error instanceof Error ? error.message : String(error) };
  }
}

function post(
  target: URL,
  headers: Record<string, string>,
  body: string,
  lookup: LookupFunction,
  timeoutMs: number,
): Promise<number> {
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)), "user-agent": "Roster-Webhooks/1" },
        lookup,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          // Enough: the status is what counts; a receiver streaming more is cut off.
          if (read > RESPONSE_CAP_BYTES) response.destroy();
        });
        response.on("close", () => resolve(response.statusCode ?? 0));
        response.on("error", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", (error) => reject(error.name === "AbortError" ? new Error(`no answer within ${timeoutMs} ms`) : error));
    request.end(body);
  });
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * `pnpm bench:webhooks [--database sqlite|mariadb|both] [--events N] [--writers C]`: how fast
 * changes reach a webhook receiver (issue 19).
 *
 * A real Roster server runs as a child process (the built `dist/main.js`, NODE_ENV=production,
 * ROSTER_WEBHOOKS_ALLOW_PRIVATE=true) on a scratch database (scratch-database.ts). A receiver on
 * 127.0.0.1 verifies every signature (Standard Webhooks) and answers 204. One webhook subscribes
 * to person.created; `--writers` clients (4) create `--events` people (2,000) over the API as
 * fast as the server answers. Printed: the writes per second, the deliveries per second (from
 * the first write sent to the last delivery received), and the lag of each delivery from the
 * moment its write was sent (an upper bound of commit-to-receiver) at p50, p95 and max. Every
 * event must arrive exactly once with a valid signature, or the command exits non-zero.
 *
 * With `--segment [--users N] [--runs R]`: the cost of segment enter/leave instead
 * (webhook-segments-bench.ts), at 100,000 people by default.
 */
import "reflect-metadata";
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { parseArgs } from "node:util";
import type { Config } from "../config/config";
import { BENCH_ADMIN, scratchDatabase, signIn } from "./scratch-database";
import { startServerChild, type ServerChild } from "./server-child";
import { benchSegments } from "./webhook-segments-bench";

const DELIVERY_TIMEOUT_MS = 300_000;

interface Receiver {
  url: string;
  /** Arrival time (performance.now) by the created person's id. */
  arrivals: Map<string, number[]>;
  invalid: number;
  close(): Promise<void>;
}

/** A loopback receiver that checks each signature with `secret` (set once the webhook exists). */
async function startReceiver(secretOf: () => string): Promise<Receiver> {
  const arrivals = new Map<string, number[]>();
  const receiver = { arrivals, invalid: 0 } as Receiver;
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const at = performance.now();
      const id = String(request.headers["webhook-id"]);
      const timestamp = String(request.headers["webhook-timestamp"]);
      const key = Buffer.from(secretOf().replace(/^whsec_/, ""), "base64");
      const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
      const valid = String(request.headers["webhook-signature"])
        .split(" ")
        .some((signature) => {
          const given = Buffer.from(signature.replace(/^v1,/, ""), "base64");
          return given.length === expected.length && timingSafeEqual(given, expected);
        });
      if (!valid) receiver.invalid += 1;
      const personId = (JSON.parse(body) as { data: { id: string } }).data.id;
      arrivals.set(personId, [...(arrivals.get(personId) ?? []), at]);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/roster`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

function startServer(config: Config): Promise<ServerChild> {
  return startServerChild({
    NODE_ENV: "production",
    PORT: "0",
    ROSTER_DATA_DIR: config.dataDir,
    ROSTER_ADMIN_EMAIL: BENCH_ADMIN.email,
    ROSTER_ADMIN_PASSWORD: BENCH_ADMIN.password,
    ROSTER_RATE_LIMIT_PER_MINUTE: "1000000",
    ROSTER_DEMO_DATA: "off",
    ROSTER_PUBLIC_URL: "http://localhost",
    ROSTER_WEBHOOKS_ALLOW_PRIVATE: "true",
    ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}),
  });
}

async function graphql<T>(url: string, cookie: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors ?? body));
  return body.data;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function run(database: string, events: number, writers: number): Promise<string> {
  const scratch = await scratchDatabase(database);
  await scratch.dataSource.destroy();
  let secret = "";
  const receiver = await startReceiver(() => secret);
  const server = await startServer(scratch.config);
  try {
    const cookie = await signIn(server.url);
    ({
      createWebhook: { secret },
    } = await graphql<{ createWebhook: { secret: string } }>(
      server.url,
      cookie,
      "mutation ($url: String!) { createWebhook(input: { url: $url, events: [PERSON_CREATED] }) { secret } }",
      { url: receiver.url },
    ));
    const sentAt = new Map<string, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < events) {
          next += 1;
          const before = performance.now();
          const { createUser } = await graphql<{ createUser: { id: string } }>(
            server.url,
            cookie,
            "mutation ($name: String!) { createUser(input: { displayName: $name, kind: CUSTOMER }) { id } }",
            { name: `Bench person ${next}` },
          );
          sentAt.set(createUser.id, before);
        }
      }),
    );
    const written = performance.now();
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    while ([...sentAt.keys()].some((id) => !receiver.arrivals.has(id)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const missing = [...sentAt.keys()].filter((id) => !receiver.arrivals.has(id)).length;
    const duplicated = [...receiver.arrivals.values()].filter((times) => times.length > 1).length;
    const lags = [...sentAt].flatMap(([id, at]) => (receiver.arrivals.get(id) ?? []).slice(0, 1).map((arrived) => arrived - at));
    const lastArrival = Math.max(...[...receiver.arrivals.values()].flat());
    const sorted = lags.sort((a, b) => a - b);
    if (missing || duplicated || receiver.invalid) {
      process.exitCode = 1;
      console.error(`${database}: ${missing} missing, ${duplicated} delivered twice, ${receiver.invalid} bad signatures`);
    }
    const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
    return `| ${database} | ${sentAt.size} | ${rate(sentAt.size, written - started)} | ${rate(receiver.arrivals.size, lastArrival - started)} | ${Math.round(percentile(sorted, 50))} | ${Math.round(percentile(sorted, 95))} | ${Math.round(sorted.at(-1) ?? 0)} | ${missing} / ${duplicated} / ${receiver.invalid} |`;
  } finally {
    await server.stop();
    await receiver.close();
    await scratch.dispose();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      database: { type: "string", default: "sqlite" },
      events: { type: "string", default: "2000" },
      writers: { type: "string", default: "4" },
      segment: { type: "boolean", default: false },
      users: { type: "string", default: "100000" },
      runs: { type: "string", default: "5" },
    },
  });
  const databases = values.database === "both" ? ["sqlite", "mariadb"] : [values.database];
  if (values.segment) return benchSegments(databases, Number(values.users), Number(values.runs));
  const rows: string[] = [];
  for (const database of databases) rows.push(await run(database, Number(values.events), Number(values.writers)));
  console.log(`\nWebhooks: ${values.events} person.created events, ${values.writers} writers, one loopback receiver`);
  console.log(
    `load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")} (${os.cpus().length} cores)\n`,
  );
  console.log(
    "| database | events | writes/s | deliveries/s | lag p50 ms | lag p95 ms | lag max ms | missing / twice / bad signature |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const row of rows) console.log(row);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

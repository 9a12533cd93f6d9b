/** A webhook receiver on loopback for the webhook tests, and a wait for what it receives. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLClient } from "./graphql-client";

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A receiver on loopback: answers each request with `answer`'s status and keeps what it got. */
export class Receiver {
  received: Received[] = [];
  answer: (request: number) => number = () => 204;
  private server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const status = this.answer(this.received.length);
      this.received.push({ headers: request.headers, body, status });
      response.writeHead(status, status >= 300 && status < 400 ? { location: "http://127.0.0.1:9/elsewhere" } : {}).end();
    });
  });
  url = "";
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
  /** The bodies the receiver acknowledged (answered 2xx). */
  acknowledged(): string[] {
    return this.received.filter((request) => request.status < 300).map((request) => request.body);
  }
}

/** Polls `probe` until it answers something truthy. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Deletes every webhook, so the next test's receiver hears only its own (an afterEach). */
export async function deleteAllWebhooks(admin: GraphQLClient): Promise<void> {
  const { webhooks } = await admin.data<{ webhooks: { id: string }[] }>("{ webhooks { id } }");
  for (const { id } of webhooks) await admin.data("mutation ($id: ID!) { deleteWebhook(id: $id) }", { id });
}

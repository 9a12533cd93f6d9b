/**
 * Several Roster processes on one database deliver a webhook's changes once: each subscription
 * is delivered under a lease, so no two processes send it at the same time.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../src/config/config";
import { startRoster, type RunningRoster } from "../src/server";
import { GraphQLClient } from "./support/graphql-client";
import { ADMIN, createMariadbDatabase } from "./support/roster";

let database: { url: string; drop(): Promise<void> };
const servers: RunningRoster[] = [];
const received: { id: string; person: string }[] = [];
const receiver = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
  request.on("end", () => {
    received.push({ id: String(request.headers["webhook-id"]), person: (JSON.parse(body) as { data: { id: string } }).data.id });
    response.writeHead(204).end();
  });
});

beforeAll(async () => {
  database = await createMariadbDatabase();
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  for (let index = 0; index < 3; index += 1) {
    servers.push(
      await startRoster(
        loadConfig({
          NODE_ENV: "test",
          PORT: "0",
          DATABASE_URL: database.url,
          ROSTER_DEMO_DATA: "off",
          ROSTER_ADMIN_EMAIL: ADMIN.email,
          ROSTER_ADMIN_PASSWORD: ADMIN.password,
          ROSTER_LOG_LEVEL: "error",
          ROSTER_WEBHOOKS_ALLOW_PRIVATE: "true",
        }),
      ),
    );
  }
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await new Promise((resolve) => receiver.close(resolve));
  await database.drop();
});

test("three processes, one webhook: every change delivered exactly once", async () => {
  const clients = await Promise.all(
    servers.map(async (server) => {
      const client = new GraphQLClient(`${server.url}/graphql`);
      await client.login(ADMIN.email, ADMIN.password);
      return client;
    }),
  );
  await clients[0].data("mutation ($url: String!) { createWebhook(input: { url: $url, events: [PERSON_CREATED] }) { secret } }", {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
  });
  const created: string[] = [];
  // Writes spread over the three processes, while all three run their delivery jobs.
  await Promise.all(
    clients.map(async (client, index) => {
      for (let n = 0; n < 20; n += 1) {
        const { createUser } = await client.data<{ createUser: { id: string } }>(
          "mutation ($name: String!) { createUser(input: { displayName: $name, kind: CUSTOMER }) { id } }",
          { name: `Process ${index} person ${n}` },
        );
        created.push(createUser.id);
      }
    }),
  );
  const deadline = Date.now() + 30_000;
  while (received.length < created.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 2000)); // a second sending would have come by now
  expect(received.map((delivery) => delivery.person).sort()).toEqual([...created].sort());
  expect(new Set(received.map((delivery) => delivery.id)).size).toBe(created.length);
}, 60_000);

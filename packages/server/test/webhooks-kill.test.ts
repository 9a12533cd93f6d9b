/**
 * Roster killed in the middle of a delivery (SIGKILL: no shutdown code runs) resends it, never
 * loses it. The built server runs in a process of its own; the receiver takes the first request
 * and never answers, the process is killed while it waits, and a second process on the same
 * database sends the delivery again, with the same webhook-id, then goes on with new changes.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { GraphQLClient } from "./support/graphql-client";
import { ADMIN } from "./support/roster";
import { freshPlace, queryPlace, startServer, stopServersAndPlaces, type Place } from "./support/server-process";

interface Request {
  id: string;
  person: string;
  answered: boolean;
}

const requests: Request[] = [];
let arrived: () => void = () => undefined;
const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
/** Holds the first request unanswered; acknowledges every later one. */
const receiver = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
  request.on("end", () => {
    const answered = requests.length > 0;
    requests.push({
      id: String(request.headers["webhook-id"]),
      person: (JSON.parse(body) as { data: { id: string } }).data.id,
      answered,
    });
    if (answered) response.writeHead(204).end();
    else arrived();
  });
});

beforeAll(() => new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve)));
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});
afterEach(stopServersAndPlaces);

function environment(place: Place): Record<string, string> {
  return {
    NODE_ENV: "development",
    PORT: "0",
    ROSTER_DATA_DIR: place.dir,
    ROSTER_WEB_DIR: path.join(place.dir, "no-web-build"),
    ROSTER_DEMO_DATA: "off",
    ROSTER_ADMIN_EMAIL: ADMIN.email,
    ROSTER_ADMIN_PASSWORD: ADMIN.password,
    ROSTER_LOG_FORMAT: "json",
    // info: startServer learns the port from the "running on" line.
    ROSTER_LOG_LEVEL: "info",
    ROSTER_WEBHOOKS_ALLOW_PRIVATE: "true",
    ...(place.databaseUrl ? { DATABASE_URL: place.databaseUrl } : {}),
  };
}

async function signedIn(url: string | undefined): Promise<GraphQLClient> {
  if (!url) throw new Error("the server did not start");
  const client = new GraphQLClient(`${url}/graphql`);
  await client.login(ADMIN.email, ADMIN.password);
  return client;
}

async function createPerson(client: GraphQLClient, displayName: string): Promise<string> {
  const { createUser } = await client.data<{ createUser: { id: string } }>(
    "mutation ($name: String!) { createUser(input: { displayName: $name, kind: CUSTOMER }) { id } }",
    { name: displayName },
  );
  return createUser.id;
}

test("a process killed while its delivery waits for an answer: another process sends it again, and goes on", async () => {
  const place = await freshPlace();
  const first = await startServer(environment(place), place.dir);
  const client = await signedIn(first.url);
  await client.data("mutation ($url: String!) { createWebhook(input: { url: $url, events: [PERSON_CREATED] }) { secret } }", {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
  });
  const interrupted = await createPerson(client, "Interrupted");
  await Promise.race([
    firstArrived,
    new Promise((_resolve, reject) =>
      setTimeout(() => reject(new Error(`no delivery came: ${[...first.stdout, ...first.stderr].join("\n")}`)), 20_000),
    ),
  ]);
  first.child.kill("SIGKILL");
  await first.exited;
  expect(first.child.signalCode).toBe("SIGKILL");

  // What the killed process left: the delivery still PENDING, no attempt written.
  expect(await queryPlace(place, "SELECT status, attempts FROM webhook_deliveries")).toEqual([
    { status: "PENDING", attempts: 0 },
  ]);
  // Its lease on the webhook lapses 30 s after the last batch; moved there at once, as waiting would.
  await queryPlace(place, "UPDATE webhooks SET leaseUntil = NULL");

  const second = await startServer(environment(place), place.dir);
  const again = await signedIn(second.url);
  const after = await createPerson(again, "After the restart");
  const deadline = Date.now() + 30_000;
  while (requests.filter((request) => request.answered).length < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 1500)); // a further sending would have come by now
  expect(requests.map(({ person, answered }) => ({ person, answered }))).toEqual([
    { person: interrupted, answered: false },
    { person: interrupted, answered: true },
    { person: after, answered: true },
  ]);
  expect(requests[1].id).toBe(requests[0].id);
  const statuses = await queryPlace(place, "SELECT status FROM webhook_deliveries ORDER BY id");
  expect(statuses.map((row) => row.status)).toEqual(["DELIVERED", "DELIVERED"]);
}, 90_000);

/**
 * Data-protection requests: the export holds everything about a person; erasure anonymizes them
 * and their words for good, keeps the counts, is audited, and happens once.
 */
import { UserAttribute } from "../src/modules/attributes/custom-attribute.entity";
import { CommunicationKind } from "../src/modules/communications/communication.enums";
import { AttributeType } from "../src/modules/users/user.enums";
import { createAgent, createCommunication, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;
let priya: number;

const EXPORT = "query ($id: ID!) { exportPersonalData(userId: $id) }";
const ERASE =
  "mutation ($id: ID!) { eraseUser(userId: $id) { id displayName email username phone stats { totalCount ticketCount averageRating } } }";

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  const person = await createPerson(roster.dataSource, {
    displayName: "Priya Private",
    email: "priya@example.com",
    phone: "+44 20 7946 0000",
  });
  priya = person.id;
  await roster.dataSource
    .getRepository(UserAttribute)
    .insert({ userId: priya, name: "shoeSize", type: AttributeType.NUMBER, value: "38" });
  await createCommunication(roster.dataSource, person, {
    kind: CommunicationKind.TICKET,
    subject: "My address is 1 Secret Lane",
  });
  await createCommunication(roster.dataSource, person, { kind: CommunicationKind.SURVEY, rating: 4 });
  // An edit leaves the old email in the audit details.
  const { user } = await admin.data<{ user: { version: number } }>("query ($id: ID!) { user(id: $id) { version } }", {
    id: String(priya),
  });
  await admin.data(
    'mutation ($id: ID!, $v: Int!) { updateUser(id: $id, version: $v, input: { email: "priya@new.example" }) { id } }',
    {
      id: String(priya),
      v: user.version,
    },
  );
});
afterAll(() => roster.stop());

test("the export holds the person, their attributes, their words and their history, and no password hash", async () => {
  const { exportPersonalData } = await admin.data<{ exportPersonalData: Record<string, unknown> }>(EXPORT, { id: String(priya) });
  expect(exportPersonalData).toMatchObject({
    person: { displayName: "Priya Private", email: "priya@new.example", phone: "+44 20 7946 0000" },
    attributes: [{ name: "shoeSize", value: "38" }],
    communications: [
      expect.objectContaining({ kind: "TICKET", subject: "My address is 1 Secret Lane" }),
      expect.objectContaining({ kind: "SURVEY", rating: 4 }),
    ],
    accountHistory: [expect.objectContaining({ action: "USER_UPDATED" })],
  });
  expect(JSON.stringify(exportPersonalData)).not.toMatch(/passwordHash/);
});

test("erasure anonymizes for good, keeps the counts, is audited, and happens once", async () => {
  const { eraseUser } = await admin.data<{ eraseUser: Record<string, unknown> }>(ERASE, { id: String(priya) });
  expect(eraseUser).toMatchObject({
    displayName: `Erased person ${priya}`,
    email: null,
    username: null,
    phone: null,
    stats: { totalCount: 2, ticketCount: 1, averageRating: 4 },
  });
  const { exportPersonalData } = await admin.data<{ exportPersonalData: Record<string, unknown> }>(EXPORT, { id: String(priya) });
  const everything = JSON.stringify(exportPersonalData);
  for (const secret of ["Priya", "priya@", "7946", "Secret Lane", "shoeSize"]) expect(everything).not.toContain(secret);
  expect(exportPersonalData.accountHistory).toEqual(
    expect.arrayContaining([expect.objectContaining({ action: "USER_ERASED", actorName: "Administrator" })]),
  );

  const again = await admin.request(ERASE, { id: String(priya) });
  expect(again.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
});

test.each([
  ["an agent", async () => (await createAgent(roster.dataSource)).id, "INVALID_TRANSITION"],
  ["nobody", async () => 987654, "NOT_FOUND"],
])("erasing %s is refused", async (_who, target, code) => {
  const response = await admin.request(ERASE, { id: String(await target()) });
  expect(response.errors?.[0].extensions?.code).toBe(code);
});

import { registerEnumType } from "type-graphql";

export enum UserKind {
  CUSTOMER = "CUSTOMER",
  AGENT = "AGENT",
}

export enum UserState {
  ACTIVE = "ACTIVE",
  NOT_ACTIVATED = "NOT_ACTIVATED",
  BANNED = "BANNED",
  TRASHED = "TRASHED",
}

/** How the record came to be. */
export enum UserSource {
  AGENT = "AGENT",
  REGISTRATION = "REGISTRATION",
  TICKET = "TICKET",
  CHAT = "CHAT",
  CALL = "CALL",
  COMMUNITY = "COMMUNITY",
  IMPORT = "IMPORT",
  API = "API",
}

export enum AttributeType {
  STRING = "STRING",
  NUMBER = "NUMBER",
  BOOLEAN = "BOOLEAN",
  DATE = "DATE",
}

registerEnumType(UserKind, { name: "UserKind" });
registerEnumType(UserState, {
  name: "UserState",
  valuesConfig: {
    ACTIVE: { description: "Registered; may sign in." },
    NOT_ACTIVATED: { description: "Known, cannot sign in yet." },
    BANNED: { description: "Cannot sign in nor send requests (until bannedUntil when set)." },
    TRASHED: { description: "In the trash with all their communications." },
  },
});
registerEnumType(UserSource, { name: "UserSource" });
registerEnumType(AttributeType, { name: "AttributeType" });

/**
 * A role as a SCIM Group (RFC 7643 §4.2), and a Group as sent by an identity provider read back
 * into what Roster keeps of it: the role's name and its explicit holders. Roles whose membership
 * follows from each person's account (Everyone, Registered User, Verified, Agent) list no
 * members: they are read-only, and Everyone alone would list the whole database.
 */
import type { ScimPatchOperation } from "scim-patch";
import { WIDTH } from "../../common/widths";
import type { Role } from "../roles/role.entity";
import { SCIM } from "./scim-discovery";
import { ScimError } from "./scim-error";

export interface ScimMember {
  value: string;
  display: string;
  $ref: string;
}

export interface ScimGroup {
  schemas: [typeof SCIM.group];
  id: string;
  displayName: string;
  /** Absent when the caller excluded it (then it was not read). */
  members?: ScimMember[];
  meta: { resourceType: "Group"; created: string; lastModified: string; location: string; version: string };
}

/** A holder of the role, as one statement reads them for a page of groups. */
export interface GroupMember {
  userId: number;
  displayName: string;
}

export interface SentGroup {
  displayName: string;
  /** Unique, in the order sent. */
  memberIds: number[];
}

export function toScimGroup(
  role: Role,
  members: readonly GroupMember[] | undefined,
  version: string,
  baseUrl: string,
): ScimGroup {
  return {
    schemas: [SCIM.group],
    id: String(role.id),
    displayName: role.name,
    ...(members === undefined
      ? {}
      : {
          members: members.map((member) => ({
            value: String(member.userId),
            display: member.displayName,
            $ref: `${baseUrl}/Users/${member.userId}`,
          })),
        }),
    meta: {
      resourceType: "Group",
      created: role.createdAt.toISOString(),
      lastModified: role.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${role.id}`,
      version,
    },
  };
}

/** A Group body (POST, PUT, or the result of a PATCH). Missing `members` means none, as a PUT replaces them all. */
export function fromScimGroup(body: unknown): SentGroup {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ScimError(400, "A Group is a JSON object.", "invalidSyntax");
  }
  const { displayName, members } = body as { displayName?: unknown; members?: unknown };
  if (typeof displayName !== "string" || displayName.trim() === "") {
    throw new ScimError(400, "displayName is required: the role's name.", "invalidValue");
  }
  if (displayName.trim().length > WIDTH.role.name) {
    throw new ScimError(400, `displayName must be at most ${WIDTH.role.name} characters.`, "invalidValue");
  }
  if (members !== undefined && members !== null && !Array.isArray(members)) {
    throw new ScimError(400, "members must be a list of { value: <User id> }.", "invalidSyntax");
  }
  const memberIds = (members ?? []).map((member: unknown) => {
    const value = typeof member === "object" && member !== null ? (member as { value?: unknown }).value : undefined;
    const text = typeof value === "number" ? String(value) : value;
    if (typeof text !== "string" || !/^[1-9]\d{0,9}$/.test(text)) {
      throw new ScimError(400, `members: ${JSON.stringify(value ?? null)} is not a User id.`, "invalidValue");
    }
    return Number(text);
  });
  return { displayName: displayName.trim(), memberIds: [...new Set(memberIds)] };
}

/** A members path (`members`, with or without the core schema's URN); value paths such as `members[value eq "7"]` are not. */
function isMembersPath(path: string): boolean {
  return path.toLowerCase().replace(`${SCIM.group.toLowerCase()}:`, "") === "members";
}

/** Members as scim-patch compares them: by value alone (it matches whole objects, and callers send `display` or not). */
function bareMembers(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((member: unknown) =>
    typeof member === "object" && member !== null && "value" in member ? { value: String(member.value) } : member,
  );
}

/**
 * The operations with each member reduced to its value, to be applied to a Group whose members
 * are too (`patchableGroup`): Entra ID removes `[{ "value": "7" }]` from members Roster lists
 * with their display names, Okta adds them with theirs.
 */
export function bareMemberOperations(operations: readonly ScimPatchOperation[]): ScimPatchOperation[] {
  return operations.map((operation) => {
    if ("path" in operation && typeof operation.path === "string") {
      return isMembersPath(operation.path) && "value" in operation
        ? ({ ...operation, value: bareMembers(operation.value) } as ScimPatchOperation)
        : operation;
    }
    const value = "value" in operation ? operation.value : undefined;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return operation;
    const entries = Object.entries(value).map(([key, item]) => [key, isMembersPath(key) ? bareMembers(item) : item]);
    return { ...operation, value: Object.fromEntries(entries) } as ScimPatchOperation;
  });
}

/** What a PATCH is applied to: the Group's writable attributes, members by value alone. */
export function patchableGroup(group: ScimGroup): { schemas: string[]; displayName: string; members: { value: string }[] } {
  return {
    schemas: group.schemas,
    displayName: group.displayName,
    members: (group.members ?? []).map((member) => ({ value: member.value })),
  };
}

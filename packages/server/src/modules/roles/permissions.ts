/**
 * The fixed permission catalog (SPEC §4). Roles hold subsets of it; every operation declares
 * which one it needs.
 */
import { RoleKind } from "./role.enums";

export const Permission = {
  PeopleView: "people.view",
  PeopleManage: "people.manage",
  PeopleDelete: "people.delete",
  PeopleImport: "people.import",
  PeopleExport: "people.export",
  OrganizationsManage: "organizations.manage",
  RolesManage: "roles.manage",
  SegmentsManage: "segments.manage",
  AuditView: "audit.view",
  ApiKeysManage: "apiKeys.manage",
  CommunicationsRecord: "communications.record",
  ChangesRead: "changes.read",
  WebhooksManage: "webhooks.manage",
  ScimProvision: "scim.provision",
  TicketsSubmit: "tickets.submit",
  ChatsStart: "chats.start",
  CommunityPost: "community.post",
  CommunityModerate: "community.moderate",
} as const;

export type PermissionName = (typeof Permission)[keyof typeof Permission];

export interface PermissionDescription {
  name: PermissionName;
  description: string;
  kind: RoleKind;
}

export const permissionCatalog: readonly PermissionDescription[] = [
  { name: Permission.PeopleView, kind: RoleKind.AGENT, description: "See people, their history and organizations." },
  {
    name: Permission.PeopleManage,
    kind: RoleKind.AGENT,
    description: "Manage People: create, edit, activate, ban, trash, restore, verify, assign roles.",
  },
  { name: Permission.PeopleDelete, kind: RoleKind.AGENT, description: "Delete people from the trash for good." },
  { name: Permission.PeopleImport, kind: RoleKind.AGENT, description: "Import people from CSV files." },
  { name: Permission.PeopleExport, kind: RoleKind.AGENT, description: "Export lists of people to CSV." },
  { name: Permission.OrganizationsManage, kind: RoleKind.AGENT, description: "Create, edit and delete organizations." },
  { name: Permission.RolesManage, kind: RoleKind.AGENT, description: "Create, edit, delete and assign roles." },
  { name: Permission.SegmentsManage, kind: RoleKind.AGENT, description: "Create and edit shared segments." },
  { name: Permission.AuditView, kind: RoleKind.AGENT, description: "Read the audit log." },
  { name: Permission.ApiKeysManage, kind: RoleKind.AGENT, description: "Create and revoke API keys for services." },
  {
    name: Permission.CommunicationsRecord,
    kind: RoleKind.AGENT,
    description: "Record tickets, chats, calls, surveys and posts on people.",
  },
  {
    name: Permission.ChangesRead,
    kind: RoleKind.AGENT,
    description: "Read the change feed of people, organizations and communications.",
  },
  {
    name: Permission.WebhooksManage,
    kind: RoleKind.AGENT,
    description: "Create, change and delete webhooks; read and replay their deliveries.",
  },
  {
    name: Permission.ScimProvision,
    kind: RoleKind.AGENT,
    description: "Provision people over SCIM 2.0 from an identity provider (Okta, Entra ID): create, change, deactivate, trash.",
  },
  { name: Permission.TicketsSubmit, kind: RoleKind.CUSTOMER, description: "Submit tickets." },
  { name: Permission.ChatsStart, kind: RoleKind.CUSTOMER, description: "Start live chats." },
  { name: Permission.CommunityPost, kind: RoleKind.CUSTOMER, description: "Post in the community." },
  { name: Permission.CommunityModerate, kind: RoleKind.CUSTOMER, description: "Moderate community posts." },
];

export const agentPermissions: PermissionName[] = permissionCatalog
  .filter((permission) => permission.kind === RoleKind.AGENT)
  .map((permission) => permission.name);

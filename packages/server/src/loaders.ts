/**
 * The per-request DataLoaders behind every relation and aggregate field: a page of 100 people
 * asking for organization, roles and stats runs the same few statements as a page of 10.
 */
import DataLoader from "dataloader";
import type { Page } from "./common/pagination";
import type { UserAttribute, OrganizationAttribute } from "./modules/attributes/custom-attribute.entity";
import type { AuditEvent } from "./modules/audit/audit-event.entity";
import type { TargetKey } from "./modules/audit/audit.service";
import type { BulkJob } from "./modules/bulk-jobs/bulk-job.entity";
import type { Presence } from "./modules/presence/presence.types";
import type { Communication } from "./modules/communications/communication.entity";
import type { CommunicationOwner, TimelineQuery } from "./modules/communications/communication.service";
import type { ContactStats } from "./modules/communications/contact-stats.type";
import type { Organization } from "./modules/organizations/organization.entity";
import type { Role } from "./modules/roles/role.entity";
import type { Segment } from "./modules/segments/segment.entity";
import type { SavedView } from "./modules/views/saved-view.entity";
import type { Viewer } from "./modules/auth/viewer";
import type { InvitationState } from "./modules/users/invitation-state";
import type { User } from "./modules/users/user.entity";
import type { Services } from "./services";

export interface Loaders {
  user: DataLoader<number, User | null>;
  organization: DataLoader<number, Organization | null>;
  rolesOfUser: DataLoader<User, Role[], number>;
  permissionsOfRole: DataLoader<number, string[]>;
  userAttributes: DataLoader<number, UserAttribute[]>;
  organizationAttributes: DataLoader<number, OrganizationAttribute[]>;
  organizationDomains: DataLoader<number, string[]>;
  memberCount: DataLoader<number, number>;
  stats: DataLoader<{ owner: CommunicationOwner; id: number }, ContactStats, string>;
  lastAgent: DataLoader<{ owner: CommunicationOwner; id: number }, number | null, string>;
  timeline: DataLoader<TimelineQuery, Page<Communication>, string>;
  timelineCount: DataLoader<Omit<TimelineQuery, "first" | "after">, number, string>;
  stateHistory: DataLoader<number, AuditEvent[]>;
  auditTargetName: DataLoader<TargetKey, string | null, string>;
  bulkJob: DataLoader<number, BulkJob | null>;
  presence: DataLoader<User, Presence | null, number>;
  roleMemberCount: DataLoader<Role, number, number>;
  segmentCount: DataLoader<Segment, number, number>;
  /** Keyed by view; the viewer is the request's, which decides the segments a view may read. */
  savedViewCount: DataLoader<{ view: SavedView; viewer: Viewer }, number, number>;
  invitation: DataLoader<User, InvitationState | null, number>;
}

/** Splits a batch into groups that one statement can answer, and answers them in key order. */
function grouped<K, V>(groupOf: (key: K) => string, load: (keys: K[]) => Promise<V[]>) {
  return async (keys: readonly K[]): Promise<V[]> => {
    const groups = new Map<string, number[]>();
    keys.forEach((key, index) => groups.set(groupOf(key), [...(groups.get(groupOf(key)) ?? []), index]));
    const results = new Array<V>(keys.length);
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const values = await load(indexes.map((index) => keys[index]));
        indexes.forEach((index, position) => (results[index] = values[position]));
      }),
    );
    return results;
  };
}

/** A loader keyed by a person or an organization, batched per kind of owner. */
function perOwner<V>(load: (owner: CommunicationOwner, ids: number[]) => Promise<V[]>) {
  return new DataLoader<{ owner: CommunicationOwner; id: number }, V, string>(
    grouped(
      (key) => key.owner,
      (keys) =>
        load(
          keys[0].owner,
          keys.map((key) => key.id),
        ),
    ),
    { cacheKeyFn: (key) => `${key.owner}:${key.id}` },
  );
}

export function createLoaders(services: Services, now: Date): Loaders {
  const { users, organizations, roles, communications, audit, presence, roleManagement, segments } = services;
  return {
    user: new DataLoader((ids) => users.findByIds(ids)),
    organization: new DataLoader((ids) => organizations.findByIds(ids)),
    rolesOfUser: new DataLoader((people) => roles.rolesOf(people, now), { cacheKeyFn: (person) => person.id }),
    permissionsOfRole: new DataLoader((ids) => roles.permissionsOf(ids)),
    userAttributes: new DataLoader((ids) => users.attributesOf(ids)),
    organizationAttributes: new DataLoader((ids) => organizations.attributesOf(ids)),
    organizationDomains: new DataLoader((ids) => organizations.domainsOf(ids)),
    memberCount: new DataLoader((ids) => organizations.memberCounts(ids)),
    stats: perOwner((owner, ids) => communications.statsOf(owner, ids)),
    lastAgent: perOwner((owner, ids) => communications.lastAgentsOf(owner, ids)),
    timeline: new DataLoader(
      grouped(
        ({ owner, kinds, first, after }) => JSON.stringify([owner, kinds, first, after]),
        (keys) => communications.timelinesOf(keys),
      ),
      { cacheKeyFn: (key) => JSON.stringify(key) },
    ),
    timelineCount: new DataLoader(
      grouped(
        ({ owner, kinds }) => JSON.stringify([owner, kinds]),
        (keys) =>
          communications.countsOf(
            keys[0].owner,
            keys[0].kinds,
            keys.map((key) => key.ownerId),
          ),
      ),
      { cacheKeyFn: (key) => JSON.stringify(key) },
    ),
    stateHistory: new DataLoader((ids) => audit.stateHistoryOf(ids)),
    auditTargetName: new DataLoader((keys) => audit.namesOf(keys), { cacheKeyFn: (key) => `${key.type}:${key.id}` }),
    bulkJob: new DataLoader((ids) => audit.bulkJobsOf(ids)),
    presence: new DataLoader((agents) => presence.presenceOf(agents, now), { cacheKeyFn: (agent) => agent.id }),
    roleMemberCount: new DataLoader((list) => roleManagement.memberCounts(list, now), { cacheKeyFn: (role) => role.id }),
    segmentCount: new DataLoader((list) => segments.counts(list, now), { cacheKeyFn: (segment) => segment.id }),
    savedViewCount: new DataLoader(
      (keys) =>
        services.views.counts(
          keys.map((key) => key.view),
          keys[0].viewer,
          now,
        ),
      { cacheKeyFn: (key) => key.view.id },
    ),
    invitation: new DataLoader((people) => users.invitationsOf(people, now), { cacheKeyFn: (person) => person.id }),
  };
}

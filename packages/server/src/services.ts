import path from "node:path";
import type { DataSource } from "typeorm";
import type { Clock } from "./common/clock";
import type { Config } from "./config/config";
import { ApiKeyService } from "./modules/api-keys/api-key.service";
import { AuditService } from "./modules/audit/audit.service";
import { AuthService } from "./modules/auth/auth.service";
import { CredentialThrottle } from "./modules/auth/credential-throttle";
import { BulkJobService } from "./modules/bulk-jobs/bulk-job.service";
import { ChangeRecorder } from "./modules/changes/change-recorder";
import { ChangeService } from "./modules/changes/change.service";
import { ImportService } from "./modules/imports/import.service";
import { JobRunner } from "./modules/jobs/job-runner";
import { CommunicationRecordingService } from "./modules/communications/communication-recording.service";
import { communicationSegmentColumns } from "./modules/communications/communication-segment-columns";
import { CommunicationService } from "./modules/communications/communication.service";
import { MailService } from "./modules/mail/mail.service";
import { OrganizationService } from "./modules/organizations/organization.service";
import { PresenceService } from "./modules/presence/presence.service";
import { PrivacyService } from "./modules/privacy/privacy.service";
import { roleSegmentColumns } from "./modules/roles/role-segment-columns";
import { RoleManagementService } from "./modules/roles/role-management.service";
import { RoleService } from "./modules/roles/role.service";
import { SegmentService } from "./modules/segments/segment.service";
import { SavedViewService } from "./modules/views/saved-view.service";
import { TokenService } from "./modules/tokens/token.service";
import { PersonWriter } from "./modules/users/person-writer";
import { UserLifecycleService } from "./modules/users/user-lifecycle.service";
import { ScimGroupService } from "./modules/scim/scim-group.service";
import { ScimUserService } from "./modules/scim/scim-user.service";
import { userSegmentColumns } from "./modules/users/user-segment-columns";
import { UserService } from "./modules/users/user.service";
import { WebhookDispatcher } from "./modules/webhooks/webhook-dispatcher";
import { WebhookSegments } from "./modules/webhooks/webhook-segments";
import { WebhookService } from "./modules/webhooks/webhook.service";

export interface Services {
  apiKeys: ApiKeyService;
  audit: AuditService;
  auth: AuthService;
  bulkJobs: BulkJobService;
  /** The change feed (reads, and the sequencer that numbers committed changes). */
  changes: ChangeService;
  /** Counts failed credential checks; its Redis connection (with REDIS_URL) closes with the server. */
  throttle: CredentialThrottle;
  /** Runs bulk jobs and imports; started and stopped with the server (server.ts). */
  jobRunner: JobRunner;
  imports: ImportService;
  communications: CommunicationService;
  lifecycle: UserLifecycleService;
  mail: MailService;
  organizations: OrganizationService;
  presence: PresenceService;
  privacy: PrivacyService;
  recording: CommunicationRecordingService;
  roles: RoleService;
  roleManagement: RoleManagementService;
  scimUsers: ScimUserService;
  scimGroups: ScimGroupService;
  segments: SegmentService;
  views: SavedViewService;
  tokens: TokenService;
  users: UserService;
  webhooks: WebhookService;
}

/** How long a webhook receiver has to answer a delivery. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** `mail` is made by the caller, which starts and stops its sender with the server. */
export function createServices(
  dataSource: DataSource,
  config: Pick<Config, "sessionTtlHours" | "publicUrl" | "dataDir" | "credentialThrottle" | "webhooksAllowPrivate">,
  mail: MailService,
  clock: Clock,
): Services {
  const roles = new RoleService(dataSource);
  const audit = new AuditService(dataSource);
  const tokens = new TokenService();
  // Every writer records its changes for the feed through this one, in its own transaction.
  const changes = new ChangeRecorder();
  // The one writer of people's records, for every path that creates or changes one.
  const people = new PersonWriter(audit, changes);
  // Failed credential checks, counted across login, authenticateUser, passwords and tokens.
  const throttle = new CredentialThrottle(config.credentialThrottle);
  const lifecycle = new UserLifecycleService(
    dataSource,
    audit,
    people,
    changes,
    mail,
    tokens,
    { publicUrl: config.publicUrl },
    throttle,
  );
  const users = new UserService(dataSource);
  // Each module declares what its part of a segment means in SQL; the segments module compiles with them.
  const segments = new SegmentService(dataSource, {
    ...userSegmentColumns,
    ...roleSegmentColumns,
    ...communicationSegmentColumns,
  });
  const roleManagement = new RoleManagementService(dataSource, audit, changes);
  const bulkJobs = new BulkJobService(dataSource, users, segments, lifecycle, roleManagement);
  // Uploads wait on disk (next to the embedded database) until their import ends.
  const imports = new ImportService(dataSource, people, path.join(config.dataDir, "imports"));
  const changeFeed = new ChangeService(dataSource);
  const webhookSegments = new WebhookSegments(segments);
  const webhooks = new WebhookService(dataSource, changeFeed, webhookSegments, { allowPrivate: config.webhooksAllowPrivate });
  // Deliveries are jobs like the others: leased per webhook, so several processes never send one twice at once.
  const webhookDispatcher = new WebhookDispatcher(dataSource, changeFeed, mail, webhookSegments, {
    allowPrivate: config.webhooksAllowPrivate,
    timeoutMs: WEBHOOK_TIMEOUT_MS,
  });
  return {
    apiKeys: new ApiKeyService(dataSource, roles),
    audit,
    auth: new AuthService(dataSource, roles, people, config.sessionTtlHours, throttle, mail),
    bulkJobs,
    changes: changeFeed,
    throttle,
    jobRunner: new JobRunner({ bulk: bulkJobs, import: imports, webhook: webhookDispatcher }, clock),
    imports,
    communications: new CommunicationService(dataSource),
    lifecycle,
    mail,
    organizations: new OrganizationService(dataSource, audit, people, changes),
    presence: new PresenceService(dataSource),
    privacy: new PrivacyService(dataSource, people, roles),
    recording: new CommunicationRecordingService(dataSource, audit, people, lifecycle, changes),
    roles,
    roleManagement,
    scimUsers: new ScimUserService(dataSource, lifecycle),
    scimGroups: new ScimGroupService(dataSource, roleManagement),
    segments,
    views: new SavedViewService(dataSource, users, roles, segments),
    tokens,
    users,
    webhooks,
  };
}

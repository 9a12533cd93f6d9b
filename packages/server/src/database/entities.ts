import { ApiKey } from "../modules/api-keys/api-key.entity";
import { AuditEvent } from "../modules/audit/audit-event.entity";
import { OrganizationAttribute, UserAttribute } from "../modules/attributes/custom-attribute.entity";
import { Session } from "../modules/auth/session.entity";
import { BulkJob, BulkJobResult, BulkJobTarget } from "../modules/bulk-jobs/bulk-job.entity";
import { ChangeEvent, ChangeSequence } from "../modules/changes/change-event.entity";
import { CommunicationSummary } from "../modules/communications/communication-summary.entity";
import { Communication } from "../modules/communications/communication.entity";
import { ImportJob, ImportRejection } from "../modules/imports/import-job.entity";
import { OrganizationDomain } from "../modules/organizations/organization-domain.entity";
import { Organization } from "../modules/organizations/organization.entity";
import { BusinessHours } from "../modules/presence/business-hours.entity";
import { OutboxMessage } from "../modules/mail/outbox-message.entity";
import { UserToken } from "../modules/tokens/user-token.entity";
import { Role, RolePermission, UserRole } from "../modules/roles/role.entity";
import { Segment } from "../modules/segments/segment.entity";
import { SavedView } from "../modules/views/saved-view.entity";
import { User } from "../modules/users/user.entity";
import { WebhookSegmentMember } from "../modules/webhooks/webhook-segment-member.entity";
import { Webhook, WebhookDelivery } from "../modules/webhooks/webhook.entity";

export const entities = [
  User,
  UserAttribute,
  Organization,
  OrganizationDomain,
  OrganizationAttribute,
  Role,
  RolePermission,
  UserRole,
  Communication,
  CommunicationSummary,
  Session,
  AuditEvent,
  BusinessHours,
  OutboxMessage,
  UserToken,
  ApiKey,
  Segment,
  SavedView,
  BulkJob,
  BulkJobResult,
  BulkJobTarget,
  ImportJob,
  ImportRejection,
  ChangeEvent,
  ChangeSequence,
  Webhook,
  WebhookDelivery,
  WebhookSegmentMember,
];

import { InitialSchema1795392000000 } from "./1795392000000-initial-schema";
import { MailAndTokens1795400000000 } from "./1795400000000-mail-and-tokens";
import { AccountLifecycle1795401000000 } from "./1795401000000-account-lifecycle";
import { ApiKeys1795402000000 } from "./1795402000000-api-keys";
import { Segments1795403000000 } from "./1795403000000-segments";
import { CommunicationKindIndex1795404000000 } from "./1795404000000-communication-kind-index";
import { BulkJobs1795405000000 } from "./1795405000000-bulk-jobs";
import { Imports1795406000000 } from "./1795406000000-imports";
import { BulkJobFailuresAndTargets1795407000000 } from "./1795407000000-bulk-job-failures-and-targets";
import { AuditBulkJob1795408300000 } from "./1795408300000-audit-bulk-job";
import { SavedViews1795408600000 } from "./1795408600000-saved-views";
import { UserSortIndexes1795409000000 } from "./1795409000000-user-sort-indexes";
import { CommunicationSummaries1795409100000 } from "./1795409100000-communication-summaries";
import { ChangeEvents1795409200000 } from "./1795409200000-change-events";
import { Webhooks1795409300000 } from "./1795409300000-webhooks";
import { WebhookSegments1795409400000 } from "./1795409400000-webhook-segments";
import { ScimProvision1795409500000 } from "./1795409500000-scim-provision";

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const migrations = [
  InitialSchema1795392000000,
  MailAndTokens1795400000000,
  AccountLifecycle1795401000000,
  ApiKeys1795402000000,
  Segments1795403000000,
  CommunicationKindIndex1795404000000,
  BulkJobs1795405000000,
  Imports1795406000000,
  BulkJobFailuresAndTargets1795407000000,
  AuditBulkJob1795408300000,
  SavedViews1795408600000,
  UserSortIndexes1795409000000,
  CommunicationSummaries1795409100000,
  ChangeEvents1795409200000,
  Webhooks1795409300000,
  WebhookSegments1795409400000,
  ScimProvision1795409500000,
];

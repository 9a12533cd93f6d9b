import { ObjectType } from "type-graphql";
import { Connection } from "../../common/connection";
import { AuditEvent } from "./audit-event.entity";

@ObjectType({ description: "A page of the audit log." })
export class AuditEventConnection extends Connection(AuditEvent, "AuditEvent") {}

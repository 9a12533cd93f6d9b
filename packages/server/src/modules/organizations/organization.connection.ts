import { ObjectType } from "type-graphql";
import { Connection } from "../../common/connection";
import { Organization } from "./organization.entity";

@ObjectType({ description: "A page of organizations." })
export class OrganizationConnection extends Connection(Organization, "Organization") {}

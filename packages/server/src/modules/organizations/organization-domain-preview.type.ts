import { Field, Int, ObjectType } from "type-graphql";
import { Organization } from "./organization.entity";

@ObjectType({ description: "What adding a domain to an organization would do, for the form that adds it." })
export class OrganizationDomainPreview {
  @Field({ description: "The domain as it would be stored (lower-case)." })
  domain: string;

  @Field(() => Int, {
    description: "People whose email is at this domain and who have no organization: those `attachExisting` would attach.",
  })
  attachableCount: number;

  @Field(() => Organization, {
    nullable: true,
    description: "Another organization that already has this domain (adding it would be refused); null when it is free.",
  })
  takenBy: Organization | null;
}

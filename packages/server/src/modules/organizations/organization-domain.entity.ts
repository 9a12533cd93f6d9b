import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Organization } from "./organization.entity";

/**
 * An email domain owned by an organization: people created with an email at this domain join it.
 * A domain belongs to one organization at most, so the join is never ambiguous.
 */
@Entity("organization_domains")
@Index("IDX_organization_domains_organizationId", ["organizationId"])
export class OrganizationDomain {
  @PrimaryColumn({ type: "varchar", length: 255 })
  domain: string;

  @Column({ type: "int" })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: "CASCADE" })
  @JoinColumn({ name: "organizationId", foreignKeyConstraintName: "FK_organization_domains_organization" })
  organization?: Organization;
}

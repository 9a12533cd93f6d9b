/**
 * createdAt/updatedAt kept by the application rather than by column defaults, because the
 * default expressions differ between MariaDB and SQLite and one migration set serves both.
 */
import { BeforeInsert, BeforeUpdate, Column } from "typeorm";
import { Field, ObjectType } from "type-graphql";

export const datetimeColumn = { type: "datetime", precision: 3 } as const;

@ObjectType()
export abstract class Timestamped {
  @Field()
  @Column(datetimeColumn)
  createdAt: Date;

  @Field()
  @Column(datetimeColumn)
  updatedAt: Date;

  @BeforeInsert()
  protected stampCreation(): void {
    const now = new Date();
    this.createdAt ??= now;
    this.updatedAt ??= now;
  }

  @BeforeUpdate()
  protected stampUpdate(): void {
    this.updatedAt = new Date();
  }
}

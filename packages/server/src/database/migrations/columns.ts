/**
 * Column, index and foreign-key shapes shared by the migrations, in the spellings that read back
 * the same on MariaDB/MySQL and SQLite. Landed migrations depend on what these produce: add new
 * helpers rather than changing one.
 */
import { TableForeignKey, TableIndex, type TableColumnOptions } from "typeorm";

// "integer" reads back as int on MariaDB/MySQL and is the only spelling SQLite keeps.
export const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });
export const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: "varchar",
  length: String(length),
  isNullable: nullable,
});
export const datetime = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: "datetime",
  precision: 3,
  isNullable: nullable,
});
export const timestamps = [datetime("createdAt"), datetime("updatedAt")];
export const foreignKey = (name: string, column: string, table: string, onDelete: "CASCADE" | "SET NULL") =>
  new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ["id"],
    onDelete,
    onUpdate: "NO ACTION",
  });
export const index = (name: string, columnNames: string[], isUnique = false) => new TableIndex({ name, columnNames, isUnique });

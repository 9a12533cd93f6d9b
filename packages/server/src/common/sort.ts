import { registerEnumType } from "type-graphql";
import type { Direction } from "./pagination";

export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}

registerEnumType(SortDirection, { name: "SortDirection" });

export const toDirection = (direction: SortDirection): Direction => (direction === SortDirection.DESC ? "DESC" : "ASC");

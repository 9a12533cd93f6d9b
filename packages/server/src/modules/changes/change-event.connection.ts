import { ObjectType } from "type-graphql";
import { Connection } from "../../common/connection";
import { ChangeEvent } from "./change-event.entity";

@ObjectType({ description: "A page of the change feed, oldest first." })
export class ChangeEventConnection extends Connection(ChangeEvent, "ChangeEvent") {}

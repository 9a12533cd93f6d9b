import { ObjectType } from "type-graphql";
import { Connection } from "../../common/connection";
import { User } from "./user.entity";

@ObjectType({ description: "A page of people." })
export class UserConnection extends Connection(User, "User") {}

import { IsEmail, IsNotEmpty, MaxLength } from "class-validator";
import { Field, ArgsType } from "type-graphql";
import { Width, WIDTH } from "../../../common/widths";

@ArgsType()
export class LoginArgs {
  @Field()
  @IsEmail({}, { message: "email must be an email address" })
  @Width(WIDTH.user.email)
  email: string;

  @Field()
  @IsNotEmpty({ message: "password must not be empty" })
  @MaxLength(1000)
  password: string;
}

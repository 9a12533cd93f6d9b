import { IsEmail, IsNotEmpty, MaxLength } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { Width, WIDTH } from "../../../common/widths";
import { PASSWORD_MAX } from "../password-policy";

@ArgsType()
export class RequestPasswordResetArgs {
  @Field()
  @IsEmail({}, { message: "email must be an email address" })
  @Width(WIDTH.user.email)
  email: string;
}

@ArgsType()
export class ResetPasswordArgs {
  @Field({ description: "The token from the reset email's link." })
  @IsNotEmpty({ message: "token must not be empty" })
  @MaxLength(200)
  token: string;

  @Field({ description: "8–128 characters, not containing the email address or username." })
  @MaxLength(PASSWORD_MAX, { message: `password must be at most ${PASSWORD_MAX} characters` })
  password: string;
}

@ArgsType()
export class ChangePasswordArgs {
  @Field()
  @IsNotEmpty({ message: "currentPassword must not be empty" })
  @MaxLength(1000)
  currentPassword: string;

  @Field({ description: "8–128 characters, not containing your email address or username." })
  @MaxLength(PASSWORD_MAX, { message: `newPassword must be at most ${PASSWORD_MAX} characters` })
  newPassword: string;
}

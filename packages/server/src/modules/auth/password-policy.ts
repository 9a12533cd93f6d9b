/**
 * The rule every new password meets (SPEC §3.1.1), checked before anything is hashed or written:
 * 8–128 characters, not containing the person's email address or username.
 */
import { badInput } from "../../common/errors";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export function checkNewPassword(
  argument: string,
  password: string,
  person?: { email: string | null; username: string | null },
): void {
  if (password.length < PASSWORD_MIN) throw badInput(argument, `${argument} must be at least ${PASSWORD_MIN} characters.`);
  if (password.length > PASSWORD_MAX) throw badInput(argument, `${argument} must be at most ${PASSWORD_MAX} characters.`);
  const lowered = password.toLowerCase();
  for (const name of [person?.email, person?.username]) {
    if (name && name.length >= 3 && lowered.includes(name.toLowerCase())) {
      throw badInput(argument, `${argument} must not contain your email address or username.`);
    }
  }
}

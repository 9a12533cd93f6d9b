/**
 * The email to an account's owner when failed sign-ins lock it: through the outbox, like the
 * account emails, so it is sent (and retried) by the mail sender.
 */
import type { DataSource } from "typeorm";
import type { MailService } from "../mail/mail.service";
import type { User } from "../users/user.entity";

export function lockNoticeEmail(person: Pick<User, "displayName">, lockSeconds: number): { subject: string; text: string } {
  const minutes = Math.ceil(lockSeconds / 60);
  return {
    subject: "Your account was locked after failed sign-in attempts",
    text: [
      `Hello ${person.displayName},`,
      "",
      `Someone tried to sign in to your account with a wrong password several times, so sign-in is locked for ${minutes} minutes.`,
      "",
      "If this was you, wait and try again, or ask for a password reset.",
      "If it was not you, your password held; once the lock ends, consider changing it to one you use nowhere else.",
    ].join("\n"),
  };
}

/** Queues the notice for `user` (nothing when there is no one to tell) and wakes the sender. */
export async function notifyLock(
  dataSource: DataSource,
  mail: MailService,
  user: User | null,
  lockSeconds: number,
  now: Date,
): Promise<void> {
  if (!user?.email) return;
  const { subject, text } = lockNoticeEmail(user, lockSeconds);
  await mail.enqueue(dataSource.manager, { to: user.email, subject, text, purpose: "ACCOUNT_LOCKED", userId: user.id }, now);
  mail.notify();
}

/** The throttle's name for an account: its id when it exists, else what was typed. */
export function accountKey(user: Pick<User, "id"> | null, login: string): string {
  return user ? `user:${user.id}` : `login:${login.trim().toLowerCase()}`;
}

/**
 * Email through the outbox (SPEC §3.2): callers queue a message inside their own transaction;
 * the sender delivers it after commit, over SMTP or as an .eml file, retrying with backoff.
 */
import { AsyncResource } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { LessThanOrEqual, type DataSource, type EntityManager } from "typeorm";
import type { Clock } from "../../common/clock";
import { logger } from "../../common/logger";
import { OutboxMessage, OutboxStatus } from "./outbox-message.entity";

export interface QueuedEmail {
  to: string;
  subject: string;
  text: string;
  purpose: string;
  userId?: number | null;
}

/** A sent message's text with the value of every `token=` in its links replaced by "…". */
export function scrubTokens(text: string): string {
  return text.replace(/([?&]token=)[^\s&#]+/g, "$1…");
}

export interface MailSettings {
  smtpUrl?: string;
  mailFrom: string;
  dataDir: string;
}

const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
/** A claimed message is left alone by other senders for this long. */
const LEASE_MS = 120_000;
const POLL_MS = 5_000;
const BATCH = 20;

export class MailService {
  private readonly transport: Transporter;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private wakeRequested = false;
  private wake: () => void = () => undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: MailSettings,
    private readonly clock: Clock,
  ) {
    // Without SMTP the message is rendered to RFC 822 text and kept as an .eml file.
    this.transport = settings.smtpUrl
      ? nodemailer.createTransport(settings.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true });
  }

  async enqueue(manager: EntityManager, email: QueuedEmail, now: Date): Promise<void> {
    await manager.insert(OutboxMessage, {
      toAddress: email.to,
      subject: email.subject,
      textBody: email.text,
      purpose: email.purpose,
      userId: email.userId ?? null,
      status: OutboxStatus.PENDING,
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      sentAt: null,
      createdAt: now,
    });
  }

  /** Call after the transaction that queued mail has committed: sends it now rather than at the next poll. */
  notify(): void {
    if (!this.timer) return;
    this.wakeRequested = true;
    this.wake();
  }

  start(): void {
    // Bound to the context the sender starts in, not the caller's: a round woken from inside a
    // request must not count as that request's own (its statements would join the request's
    // transaction on SQLite, database/write-model.ts).
    this.wake = AsyncResource.bind(() => void this.tick());
    this.timer = setInterval(() => void this.tick(), POLL_MS);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.transport.close();
  }

  /** One delivery round at a time; a wake-up during a round runs one more. */
  private async tick(): Promise<void> {
    if (this.running) return;
    do {
      this.wakeRequested = false;
      this.running = this.deliverDue(this.clock()).then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, "mail delivery round failed"),
      );
      await this.running;
      this.running = undefined;
    } while (this.wakeRequested && this.timer);
  }

  /** Sends what is due; returns how many were sent. Exposed for tests that drive the clock. */
  async deliverDue(now: Date): Promise<number> {
    const repository = this.dataSource.getRepository(OutboxMessage);
    const due = await repository.find({
      where: { status: OutboxStatus.PENDING, nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: "ASC", id: "ASC" },
      take: BATCH,
    });
    let sent = 0;
    for (const message of due) {
      if (!(await this.claim(message, now))) continue;
      try {
        await this.send(message);
        await repository.update(
          { id: message.id },
          // Sent: the outbox keeps no usable link (a database dump must not sign anyone in).
          {
            status: OutboxStatus.SENT,
            sentAt: now,
            attempts: message.attempts + 1,
            lastError: null,
            textBody: scrubTokens(message.textBody),
          },
        );
        sent += 1;
      } catch (error) {
        const attempts = message.attempts + 1;
        const reason = error instanceof Error ? error.message : String(error);
        const retryIn = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);
        await repository.update(
          { id: message.id },
          {
            attempts,
            lastError: reason.slice(0, 1000),
            status: attempts >= MAX_ATTEMPTS ? OutboxStatus.FAILED : OutboxStatus.PENDING,
            nextAttemptAt: new Date(now.getTime() + retryIn),
          },
        );
        // The id, not the address: the outbox row has it, and logs travel further than the database.
        logger.warn({ messageId: message.id, purpose: message.purpose, attempts, reason }, "sending an email failed");
      }
    }
    return sent;
  }

  /** Moves the message's next attempt past a lease, unless another sender did first. */
  private async claim(message: OutboxMessage, now: Date): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where("id = :id AND status = :pending AND nextAttemptAt = :seen", {
        id: message.id,
        pending: OutboxStatus.PENDING,
        seen: message.nextAttemptAt,
      })
      .execute();
    return result.affected === 1;
  }

  private async send(message: OutboxMessage): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.settings.mailFrom,
      to: message.toAddress,
      subject: message.subject,
      text: message.textBody,
    });
    if (!this.settings.smtpUrl) {
      const folder = path.join(this.settings.dataDir, "mail");
      fs.mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `${String(message.id).padStart(6, "0")}-${message.purpose.toLowerCase()}.eml`);
      fs.writeFileSync(file, info.message as Buffer);
      logger.info({ messageId: message.id, file }, "no SMTP_URL: email written to a file");
    }
  }
}

/**
 * A real SMTP server for tests (the `smtp-server` package) that keeps what it receives, so a
 * test can read the email Roster sent and follow its link.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedEmail {
  to: string[];
  raw: string;
  subject: string;
  text: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedEmail[];
  /** Waits for an email to this address (the first one not taken yet). */
  next(to: string, timeoutMs?: number): Promise<ReceivedEmail>;
  /** Refuse every message with a temporary error until called with false. */
  refuse(refusing: boolean): void;
  close(): Promise<void>;
}

/** Undoes quoted-printable soft line breaks and escapes, enough for plain-text test emails. */
function decodeQuotedPrintable(text: string): string {
  return Buffer.from(
    text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}

function parse(raw: string, to: string[]): ReceivedEmail {
  const [head, ...body] = raw.split(/\r?\n\r?\n/);
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const encoded = body.join("\n\n");
  const text = /quoted-printable/i.test(header("Content-Transfer-Encoding")) ? decodeQuotedPrintable(encoded) : encoded;
  return { to, raw, subject: header("Subject"), text };
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedEmail[] = [];
  const taken = new Set<ReceivedEmail>();
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusing) return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
        received.push(
          parse(
            Buffer.concat(chunks).toString("utf8"),
            session.envelope.rcptTo.map((rcpt) => rcpt.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async next(to, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const email = received.find((candidate) => !taken.has(candidate) && candidate.to.includes(to));
        if (email) {
          taken.add(email);
          return email;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(
        `no email to ${to} within ${timeoutMs} ms (received: ${received.map((email) => email.to.join(",")).join("; ") || "none"})`,
      );
    },
    refuse(value) {
      refusing = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

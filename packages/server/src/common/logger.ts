/**
 * Roster's one logger (pino): one JSON object a line, with an ISO timestamp, the level's name,
 * and the id of what the line is about: the HTTP request (`requestId`) or the background job
 * (`job`, `jobId`) it was written for, read from AsyncLocalStorage so resolvers, services and
 * the database logger need not pass it around. Humans at a terminal get pino-pretty's lines.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Level } from "pino";
import pretty from "pino-pretty";

/** What every line written on behalf of a request or a job carries. */
export interface LogContext {
  requestId?: string;
  /** The kind of background job ("bulk", "import") and its id, unique within its kind. */
  job?: string;
  jobId?: number;
}

export interface LogSettings {
  level: Level | "silent";
  format: "json" | "pretty";
}

const currentContext = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `context` on every line it logs, through every await. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return currentContext.run(context, work);
}

export function currentLogContext(): LogContext | undefined {
  return currentContext.getStore();
}

/** Unless ROSTER_LOG_FORMAT says: pretty lines for a person at a terminal, JSON for everything else. */
export function defaultLogFormat(nodeEnv: string | undefined): LogSettings["format"] {
  return nodeEnv !== "production" && process.stdout.isTTY ? "pretty" : "json";
}

let prettyOutput: DestinationStream | undefined;
const streamFor = (format: LogSettings["format"]): DestinationStream =>
  format === "pretty"
    ? (prettyOutput ??= pretty({ translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", destination: 1, sync: true }))
    : process.stdout;

// One process runs one Roster, whose configuration (read after this module loads) chooses the
// output, and a test may capture it: lines go through this switch, set by `configureLogging`.
const output = { stream: streamFor(defaultLogFormat(process.env.NODE_ENV)) };

export const logger = pino(
  {
    level: "info",
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ ...currentContext.getStore() }),
  },
  { write: (line: string) => output.stream.write(line) },
);

/** Sets the level and the output: `destination` (a test's capture), or stdout as JSON or pretty lines. */
export function configureLogging(settings: LogSettings, destination?: DestinationStream): void {
  logger.level = settings.level;
  output.stream = destination ?? streamFor(settings.format);
}

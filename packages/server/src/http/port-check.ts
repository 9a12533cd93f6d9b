/**
 * Roster's port, asked before the database is opened and migrated: a taken port ends the start
 * at once with one line naming PORT, not with a stack after the migrations and the seeding.
 */
import net from "node:net";
import { ConfigError } from "../config/config";

/** Every interface: the address Roster listens on. */
export const LISTEN_HOST = "0.0.0.0";

/** The message for an error of binding `port`, naming the variable; undefined for any other error. */
export function portProblem(error: unknown, port: number): ConfigError | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case "EADDRINUSE":
      return new ConfigError(`Port ${port} is already in use (PORT). Stop the other process or set PORT to a free port.`);
    case "EACCES":
      return new ConfigError(`Port ${port} needs privileges this process does not have (PORT). Set PORT to 1024 or above.`);
    default:
      return undefined;
  }
}

/** Binds `port` for a moment and lets it go; throws `portProblem`'s ConfigError when it cannot. */
export async function assertPortFree(port: number, host = LISTEN_HOST): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error) => reject(portProblem(error, port) ?? error));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

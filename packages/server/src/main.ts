/**
 * The server's entry point: reads `.env` and the configuration, starts Roster, stops cleanly on
 * SIGTERM. A bad configuration, a taken port or an unreachable database ends the process with one
 * line naming it.
 */
import "reflect-metadata";
import { ConfigError, configWarnings, loadConfig, loadEnvironmentFile } from "./config/config";
import { configureLogging, logger } from "./common/logger";
import { DatabaseUnreachableError } from "./database/data-source";
import { startRoster } from "./server";

async function main(): Promise<void> {
  const envFile = loadEnvironmentFile();
  const config = loadConfig();
  configureLogging(config.log);
  if (envFile) logger.info(`Environment read from ${envFile}.`);
  for (const warning of configWarnings(config)) logger.warn(warning);
  const roster = await startRoster(config);

  const shutdown = (signal: string) => {
    logger.info(`${signal}: stopping.`);
    roster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "Roster did not stop cleanly");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  // Announced only once a stop can be handled: a supervisor may answer this line with SIGTERM.
  const url = roster.url.replace("127.0.0.1", "localhost");
  logger.info(`Roster is running on ${url} (GraphQL at ${url}/graphql).`);
  if (config.admin) logger.info(`Sign in as ${config.admin.email}.`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseUnreachableError) {
    // A refusal to start speaks to the person starting Roster, in whatever log format: the plain
    // message on stderr, no stack.
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.fatal({ err: error }, "Roster failed to start");
  }
  process.exit(1);
});

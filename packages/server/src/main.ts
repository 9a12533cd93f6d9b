/**
 * The server's entry point: reads the configuration, starts Roster, stops cleanly on SIGTERM.
 * A bad configuration or an unreachable database ends the process with a message naming it.
 */
import "reflect-metadata";
import { ConfigError, loadConfig } from "./config/config";
import { DatabaseUnreachableError } from "./database/data-source";
import { startRoster } from "./server";

async function main(): Promise<void> {
  const config = loadConfig();
  const roster = await startRoster(config, { log: (message) => console.log(message) });
  const url = roster.url.replace("127.0.0.1", "localhost");
  console.log(`Roster is running on ${url} (GraphQL at ${url}/graphql).`);
  if (config.admin) console.log(`Sign in as ${config.admin.email}.`);

  const shutdown = (signal: string) => {
    console.log(`${signal}: stopping.`);
    roster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseUnreachableError) {
    console.error(error.message);
  } else {
    console.error("Roster failed to start:", error);
  }
  process.exit(1);
});

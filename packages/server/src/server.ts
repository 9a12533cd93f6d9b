/**
 * Starts Roster in this process: database, migrations, first-start data, GraphQL and the SPA
 * on one port. main.ts calls it with the environment's configuration; tests call it with their
 * own database, port 0 and a clock they control.
 */
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { DestinationStream } from "pino";
import type { DataSource } from "typeorm";
import { activeAdministratorExists, ensureAdministrator, seedDemoDataIfEmpty } from "./bootstrap";
import { systemClock, type Clock } from "./common/clock";
import { configureLogging, logger } from "./common/logger";
import { ConfigError, type Config } from "./config/config";
import { dialectOf, openDatabase } from "./database/data-source";
import { createHttpApp } from "./http/app";
import { assertPortFree, LISTEN_HOST, portProblem } from "./http/port-check";
import { createGraphQLServer } from "./http/graphql-server";
import { createCostBudget, type CostBudget } from "./http/rate-limiter";
import { RosterMetrics } from "./http/metrics";
import { createReadRouting, type ReadRouting } from "./http/read-routing";
import { buildRosterSchema } from "./schema/build-schema";
import { MailService } from "./modules/mail/mail.service";
import { createServices } from "./services";

export interface RunningRoster {
  url: string;
  dataSource: DataSource;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Where log lines go instead of stdout (a test reading them). */
  logDestination?: DestinationStream;
}

export async function startRoster(
  config: Config,
  { clock = systemClock, logDestination }: StartOptions = {},
): Promise<RunningRoster> {
  configureLogging(config.log, logDestination);
  await assertPortFree(config.port);
  const dataSource = await openDatabase(config);
  let budget: CostBudget | undefined;
  let readRouting: ReadRouting | undefined;
  try {
    logger.info(
      `Database: ${dialectOf(dataSource) === "sqlite" ? `embedded SQLite in ${config.dataDir}` : "MySQL/MariaDB from DATABASE_URL"}`,
    );
    if (config.demoData && (await seedDemoDataIfEmpty(dataSource, clock()))) logger.info("Demo data created.");
    if (config.admin && (await ensureAdministrator(dataSource, config.admin, clock())) === "created") {
      logger.info(`Administrator ${config.admin.email} created.`);
    }
    if (config.nodeEnv === "production" && !(await activeAdministratorExists(dataSource, clock()))) {
      throw new ConfigError(
        "Invalid configuration: nobody can sign in: the database has no active administrator. Set ROSTER_ADMIN_EMAIL and ROSTER_ADMIN_PASSWORD to create the first one.",
      );
    }

    const mail = new MailService(dataSource, config, clock);
    const services = createServices(dataSource, config, mail, clock);
    const metrics = new RosterMetrics(dataSource);
    budget = createCostBudget(config.rateLimitPerMinute, config.redisUrl);
    readRouting = createReadRouting(config);
    const apollo = createGraphQLServer(await buildRosterSchema(), config, metrics, budget, readRouting);
    await apollo.start();
    const app = createHttpApp({ config, dataSource, services, apollo, clock, metrics, readRouting });
    const server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(config.port, LISTEN_HOST, (error?: Error) =>
        error ? reject(portProblem(error, config.port) ?? error) : resolve(listening),
      );
    });
    mail.start();
    services.jobRunner.start();
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      dataSource,
      async stop() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await apollo.stop();
        await services.jobRunner.stop();
        await mail.stop();
        await services.throttle.close();
        await budget?.close();
        await readRouting?.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await budget?.close();
    await readRouting?.close();
    await dataSource.destroy();
    throw error;
  }
}

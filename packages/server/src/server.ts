/**
 * Starts Roster in this process: database, migrations, first-start data, GraphQL and the SPA
 * on one port. main.ts calls it with the environment's configuration; tests call it with their
 * own database, port 0 and a clock they control.
 */
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { DataSource } from "typeorm";
import { ensureAdministrator, seedDemoDataIfEmpty } from "./bootstrap";
import { systemClock, type Clock } from "./common/clock";
import type { Config } from "./config/config";
import { dialectOf, openDatabase } from "./database/data-source";
import { createHttpApp } from "./http/app";
import { createGraphQLServer } from "./http/graphql-server";
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
  log?: (message: string) => void;
}

export async function startRoster(
  config: Config,
  { clock = systemClock, log = () => undefined }: StartOptions = {},
): Promise<RunningRoster> {
  const dataSource = await openDatabase(config);
  try {
    log(
      `Database: ${dialectOf(dataSource) === "sqlite" ? `embedded SQLite in ${config.dataDir}` : "MySQL/MariaDB from DATABASE_URL"}`,
    );
    if (config.demoData && (await seedDemoDataIfEmpty(dataSource, clock()))) log("Demo data created.");
    if (config.admin && (await ensureAdministrator(dataSource, config.admin, clock())) === "created") {
      log(`Administrator ${config.admin.email} created.`);
    }

    const mail = new MailService(dataSource, config, clock, log);
    const services = createServices(dataSource, config, mail, clock, log);
    const apollo = createGraphQLServer(await buildRosterSchema(), config);
    await apollo.start();
    const app = createHttpApp({ config, dataSource, services, apollo, clock });
    const server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(config.port, "0.0.0.0", (error?: Error) => (error ? reject(error) : resolve(listening)));
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
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

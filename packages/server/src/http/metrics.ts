/**
 * What Prometheus scrapes at GET /metrics (prom-client): request durations by operation, GraphQL
 * errors by code, the database pool, the job queue, and Node's own (event-loop delay, memory,
 * GC). Every label value comes from a bounded set Roster chooses, never from what a caller
 * sent: an operation name is kept only while there are fewer than OPERATION_LABEL_LIMIT of them.
 */
import { timingSafeEqual } from "node:crypto";
import { ApolloServerErrorCode } from "@apollo/server/errors";
import type { Request, RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DataSource } from "typeorm";
import { DomainError, ErrorCode } from "../common/errors";
import { dialectOf } from "../database/data-source";
import { BulkJob } from "../modules/bulk-jobs/bulk-job.entity";
import { BulkJobStatus } from "../modules/bulk-jobs/bulk-job.enums";
import { ImportJob, ImportStatus } from "../modules/imports/import-job.entity";
import { refuse } from "./plain-endpoint";

/** Distinct GraphQL operation names labelled; later ones (and anonymous or unresolved operations) are `other`. */
export const OPERATION_LABEL_LIMIT = 200;
export const OTHER_OPERATION = "other";

const KNOWN_ERROR_CODES = new Set<string>([...Object.values(ErrorCode), ...Object.values(ApolloServerErrorCode)]);

/** The plain endpoints by their first path segment; anything else (the SPA's files and routes) is one label. */
const PLAIN_ROUTES = new Set(["healthz", "readyz", "metrics", "account", "export", "import", "assets"]);

export class RosterMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  private readonly requestDuration = new Histogram({
    name: "roster_http_request_duration_seconds",
    help: "HTTP requests by GraphQL operation name (or plain route) and status.",
    labelNames: ["operation", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly graphqlErrors = new Counter({
    name: "roster_graphql_errors_total",
    help: "Errors in GraphQL responses, by extensions.code.",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    this.registerDatabasePool(dataSource);
    this.registerJobs(dataSource);
  }

  /** The label of a GraphQL operation: its name while the set of names is small, else `other`. */
  operationLabel(operationName: string | null | undefined): string {
    if (!operationName) return OTHER_OPERATION;
    if (this.operations.has(operationName)) return operationName;
    if (this.operations.size >= OPERATION_LABEL_LIMIT) return OTHER_OPERATION;
    this.operations.add(operationName);
    return operationName;
  }

  /** The label of a request no GraphQL operation named: its method and its route's first segment. */
  routeLabel(method: string, path: string): string {
    const segment = path.split("/")[1] ?? "";
    // A GraphQL request that never reached an operation (a body that does not parse, say).
    if (segment === "graphql") return OTHER_OPERATION;
    return `${method === "HEAD" ? "GET" : method} ${PLAIN_ROUTES.has(segment) ? `/${segment}` : "/*"}`;
  }

  observeRequest(operation: string, status: number, seconds: number): void {
    this.requestDuration.observe({ operation, status: String(status) }, seconds);
  }

  countGraphQLError(code: unknown): void {
    this.graphqlErrors.inc({ code: typeof code === "string" && KNOWN_ERROR_CODES.has(code) ? code : "OTHER" });
  }

  /**
   * mysql2's pool (TypeORM's MysqlDriver holds it): its connections, the idle ones, and callers
   * waiting for one. The embedded SQLite has one connection, busy while a transaction is open.
   */
  private registerDatabasePool(dataSource: DataSource): void {
    const sqlite = dialectOf(dataSource) === "sqlite";
    new Gauge({
      name: "roster_db_pool_connections",
      help: "Database connections: all open ones, the free ones, and requests queued for one (MariaDB/MySQL).",
      labelNames: ["state"] as const,
      registers: [this.registry],
      collect() {
        if (sqlite) {
          const connection = (dataSource.driver as unknown as { databaseConnection?: { inTransaction: boolean } })
            .databaseConnection;
          this.set({ state: "all" }, connection ? 1 : 0);
          this.set({ state: "free" }, connection && !connection.inTransaction ? 1 : 0);
          return;
        }
        const pool = (dataSource.driver as unknown as { pool?: MysqlPoolInternals }).pool;
        this.set({ state: "all" }, pool?._allConnections.length ?? 0);
        this.set({ state: "free" }, pool?._freeConnections.length ?? 0);
        this.set({ state: "queued" }, pool?._connectionQueue.length ?? 0);
      },
    });
  }

  /** Read from the job tables at scrape time, so every Roster process reports the same queue. */
  private registerJobs(dataSource: DataSource): void {
    // One read per scrape for both gauges, which prom-client collects concurrently.
    let reading: Promise<JobCounts[]> | undefined;
    const read = () =>
      (reading ??= jobCounts(dataSource).finally(() => {
        reading = undefined;
      }));
    new Gauge({
      name: "roster_jobs",
      help: "Background jobs waiting (queued) and running, by kind.",
      labelNames: ["kind", "status"] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { kind, queued, running } of await read().catch(() => [])) {
          this.set({ kind, status: "queued" }, queued);
          this.set({ kind, status: "running" }, running);
        }
      },
    });
    new Gauge({
      name: "roster_job_rows_processed",
      help: "Rows (people, CSV lines) the running jobs of each kind have processed so far.",
      labelNames: ["kind"] as const,
      registers: [this.registry],
      async collect() {
        // A database that does not answer leaves these out rather than failing the whole scrape.
        this.reset();
        for (const { kind, processed } of await read().catch(() => [])) this.set({ kind }, processed);
      },
    });
  }
}

/** mysql2's own pool fields (no public accessor); each a queue with a length. */
interface MysqlPoolInternals {
  _allConnections: { length: number };
  _freeConnections: { length: number };
  _connectionQueue: { length: number };
}

interface JobCounts {
  kind: string;
  queued: number;
  running: number;
  processed: number;
}

async function jobCounts(dataSource: DataSource): Promise<JobCounts[]> {
  const tally = async (
    kind: string,
    entity: typeof BulkJob | typeof ImportJob,
    processed: "processed" | "processedRows",
    queued: string,
    running: string,
  ): Promise<JobCounts> => {
    const rows: { status: string; jobs: string | number; processed: string | number | null }[] = await dataSource
      .getRepository(entity)
      .createQueryBuilder("job")
      .select("job.status", "status")
      .addSelect("COUNT(*)", "jobs")
      .addSelect(`SUM(job.${processed})`, "processed")
      .where("job.status IN (:...statuses)", { statuses: [queued, running] })
      .groupBy("job.status")
      .getRawMany();
    const of = (status: string) => rows.find((row) => row.status === status);
    return {
      kind,
      queued: Number(of(queued)?.jobs ?? 0),
      running: Number(of(running)?.jobs ?? 0),
      processed: Number(of(running)?.processed ?? 0),
    };
  };
  return [
    await tally("bulk", BulkJob, "processed", BulkJobStatus.QUEUED, BulkJobStatus.RUNNING),
    await tally("import", ImportJob, "processedRows", ImportStatus.QUEUED, ImportStatus.RUNNING),
  ];
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function fromLoopback(request: Request): boolean {
  // Both the connection and the client it speaks for (X-Forwarded-For through a trusted proxy):
  // a proxy on this machine must not open /metrics to the callers it forwards.
  return LOOPBACK.test(request.socket.remoteAddress ?? "") && LOOPBACK.test(request.ip ?? "");
}

function bearerMatches(request: Request, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(request.get("authorization") ?? "");
  const given = Buffer.from(match?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * GET /metrics: with ROSTER_METRICS_TOKEN, for `Authorization: Bearer <token>` only (401);
 * without, for callers on this machine only (403).
 */
export function metricsEndpoint(metrics: RosterMetrics, token: string | undefined): RequestHandler {
  return async (request, response) => {
    if (token !== undefined && !bearerMatches(request, token)) {
      response.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
      return refuse(
        response,
        new DomainError(ErrorCode.Unauthenticated, "/metrics needs Authorization: Bearer <ROSTER_METRICS_TOKEN>."),
      );
    }
    if (token === undefined && !fromLoopback(request)) {
      return refuse(
        response,
        new DomainError(
          ErrorCode.Forbidden,
          "/metrics answers this machine only; set ROSTER_METRICS_TOKEN to scrape it from elsewhere.",
        ),
      );
    }
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

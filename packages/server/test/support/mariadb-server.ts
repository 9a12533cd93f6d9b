/**
 * A MariaDB server of the test's own (`mariadbd` from the machine's packages, in a temporary
 * directory, on a free loopback port), for what the machine's shared server cannot be used for:
 * binary-log replication from a primary to a replica the test controls, stopped and started.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class MariadbServer {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private process: ChildProcess,
  ) {}

  /** `root` over TCP without a password, as mariadb-install-db creates it for 127.0.0.1. */
  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  /**
   * Initializes a data directory and starts `mariadbd` on it with binary logging and GTIDs, so it
   * can be a primary, and `serverId` distinct from its replicas'.
   */
  static async start(serverId: number): Promise<MariadbServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `roster-mariadb-${serverId}-`));
    const data = path.join(dir, "data");
    const install = spawnSync(
      "mariadb-install-db",
      ["--no-defaults", `--datadir=${data}`, "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"],
      { encoding: "utf8" },
    );
    if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
    const port = await freePort();
    const child = spawn(
      "mariadbd",
      [
        "--no-defaults",
        `--datadir=${data}`,
        "--user=root",
        `--port=${port}`,
        "--bind-address=127.0.0.1",
        `--socket=${path.join(dir, "mariadbd.sock")}`,
        `--pid-file=${path.join(dir, "mariadbd.pid")}`,
        `--server-id=${serverId}`,
        `--log-bin=${path.join(data, "binlog")}`,
        "--binlog-format=ROW",
        "--innodb-buffer-pool-size=64M",
        "--character-set-server=utf8mb4",
        "--collation-server=utf8mb4_unicode_ci",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    child.stderr?.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    const server = new MariadbServer(port, dir, child);
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await server.query("SELECT 1");
        return server;
      } catch (error) {
        if (child.exitCode !== null || Date.now() > deadline) {
          child.kill("SIGKILL");
          throw new Error(`mariadbd on port ${port} did not start: ${(error as Error).message}\n${log}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  async query<T = mysql.RowDataPacket[]>(sql: string, values: unknown[] = []): Promise<T> {
    const connection = await mysql.createConnection({ uri: this.url, connectTimeout: 2000 });
    try {
      const [rows] = await connection.query(sql, values);
      return rows as T;
    } finally {
      await connection.end();
    }
  }

  /** Makes this server a replica of `primary`, from the primary's first transaction on (GTID). */
  async replicate(primary: MariadbServer): Promise<void> {
    await this.query(
      `CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ${primary.port}, MASTER_USER = 'root', MASTER_PASSWORD = '', MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1`,
    );
    await this.query("START SLAVE");
  }

  /** Waits until this replica has applied everything `primary` had committed when asked. */
  async catchUp(primary: MariadbServer, timeoutSeconds = 20): Promise<void> {
    const [{ position }] = await primary.query<{ position: string }[]>("SELECT @@gtid_binlog_pos AS position");
    const [{ waited }] = await this.query<{ waited: number }[]>("SELECT MASTER_GTID_WAIT(?, ?) AS waited", [
      position,
      timeoutSeconds,
    ]);
    if (Number(waited) !== 0) throw new Error(`the replica did not reach ${position} within ${timeoutSeconds} s`);
  }

  /** How many statements it has run by the status counter `counter` (`Com_select`, `Com_insert`…). */
  async statusCount(counter: string): Promise<number> {
    const rows = await this.query<{ Value: string }[]>("SHOW GLOBAL STATUS LIKE ?", [counter]);
    return Number(rows[0]?.Value ?? 0);
  }

  /** Stops the server at once (as a crash would) and removes its files. */
  async kill(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((resolve) => this.process.once("exit", resolve));
      this.process.kill("SIGKILL");
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A TCP proxy between Roster and MariaDB that a test can break on purpose: `cut()` resets every
 * connection and refuses new ones (a crashed server or a pulled cable), `stall()` keeps every
 * connection open but forwards nothing, in either direction (a frozen server, a black-holed
 * network: bytes sent meanwhile are lost), and `restore()` forwards again. Plain `node:net`.
 */
import net from "node:net";

type Mode = "open" | "cut" | "stalled";

interface Link {
  client: net.Socket;
  upstream: net.Socket;
}

export class FaultProxy {
  private mode: Mode = "open";
  private readonly links = new Set<Link>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1 on a free port and forwards each connection to `target`. */
  static async start(target: { host: string; port: number }): Promise<FaultProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const proxy = new FaultProxy(server, (server.address() as net.AddressInfo).port);
    server.on("connection", (client) => proxy.accept(client, target));
    return proxy;
  }

  /** Connections currently open through the proxy. */
  get openConnections(): number {
    return this.links.size;
  }

  /** Resets every open connection; new ones are reset as soon as they arrive, until `restore()`. */
  cut(): void {
    this.mode = "cut";
    for (const link of this.links) this.drop(link, true);
  }

  /** Forwards nothing in either direction (what is sent meanwhile is lost) until `restore()`. */
  stall(): void {
    this.mode = "stalled";
  }

  restore(): void {
    this.mode = "open";
  }

  async close(): Promise<void> {
    this.mode = "cut";
    for (const link of this.links) this.drop(link, true);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    if (this.mode === "cut") {
      client.on("error", () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const link = { client, upstream };
    this.links.add(link);
    this.pipe(client, upstream);
    this.pipe(upstream, client);
    const close = () => this.drop(link, false);
    for (const socket of [client, upstream]) {
      socket.on("error", close);
      socket.on("close", close);
    }
  }

  /** Forwards `from` to `to` while open, with backpressure; drops the bytes while stalled. */
  private pipe(from: net.Socket, to: net.Socket): void {
    from.on("data", (chunk) => {
      if (this.mode !== "open" || to.destroyed) return;
      if (!to.write(chunk)) {
        from.pause();
        to.once("drain", () => from.resume());
      }
    });
    from.on("end", () => {
      if (!to.destroyed) to.end();
    });
  }

  /** Closes both ends; `reset` sends the client a TCP reset, as a crashed server's machine would. */
  private drop(link: Link, reset: boolean): void {
    if (!this.links.delete(link)) return;
    if (!link.client.destroyed) {
      if (reset) link.client.resetAndDestroy();
      else link.client.destroy();
    }
    if (!link.upstream.destroyed) link.upstream.destroy();
  }
}

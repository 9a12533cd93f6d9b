/**
 * The built server (`dist/main.js`) in a child process, as the benches run it: started with only
 * the environment given (and PATH), its URL read from its "running on" line, killed if the bench
 * exits without stopping it.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

export const MAIN = path.resolve(__dirname, "../main.js");

export interface ServerChild {
  url: string;
  pid: number;
  /** Resident memory in bytes, from /proc/<pid>/status. */
  rss(): number;
  /** SIGTERM, then SIGKILL after 30 s. */
  stop(): Promise<void>;
}

export async function startServerChild(env: Record<string, string>): Promise<ServerChild> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  const tail: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${tail.join("\n")}`)), 60_000);
    // Both streams are read to the end, so a chatty server never blocks on a full pipe.
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        const port = /running on http:\/\/[^:]+:(\d+)/.exec(line)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      });
    }
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${child.exitCode ?? child.signalCode}):\n${tail.join("\n")}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    rss() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener("exit", kill);
    },
  };
}

import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * A server of a test's own (the debug binary the suite built), on a random
 * port with its own data dir, so a test can stop and restart it or start it
 * with other settings (`extraEnv`).
 */
export class OwnServer {
  readonly port = 3100 + Math.floor(Math.random() * 800);
  readonly url = `http://127.0.0.1:${this.port}`;
  private process?: ChildProcess;
  private readonly dataDir = mkdtempSync(join(tmpdir(), "bounty-e2e-"));

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  async start() {
    const root = resolve(__dirname, "../..");
    this.process = spawn(join(root, "target/debug/bounty"), [], {
      cwd: root,
      stdio: "ignore",
      env: {
        ...process.env,
        APP__SERVER__ADDR: `127.0.0.1:${this.port}`,
        APP__SERVER__PUBLIC_URL: this.url,
        APP__SERVER__DATA_DIR: this.dataDir,
        APP__SERVER__DEV_MODE: "true",
        APP__SERVER__TEST_REVEAL_CAPTCHA: "true",
        APP__SERVER__SHUTDOWN_GRACE_SECS: "2",
        APP__LOG__LEVEL: "warn",
        LEPTOS_SITE_ROOT: join(root, "target/site"),
        ...this.extraEnv,
      },
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((done) => setTimeout(done, 200));
    }
    throw new Error("own server did not start");
  }

  async stop() {
    const running = this.process;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((done) => running.once("exit", done));
    running.kill("SIGTERM");
    await exited;
  }

  async remove() {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}


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

  private readonly root = resolve(__dirname, "../..");

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  /** The environment the server runs with (and `command` runs the CLI with). */
  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      APP__SERVER__ADDR: `127.0.0.1:${this.port}`,
      APP__SERVER__PUBLIC_URL: this.url,
      APP__SERVER__DATA_DIR: this.dataDir,
      APP__SERVER__DEV_MODE: "true",
      APP__SERVER__TEST_REVEAL_CAPTCHA: "true",
      APP__SERVER__SHUTDOWN_GRACE_SECS: "2",
      APP__LOG__LEVEL: "warn",
      LEPTOS_SITE_ROOT: join(this.root, "target/site"),
      ...this.extraEnv,
    };
  }

  async start() {
    this.process = spawn(join(this.root, "target/debug/bounty"), [], {
      cwd: this.root,
      stdio: "ignore",
      env: this.env(),
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

  /**
   * Runs the binary's command line (`ledger check`, ...) on this server's
   * data with its settings; best with the server stopped.
   */
  command(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const running = spawn(join(this.root, "target/debug/bounty"), args, { cwd: this.root, env: this.env() });
    let stdout = "";
    let stderr = "";
    running.stdout.on("data", (chunk) => (stdout += chunk));
    running.stderr.on("data", (chunk) => (stderr += chunk));
    return new Promise((done, fail) => {
      running.once("error", fail);
      running.once("close", (code) => done({ code, stdout, stderr }));
    });
  }

  async remove() {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}


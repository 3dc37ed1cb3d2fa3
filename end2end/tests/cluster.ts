import type { APIRequestContext } from "@playwright/test";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, Dirent, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * A deployment of the test's own, as an operator would run it on several
 * machines: moto's S3 server with a fresh bucket, a fresh PostgreSQL
 * database, two server processes (same database, Redis prefix, bucket and
 * signing key; their own data dirs and ports) and nginx in front of them
 * with deploy/nginx-test.conf, every one on a random loopback port. `stop`
 * removes all of it: processes, database, Redis keys, bucket and temp dirs.
 */

const root = resolve(__dirname, "../..");
const POSTGRES_HOST = process.env.TEST_POSTGRES_HOST ?? "127.0.0.1";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/";

/** A port the kernel has just handed out, so very likely still free. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function randomTag(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, log?: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 150));
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms${log ? `\n${log()}` : ""}`);
}

function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return `(no ${path})`;
  }
}

async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals = "SIGTERM") {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------- S3 (moto)

const MOTO = `import sys
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address='127.0.0.1', port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
`;

/** The Python that has moto (scripts/tools.sh ensure_s3_server). */
export function motoPython(): string {
  return (
    process.env.TEST_S3_PYTHON ?? process.env.TEST_SMTP_PYTHON ?? join(root, "target/test-tools/venv/bin/python")
  );
}

export class S3Server {
  endpoint = "";
  private process?: ChildProcess;

  async start() {
    const child = spawn(motoPython(), ["-c", MOTO], { stdio: ["pipe", "pipe", "ignore"] });
    this.process = child;
    const port = await new Promise<number>((done, fail) => {
      let out = "";
      const timer = setTimeout(() => fail(new Error("moto did not print its port within 30 s")), 30_000);
      child.once("error", fail);
      child.once("exit", (code) => fail(new Error(`moto exited (${code}) before it started`)));
      child.stdout!.on("data", (chunk) => {
        out += chunk;
        const line = out.split("\n")[0];
        if (out.includes("\n") && Number(line) > 0) {
          clearTimeout(timer);
          done(Number(line));
        }
      });
    });
    this.endpoint = `http://127.0.0.1:${port}`;
  }

  /** moto checks no signature: a plain PUT creates a bucket. */
  async createBucket(name: string) {
    const created = await fetch(`${this.endpoint}/${name}`, { method: "PUT" });
    if (!created.ok) throw new Error(`create bucket ${name}: ${created.status}`);
  }

  /** The keys of the objects in the bucket (moto's ListObjects XML). */
  async keys(bucket: string): Promise<string[]> {
    const listing = await (await fetch(`${this.endpoint}/${bucket}?list-type=2`)).text();
    return [...listing.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => match[1]);
  }

  async stop() {
    this.process?.stdin?.end();
    await stopProcess(this.process);
  }
}

// ------------------------------------------------------------- the servers

export class Instance {
  private process?: ChildProcess;
  readonly dataDir = mkdtempSync(join(tmpdir(), "bounty-instances-"));
  readonly logPath = join(this.dataDir, "server.log");
  readonly url: string;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  private processEnv(): NodeJS.ProcessEnv {
    // None of the suite's own server settings (scripts/test passes its
    // APP__... to the Playwright run) may reach these instances.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("APP__") && name !== "APP_CONFIG_FILE"),
    );
    return {
      ...inherited,
      ...this.env,
      APP__SERVER__ADDR: `127.0.0.1:${this.port}`,
      APP__SERVER__DATA_DIR: this.dataDir,
    };
  }

  /** Runs the binary's command line (`migrate`) with this instance's settings. */
  command(...args: string[]): string {
    return execFileSync(join(root, "target/debug/bounty"), args, {
      cwd: root,
      env: this.processEnv(),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  start() {
    const log = openSync(this.logPath, "a");
    this.process = spawn(join(root, "target/debug/bounty"), [], {
      cwd: root,
      stdio: ["ignore", log, log],
      env: this.processEnv(),
    });
    closeSync(log);
  }

  /** Waits for /readyz (database, bus and storage) on the instance's own port. */
  async ready(): Promise<string> {
    let instance = "";
    await waitUntil(
      `instance on :${this.port}`,
      async () => {
        if (this.process?.exitCode != null) throw new Error("exited");
        const response = await fetch(`${this.url}/readyz`);
        instance = response.headers.get("x-bounty-instance") ?? "";
        return response.ok;
      },
      30_000,
      () => (this.process?.exitCode != null ? `exited with ${this.process.exitCode}\n` : "") + tail(this.logPath),
    );
    return instance;
  }

  log(): string {
    return tail(this.logPath);
  }

  /** Files under the data dir's local storage folders (`storage`, `files`). */
  localFiles(): string[] {
    return ["storage", "files"].flatMap((folder) => {
      const path = join(this.dataDir, folder);
      if (!existsSync(path)) return [];
      return (readdirSync(path, { recursive: true, withFileTypes: true }) as Dirent[])
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath ?? path, entry.name));
    });
  }

  async stop() {
    await stopProcess(this.process);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ nginx

export class Nginx {
  private process?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), "bounty-nginx-"));
  readonly url: string;

  constructor(
    readonly port: number,
    private readonly upstreams: [number, number],
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start() {
    const template = readFileSync(join(root, "deploy/nginx-test.conf"), "utf8");
    const config = template
      .replaceAll("{{DIR}}", this.dir)
      .replaceAll("{{PORT}}", String(this.port))
      .replaceAll("{{PORT_A}}", String(this.upstreams[0]))
      .replaceAll("{{PORT_B}}", String(this.upstreams[1]));
    const left = config.match(/\{\{\w+\}\}/);
    if (left) throw new Error(`deploy/nginx-test.conf: unknown placeholder ${left[0]}`);
    const path = join(this.dir, "nginx.conf");
    writeFileSync(path, config);
    const binary = process.env.NGINX ?? (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx");
    // -e: the early error log, before the config's own error_log applies
    // (the default /var/log/nginx/error.log is not writable by a user).
    this.process = spawn(binary, ["-p", this.dir, "-e", join(this.dir, "error.log"), "-c", path, "-g", "daemon off;"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    this.process.stderr!.on("data", (chunk) => (stderr += chunk));
    await waitUntil(
      `nginx on :${this.port}`,
      async () => {
        if (this.process?.exitCode != null) throw new Error("exited");
        return (await fetch(`${this.url}/readyz`)).ok;
      },
      10_000,
      () => `${stderr}\n${tail(join(this.dir, "error.log"))}`,
    );
  }

  async stop() {
    // SIGQUIT: nginx's graceful stop (open sockets close with it).
    await stopProcess(this.process, "SIGQUIT");
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- cluster

export interface ClusterOptions {
  /** Extra settings for both instances (APP__LIMITS__..., ...). */
  env?: Record<string, string>;
}

export class Cluster {
  readonly tag = randomTag();
  readonly database = `bounty_e2e_instances_${this.tag}`;
  readonly redisPrefix = `bounty-e2e-instances-${this.tag}:`;
  readonly bucket = `bounty-e2e-${this.tag}`;
  readonly s3 = new S3Server();
  instances: Instance[] = [];
  nginx?: Nginx;
  /** The instance ids the two servers answer with, in their order. */
  ids: string[] = [];
  private databaseCreated = false;

  constructor(private readonly options: ClusterOptions = {}) {}

  get url(): string {
    if (!this.nginx) throw new Error("cluster not started");
    return this.nginx.url;
  }

  private psql(sql: string) {
    execFileSync("psql", ["-h", POSTGRES_HOST, "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql], {
      stdio: ["ignore", "ignore", "pipe"],
    });
  }

  async start() {
    const [portA, portB, proxyPort] = [await freePort(), await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${proxyPort}`;

    await this.s3.start();
    await this.s3.createBucket(this.bucket);
    this.psql(`CREATE DATABASE ${this.database}`);
    this.databaseCreated = true;

    const env: Record<string, string> = {
      APP__SERVER__PUBLIC_URL: publicUrl,
      APP__SERVER__DEV_MODE: "true",
      APP__SERVER__TEST_REVEAL_CAPTCHA: "true",
      // Every browser of the suite is 127.0.0.1: one address's captcha budget.
      APP__RATES__CAPTCHAS_PER_IP_PER_MINUTE: "1000",
      APP__SERVER__SHUTDOWN_GRACE_SECS: "1",
      APP__SERVER__TRUSTED_PROXIES: '["127.0.0.1"]',
      APP__LOG__LEVEL: "warn",
      // Both spellings, so a DATABASE_URL / REDIS_URL in the caller's
      // environment cannot point an instance elsewhere.
      APP__DATABASE__URL: `postgres://postgres@${POSTGRES_HOST}:5432/${this.database}`,
      DATABASE_URL: `postgres://postgres@${POSTGRES_HOST}:5432/${this.database}`,
      APP__REDIS__URL: REDIS_URL,
      REDIS_URL: REDIS_URL,
      APP__REDIS__PREFIX: this.redisPrefix,
      APP__STORAGE__URL: `s3://${this.bucket}`,
      APP__STORAGE__S3_ENDPOINT: this.s3.endpoint,
      APP__STORAGE__S3_REGION: "us-east-1",
      APP__SECRETS__S3_ACCESS_KEY_ID: "bounty-test-key",
      APP__SECRETS__S3_SECRET_ACCESS_KEY: "bounty-test-secret",
      APP__SECRETS__SIGNING_KEY: `instances-spec-signing-key-${this.tag}-0123456789abcdef`,
      LEPTOS_SITE_ROOT: join(root, "target/site"),
      ...this.options.env,
    };
    this.instances = [new Instance(portA, env), new Instance(portB, env)];
    // Migrations once, as a rolling upgrade would (`bounty migrate`), so the
    // two instances never race to apply them.
    try {
      this.instances[0].command("migrate");
    } catch (error) {
      const failed = error as { stderr?: string; message: string };
      throw new Error(`bounty migrate failed: ${failed.stderr ?? failed.message}`);
    }
    this.instances.forEach((instance) => instance.start());
    this.ids = await Promise.all(this.instances.map((instance) => instance.ready()));
    if (this.ids[0] === this.ids[1] || this.ids.some((id) => !id)) {
      throw new Error(`the instances must answer with two ids, got ${JSON.stringify(this.ids)}`);
    }
    this.nginx = new Nginx(proxyPort, [portA, portB]);
    await this.nginx.start();
  }

  /**
   * The newest six-digit code mailed to `email`: each instance keeps its own
   * development outbox (`<data_dir>/outbox`), so both are read, on their own
   * ports, until one has it.
   */
  async mailedCode(email: string): Promise<string> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      for (const instance of this.instances) {
        const html = await (await fetch(`${instance.url}/dev/mailbox`)).text();
        const article = html.split("<article>").find((part) => part.includes(`<span class="to">${email}</span>`));
        const code = article?.match(/^\s+(\d{6})\s*$/m)?.[1];
        if (code) return code;
      }
      await new Promise((done) => setTimeout(done, 200));
    }
    throw new Error(`no code mailed to ${email} in either instance's outbox`);
  }

  /**
   * Registers and signs in through nginx alone (server functions, no page);
   * the request context keeps the session cookie. Returns the user's id.
   */
  async account(request: APIRequestContext, tag: string): Promise<{ email: string; id: number }> {
    const email = `${tag}-${randomTag()}@example.com`;
    const captcha = async () => {
      const challenge = await (await request.post(`${this.url}/api/captcha`, { form: {} })).json();
      const points: [number, number][] = await (await request.get(`${this.url}/test/captcha/${challenge.id}`)).json();
      return { captcha_id: challenge.id, captcha_clicks: points.map(([x, y]) => `${Math.round(x)},${Math.round(y)}`).join(";") };
    };
    const registered = await request.post(`${this.url}/api/account/register`, {
      form: { email, password: "s3cret-pass", nickname: `Tester ${tag}`, ...(await captcha()) },
    });
    if (!registered.ok()) throw new Error(`register: ${registered.status()} ${await registered.text()}`);
    const confirmed = await request.post(`${this.url}/api/account/confirm`, {
      form: { email, code: await this.mailedCode(email) },
    });
    if (!confirmed.ok()) throw new Error(`confirm: ${confirmed.status()} ${await confirmed.text()}`);
    const login = await request.post(`${this.url}/api/account/login`, {
      form: { email, password: "s3cret-pass", next: "/", ...(await captcha()) },
    });
    if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
    const me = await (await request.post(`${this.url}/api/account/me`, { form: {} })).json();
    return { email, id: me.id };
  }

  /** The last lines of both servers' logs, for a failure's message. */
  logs(): string {
    return this.instances.map((instance, index) => `--- instance ${index} (${instance.url})\n${instance.log()}`).join("\n");
  }

  async stop() {
    await this.nginx?.stop();
    await Promise.all(this.instances.map((instance) => instance.stop()));
    await this.s3.stop();
    if (this.databaseCreated) {
      try {
        this.psql(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
      } catch (error) {
        console.warn(`could not drop ${this.database}: ${error}`);
      }
    }
    try {
      // Only this run's keys: the prefix carries a random tag.
      const url = new URL(REDIS_URL);
      const args = ["-h", url.hostname, "-p", url.port || "6379"];
      const keys = execFileSync("redis-cli", [...args, "--scan", "--pattern", `${this.redisPrefix}*`], {
        encoding: "utf8",
      })
        .split("\n")
        .filter(Boolean);
      for (let start = 0; start < keys.length; start += 500) {
        execFileSync("redis-cli", [...args, "DEL", ...keys.slice(start, start + 500)], { stdio: "ignore" });
      }
    } catch (error) {
      console.warn(`could not delete the Redis keys under ${this.redisPrefix}: ${error}`);
    }
  }
}

// ------------------------------------------------- requests from an address

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request from a chosen loopback source address (127.0.0.2, ...),
 * so nginx sees a client address other than its own 127.0.0.1; the cookie
 * jar is the caller's map, updated from Set-Cookie.
 */
export function requestFrom(
  localAddress: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; form?: Record<string, string>; jar?: Map<string, string> },
): Promise<RawResponse> {
  const target = new URL(url);
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
  if (options.jar?.size) headers.cookie = [...options.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  return new Promise((done, fail) => {
    const sent = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? "GET", headers, localAddress },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          for (const line of response.headers["set-cookie"] ?? []) {
            const [pair] = line.split(";");
            const at = pair.indexOf("=");
            options.jar?.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
          }
          done({ status: response.statusCode ?? 0, headers: response.headers, body: text });
        });
      },
    );
    sent.on("error", fail);
    sent.end(body);
  });
}

/**
 * Two server processes behind nginx, as a deployment on several machines
 * runs them: the same PostgreSQL database, Redis prefix, S3 bucket (moto)
 * and signing key, each with its own data dir and port, and nginx
 * (deploy/nginx-test.conf) in front with round robin. Every request below
 * goes through nginx; `x-bounty-instance` (random per process) tells which
 * instance answered. JavaScript on only (the pages' uploads and sockets).
 */
import type { APIResponse, BrowserContext, CDPSession, Page, Response } from "@playwright/test";
import { Cluster, requestFrom } from "./cluster";
import { expect, test } from "./fixtures";
import { hydrated } from "./support";

/**
 * Low, so the last test trips it in a few tries (only these two instances
 * have it); above the five sign-ins the other tests make from 127.0.0.1.
 */
const SIGN_INS_PER_IP = 10;

const cluster = new Cluster({ env: { APP__LIMITS__SIGN_INS_PER_IP: String(SIGN_INS_PER_IP) } });

// One worker owns the cluster: the tests run in order in it (the config is
// fullyParallel, which would give each test a worker and a cluster).
test.describe.configure({ mode: "default" });

test.beforeAll(async ({}, testInfo) => {
  if (testInfo.project.use.javaScriptEnabled === false) return;
  // moto's import, migrations and two servers' starts on two busy cores.
  testInfo.setTimeout(90_000);
  await cluster.start();
});

test.afterAll(async ({}, testInfo) => {
  testInfo.setTimeout(60_000);
  await cluster.stop();
});

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "the pages' uploads and chat sockets need JavaScript");
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach("server logs", { body: cluster.logs() });
});

function instanceOf(response: APIResponse | Response | null): string {
  const id = response?.headers()["x-bounty-instance"];
  expect(id, "x-bounty-instance on a response through nginx").toBeTruthy();
  expect(cluster.ids, "the instance is one of the two").toContain(id);
  return id!;
}

/**
 * Repeats `send` until an instance other than `not` answers (round robin
 * alternates, so this is one or two tries unless something is wrong).
 */
async function fromOtherThan<R extends APIResponse | Response | null>(not: string, send: () => Promise<R>): Promise<R> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const response = await send();
    if (instanceOf(response) !== not) return response;
  }
  throw new Error(`8 requests through nginx all landed on instance ${not}`);
}

async function newContext(browser: import("@playwright/test").Browser): Promise<BrowserContext> {
  return browser.newContext({ baseURL: cluster.url });
}

test("a file uploaded through one instance is served by the other, from the bucket @js", async ({ browser }) => {
  test.setTimeout(90_000);
  const publisher = await newContext(browser);
  await cluster.account(publisher.request, "publisher");
  const page = await publisher.newPage();
  await page.goto("/publish");
  await hydrated(page);
  const title = `Across instances ${cluster.tag}`;
  const content = `shared through the bucket ${cluster.tag}\n`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Category").selectOption({ label: "Programming" });
  await page.getByLabel("Block 1").fill("Read the **attached** notes.");
  await page.locator("#reward").fill("1200");
  await page.locator("#deadline").fill("2099-06-30");
  const uploaded = page.waitForResponse((response) => response.url().endsWith("/uploads") && response.request().method() === "POST");
  await page.locator("input[type=file]:not([webkitdirectory])").setInputFiles([
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from(content) },
  ]);
  const upload = await uploaded;
  expect(upload.status()).toBe(201);
  const uploadInstance = instanceOf(upload);
  await expect(page.locator(".upload progress")).toHaveCount(0);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const orderUrl = new URL(page.url()).pathname;
  expect(orderUrl).toMatch(/^\/orders\/\d+$/);

  // The bytes are in the bucket, not in either instance's data dir.
  expect((await cluster.s3.keys(cluster.bucket)).length, "objects in the bucket").toBeGreaterThan(0);
  expect(cluster.instances.flatMap((instance) => instance.localFiles()), "files on local disk").toEqual([]);

  // The order page, loaded in the publisher's browser, from the other instance.
  const shown = await fromOtherThan(uploadInstance, () => page.goto(orderUrl));
  await expect(page.locator(".files .file")).toHaveCount(1);
  await expect(page.locator(".files .file")).toContainText("notes.txt");
  const href = await page.locator(".files .file a[href*='/files/']").first().getAttribute("href");
  const fileId = href?.match(/\/files\/([^/?#]+)/)?.[1];
  expect(fileId, `a /files/ link on the order page (${href})`).toBeTruthy();

  // A second user downloads it from the instance that did not take the upload.
  const reader = await newContext(browser);
  await cluster.account(reader.request, "reader");
  const download = await fromOtherThan(uploadInstance, () => reader.request.get(`/files/${fileId}`));
  expect(download.status()).toBe(200);
  expect(await download.text()).toBe(content);
  console.log(
    `upload on ${uploadInstance}; order page on ${instanceOf(shown)}; second user's download on ${instanceOf(download)}`,
  );
  await publisher.close();
  await reader.close();
});

test("a session made through one instance is valid on the other @js", async ({ browser }) => {
  const context = await newContext(browser);
  const { email, id } = await cluster.account(context.request, "session");
  const seen = new Set<string>();
  for (let attempt = 0; attempt < 8 && seen.size < 2; attempt++) {
    const me = await context.request.post("/api/account/me", { form: {} });
    expect(me.ok()).toBeTruthy();
    expect((await me.json())?.id, "signed in as the user").toBe(id);
    seen.add(instanceOf(me));
    // The account page (server-rendered for the signed-in user, else a
    // redirect to sign in) from whichever instance answers next.
    const account = await context.request.get("/account", { maxRedirects: 0 });
    expect(account.status(), "the account page, not a redirect to sign in").toBe(200);
    expect(await account.text()).toContain(email);
    seen.add(instanceOf(account));
  }
  expect([...seen].sort(), "both instances answered as the signed-in user").toEqual([...cluster.ids].sort());
  await context.close();
});

/** Records the instance that answered each of the page's WebSocket handshakes (via CDP). */
async function socketInstances(page: Page): Promise<{ cdp: CDPSession; instances: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  const instances: string[] = [];
  cdp.on("Network.webSocketHandshakeResponseReceived", (event) => {
    const headers = event.response.headers as Record<string, string>;
    const id = Object.entries(headers).find(([name]) => name.toLowerCase() === "x-bounty-instance")?.[1];
    instances.push(id ?? "");
  });
  await cdp.send("Network.enable");
  return { cdp, instances };
}

async function chatConnected(page: Page, sockets: string[]): Promise<string> {
  await hydrated(page);
  await expect(page.locator(".chat-offline")).toHaveCount(0);
  await expect.poll(() => sockets.length, { message: "the page's /ws handshake" }).toBeGreaterThan(0);
  return sockets[sockets.length - 1];
}

async function say(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "Write a message…" });
  await box.fill(text);
  await box.press("Enter");
}

test("two users whose sockets are on different instances chat live @js", async ({ browser }) => {
  test.setTimeout(90_000);
  const aliceContext = await newContext(browser);
  const bobContext = await newContext(browser);
  await cluster.account(aliceContext.request, "alice");
  const bob = await cluster.account(bobContext.request, "bob");
  const opened = await aliceContext.request.post("/api/chat/open", { form: { user_id: String(bob.id) } });
  expect(opened.ok(), await opened.text()).toBeTruthy();
  const conversation = `/messages/${await opened.json()}`;

  const alice = await aliceContext.newPage();
  const aliceSockets = await socketInstances(alice);
  await alice.goto(conversation);
  const aliceOn = await chatConnected(alice, aliceSockets.instances);
  expect(cluster.ids).toContain(aliceOn);

  // Bob's page reloads until its socket lands on the other instance.
  const bobPage = await bobContext.newPage();
  const bobSockets = await socketInstances(bobPage);
  await bobPage.goto(conversation);
  let bobOn = await chatConnected(bobPage, bobSockets.instances);
  for (let attempt = 0; attempt < 8 && bobOn === aliceOn; attempt++) {
    bobSockets.instances.length = 0;
    await bobPage.reload();
    bobOn = await chatConnected(bobPage, bobSockets.instances);
  }
  expect(cluster.ids).toContain(bobOn);
  expect(bobOn, "Bob's socket is on the other instance than Alice's").not.toBe(aliceOn);

  await say(alice, `Hello from ${aliceOn}`);
  await expect(bobPage.locator(".chat-messages .bubble", { hasText: `Hello from ${aliceOn}` })).toBeVisible();
  await say(bobPage, `Hello back from ${bobOn}`);
  await expect(alice.locator(".chat-messages .bubble", { hasText: `Hello back from ${bobOn}` })).toBeVisible();
  // Neither page reconnected on the way (the messages crossed instances live).
  expect(aliceSockets.instances).toEqual([aliceOn]);
  expect(bobSockets.instances).toEqual([bobOn]);
  await aliceContext.close();
  await bobContext.close();
});

test("the sign-in limit counts the client address nginx saw, not a forged X-Forwarded-For @js", async () => {
  // Requests leave from 127.0.0.2 (the "attacker") and 127.0.0.3 (someone
  // else), so the address the instances must count differs from nginx's
  // own 127.0.0.1 and from every forged header.
  const attempt = async (from: string, forged: string) => {
    const jar = new Map<string, string>();
    const headers = { "x-forwarded-for": forged };
    const challenge = JSON.parse(
      (await requestFrom(from, `${cluster.url}/api/captcha`, { method: "POST", form: {}, headers, jar })).body,
    );
    const points: [number, number][] = JSON.parse(
      (await requestFrom(from, `${cluster.url}/test/captcha/${challenge.id}`, { headers, jar })).body,
    );
    const login = await requestFrom(from, `${cluster.url}/api/account/login`, {
      method: "POST",
      headers,
      jar,
      form: {
        email: `nobody-${Math.random().toString(36).slice(2)}@example.com`,
        password: "wrong-password",
        next: "/",
        captcha_id: challenge.id,
        captcha_clicks: points.map(([x, y]) => `${Math.round(x)},${Math.round(y)}`).join(";"),
      },
    });
    const instance = String(login.headers["x-bounty-instance"]);
    expect(cluster.ids).toContain(instance);
    return { status: login.status, body: login.body, instance };
  };

  const refusedOn = new Set<string>();
  const wrongOn = new Set<string>();
  for (let n = 1; n <= SIGN_INS_PER_IP; n++) {
    const answer = await attempt("127.0.0.2", `203.0.113.${n}`);
    expect(answer.status, `attempt ${n}: ${answer.body}`).not.toBe(429);
    expect(answer.body).toContain("wrong_credentials");
    wrongOn.add(answer.instance);
  }
  // Each forged header named a new address; the limit still trips, on both
  // instances (the count is shared through Redis).
  for (let n = SIGN_INS_PER_IP + 1; n <= SIGN_INS_PER_IP + 8 && refusedOn.size < 2; n++) {
    const answer = await attempt("127.0.0.2", `198.51.100.${n}`);
    expect(answer.status, `attempt ${n} past the limit: ${answer.body}`).toBe(429);
    refusedOn.add(answer.instance);
  }
  expect(wrongOn.size, "the counted attempts landed on both instances").toBe(2);
  expect(refusedOn.size, "both instances refuse the address").toBe(2);

  // Another real address is not limited, even when it forges the limited one.
  const other = await attempt("127.0.0.3", "127.0.0.2");
  expect(other.status, other.body).not.toBe(429);
  expect(other.body).toContain("wrong_credentials");
});

import { Browser, BrowserContext, expect, Page, test } from "./fixtures";
import { OwnServer } from "./own_server";
import { apiAccount, hydrated } from "./support";

type Person = { context: BrowserContext; page: Page; id: number; email: string };

/** A signed-in user in a browser context of their own. */
async function person(browser: Browser, tag: string, baseURL?: string): Promise<Person> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  const email = await apiAccount(context.request, tag);
  const me = await (await context.request.post("/api/account/me", { form: {} })).json();
  const page = await context.newPage();
  return { context, page, id: me.id, email };
}

/** `from` opens a conversation with `to` from their profile page. */
async function openChat(from: Person, to: Person): Promise<string> {
  await from.page.goto(`/users/${to.id}`);
  await hydrated(from.page);
  await from.page.getByRole("button", { name: "Send a message" }).click();
  await from.page.waitForURL(/\/messages\/\d+$/);
  await connected(from.page);
  return from.page.url();
}

/** The page is hydrated and its chat connection is up. */
async function connected(page: Page) {
  await hydrated(page);
  await expect(page.locator(".chat-offline")).toHaveCount(0);
}

async function say(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "Write a message…" });
  await box.fill(text);
  await box.press("Enter");
}

function bubble(page: Page, text: string) {
  return page.locator(".chat-messages .bubble", { hasText: text });
}

test("two users chat live, with unread badges that clear when read and a typing notice @js", async ({ browser }) => {
  const alice = await person(browser, "alice");
  const bob = await person(browser, "bob");
  const url = await openChat(alice, bob);
  await bob.page.goto("/messages");
  await hydrated(bob.page);

  await alice.page.getByRole("textbox", { name: "Write a message…" }).pressSequentially("Hel");
  await say(alice.page, "Hello Bob 👋");
  await expect(bubble(alice.page, "Hello Bob 👋")).toBeVisible();
  await expect(bob.page.getByTestId("unread-badge")).toHaveText("1");
  await expect(bob.page.locator(".chat-line__preview")).toHaveText("Hello Bob 👋");

  await bob.page.locator(".chat-line__link").first().click();
  // Every link is a page load: the notice below needs the new page's socket.
  await bob.page.waitForURL(/\/messages\/\d+$/);
  await connected(bob.page);
  await expect(bubble(bob.page, "Hello Bob 👋")).toBeVisible();
  await expect(bob.page.getByTestId("unread-badge")).toHaveCount(0);
  expect(new URL(bob.page.url()).pathname).toBe(new URL(url).pathname);

  await bob.page.getByRole("textbox", { name: "Write a message…" }).pressSequentially("typing");
  await expect(alice.page.locator(".chat-typing")).toContainText("is typing");
  await say(bob.page, "Hi Alice, 你好");
  await expect(bubble(alice.page, "Hi Alice, 你好")).toBeVisible();
  await expect(alice.page.locator(".chat-pane__presence")).toHaveText("Online");
  await alice.context.close();
  await bob.context.close();
});

test("a message sent while the recipient is away arrives when they return, and history is kept in IndexedDB @js", async ({ browser }) => {
  const alice = await person(browser, "away-alice");
  const bob = await person(browser, "away-bob");
  const url = await openChat(alice, bob);
  await bob.page.close();
  await say(alice.page, "Written while you were away");
  await expect(alice.page.locator(".bubble--pending")).toHaveCount(0);

  const page = await bob.context.newPage();
  await page.goto("/");
  await hydrated(page);
  await expect(page.getByTestId("unread-badge")).toHaveText("1");
  await page.goto(url);
  await hydrated(page);
  await expect(bubble(page, "Written while you were away")).toBeVisible();
  await expect(page.getByTestId("unread-badge")).toHaveCount(0);

  // The cache holds what was shown, and survives a reload.
  const cached = async () =>
    page.evaluate(async (userId) => {
      const db: IDBDatabase = await new Promise((done, fail) => {
        const open = indexedDB.open(`bounty-chat-${userId}`);
        open.onsuccess = () => done(open.result);
        open.onerror = () => fail(open.error);
      });
      const rows: { json: string }[] = await new Promise((done, fail) => {
        const request = db.transaction("messages").objectStore("messages").getAll();
        request.onsuccess = () => done(request.result);
        request.onerror = () => fail(request.error);
      });
      db.close();
      return rows.map((row) => JSON.parse(row.json).body.text);
    }, bob.id);
  await expect.poll(cached).toContain("Written while you were away");
  await page.reload();
  await hydrated(page);
  await expect.poll(cached).toContain("Written while you were away");

  // Signing out deletes the cache.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  await expect
    .poll(async () => page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name)))
    .not.toContain(`bounty-chat-${bob.id}`);
  await alice.context.close();
  await bob.context.close();
});

test("removing a contact hides the conversation until that person writes again @js", async ({ browser }) => {
  const alice = await person(browser, "hide-alice");
  const bob = await person(browser, "hide-bob");
  await openChat(alice, bob);
  await say(alice.page, "Are you there?");
  await expect(bubble(alice.page, "Are you there?")).toBeVisible();
  await bob.page.goto("/messages");
  await hydrated(bob.page);
  const line = bob.page.locator(".chat-line");
  await expect(line).toHaveCount(1);
  await line.click({ button: "right" });
  await bob.page.getByRole("button", { name: "Remove from list" }).click();
  await expect(bob.page.locator(".chat-line")).toHaveCount(0);
  await expect(bob.page.getByText("No conversations yet.")).toBeVisible();

  await say(alice.page, "Writing again");
  await expect(bob.page.locator(".chat-line")).toHaveCount(1);
  await expect(bob.page.locator(".chat-line__preview")).toHaveText("Writing again");
  await alice.context.close();
  await bob.context.close();
});

test("a message written before the chat has connected is kept and delivered @js", async ({ browser }) => {
  const alice = await person(browser, "early-alice");
  const bob = await person(browser, "early-bob");
  const opened = await alice.context.request.post("/api/chat/open", { form: { user_id: String(bob.id) } });
  expect(opened.ok(), await opened.text()).toBeTruthy();
  const conversation = await opened.json();
  // Hold back the page's "who is signed in?", so its chat engine starts
  // seconds after the composer is usable.
  let held = 0;
  await alice.page.route("**/api/account/me", async (route) => {
    held += 1;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.continue();
  });
  await alice.page.goto(`/messages/${conversation}`);
  await hydrated(alice.page);
  await say(alice.page, "Written before the connection");
  await expect(alice.page.locator(".chat-offline")).toBeVisible();
  await expect(bubble(alice.page, "Written before the connection")).toBeVisible();

  await connected(alice.page);
  expect(held).toBeGreaterThan(0);
  await bob.page.goto(`/messages/${conversation}`);
  await expect(bubble(bob.page, "Written before the connection")).toBeVisible();
  await expect(alice.page.locator(".bubble--pending")).toHaveCount(0);
  await alice.context.close();
  await bob.context.close();
});

test("a message written while the server is down shows as sending and is delivered once it is back @js", async ({ browser }) => {
  test.setTimeout(90_000);
  const server = new OwnServer();
  await server.start();
  try {
    const alice = await person(browser, "down-alice", server.url);
    const bob = await person(browser, "down-bob", server.url);
    const url = await openChat(alice, bob);
    await bob.page.goto(url);
    await connected(bob.page);

    await server.stop();
    await expect(alice.page.locator(".chat-offline")).toBeVisible();
    await say(alice.page, "Sent during the outage");
    await expect(alice.page.locator(".bubble--pending")).toContainText("Sending…");

    await server.start();
    await expect(alice.page.locator(".bubble--pending")).toHaveCount(0, { timeout: 40_000 });
    await expect(bubble(alice.page, "Sent during the outage")).toBeVisible();
    await expect(bubble(bob.page, "Sent during the outage")).toBeVisible({ timeout: 40_000 });
    await alice.context.close();
    await bob.context.close();
  } finally {
    await server.remove();
  }
});

test("without JavaScript the messages page lists conversations and shows their history @no-js", async ({ browser, page }) => {
  // The writer uses JavaScript; the reader does not.
  const writerContext = await browser.newContext({ javaScriptEnabled: true });
  const writer: Person = await (async () => {
    const email = await apiAccount(writerContext.request, "nojs-writer");
    const me = await (await writerContext.request.post("/api/account/me", { form: {} })).json();
    return { context: writerContext, page: await writerContext.newPage(), id: me.id, email };
  })();
  await apiAccount(page.request, "nojs-reader");
  const reader = await (await page.request.post("/api/account/me", { form: {} })).json();
  await writer.page.goto(`/users/${reader.id}`);
  await hydrated(writer.page);
  await writer.page.getByRole("button", { name: "Send a message" }).click();
  await writer.page.waitForURL(/\/messages\/\d+$/);
  await connected(writer.page);
  await say(writer.page, "Readable without scripts");
  await expect(writer.page.locator(".bubble--pending")).toHaveCount(0);

  await page.goto("/messages");
  await expect(page.locator(".chat-line__preview")).toHaveText("Readable without scripts");
  await page.locator(".chat-line__link").click();
  await expect(bubble(page, "Readable without scripts")).toBeVisible();
  await expect(page.getByText("Live chat needs JavaScript.")).toBeVisible();
  await writerContext.close();
});

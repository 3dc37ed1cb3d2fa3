import { APIRequestContext, expect, Page } from "@playwright/test";

/** Waits until the page is hydrated: the app marks `<html data-hydrated>`. */
export async function hydrated(page: Page) {
  await expect(page.locator("html[data-hydrated]")).toBeAttached({ timeout: 30_000 });
}

/** A fresh address per test, so tests never share an account. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/**
 * Clicks the captcha glyphs in order. The answer comes from the test-only
 * route the e2e server enables (server.test_reveal_captcha); without
 * JavaScript every click reloads the page, so wait for each load.
 */
export async function solveCaptcha(page: Page, request: APIRequestContext, javaScript: boolean): Promise<void> {
  const picture = page.locator("input.captcha__image");
  const src = await picture.getAttribute("src");
  const id = src?.match(/captcha\/(\w+)\.png/)?.[1];
  expect(id, "captcha picture id").toBeTruthy();
  const points: [number, number][] = await (await request.get(`/test/captcha/${id}`)).json();
  for (const [index, [x, y]] of points.entries()) {
    const box = await page.locator("input.captcha__image").boundingBox();
    if (!box) throw new Error("captcha picture not visible");
    await page.locator("input.captcha__image").click({ position: { x: (x * box.width) / 320, y: (y * box.height) / 200 } });
    if (!javaScript) await page.waitForURL(/clicks=/);
    await expect(page.getByRole("status").filter({ hasText: "/4" })).toContainText(`${index + 1}/4`);
  }
}

/**
 * The six-digit code in the newest message to `email` in the dev mailbox
 * (whose subject contains `subject`, if given). Mail is sent by the server's
 * outbox worker just after the request that queued it, so the mailbox is
 * read until the message is there.
 */
export async function mailedCode(request: APIRequestContext, email: string, subject?: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const html = await (await request.get("/dev/mailbox")).text();
    const article = html
      .split("<article>")
      .find((part) => part.includes(`<span class="to">${email}</span>`) && (!subject || part.includes(subject)));
    // The code stands alone on its own line of the plain-text body.
    const code = article?.match(/^\s+(\d{6})\s*$/m)?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no code mailed to ${email}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Registers through the pages and returns the address. */
export async function register(
  page: Page,
  request: APIRequestContext,
  javaScript: boolean,
  tag: string,
  email = uniqueEmail(tag),
) {
  await page.goto("/register");
  if (javaScript) await hydrated(page);
  await solveCaptcha(page, request, javaScript);
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Nickname").fill(`Tester ${tag}`);
  await page.getByLabel("Password", { exact: true }).fill("s3cret-pass");
  await page.getByRole("button", { name: "Send me the code" }).click();
  await expect(page.getByRole("heading", { name: "Confirm your e-mail" })).toBeVisible();
  await expect(page.getByLabel("E-mail", { exact: true })).toHaveValue(email);
  await page.getByLabel("Code from the e-mail").fill(await mailedCode(request, email));
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByText("Your account is ready")).toBeVisible();
  return email;
}

/** Signs in on the current sign-in page. */
export async function signIn(
  page: Page,
  request: APIRequestContext,
  javaScript: boolean,
  email: string,
  password = "s3cret-pass",
) {
  await solveCaptcha(page, request, javaScript);
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.locator("form.form").getByRole("button", { name: "Sign in" }).click();
}

/**
 * Registers and signs in through the server functions alone (no page), for
 * tests that need an account but are about something else. The request
 * context keeps the session cookie.
 */
export async function apiAccount(request: APIRequestContext, tag: string, email = uniqueEmail(tag)): Promise<string> {
  return apiAccountWith(request, tag, email, false);
}

/**
 * The account at a fixed address (one configured as an admin), registered
 * on first use and signed in either way, so a suite can run twice against
 * the same server.
 */
export async function apiFixedAccount(request: APIRequestContext, tag: string, email: string): Promise<string> {
  return apiAccountWith(request, tag, email, true);
}

async function apiAccountWith(
  request: APIRequestContext,
  tag: string,
  email: string,
  mayExist: boolean,
): Promise<string> {
  const captcha = async () => {
    const challenge = await (await request.post("/api/captcha", { form: {} })).json();
    const points: [number, number][] = await (await request.get(`/test/captcha/${challenge.id}`)).json();
    return { captcha_id: challenge.id, captcha_clicks: points.map(([x, y]) => `${Math.round(x)},${Math.round(y)}`).join(";") };
  };
  const registered = await request.post("/api/account/register", {
    form: { email, password: "s3cret-pass", nickname: `Tester ${tag}`, ...(await captcha()) },
  });
  const exists = mayExist && (await registered.text()).includes("email_taken");
  if (!exists) {
    expect(registered.ok(), await registered.text()).toBeTruthy();
    const confirmed = await request.post("/api/account/confirm", { form: { email, code: await mailedCode(request, email) } });
    expect(confirmed.ok(), await confirmed.text()).toBeTruthy();
  }
  const login = await request.post("/api/account/login", {
    form: { email, password: "s3cret-pass", next: "/", ...(await captcha()) },
  });
  expect(login.ok(), await login.text()).toBeTruthy();
  return email;
}

/** Publishes an order through the server function; returns its id. */
export async function publishOrder(
  request: APIRequestContext,
  title: string,
  reward: string,
  block = "Find the **bug**.",
): Promise<number> {
  const published = await request.post("/api/orders/publish", {
    data: {
      draft: {
        title,
        category_id: 1,
        blocks: [block],
        reward,
        reward_negotiable: reward === "",
        deadline: "2099-12-31",
        deadline_negotiable: false,
        files: [],
      },
    },
  });
  expect(published.ok(), await published.text()).toBeTruthy();
  return Number(await published.text());
}

/** Pays `amount` into the page's wallet through the sandbox checkout. */
export async function topUpWallet(page: Page, amount: string) {
  await page.goto("/wallet");
  await page.getByLabel("Amount (CNY)").fill(amount);
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page.getByText("Payment received: your balance is updated.")).toBeVisible();
}

import { expect, test } from "./fixtures";
import { OwnServer } from "./own_server";
import { hydrated } from "./support";

// The suite's server runs in development mode, and says so on every page.
test("a development server says so on every page", async ({ page }) => {
  for (const path of ["/", "/login", "/register"]) {
    await page.goto(path);
    await expect(page.locator("[data-notice=development]")).toBeVisible();
  }
  await expect(page.locator("[data-notice=play-money]")).toHaveCount(0);
});

test("a play-money demo says so on every page, in both languages", async ({ browser }) => {
  test.setTimeout(90_000);
  const server = new OwnServer({ APP__PAYMENTS__DEMO_MONEY: "true" });
  await server.start();
  try {
    for (const [language, text] of [
      ["en", "all money here is play money"],
      ["zh-CN", "所有金额都是虚拟的"],
    ]) {
      const context = await browser.newContext({
        baseURL: server.url,
        locale: language,
        extraHTTPHeaders: { "Accept-Language": language },
      });
      const page = await context.newPage();
      for (const path of ["/", "/login", "/wallet"]) {
        await page.goto(path);
        await expect(page.locator("[data-notice=play-money]")).toContainText(text);
      }
      await context.close();
    }
  } finally {
    await server.remove();
  }
});

test.describe("the page's policy", () => {
  test.use({ cspViolationsExpected: true });

  test("blocks a script injected into the page @js", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    const outcome = await page.evaluate(async () => {
      const seen = new Promise<string>((done) =>
        document.addEventListener("securitypolicyviolation", (event) => done(event.violatedDirective)),
      );
      const script = document.createElement("script");
      script.textContent = "window.injectedRan = true;";
      document.body.append(script);
      const directive = await Promise.race([seen, new Promise<string>((done) => setTimeout(() => done("none"), 2_000))]);
      return { directive, ran: (window as unknown as { injectedRan?: boolean }).injectedRan === true };
    });
    expect(outcome.ran).toBe(false);
    expect(outcome.directive).toMatch(/^script-src/);
  });
});

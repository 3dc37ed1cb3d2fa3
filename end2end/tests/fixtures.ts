/**
 * Every spec imports `test` and `expect` from here instead of
 * "@playwright/test": the same API, plus an automatic guard that fails a test
 * on any Content-Security-Policy violation in any page it opened (its own
 * context and every context it creates with `browser.newContext`), seen
 * either as a `securitypolicyviolation` event or as Chromium's console error.
 */
import { Browser, BrowserContext, Page, test as base, expect } from "@playwright/test";

export * from "@playwright/test";

const CSP_MESSAGE = /Content Security Policy|CSP violation/i;

async function guard(context: BrowserContext, violations: string[]) {
  // Playwright injects init scripts outside the page's CSP, so the listener
  // itself is never blocked; with JavaScript off it does not run, but then
  // no script can violate the policy either, and console errors still count.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
  const watch = (page: Page) =>
    page.on("console", (message) => {
      if (message.type() === "error" && CSP_MESSAGE.test(message.text())) {
        violations.push(`${page.url()}: ${message.text()}`);
      }
    });
  context.pages().forEach(watch);
  context.on("page", watch);
}

export const test = base.extend<{ cspGuard: void; cspViolationsExpected: boolean }>({
  // Only the test that proves the policy blocks an injected script sets it.
  cspViolationsExpected: [false, { option: true }],
  cspGuard: [
    async ({ context, browser, cspViolationsExpected }, use) => {
      const violations: string[] = [];
      await guard(context, violations);
      const original = browser.newContext.bind(browser);
      (browser as Browser).newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const created = await original(...args);
        await guard(created, violations);
        return created;
      };
      try {
        await use();
      } finally {
        browser.newContext = original;
      }
      if (!cspViolationsExpected) {
        expect(violations, "no Content-Security-Policy violation on any page").toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };

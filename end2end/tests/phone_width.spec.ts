import { expect, test } from "./fixtures";
import { apiAccount, apiFixedAccount, hydrated, publishOrder } from "./support";

// Every page a signed-in user reaches fits a 360 px wide phone in both
// languages: nothing pushes the page wider than the screen (a long word, a
// table, a row of buttons); wide content scrolls inside its own box; and
// each page shows its heading.
for (const language of ["en", "zh-CN"]) {
  test.describe(`at phone width in ${language}`, () => {
    test.use({ locale: language, extraHTTPHeaders: { "Accept-Language": language } });

    test("no page is wider than the screen", async ({ page, request, javaScriptEnabled }) => {
      // page.request shares the page's cookies, so the pages are the signed-in user's.
      await apiAccount(page.request, "phone");
      const id = await publishOrder(page.request, `A rather long title for a phone ${Date.now().toString(36)}`, "100.00");
      await apiAccount(request, "phone-peer");
      const peer = await (await request.post("/api/account/me", { form: {} })).json();
      const opened = await page.request.post("/api/chat/open", { form: { user_id: String(peer.id) } });
      expect(opened.ok(), await opened.text()).toBeTruthy();
      const conversation = await opened.json();
      await page.setViewportSize({ width: 360, height: 740 });
      const paths = [
        "/",
        "/publish",
        `/orders/${id}`,
        `/orders/${id}/edit`,
        "/my/orders",
        "/messages",
        `/messages/${conversation}`,
        `/users/${peer.id}`,
        "/account",
        "/wallet",
        "/notifications",
      ];
      const wide: string[] = [];
      for (const path of paths) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBeLessThan(400);
        expect(new URL(page.url()).pathname, "not sent to sign in").toBe(path);
        await expect(page.locator("html")).toHaveAttribute("lang", language);
        // Each page says what it is, on phones too.
        await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
        // Measure the page as it stays: hydration folds the menu and shows the JS-only parts.
        if (javaScriptEnabled) await hydrated(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) wide.push(`${path}: ${overflow}px too wide`);
      }
      expect(wide).toEqual([]);
    });
  });
}

// scripts/test configures these two addresses as admins (accounts.admins).
test("the admin pages fit a phone in both languages", async ({ page, javaScriptEnabled }, testInfo) => {
  await apiFixedAccount(page.request, "phone admin", `phone-admin-${testInfo.project.name}@example.com`);
  await page.setViewportSize({ width: 360, height: 740 });
  const wide: string[] = [];
  for (const language of ["en", "zh-CN"]) {
    // The header's language switch (a cookie), as a user would choose it.
    const switched = await page.request.post("/lang", { form: { lang: language, next: "/" }, maxRedirects: 0 });
    expect(switched.status()).toBeLessThan(400);
    for (const path of ["/admin/users", "/admin/categories", "/admin/withdrawals", "/admin/disputes"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator("html")).toHaveAttribute("lang", language);
      await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
      if (javaScriptEnabled) await hydrated(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) wide.push(`${language} ${path}: ${overflow}px too wide`);
    }
  }
  expect(wide).toEqual([]);
});

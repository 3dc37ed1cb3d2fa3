import { expect, test } from "./fixtures";
import { hydrated } from "./support";

test.describe("the page frame", () => {
  test("the hall renders its heading, navigation and footer", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "Open bounties" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Hall", "Publish", "Messages", "Sign in"]) {
      await expect(nav.getByRole("link", { name })).toBeVisible();
    }
    await expect(page.getByRole("contentinfo")).toContainText("escrow");
    await expect(page).toHaveTitle("Open bounties");
  });

  test("navigation links lead to their pages; signed-in pages ask a visitor to sign in", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Sign in" })).toHaveAttribute("aria-current", "page");
    await nav.getByRole("link", { name: "Publish" }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fpublish$/);
  });

  test("without JavaScript the navigation is complete at phone width @no-js", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Hall", "Publish", "Messages", "Sign in"]) {
      await expect(nav.getByRole("link", { name })).toBeInViewport();
    }
  });
});

test.describe("hydration", () => {
  test("at phone width the menu button opens and closes the navigation @js", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/");
    await hydrated(page);
    const menu = page.getByRole("button", { name: "Menu" });
    const publish = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Publish" });
    await expect(publish).toBeHidden();
    await menu.click();
    await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
    await expect(publish).toBeVisible();
    await publish.click();
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(publish).toBeHidden();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test.describe("language", () => {
  test("the switch changes the language and the choice persists", async ({ page }) => {
    await page.goto("/register");
    await page.getByRole("button", { name: "简体中文" }).click();
    await expect(page).toHaveURL(/\/register$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1, name: "注册账号" })).toBeVisible();
    await expect(page.getByRole("button", { name: "简体中文" })).toHaveAttribute("aria-pressed", "true");

    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "大厅" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "待接悬赏" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "待接悬赏" })).toBeVisible();

    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Open bounties" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });

  test.describe("with a Chinese browser", () => {
    test.use({ locale: "zh-CN" });

    test("the first visit is in Chinese", async ({ page }) => {
      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      await expect(page.getByRole("heading", { level: 1, name: "待接悬赏" })).toBeVisible();
    });
  });
});

test.describe("unknown addresses", () => {
  test("show the 404 page with status 404 and a way back", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "Back to the hall" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Open bounties" })).toBeVisible();
  });
});

import { expect, test } from "./fixtures";
import { apiAccount, hydrated, publishOrder } from "./support";


test("the publisher sees a badge appear live when their order is taken, and reads it @js", async ({ browser, page }) => {
  const unique = Date.now().toString(36);
  await apiAccount(page.request, "notified");
  const id = await publishOrder(page.request, `Badge ${unique}`, "50", "Notice me.");
  await page.goto("/wallet");
  await hydrated(page);
  await expect(page.getByTestId("notification-badge")).toHaveCount(0);

  const taker = await browser.newContext();
  await apiAccount(taker.request, "noticer");
  expect((await taker.request.post("/api/orders/take", { form: { id: String(id) } })).ok()).toBeTruthy();
  await expect(page.getByTestId("notification-badge")).toHaveText("1");
  // A notification changes nothing the wallet shows: no reload offered.
  await expect(page.locator(".page-changed")).toHaveCount(0);

  await page.getByRole("link", { name: /Notifications/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(page.locator(".notification--unread")).toContainText("Your order was taken");
  await expect(page.locator(".notification--unread")).toContainText(`Badge ${unique}`);
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.locator(".notification--unread")).toHaveCount(0);
  await expect(page.getByTestId("notification-badge")).toHaveCount(0);
  await taker.close();
});

test("a notification pushed to the open list appears in it in place @js", async ({ browser, page }) => {
  const unique = Date.now().toString(36);
  await apiAccount(page.request, "reloader");
  const id = await publishOrder(page.request, `Reload ${unique}`, "50", "Notice me.");
  await page.goto("/notifications");
  await hydrated(page);
  await expect(page.locator("html[data-connected]")).toBeAttached();
  await expect(page.locator(".notification--unread")).toHaveCount(0);

  const taker = await browser.newContext();
  await apiAccount(taker.request, "reloadtaker");
  expect((await taker.request.post("/api/orders/take", { form: { id: String(id) } })).ok()).toBeTruthy();
  await expect(page.locator(".notification--unread")).toContainText(`Reload ${unique}`);
  await expect(page.locator(".page-changed")).toHaveCount(0);
  await taker.close();
});

test("notifications list and the mail switch work without JavaScript @no-js", async ({ browser, page }) => {
  const unique = Date.now().toString(36);
  await apiAccount(page.request, "quiet");
  const id = await publishOrder(page.request, `Quiet ${unique}`, "50", "Notice me.");
  const taker = await browser.newContext({ javaScriptEnabled: false });
  await apiAccount(taker.request, "quiettaker");
  expect((await taker.request.post("/api/orders/take", { form: { id: String(id) } })).ok()).toBeTruthy();
  await taker.close();

  await page.goto("/notifications");
  await expect(page.locator(".notification--unread")).toContainText("Your order was taken");
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.locator(".notification--unread")).toHaveCount(0);
  const mail = page.getByLabel(/Also e-mail me/);
  await expect(mail).toBeChecked();
  await mail.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByLabel(/Also e-mail me/)).not.toBeChecked();
});

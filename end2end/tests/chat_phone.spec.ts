import { expect, test } from "./fixtures";
import { apiAccount, hydrated, publishOrder } from "./support";

/** Opens (or finds) the page user's conversation with `peerId` about `orderId`. */
async function conversationWith(request: import("@playwright/test").APIRequestContext, peerId: number, orderId?: number) {
  const form: Record<string, string> = { user_id: String(peerId) };
  if (orderId !== undefined) form.order_id = String(orderId);
  const opened = await request.post("/api/chat/open", { form });
  expect(opened.ok(), await opened.text()).toBeTruthy();
  return Number(await opened.json());
}

// A conversation fits a 360 × 740 phone: the contact's name on one line,
// the messages taking the height the header and composer leave, the newest
// message in view, and nothing below the composer. Both languages.
for (const language of ["en", "zh-CN"]) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: language, extraHTTPHeaders: { "Accept-Language": language } });
    test(`a conversation with messages fits a phone @js`, async ({ page, request }) => {
      await apiAccount(page.request, "phone-chat");
      await apiAccount(request, "contact-longname");
      const peer = await (await request.post("/api/account/me", { form: {} })).json();
      const conversation = await conversationWith(page.request, peer.id);
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`/messages/${conversation}`);
      await expect(page.locator("html")).toHaveAttribute("lang", language);
      await hydrated(page);
      await expect(page.locator(".chat-offline")).toHaveCount(0);
      const box = page.locator(".composer textarea");
      for (let n = 1; n <= 12; n++) {
        await box.fill(`Message number ${n}: a line long enough to wrap on a phone screen.`);
        await box.press("Enter");
      }
      await expect(page.locator(".chat-messages .bubble", { hasText: "Message number 12:" })).toBeVisible();

      const name = page.locator(".chat-pane__who h1");
      const lines = await name.evaluate((element) => {
        const style = getComputedStyle(element);
        return Math.round(element.getBoundingClientRect().height / parseFloat(style.lineHeight || "20"));
      });
      expect(lines, "the name takes one line").toBeLessThanOrEqual(1);

      const sizes = await page.evaluate(() => {
        const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
        return {
          messages: box(".chat-messages").height,
          composerBottom: box(".composer").bottom,
          paneBottom: box(".chat-pane").bottom,
        };
      });
      expect(sizes.messages, "the messages get most of the screen").toBeGreaterThan(300);
      expect(sizes.composerBottom, "the composer is on the screen").toBeLessThanOrEqual(740);
      expect(740 - sizes.paneBottom, "no empty space under the conversation").toBeLessThan(24);
      // Scrolled to the newest message.
      await expect(page.locator(".chat-messages .bubble", { hasText: "Message number 12:" })).toBeInViewport();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    });
  });
}

test("a solver is warned in chat that an unsecured order's escrow does not cover what they send, until they dismiss it", async ({ page, request }) => {
  await apiAccount(request, "unsecured-publisher");
  const publisher = await (await request.post("/api/account/me", { form: {} })).json();
  const order = await publishOrder(request, `Unsecured ${Date.now().toString(36)}`, "80");
  await apiAccount(page.request, "careful-solver");
  const conversation = await conversationWith(page.request, publisher.id, order);

  await page.goto(`/messages/${conversation}`);
  const notice = page.locator(".escrow-notice");
  await expect(notice).toContainText("not protected by the escrow");
  await expect(notice.getByRole("link", { name: "Go to the order" })).toHaveAttribute("href", `/orders/${order}`);
  // The publisher is not warned about their own order.
  const publisherView = await request.get(`/messages/${conversation}`);
  expect(publisherView.ok()).toBeTruthy();
  expect(await publisherView.text()).not.toContain("escrow-notice");

  await notice.getByRole("button", { name: "Got it" }).click();
  await expect(page).toHaveURL(new RegExp(`/messages/${conversation}$`));
  await expect(page.locator(".escrow-notice")).toHaveCount(0);
  // Remembered: it stays away on the next visit.
  await page.goto(`/messages/${conversation}`);
  await expect(page.locator(".chat-pane__header")).toBeVisible();
  await expect(page.locator(".escrow-notice")).toHaveCount(0);
});

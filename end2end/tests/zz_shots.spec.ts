import { expect, test } from "./fixtures";
import { apiAccount, publishOrder } from "./support";

for (const language of ["en", "zh-CN"]) {
  test.describe(`shots ${language}`, () => {
    test.use({ locale: language, extraHTTPHeaders: { "Accept-Language": language } });
    test(`shots @js`, async ({ page, request }) => {
      await apiAccount(request, "shot-publisher");
      const publisher = await (await request.post("/api/account/me", { form: {} })).json();
      const order = await publishOrder(request, `Fix my parser ${Date.now().toString(36)}`, "80");
      await apiAccount(page.request, "shot-solver");
      const opened = await page.request.post("/api/chat/open", { form: { user_id: String(publisher.id), order_id: String(order) } });
      const conversation = Number(await opened.json());
      await page.setViewportSize({ width: 360, height: 740 });
      for (const [name, path] of [["chat", `/messages/${conversation}`], ["wallet", "/wallet"], ["notifications", "/notifications"], ["order", `/orders/${order}`], ["messages", "/messages"]]) {
        await page.goto(path);
        await page.waitForTimeout(500);
        await page.screenshot({ path: `/tmp/shot-${name}-${language}.png`, fullPage: name !== "chat" });
      }
      expect(true).toBeTruthy();
    });
  });
}

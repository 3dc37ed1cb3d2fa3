import { expect, test } from "./fixtures";
import { apiAccount, hydrated, publishOrder } from "./support";

// Dates on server-rendered pages are the viewer's own: the browser reports its
// time zone in a cookie on every page it runs, and the server renders dates in
// it from the next load on. Without JavaScript nothing reports it: UTC.
// Between them the two zones (UTC+14 and UTC-11) fall on a different date from
// UTC at every hour of the day, so one of them always proves the shift.
for (const timezoneId of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
  test.describe(`in ${timezoneId}`, () => {
    test.use({ timezoneId });

    test("an order's publication date is local once the browser has said its zone", async ({ page, javaScriptEnabled }) => {
      await apiAccount(page.request, "zone");
      const id = await publishOrder(page.request, `Dated ${Date.now().toString(36)}`, "10.00");
      await page.goto(`/orders/${id}`);
      if (javaScriptEnabled) await hydrated(page);
      await page.reload();
      const now = new Date();
      const expected = javaScriptEnabled
        ? now.toLocaleDateString("sv-SE", { timeZone: timezoneId })
        : now.toISOString().slice(0, 10);
      const published = page.locator("dt", { hasText: "Published" }).locator("xpath=following-sibling::dd[1]");
      await expect(published).toHaveText(expected);
    });
  });
}

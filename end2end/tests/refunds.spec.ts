import { expect, test } from "./fixtures";
import { apiAccount, apiFixedAccount, topUpWallet } from "./support";

// scripts/test configures these addresses as admins (accounts.admins), one per project.
const arbiterEmail = (javaScript: boolean) => `arbiter-${javaScript ? "js-on" : "js-off"}@example.com`;

// Runs with JavaScript on and off: the refund button and the admin's
// approval are plain forms. The sandbox sends refunds back at once, so the
// approval settles it; with a real provider its answer does.
test("a payer asks for a top-up back, an admin approves, and the payment reads refunded", async ({
  browser,
  page,
  javaScriptEnabled,
}) => {
  test.setTimeout(90_000);
  // Each project its own amount, so each admin approves its own row.
  const amount = javaScriptEnabled ? "35" : "36";
  await apiAccount(page.request, "refunder");
  await topUpWallet(page, amount);
  const payments = page.locator("section").filter({ has: page.getByRole("heading", { name: "Payments" }) });
  await expect(payments).toContainText("Paid");
  await payments.getByRole("button", { name: "Refund" }).click();
  await expect(page.getByText("Refund requested: the amount is held until it is sent back.")).toBeVisible();
  await expect(page.locator(".wallet__amount").nth(0)).toHaveText("¥0.00");
  await expect(page.locator(".wallet__amount").nth(1)).toHaveText(`¥${amount}.00`);
  await expect(payments.getByRole("button", { name: "Refund" })).toHaveCount(0);

  const adminContext = await browser.newContext({ javaScriptEnabled });
  await apiFixedAccount(adminContext.request, "arbiter", arbiterEmail(javaScriptEnabled));
  const admin = await adminContext.newPage();
  await admin.goto("/admin/withdrawals");
  const row = admin
    .getByRole("row")
    .filter({ hasText: "refund of payment" })
    .filter({ hasText: `¥${amount}.00` })
    .first();
  await row.getByRole("button", { name: "Approve and send" }).click();
  await expect(admin.locator("main")).toContainText("sandbox-refund-wd_");

  await page.goto("/wallet");
  await expect(page.locator(".wallet__amount").nth(1)).toHaveText("¥0.00");
  await expect(payments).toContainText("Refunded");
  await expect(page.locator("main")).toContainText("Paid out · Reference: sandbox-refund-wd_");
  await adminContext.close();
});

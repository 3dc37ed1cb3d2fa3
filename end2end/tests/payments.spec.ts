import { AlipayStandIn } from "../stand-ins/alipay";
import { StripeStandIn, WEBHOOK_PATH } from "../stand-ins/stripe";
import { expect, Locator, Page, test } from "./fixtures";
import { OwnServer } from "./own_server";
import { apiAccount, hydrated, publishOrder } from "./support";

// The real providers' flows end to end, against contract stand-ins for
// Stripe Checkout and Alipay's gateway (end2end/stand-ins), each with a
// server of its own configured for that provider. Runs with JavaScript on
// and off (the two projects). The stand-ins hold the provider's event until
// the test releases it, so the page is seen waiting for it first; with
// JavaScript the open page then shows the result by itself (live), without
// JavaScript a reload shows it.

type StandIn = StripeStandIn | AlipayStandIn;

const providers = {
  stripe: { heading: "Stripe Checkout (stand-in)", amount: (yuan: string) => `${yuan} CNY` },
  alipay: { heading: "支付宝收银台 (stand-in)", amount: (yuan: string) => `¥${yuan}` },
} as const;

const WAITING = "Waiting for the payment provider's confirmation…";

for (const provider of ["stripe", "alipay"] as const) {
  test(`a payer tops up the wallet and secures a reward through ${provider}'s checkout, and the ledger checks out`, async ({
    browser,
    javaScriptEnabled,
  }) => {
    test.setTimeout(150_000);
    const standIn: StandIn = provider === "stripe" ? new StripeStandIn() : new AlipayStandIn();
    await standIn.start();
    const server = new OwnServer(standIn.env());
    if (standIn instanceof StripeStandIn) standIn.webhookUrl = `${server.url}${WEBHOOK_PATH}`;
    try {
      await server.start();
      const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled });
      if (standIn instanceof StripeStandIn) await standIn.routeCheckout(context);
      const page = await context.newPage();
      await apiAccount(page.request, `${provider}-payer`);
      standIn.holdEvents = true;
      const pay = async (yuan: string) => {
        await expect(page.getByRole("heading", { name: providers[provider].heading })).toBeVisible();
        await expect(page.locator(".amount")).toHaveText(providers[provider].amount(yuan));
        await page.getByRole("button", { name: "Pay", exact: true }).click();
      };

      // The wallet: waiting for the provider, then paid.
      await page.goto("/wallet");
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel("Amount (CNY)").fill("100");
      await page.getByRole("button", { name: "Continue to payment" }).click();
      await pay("100.00");
      await expect(page).toHaveURL(/\/wallet\?payment=\w+$/);
      const topUpIntent = new URL(page.url()).searchParams.get("payment")!;
      await expect(page.getByRole("status").filter({ hasText: WAITING })).toContainText("¥100.00");
      await expect(page.locator(".wallet__amount").first()).toHaveText("¥0.00");
      await settle(page, standIn, javaScriptEnabled, page.getByText("Payment received: your balance is updated."));
      await expect(page.locator(".wallet__amount").first()).toHaveText("¥100.00");

      // An order: the balance covers part of the reward, the checkout the rest.
      const id = await publishOrder(page.request, `Paid through ${provider} ${Date.now().toString(36)}`, "300");
      await page.goto(`/orders/${id}`);
      if (javaScriptEnabled) await hydrated(page);
      await expect(page.locator(".money-panel")).toContainText("¥200.00");
      await page.getByRole("button", { name: "Top up and secure" }).click();
      await pay("200.00");
      await expect(page).toHaveURL(new RegExp(`/orders/${id}\\?payment=\\w+$`));
      const orderIntent = new URL(page.url()).searchParams.get("payment")!;
      await expect(page.locator(".money-panel").getByRole("status").filter({ hasText: WAITING })).toContainText("¥200.00");
      await expect(page.locator(".order__header .badge--secured")).toHaveCount(0);
      await settle(page, standIn, javaScriptEnabled, page.locator(".order__header .badge--secured"));
      await expect(page.locator(".order__header .badge--secured")).toHaveText("Reward secured");
      await expect(page.locator(".money-panel .ledger")).toContainText("Secured in escrow");
      await context.close();

      // What went over the wire, as the provider saw it.
      expect(standIn.errors).toEqual([]);
      const wallet = `${server.url}/wallet?payment=${topUpIntent}`;
      const order = `${server.url}/orders/${id}?payment=${orderIntent}`;
      if (standIn instanceof StripeStandIn) {
        const created = standIn.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
        expect(created.map((r) => r.idempotencyKey)).toEqual([topUpIntent, orderIntent]);
        expect(created.every((r) => r.authorization === "Bearer sk_test_e2e_stand_in")).toBe(true);
        const sessions = standIn.allSessions();
        expect(sessions.map((s) => [s.client_reference_id, s.amount_total, s.currency, s.success_url])).toEqual([
          [topUpIntent, 10_000, "cny", wallet],
          [orderIntent, 20_000, "cny", order],
        ]);
        // Stripe counts any 2xx as delivered.
        expect(standIn.deliveries.map((d) => [d.event.type, Math.floor(d.status / 100)])).toEqual([
          ["checkout.session.completed", 2],
          ["checkout.session.completed", 2],
        ]);
      } else {
        expect(standIn.checkouts.map((c) => [c.biz.out_trade_no, c.biz.total_amount, c.params.return_url])).toEqual([
          [topUpIntent, "100.00", wallet],
          [orderIntent, "200.00", order],
        ]);
        expect(standIn.checkouts.every((c) => c.params.notify_url === `${server.url}/payments/webhook/alipay`)).toBe(true);
        expect(standIn.deliveries.map((d) => d.body)).toEqual(["success", "success"]);
      }

      // The books balance after both payments.
      await server.stop();
      const check = await server.command("ledger", "check");
      expect(check.code, `${check.stdout}${check.stderr}`).toBe(0);
      expect(check.stdout).toContain("ledger check: every invariant holds");
    } finally {
      await server.remove();
      await standIn.stop();
    }
  });
}

/**
 * Releases the provider's held event and waits for `paid`. With JavaScript
 * the open page learns it over its realtime connection and shows the result
 * by itself (the test does not reload); without, a reload shows it.
 */
async function settle(page: Page, standIn: StandIn, javaScriptEnabled: boolean, paid: Locator) {
  if (javaScriptEnabled) {
    await hydrated(page);
    await expect(page.locator("html[data-connected]")).toBeAttached({ timeout: 30_000 });
    await standIn.release();
    await expect(paid).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText(WAITING)).toHaveCount(0);
  } else {
    await standIn.release();
    await expect(page.getByText(WAITING)).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(paid).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  }
}

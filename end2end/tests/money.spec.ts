import { expect, test } from "./fixtures";
import { apiAccount, hydrated, publishOrder, topUpWallet } from "./support";


// Runs with JavaScript on and off: every money step is a form that works without it.
test("a publisher pays in through the sandbox, secures the reward, opens the solution and pays the solver", async ({
  browser,
  page,
  javaScriptEnabled,
}) => {
  test.setTimeout(120_000);
  const unique = Date.now().toString(36);
  await apiAccount(page.request, "payer");
  const id = await publishOrder(page.request, `Fix the race ${unique}`, "300");

  const solverContext = await browser.newContext();
  await apiAccount(solverContext.request, "earner");
  const taken = await solverContext.request.post("/api/orders/take", { form: { id: String(id) } });
  expect(taken.ok(), await taken.text()).toBeTruthy();
  const submitted = await solverContext.request.post("/api/orders/submit", {
    data: { id, draft: { blocks: [`Guard it with a mutex ${unique}.`], files: [] } },
  });
  expect(submitted.ok(), await submitted.text()).toBeTruthy();

  // A top-up too small for the reward.
  await page.goto("/wallet");
  await page.getByLabel("Amount (CNY)").fill("100");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.getByRole("heading", { name: "Sandbox checkout" })).toBeVisible();
  await expect(page.locator(".amount")).toHaveText("¥100.00");
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page).toHaveURL(/\/wallet\?payment=/);
  await expect(page.getByText("Payment received: your balance is updated.")).toBeVisible();
  await expect(page.locator(".wallet__amount").first()).toHaveText("¥100.00");

  // The order page offers to top up the difference and secure the reward.
  await page.goto(`/orders/${id}`);
  await expect(page.getByText("The solution stays sealed")).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Guard it with a mutex");
  await expect(page.locator(".money-panel")).toContainText("¥200.00");
  await page.getByRole("button", { name: "Top up and secure" }).click();
  await expect(page.getByRole("heading", { name: "Sandbox checkout" })).toBeVisible();
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${id}\\?payment=`));
  await expect(page.locator(".order__header .badge--secured")).toHaveText("Reward secured");
  await expect(page.locator(".money-panel .ledger")).toContainText("Secured in escrow");
  // Secured, still sealed: viewing the page neither opens the solution nor
  // starts the countdown; only the explicit "Open the solution" POST does.
  await expect(page.locator("main")).not.toContainText("Guard it with a mutex");
  await expect(page.locator(".money-panel")).not.toContainText("paid to the solver automatically on");
  await page.reload();
  await expect(page.locator(".money-panel")).not.toContainText("paid to the solver automatically on");
  await page.getByRole("button", { name: "Open the solution" }).click();
  await expect(page.getByText(`Guard it with a mutex ${unique}.`)).toBeVisible();
  await expect(page.getByText("Matches the sealed preview")).toBeVisible();
  await expect(page.getByRole("button", { name: "Open the solution" })).toHaveCount(0);
  // Opening the solution started the release countdown.
  await expect(page.locator(".money-panel")).toContainText("paid to the solver automatically on");
  await expect(page.getByRole("button", { name: "Ask for changes" })).toBeVisible();

  // The solver has the order open: with JavaScript, the payment's push
  // updates the order's state and money panel in place.
  const watcher = await solverContext.newPage();
  await watcher.goto(`/orders/${id}`);
  if (javaScriptEnabled) {
    await hydrated(watcher);
    await expect(watcher.locator("html[data-connected]")).toBeAttached();
  }

  await page.getByRole("button", { name: "Confirm and pay the solver" }).click();
  await expect(page.locator(".order__header .badge--done")).toBeVisible();
  await expect(page.locator(".money-panel .ledger")).toContainText("Paid to the solver");

  if (javaScriptEnabled) {
    await expect(watcher.locator(".order__header .badge--done")).toBeVisible();
    await expect(watcher.locator(".money-panel .ledger")).toContainText("Paid to the solver");
    await expect(watcher.locator(".page-changed")).toHaveCount(0);
  }

  const earner = await solverContext.newPage();
  await earner.goto("/wallet");
  await expect(earner.locator(".wallet__amount").first()).toHaveText("¥300.00");
  await expect(earner.locator(".ledger")).toContainText("Reward for a solution");
  await solverContext.close();
});

test("a declined payment moves nothing and says so", async ({ page }) => {
  await apiAccount(page.request, "decliner");
  await page.goto("/wallet");
  await page.getByLabel("Amount (CNY)").fill("50");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByText("The payment was declined. Nothing was charged.")).toBeVisible();
  await expect(page.locator(".wallet__amount").first()).toHaveText("¥0.00");
  await page.getByLabel("Amount (CNY)").fill("-5");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.locator(".field-error")).toBeVisible();
  await expect(page.locator(".wallet__amount").first()).toHaveText("¥0.00");
});

test("a wallet left open updates in place when a top-up lands in another tab @js", async ({ page, context }) => {
  await apiAccount(page.request, "live-wallet");
  const watcher = await context.newPage();
  await watcher.goto("/wallet");
  await hydrated(watcher);
  await expect(watcher.locator("html[data-connected]")).toBeAttached();
  await expect(watcher.locator(".wallet__amount").first()).toHaveText("¥0.00");
  // A half-typed amount in the open tab's withdrawal form is not thrown away.
  await watcher.getByLabel("Amount (CNY)").first().fill("12");

  await topUpWallet(page, "250");

  await expect(watcher.locator(".wallet__amount").first()).toHaveText("¥250.00");
  await expect(watcher.locator("[data-live-part=history] .ledger")).toContainText("Top-up");
  await expect(watcher.locator(".page-changed")).toHaveCount(0);
  await expect(watcher.getByLabel("Amount (CNY)").first()).toHaveValue("12");
});

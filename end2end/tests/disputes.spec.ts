import { expect, test } from "./fixtures";
import { apiAccount, apiFixedAccount, publishOrder, topUpWallet } from "./support";

// scripts/test configures these addresses as admins (accounts.admins), one per project.
const arbiterEmail = (javaScript: boolean) => `arbiter-${javaScript ? "js-on" : "js-off"}@example.com`;



// Runs with JavaScript on and off: every step is a form that works without it.
test("a disputed reward is split by an admin, and the solver withdraws their share", async ({
  browser,
  page,
  javaScriptEnabled,
}) => {
  test.setTimeout(120_000);
  const unique = Date.now().toString(36);
  await apiAccount(page.request, "disputer");
  const id = await publishOrder(page.request, `Green build ${unique}`, "300", "Make the build **green**.");

  const solverContext = await browser.newContext({ javaScriptEnabled });
  await apiAccount(solverContext.request, "solver");
  expect((await solverContext.request.post("/api/orders/take", { form: { id: String(id) } })).ok()).toBeTruthy();
  const submitted = await solverContext.request.post("/api/orders/submit", {
    data: { id, draft: { blocks: [`Pinned the toolchain ${unique}.`], files: [] } },
  });
  expect(submitted.ok(), await submitted.text()).toBeTruthy();

  // The publisher secures the reward, opens the solution and disputes it.
  await topUpWallet(page, "300");
  await page.goto(`/orders/${id}`);
  await page.getByRole("button", { name: "Secure the reward" }).click();
  await expect(page.locator(".order__header .badge--secured")).toHaveText("Reward secured");
  await expect(page.locator("main")).not.toContainText(`Pinned the toolchain ${unique}.`);
  await page.getByRole("button", { name: "Open the solution" }).click();
  await expect(page.getByText(`Pinned the toolchain ${unique}.`)).toBeVisible();
  await expect(page.getByText("Matches the sealed preview")).toBeVisible();
  await page.locator(".dispute__open summary").click();
  await page.getByLabel("What went wrong?").fill("The build is still red on CI.");
  await page.getByRole("button", { name: "Open a dispute" }).click();
  await expect(page.locator(".dispute")).toContainText("The publisher opened a dispute:");
  await expect(page.locator(".dispute")).toContainText("The build is still red on CI.");
  await expect(page.getByRole("button", { name: "Confirm and pay the solver" })).toHaveCount(0);

  // The solver sees it too and can no longer change the solution.
  const solver = await solverContext.newPage();
  await solver.goto(`/orders/${id}`);
  await expect(solver.locator(".dispute")).toContainText("An admin will decide where the reward goes.");
  await expect(solver.getByRole("link", { name: "Submit a new version" })).toHaveCount(0);

  // An admin reads the case and splits the reward.
  const adminContext = await browser.newContext({ javaScriptEnabled });
  await apiFixedAccount(adminContext.request, "arbiter", arbiterEmail(javaScriptEnabled));
  const admin = await adminContext.newPage();
  await admin.goto("/admin/disputes");
  await admin.getByRole("link", { name: `Green build ${unique}` }).click();
  await expect(admin.getByRole("heading", { name: /Dispute on/ })).toBeVisible();
  await expect(admin.locator("main")).toContainText(`Pinned the toolchain ${unique}.`);
  await expect(admin.getByRole("heading", { name: "Reveal receipts" })).toBeVisible();
  await expect(admin.locator("main")).toContainText("Secured in escrow");
  await admin.getByLabel("Split", { exact: true }).check();
  await admin.getByLabel(/Amount to the solver/).fill("100");
  await admin.getByLabel(/Reason \(both parties see it\)/).fill("Half of the targets build.");
  await admin.getByRole("button", { name: "Record the decision" }).click();
  await expect(admin.locator("main")).toContainText("The reward was split.");
  await expect(admin.getByRole("button", { name: "Record the decision" })).toHaveCount(0);

  // Both parties see the decision and their money.
  await page.goto(`/orders/${id}`);
  await expect(page.locator(".dispute")).toContainText("The reward was split.");
  await expect(page.locator(".dispute")).toContainText("Half of the targets build.");
  await page.goto("/wallet");
  await expect(page.locator(".wallet__amount").first()).toHaveText("¥200.00");
  await solver.goto("/wallet");
  await expect(solver.locator(".wallet__amount").first()).toHaveText("¥100.00");

  // The solver withdraws part of it; the admin pays it out.
  await solver.getByLabel(/Amount to withdraw/).fill("60");
  await solver.getByLabel(/Payout account/).fill(`Bank 6222 ${unique}`);
  await solver.getByRole("button", { name: "Request withdrawal" }).click();
  await expect(solver.getByText("Withdrawal requested")).toBeVisible();
  await expect(solver.locator(".wallet__amount").nth(0)).toHaveText("¥40.00");
  await expect(solver.locator(".wallet__amount").nth(1)).toHaveText("¥60.00");

  await admin.goto("/admin/withdrawals");
  const row = admin.getByRole("row").filter({ hasText: `Bank 6222 ${unique}` });
  await row.getByPlaceholder(/Payout reference/).fill(`PAY-${unique}`);
  await row.getByRole("button", { name: "Mark paid" }).click();
  await expect(admin.getByRole("row").filter({ hasText: `Bank 6222 ${unique}` })).toContainText(`PAY-${unique}`);

  await solver.goto("/wallet");
  await expect(solver.locator(".wallet__amount").nth(1)).toHaveText("¥0.00");
  await expect(solver.locator("main")).toContainText(`Paid out · Reference: PAY-${unique}`);
  await solverContext.close();
  await adminContext.close();
});

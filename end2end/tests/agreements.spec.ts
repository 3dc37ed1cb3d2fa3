import { expect, test } from "./fixtures";
import { apiAccount, publishOrder, topUpWallet } from "./support";



// Runs with JavaScript on and off.
test("a negotiable reward is agreed, secured and paid, and both parties review each other", async ({
  browser,
  page,
  javaScriptEnabled,
}) => {
  test.setTimeout(120_000);
  const unique = Date.now().toString(36);
  await apiAccount(page.request, "haggler");
  const id = await publishOrder(page.request, `Haggle ${unique}`, "", "Agree with me.");
  const solverContext = await browser.newContext({ javaScriptEnabled });
  await apiAccount(solverContext.request, "haggled");
  expect((await solverContext.request.post("/api/orders/take", { form: { id: String(id) } })).ok()).toBeTruthy();

  await page.goto(`/orders/${id}`);
  await page.getByLabel("Reward (CNY)").fill("80");
  await page.getByRole("button", { name: "Propose this reward" }).click();
  await expect(page.locator(".agreement")).toContainText("Waiting for the solver to accept the proposed reward: ¥80.00");

  const solver = await solverContext.newPage();
  await solver.goto(`/orders/${id}`);
  await expect(solver.locator(".agreement")).toContainText("The publisher proposes a reward of ¥80.00");
  await solver.getByRole("button", { name: "Accept this reward" }).click();
  await expect(solver.locator(".facts")).toContainText("¥80.00");

  await topUpWallet(page, "80");
  await page.goto(`/orders/${id}`);
  await page.getByRole("button", { name: "Secure the reward" }).click();
  await expect(page.locator(".order__header .badge--secured")).toBeVisible();
  const submitted = await solverContext.request.post("/api/orders/submit", {
    data: { id, draft: { blocks: [`Agreed answer ${unique}.`], files: [] } },
  });
  expect(submitted.ok(), await submitted.text()).toBeTruthy();
  await page.goto(`/orders/${id}`);
  await page.getByRole("button", { name: "Confirm and pay the solver" }).click();
  await expect(page.locator(".order__header .badge--done")).toBeVisible();

  await page.getByLabel("Rating (1 to 5)").selectOption("4");
  await page.getByLabel("Comment").fill("Good work, a little late.");
  await page.getByRole("button", { name: "Save the review" }).click();
  await expect(page.locator(".review")).toContainText("Good work, a little late.");

  await solver.goto(`/orders/${id}`);
  await expect(solver.locator(".review").first()).toContainText("Good work, a little late.");
  const solverId = await solver.locator(".facts a").nth(1).getAttribute("href");
  await solver.goto(solverId ?? "/");
  await expect(solver.locator(".reputation__average")).toContainText("4.0");
  await solverContext.close();
});

test("both parties cancel a taken order together", async ({ browser, page, javaScriptEnabled }) => {
  const unique = Date.now().toString(36);
  await apiAccount(page.request, "quitter");
  const id = await publishOrder(page.request, `Quit ${unique}`, "80", "Agree with me.");
  const solverContext = await browser.newContext({ javaScriptEnabled });
  await apiAccount(solverContext.request, "quitting");
  expect((await solverContext.request.post("/api/orders/take", { form: { id: String(id) } })).ok()).toBeTruthy();

  const solver = await solverContext.newPage();
  await solver.goto(`/orders/${id}`);
  await solver.getByRole("button", { name: "Propose cancelling" }).click();
  await expect(solver.locator(".agreement")).toContainText("You proposed cancelling this order");

  await page.goto(`/orders/${id}`);
  await expect(page.locator(".agreement")).toContainText("The other party proposes cancelling this order");
  await page.getByRole("button", { name: "Accept cancelling" }).click();
  await expect(page.locator(".order__header .badge--cancelled")).toBeVisible();
  await solverContext.close();
});

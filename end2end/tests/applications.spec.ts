import { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { apiAccount, hydrated } from "./support";

/** Publishes an order whose publisher chooses among applicants. */
async function publishForApplicants(request: APIRequestContext, title: string): Promise<number> {
  const published = await request.post("/api/orders/publish", {
    data: {
      draft: {
        title,
        category_id: 1,
        blocks: ["Pick me, please."],
        reward: "120",
        reward_negotiable: false,
        deadline: "2099-12-31",
        deadline_negotiable: false,
        files: [],
        choose_applicants: true,
      },
    },
  });
  expect(published.ok(), await published.text()).toBeTruthy();
  return Number(await published.text());
}

// Runs with JavaScript on (publishing through the form's checkbox) and off
// (the publish form is an island, so that order is published by its server
// function; every step after it is a plain form).
test("a publisher picks one of two applicants and the other sees they were not chosen", async ({
  browser,
  page,
  javaScriptEnabled,
}) => {
  test.setTimeout(180_000);
  const unique = Date.now().toString(36);
  const title = `Applicants ${unique}`;
  await apiAccount(page.request, "chooser");
  let id: number;
  if (javaScriptEnabled) {
    await page.goto("/publish");
    await hydrated(page);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Category").selectOption({ label: "Programming" });
    await page.getByLabel("Block 1").fill("Pick me, please.");
    await page.locator("#reward").fill("120");
    await page.locator("#deadline").fill("2099-06-30");
    await page.getByLabel("Choose the solver from applicants").check();
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.waitForURL(/\/orders\/\d+$/);
    id = Number(page.url().split("/").pop());
  } else {
    id = await publishForApplicants(page.request, title);
  }

  const applicants = [];
  for (const [tag, pitch] of [
    ["picked", "I have done this twice before."],
    ["passed", "I can start today."],
  ]) {
    const context = await browser.newContext({ javaScriptEnabled });
    await apiAccount(context.request, `${tag}-${unique}`);
    const applicant = await context.newPage();
    await applicant.goto(`/orders/${id}`);
    await expect(applicant.getByText("The publisher chooses the solver among applicants.")).toBeVisible();
    await expect(applicant.getByRole("button", { name: "Take this order" })).toHaveCount(0);
    await applicant.getByLabel("Why you? (a short pitch)").fill(pitch);
    await applicant.getByLabel("Delivery date").fill("2099-06-01");
    await applicant.getByRole("button", { name: "Apply", exact: true }).click();
    await expect(applicant.getByRole("status").filter({ hasText: "You applied." })).toBeVisible();
    applicants.push({ context, page: applicant, nickname: `Tester ${tag}-${unique}` });
  }
  const [picked, passed] = applicants;

  await page.goto(`/orders/${id}`);
  await expect(page.locator(".applicant")).toHaveCount(2);
  await expect(page.locator(".applicant").first()).toContainText("I have done this twice before.");
  await expect(page.locator(".applicant").first()).toContainText("no reviews yet");
  await page.getByRole("button", { name: `Choose ${picked.nickname}` }).click();
  await expect(page.locator(".order__header .badge--taken")).toBeVisible();
  await expect(page.locator(".facts")).toContainText(picked.nickname);

  await passed.page.goto(`/orders/${id}`);
  await expect(passed.page.getByRole("status").filter({ hasText: "The publisher chose another applicant." })).toBeVisible();
  await passed.page.goto("/notifications");
  await expect(passed.page.getByText("The publisher chose another applicant")).toBeVisible();

  await picked.page.goto(`/orders/${id}`);
  await expect(picked.page.getByRole("status").filter({ hasText: "The publisher chose you" })).toBeVisible();
  for (const applicant of applicants) await applicant.context.close();
});

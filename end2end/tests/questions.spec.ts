import { expect, test } from "./fixtures";
import { apiAccount, publishOrder } from "./support";

// Public questions on an order: every form is a plain server-rendered form,
// so the same flow runs with JavaScript on and off (both projects).
test("a user asks under an order, the publisher answers and hides, and each sees what they may", async ({
  browser,
  page,
  javaScriptEnabled,
}) => {
  const unique = Date.now().toString(36);
  const publisher = await browser.newContext({ javaScriptEnabled });
  await apiAccount(publisher.request, "asked");
  const id = await publishOrder(publisher.request, `Questions ${unique}`, "50", "Explain the **plan**.");

  // The asker asks through the order page; Markdown comes out rendered.
  await apiAccount(page.request, "asker");
  await page.goto(`/orders/${id}`);
  const questions = page.locator("#questions");
  await expect(questions.getByRole("heading", { name: "Questions" })).toBeVisible();
  await expect(questions.getByText("No questions yet.")).toBeVisible();
  await questions.getByLabel("Your question").fill(`Does it need **tests** ${unique}?`);
  await questions.getByRole("button", { name: "Ask" }).click();
  await expect(questions.locator(".question strong", { hasText: "tests" })).toBeVisible();
  await expect(questions.getByText("Not answered yet.")).toBeVisible();

  // A second user asks something the publisher will hide.
  const spammer = await browser.newContext();
  await apiAccount(spammer.request, "spammer");
  const spam = await spammer.request.post("/api/questions/ask", { form: { id: String(id), body: `Cheap pills ${unique}` } });
  expect(spam.status(), await spam.text()).toBeLessThan(400);

  // The publisher answers the first question and hides the second.
  const desk = await publisher.newPage();
  await desk.goto(`/orders/${id}`);
  const asked = desk.locator(".question", { hasText: `tests ${unique}` });
  await asked.getByLabel("Your answer").fill("Yes: *unit* tests.");
  await asked.getByRole("button", { name: "Answer" }).click();
  await expect(desk.locator(".question", { hasText: `tests ${unique}` }).getByText("The publisher's answer")).toBeVisible();
  const spamItem = desk.locator(".question", { hasText: `Cheap pills ${unique}` });
  await spamItem.getByRole("button", { name: "Hide" }).click();
  await expect(desk.locator(".question", { hasText: `Cheap pills ${unique}` })).toContainText("Hidden by the publisher");
  await expect(desk.getByLabel("Your question")).toHaveCount(0);

  // The asker sees the answer, not the hidden question, and is notified.
  await page.goto(`/orders/${id}`);
  await expect(questions.locator(".question__answer em", { hasText: "unit" })).toBeVisible();
  await expect(questions).not.toContainText(`Cheap pills ${unique}`);
  await page.goto("/notifications");
  await expect(page.locator(".notification--unread")).toContainText("The publisher answered your question");
  await expect(page.locator(".notification--unread")).toContainText(`Questions ${unique}`);

  // Signed out: the shown question and answer, an invitation to sign in.
  const visitor = await browser.newContext({ javaScriptEnabled });
  const outside = await visitor.newPage();
  await outside.goto(`/orders/${id}`);
  await expect(outside.locator("#questions")).toContainText(`tests ${unique}`);
  await expect(outside.locator("#questions")).not.toContainText(`Cheap pills ${unique}`);
  await expect(outside.getByRole("link", { name: "Sign in to ask a question" })).toBeVisible();

  // The publisher was told of both questions.
  await desk.goto("/notifications");
  await expect(desk.locator(".notification--unread", { hasText: "Someone asked a question under your order" })).toHaveCount(2);
  await Promise.all([publisher.close(), spammer.close(), visitor.close()]);
});

test("an empty question is refused with a message and nothing is asked", async ({ page }) => {
  const unique = Date.now().toString(36);
  const publisher = await page.context().browser()!.newContext();
  await apiAccount(publisher.request, "emptyq");
  const id = await publishOrder(publisher.request, `Empty ${unique}`, "50");
  await apiAccount(page.request, "emptyasker");
  await page.goto(`/orders/${id}`);
  await page.getByLabel("Your question").fill("   ");
  await page.getByRole("button", { name: "Ask" }).click();
  await expect(page.locator("#questions").getByRole("alert")).toContainText("Please fill this in.");
  await page.goto(`/orders/${id}`);
  await expect(page.getByText("No questions yet.")).toBeVisible();
  await publisher.close();
});

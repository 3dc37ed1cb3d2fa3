import { expect, test } from "./fixtures";
import { apiAccount, hydrated, publishOrder, register, signIn } from "./support";

test("publish with two files, find it in the hall, another user takes it and submits, the publisher sees only the preview @js", async ({
  browser,
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const unique = Date.now().toString(36);
  // Any real PNG will do: the server's own captcha picture is one.
  const challenge = await (await request.post("/api/captcha", { form: {} })).json();
  const png = await (await request.get(`/captcha/${challenge.id}.png`)).body();
  const title = `Parse dates ${unique}`;
  const publisher = await register(page, request, true, "publisher");
  await page.goto("/login");
  await signIn(page, request, true, publisher);
  await expect(page.locator(".user-menu__name")).toBeVisible();

  await page.getByRole("link", { name: "Publish", exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Publish a bounty" })).toBeVisible();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Category").selectOption({ label: "Programming" });
  await page.getByLabel("Block 1").fill("Dates like **31/12/2026** must parse.");
  await page.getByRole("button", { name: "Add a text block" }).click();
  await page.getByLabel("Block 2").fill("Second block, moved first.");
  await page.getByRole("button", { name: "Move up" }).nth(1).click();
  await expect(page.getByLabel("Block 1")).toHaveValue("Second block, moved first.");
  await page.locator("#reward").fill("2500");
  await page.locator("#deadline").fill("2099-06-30");
  await page.locator("input[type=file]:not([webkitdirectory])").setInputFiles([
    { name: "sample.png", mimeType: "image/png", buffer: png },
  ]);
  // The second file arrives by drag and drop onto the files area.
  await page.locator(".dropzone").evaluate((zone) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["one\ntwo\nthree\n"], "spec.txt", { type: "text/plain" }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await expect(page.locator(".upload progress")).toHaveCount(0);
  await expect(page.locator(".upload")).toHaveCount(2);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.locator(".preview strong")).toHaveText("31/12/2026");
  await page.getByRole("button", { name: "Back to editing" }).click();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".files .file")).toHaveCount(2);
  const orderUrl = page.url();

  await page.goto(`/?q=${encodeURIComponent(unique)}`);
  await expect(page.locator(".card")).toHaveCount(1);
  await expect(page.locator(".card__title")).toHaveText(title);
  await expect(page.locator(".card__thumbs img")).toHaveCount(1);
  await page.getByText("5000 and over").click();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No open bounty matches these filters.")).toBeVisible();
  await page.goto(`/?q=${encodeURIComponent(unique)}&r=1000-3000&c=1`);
  await expect(page.locator(".card__title")).toHaveText(title);

  const solverContext = await browser.newContext();
  const solver = await solverContext.newPage();
  const solverEmail = await register(solver, solverContext.request, true, "solver");
  await solver.goto("/login");
  await signIn(solver, solverContext.request, true, solverEmail);
  await expect(solver.locator(".user-menu__name")).toBeVisible();
  await solver.goto(orderUrl);
  await hydrated(solver);
  await solver.getByRole("button", { name: "Take this order" }).click();
  await expect(solver.locator(".badge")).toHaveText("Taken");
  await solver.getByRole("link", { name: "Submit your solution" }).click();
  await hydrated(solver);
  await solver.getByLabel("Block 1").fill("Use a strict parser and reject 31/02.");
  await solver.locator("input[type=file]:not([webkitdirectory])").setInputFiles([
    { name: "answer.txt", mimeType: "text/plain", buffer: Buffer.from("fn parse() {}\n") },
  ]);
  await expect(solver.locator(".upload progress")).toHaveCount(0);
  await solver.getByRole("button", { name: "Submit solution" }).click();
  await expect(solver.locator(".badge")).toHaveText("Submitted");
  await expect(solver.getByText("Use a strict parser")).toBeVisible();
  await solverContext.close();

  await page.goto(orderUrl);
  await expect(page.getByText("The solution stays sealed")).toBeVisible();
  // Counts are ranges, never exact (an exact count could confirm a guess).
  await expect(page.locator(".sealed")).toContainText("1–10 lines");
  await expect(page.locator(".sealed")).toContainText("1–10 words");
  await expect(page.getByRole("button", { name: "Open the solution" })).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText("strict parser");
  await expect(page.locator("main")).not.toContainText("answer.txt");
});

test("browse the hall with filters and an order page without JavaScript @no-js", async ({ page, request }) => {
  await apiAccount(request, "nojs");
  const unique = `nojs-${Date.now().toString(36)}`;
  const published = await request.post("/api/orders/publish", {
    data: {
      draft: {
        title: `Translate a menu ${unique}`,
        category_id: 4,
        blocks: ["From **Chinese** to English."],
        reward: "",
        reward_negotiable: true,
        deadline: "",
        deadline_negotiable: true,
        files: [],
      },
    },
  });
  expect(published.ok(), await published.text()).toBeTruthy();
  await page.goto("/");
  await page.getByLabel("Search").fill(unique);
  await page.getByText("Negotiable").nth(1).click();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/r=negotiable/);
  await expect(page.locator(".card__title")).toHaveText(`Translate a menu ${unique}`);
  await page.locator(".card__title a").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Translate a menu ${unique}`);
  await expect(page.locator(".prose strong")).toHaveText("Chinese");
  await expect(page.getByRole("link", { name: "Sign in to take this order." })).toBeVisible();
  const missing = await page.goto("/orders/99999999");
  expect(missing?.status()).toBe(404);
});

test("at phone width a long code line or table scrolls inside the order, not the page @no-js", async ({
  page,
  request,
}) => {
  await apiAccount(request, "phone");
  const title = `Parse dates ${Date.now().toString(36)}`;
  const wide = "fn parse_the_date_strictly(input: &str, calendar: &Calendar) -> Result<Date, ParseError> { todo!() }";
  const table = `| ${Array.from({ length: 12 }, (_, n) => `column${n}`).join(" | ")} |\n|${" --- |".repeat(12)}`;
  const id = await publishOrder(request, title, "100.00", "```\n" + wide + "\n```\n\n" + table);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/orders/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator(".prose pre")).toContainText("parse_the_date_strictly");
  await expect(page.locator(".prose table")).toContainText("column11");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("the hall loads the next page of cards in place when scrolled to its end @js", async ({ page, request }) => {
  await apiAccount(request, "scroller");
  const unique = `scroll${Date.now().toString(36)}`;
  // One more than two pages of twelve.
  for (let n = 1; n <= 25; n++) await publishOrder(request, `Scroll ${unique} ${n}`, "5");
  await page.goto(`/?q=${unique}`);
  await hydrated(page);
  const cards = page.locator(".card__title");
  const next = page.getByRole("link", { name: "Next page" });
  // Scrolling to the link loads the next page (maybe at once, if it shows).
  await expect
    .poll(async () => {
      if ((await next.count()) > 0) await next.scrollIntoViewIfNeeded();
      return cards.count();
    })
    .toBe(25);
  await expect(next).toHaveCount(0);
  // Newest first, each card once, without leaving the page.
  await expect(cards.first()).toHaveText(`Scroll ${unique} 25`);
  await expect(cards.last()).toHaveText(`Scroll ${unique} 1`);
  await expect(page).toHaveURL(new RegExp(`\\?q=${unique}$`));
});

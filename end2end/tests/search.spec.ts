import { expect, test } from "./fixtures";
import { apiAccount, publishOrder } from "./support";

// Full-text search from the hall's search box: a word inside a Chinese and
// inside an English description finds the order, and the card shows the
// word marked. The hall is server-rendered, so both projects (JavaScript on
// and off) run the same steps.
test("search the hall in Chinese and in English and see the word marked", async ({ page, request, javaScriptEnabled }) => {
  test.setTimeout(90_000);
  const unique = `${Date.now().toString(36)}${javaScriptEnabled ? "j" : "n"}`;
  await apiAccount(request, "search");
  const chineseTitle = `Manual ${unique}`;
  const englishTitle = `Logo ${unique}`;
  // The searched words are past the excerpt's first lines, so the card
  // shows a snippet around them.
  await publishOrder(
    request,
    chineseTitle,
    "800",
    `${"请先阅读说明。".repeat(30)}需要把用户手册翻译成英文，编号${unique}。`,
  );
  await publishOrder(
    request,
    englishTitle,
    "900",
    `${"Read the brief first. ".repeat(10)}Design a logo for our Zephyrine${unique} coffee shop.`,
  );

  await page.goto("/");
  await page.getByLabel("Search", { exact: true }).fill(`翻译 ${unique}`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=/);
  await expect(page.locator(".card")).toHaveCount(1);
  await expect(page.locator(".card__title")).toHaveText(chineseTitle);
  await expect(page.locator(".card__excerpt mark").first()).toHaveText("翻译");

  await page.getByLabel("Search", { exact: true }).fill(`zephyrine${unique}`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.locator(".card")).toHaveCount(1);
  await expect(page.locator(".card__title")).toHaveText(englishTitle);
  await expect(page.locator(".card__excerpt mark")).toHaveText(`Zephyrine${unique}`);
  await expect(page.locator(".card__excerpt")).toContainText("coffee shop");

  // A search of FTS syntax neither fails nor finds these orders.
  await page.goto(`/?q=${encodeURIComponent(`"NEAR( ${unique}* -`)}`);
  await expect(page.getByText("No open bounty matches these filters.")).toBeVisible();
});

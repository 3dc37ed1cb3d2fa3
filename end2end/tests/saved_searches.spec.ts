import { expect, test } from "./fixtures";
import { apiAccount, hydrated, publishOrder } from "./support";

// A user saves the hall's current search; another user publishes a
// matching order (and one that does not match); the first user is told.
test("a search saved from the hall alerts its owner of a matching new order", async ({ browser, page }) => {
  const unique = Date.now().toString(36);
  await apiAccount(page.request, "searcher");
  await page.goto("/");
  await page.getByLabel("Search").fill(`dragon${unique}`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`q=dragon${unique}`));
  await page.getByText("Save this search").click();
  await page.getByLabel("Name").fill(`Dragons ${unique}`);
  await page.getByRole("button", { name: "Save search" }).click();
  await expect(page).toHaveURL(/\/searches/);
  await expect(page.getByText("Saved.")).toBeVisible();
  const saved = page.getByRole("link", { name: `Dragons ${unique}` });
  await expect(saved).toHaveAttribute("href", `/?q=dragon${unique}`);

  const publisher = await browser.newContext();
  await apiAccount(publisher.request, "dragonpublisher");
  await publishOrder(publisher.request, `Unrelated ${unique}`, "50", "Nothing to see.");
  await publishOrder(publisher.request, `Mascot ${unique}`, "50", `Draw a **dragon${unique}** mascot.`);
  await publisher.close();

  // Matching runs right after the publish; give it a moment.
  await expect(async () => {
    await page.goto("/notifications");
    await expect(page.locator(".notification--unread")).toContainText("A new order matches your saved search");
  }).toPass({ timeout: 15_000 });
  await expect(page.locator(".notification--unread")).toHaveCount(1);
  await expect(page.locator(".notification--unread")).toContainText(`Mascot ${unique}`);

  // Renamed, then deleted, from the saved searches page.
  await page.getByRole("link", { name: "Saved searches" }).click();
  await page.getByLabel("Name").fill(`Wyverns ${unique}`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("link", { name: `Wyverns ${unique}` })).toBeVisible();
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No saved searches yet.")).toBeVisible();

  // On a wide screen the save panel heads the results' column, so the
  // cards stay beside the filters instead of being pushed under them.
  await page.goto(`/?q=dragon${unique}`);
  await expect(page.getByText("Save this search")).toBeVisible();
  const filters = await page.locator(".filters").boundingBox();
  const card = await page.locator(".card").first().boundingBox();
  expect(card!.x).toBeGreaterThan(filters!.x + filters!.width);
});

test("the alert of a saved search arrives live as a notification badge @js", async ({ browser, page }) => {
  const unique = Date.now().toString(36);
  await apiAccount(page.request, "livesearcher");
  const saved = await page.request.post("/api/searches/save", {
    form: { name: "Live", query: `?q=live${unique}` },
  });
  expect(saved.ok(), await saved.text()).toBeTruthy();
  await page.goto("/wallet");
  await hydrated(page);
  await expect(page.locator("html[data-connected]")).toBeAttached();
  await expect(page.getByTestId("notification-badge")).toHaveCount(0);

  const publisher = await browser.newContext();
  await apiAccount(publisher.request, "livepublisher");
  await publishOrder(publisher.request, `Live${unique} order`, "50", "Hello.");
  await publisher.close();
  await expect(page.getByTestId("notification-badge")).toHaveText("1");
});

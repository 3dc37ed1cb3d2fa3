import { expect, test } from "./fixtures";
import { register, signIn } from "./support";

// scripts/test configures these two addresses as admins (accounts.admins), one
// per project, so each run registers its own.
const adminEmail = (javaScript: boolean) => `admin-${javaScript ? "js-on" : "js-off"}@example.com`;

test("an admin bans a user, who is signed out at once and told why, then lifts the ban", async ({
  browser,
  page,
  request,
  javaScriptEnabled,
}) => {
  // Two accounts through the captcha pages: without JavaScript that is many page loads.
  test.setTimeout(120_000);
  const admin = await register(page, request, javaScriptEnabled, "admin", adminEmail(javaScriptEnabled));
  await signIn(page, request, javaScriptEnabled, admin);
  await expect(page.locator(".user-menu__name")).toHaveText("Tester admin");

  const userContext = await browser.newContext({ javaScriptEnabled });
  const userPage = await userContext.newPage();
  const userRequest = userContext.request;
  const user = await register(userPage, userRequest, javaScriptEnabled, "banned");
  await signIn(userPage, userRequest, javaScriptEnabled, user);
  await expect(userPage.locator(".user-menu__name")).toHaveText("Tester banned");

  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: user });
  await row.getByPlaceholder("Reason").fill("posting spam");
  await row.getByRole("button", { name: "Ban" }).click();
  await expect(page.getByRole("row").filter({ hasText: user })).toContainText("Banned: posting spam");

  await userPage.reload();
  await expect(userPage.locator(".user-menu__name")).toHaveCount(0);
  await userPage.goto("/login");
  await signIn(userPage, userRequest, javaScriptEnabled, user);
  await expect(userPage.getByRole("alert")).toHaveText("This account is banned. Reason: posting spam");

  await page.getByRole("row").filter({ hasText: user }).getByRole("button", { name: "Lift ban" }).click();
  await expect(page.getByRole("row").filter({ hasText: user })).toContainText("Active");
  await userContext.close();

  // Categories: add one, then archive it (it stays listed, marked archived).
  const name = `Audio ${javaScriptEnabled ? "on" : "off"}`;
  await page.getByRole("link", { name: "Categories" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Categories" })).toBeVisible();
  await page.locator("#new-en").fill(name);
  await page.locator("#new-zh").fill("音频");
  await page.getByRole("button", { name: "Add a category" }).click();
  const added = page.locator(".category").filter({ has: page.locator(`input[value="${name}"]`) });
  await expect(added).toHaveCount(1);
  await added.getByRole("button", { name: "Archive" }).click();
  await expect(page.locator(".category--archived").filter({ has: page.locator(`input[value="${name}"]`) })).toHaveCount(1);
});

test("a signed-in user who is not an admin cannot see the user list", async ({ page, request, javaScriptEnabled }) => {
  const email = await register(page, request, javaScriptEnabled, "nosy");
  await signIn(page, request, javaScriptEnabled, email);
  await expect(page.locator(".user-menu__name")).toHaveText("Tester nosy");
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/admin/users");
  await expect(page.getByRole("alert")).toHaveText("You are not allowed to do this.");
});

import { expect, test } from "./fixtures";
import { hydrated, mailedCode, register, signIn, solveCaptcha, uniqueEmail } from "./support";

test.describe("accounts", () => {
  test("register with the mailed code, sign in with the captcha, sign out", async ({ page, request, javaScriptEnabled }) => {
    const email = await register(page, request, javaScriptEnabled, "flow");
    await signIn(page, request, javaScriptEnabled, email);
    await expect(page.getByRole("heading", { level: 1, name: "Open bounties" })).toBeVisible();
    await expect(page.locator(".user-menu__name")).toHaveText("Tester flow");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(page.locator(".user-menu__name")).toHaveCount(0);
  });

  test("a protected page sends a visitor to sign in and back", async ({ page, request, javaScriptEnabled }) => {
    const email = await register(page, request, javaScriptEnabled, "next");
    await page.goto("/publish");
    await expect(page).toHaveURL(/\/login\?next=%2Fpublish/);
    await signIn(page, request, javaScriptEnabled, email);
    await expect(page).toHaveURL(/\/publish$/);
    await expect(page.getByRole("heading", { level: 1, name: "Publish a bounty" })).toBeVisible();
  });

  test("a wrong password is refused with a message and a new picture", async ({ page, request, javaScriptEnabled }) => {
    await page.goto("/login");
    if (javaScriptEnabled) await hydrated(page);
    const firstPicture = await page.locator("input.captcha__image").getAttribute("src");
    await solveCaptcha(page, request, javaScriptEnabled);
    await page.getByLabel("E-mail", { exact: true }).fill(uniqueEmail("nobody"));
    await page.getByLabel("Password").fill("wrong-pass-1");
    await page.locator("form.form").getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("The e-mail or password is not right.");
    await expect(page.locator("input.captcha__image")).not.toHaveAttribute("src", firstPicture ?? "");
  });

  test("a sign-in without the captcha is refused", async ({ page, javaScriptEnabled }) => {
    await page.goto("/login");
    if (javaScriptEnabled) await hydrated(page);
    await page.getByLabel("E-mail", { exact: true }).fill(uniqueEmail("bot"));
    await page.getByLabel("Password").fill("whatever-1");
    await page.locator("form.form").getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText(/characters were not clicked correctly/);
  });

  test("the registration form reports every bad field", async ({ page, request, javaScriptEnabled }) => {
    await page.goto("/register");
    if (javaScriptEnabled) await hydrated(page);
    await solveCaptcha(page, request, javaScriptEnabled);
    await page.getByLabel("E-mail", { exact: true }).fill("not-an-address");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByRole("button", { name: "Send me the code" }).click();
    await expect(page.locator("#email-error")).toHaveText("This does not look like an e-mail address.");
    await expect(page.locator("#nickname-error")).toHaveText("Please fill this in.");
    await expect(page.locator("#password-error")).toHaveText("Use at least 8 characters.");
  });

  test("a forgotten password is reset with the mailed code", async ({ page, request, javaScriptEnabled }) => {
    const email = await register(page, request, javaScriptEnabled, "reset");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
    await solveCaptcha(page, request, javaScriptEnabled);
    await page.getByLabel("E-mail", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Send me a code" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Set a new password" })).toBeVisible();
    await page.getByLabel("Code from the e-mail").fill(await mailedCode(request, email, "password reset code"));
    await page.getByLabel("New password").fill("brand-new-2");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page.getByText("Your password has been changed. Sign in with the new one.")).toBeVisible();
    await signIn(page, request, javaScriptEnabled, email, "brand-new-2");
    await expect(page.locator(".user-menu__name")).toHaveText("Tester reset");
  });

  test("the account page changes the password and signs out everywhere", async ({ page, request, javaScriptEnabled }) => {
    const email = await register(page, request, javaScriptEnabled, "acct");
    await signIn(page, request, javaScriptEnabled, email);
    await page.locator(".user-menu__name").click();
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await page.getByLabel("Current password").fill("wrong-guess-1");
    await page.getByLabel("New password").fill("changed-pass-3");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.locator("#current_password-error")).toHaveText("That is not your current password.");
    await page.getByLabel("Current password").fill("s3cret-pass");
    await page.getByLabel("New password").fill("changed-pass-3");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Your password has been changed. Other devices have been signed out.")).toBeVisible();
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(page.locator(".user-menu__name")).toHaveCount(0);
  });
});

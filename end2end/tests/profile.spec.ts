import { expect, test } from "./fixtures";
import { hydrated, register, signIn } from "./support";

test("edit the profile and avatar, see the public profile, sign out", async ({ page, request, javaScriptEnabled }) => {
  test.setTimeout(90_000);
  const email = await register(page, request, javaScriptEnabled, "profile");
  await signIn(page, request, javaScriptEnabled, email);
  await expect(page.locator(".user-menu__name")).toHaveText("Tester profile");
  await page.locator(".user-menu__name").click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();

  await page.getByLabel("Nickname").fill("Ada L.");
  await page.getByLabel("Introduction").fill("I solve maths problems.\nAsk me anything.");
  await page.getByLabel("Phone").fill("call me maybe");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.locator("#phone-error")).toHaveText("Use digits, spaces and + - ( ) only.");
  // Without JavaScript the page reloads with the saved values: type them again.
  await page.getByLabel("Nickname").fill("Ada L.");
  await page.getByLabel("Introduction").fill("I solve maths problems.\nAsk me anything.");
  await page.getByLabel("Phone").fill("+86 138 0000 0000");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile has been saved.")).toBeVisible();
  // The picker's preview is the cropper island's: a file chosen before it
  // has hydrated would show none.
  if (javaScriptEnabled) await hydrated(page);

  // Any real PNG will do: the server's own captcha picture is one.
  const src = await (await request.post("/api/captcha", { form: {} })).json();
  const png = await (await request.get(`/captcha/${src.id}.png`)).body();
  await page.getByLabel("Avatar").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: png });
  if (javaScriptEnabled) {
    await expect(page.locator(".cropper__square")).toBeVisible();
    await page.getByLabel("Square size").fill("60");
    await expect(page.locator("input[name=crop_size]")).toHaveValue("120");
  }
  await page.getByRole("button", { name: "Upload avatar" }).click();
  await expect(page.getByText("Your new avatar is in place.")).toBeVisible();
  const avatar = page.locator("img.avatar");
  await expect(avatar).toHaveAttribute("src", /\/avatars\/.+-256\.jpg$/);

  await page.getByLabel("Avatar").setInputFiles({ name: "evil.png", mimeType: "image/png", buffer: Buffer.from("not a picture") });
  await page.getByRole("button", { name: "Upload avatar" }).click();
  await expect(page.locator("#avatar-error")).toHaveText("This is not a PNG, JPEG or WebP picture.");

  await page.getByRole("link", { name: "See your public profile" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ada L." })).toBeVisible();
  await expect(page.getByText("I solve maths problems.")).toBeVisible();
  await expect(page.locator("main")).not.toContainText(email);
  await expect(page.locator("main")).not.toContainText("138");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});

import { defineConfig } from "@playwright/test";

// The server is started by `cargo leptos end-to-end` (see scripts/test);
// global-setup waits until it answers.
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

// Debian's Chromium, never a downloaded browser. The networking flags keep it
// from calling Google services, which this machine's closed network refuses.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  // A flow of several pages (register, reset, sign in) with two browsers and
  // the server on two busy cores took over 30 s in a CI-like run; longer
  // flows set their own budget with test.setTimeout.
  timeout: 60_000,
  // Waits for hydration pass { timeout: 30_000 } themselves: every new browser
  // context downloads and compiles the 19 MB debug WASM, slow on a busy machine.
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  // The JSON report lets scripts/test name the failed tests after its summary,
  // where a truncated CI log still shows them.
  reporter: [["list"], ["json", { outputFile: "playwright-report/results.json" }]],
  use: { baseURL, launchOptions, trace: "retain-on-failure" },
  projects: [
    // Tests tagged @no-js describe the page without JavaScript and run only there;
    // tests tagged @js need the hydrated client and run only with it.
    { name: "js-on", use: { javaScriptEnabled: true }, grepInvert: /@no-js/ },
    { name: "js-off", use: { javaScriptEnabled: false }, grepInvert: /@js\b/ },
  ],
});

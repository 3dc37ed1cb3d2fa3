// `cargo leptos end-to-end` starts the server and the tests together, so wait
// until the server answers before any test runs.
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const deadline = Date.now() + 120_000;

export default async function globalSetup(): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseURL}/healthz`);
      if (response.ok) return;
      lastError = new Error(`/healthz answered ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server at ${baseURL} did not become healthy: ${lastError}`);
}

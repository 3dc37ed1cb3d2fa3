// Prints the Playwright tests that did not pass (failed, timed out or flaky),
// one line each with project, file, line and the first line of the error, from
// the JSON report the suite writes. scripts/test calls it after its summary so
// a log cut to its last lines still names what broke. Prints nothing when the
// report is missing or everything passed.
import { readFileSync } from "node:fs";

const path = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(path, "utf8"));
} catch {
  process.exit(0);
}

const lines = [];
function walk(suite, file) {
  const here = suite.file ?? file;
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests ?? []) {
      if (test.status === "expected" || test.status === "skipped") continue;
      const last = test.results?.[test.results.length - 1];
      const error = (last?.error?.message ?? "").replace(/\u001b\[[0-9;]*m/g, "").split("\n")[0];
      lines.push(`  ${test.status.padEnd(10)} [${test.projectName}] ${here}:${spec.line} ${spec.title}: ${error}`);
    }
  }
  for (const child of suite.suites ?? []) walk(child, here);
}
for (const suite of report.suites ?? []) walk(suite, suite.file);

if (lines.length > 0) {
  console.log("\nPlaywright tests that did not pass:");
  console.log(lines.join("\n"));
}

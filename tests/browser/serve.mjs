// Drives `openness serve` in headless Chromium: browses and filters the table, compares two
// releases, proposes a change through the form (first invalid, then fixed), reviews it with a
// maintainer token and finds it in the release's history and the audit log. Saves screenshots.
// Usage: node serve.mjs BASE_URL TOKEN SCREENSHOT_DIR
import { chromium } from "playwright-core";
import path from "node:path";

const [base, token, shots] = process.argv.slice(2);
const fail = (m) => { console.error("FAIL: " + m); process.exit(1); };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const violations = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) violations.push(m.text());
  });
  // Every failed response is a defect, except the invalid proposal's 422 this script provokes.
  page.on("response", (r) => {
    if (r.status() >= 400 && !(r.status() === 422 && r.url().endsWith("/proposals"))) {
      violations.push(r.status() + " " + r.url());
    }
  });

  // Browse and filter the index, served from the store.
  await page.goto(base + "/");
  const rows = page.locator("table.heat tbody tr:not(.hidden)");
  const all = await rows.count();
  if (all < 45) fail("expected every release of the catalogue, saw " + all + " rows");
  await page.selectOption("select[name=org]", "Meta");
  await page.selectOption("select[name=year]", "2023");
  const names = (await rows.locator("td.name").allTextContents()).map((n) => n.trim());
  if (names.join(",") !== "LLaMA,LLaMA-2") fail("Meta 2023 shows " + names.join(","));
  await page.screenshot({ path: path.join(shots, "serve-index.png") });

  // Compare two releases.
  await page.goto(base + "/compare?ids=llama-2,falcon");
  if ((await page.locator("table.compare tbody tr").count()) !== 12) fail("compare lacks twelve component rows");
  if ((await page.locator("table.compare thead th").count()) !== 3) fail("compare lacks two release columns");
  await page.screenshot({ path: path.join(shots, "serve-compare.png") });

  // From the release page, propose a change; an invalid licence comes back with its field.
  await page.goto(base + "/releases/llama-2");
  await page.click("a.propose");
  await page.waitForSelector("form.proposal");
  if ((await page.inputValue("select[name=release]")) !== "llama-2") fail("the form is not preset to llama-2");
  await page.selectOption("select[name=component]", "training.code.pretraining");
  await page.selectOption("select[name=availability]", "open");
  await page.fill("input[name=license]", "Not-A-Licence-9");
  await page.fill("textarea[name=evidence]", "https://example.org/llama-2-training-code");
  await page.fill("textarea[name=note]", "training code <published>");
  await page.fill("input[name=author]", "Browser Tester");
  await page.click("form.proposal button[type=submit]");
  await page.waitForSelector(".errors li[data-field=license]");
  await page.screenshot({ path: path.join(shots, "serve-invalid.png") });
  await page.fill("input[name=license]", "Apache-2.0");
  await page.click("form.proposal button[type=submit]");
  await page.waitForSelector("form.review");
  const heading = (await page.textContent("h1")).trim();
  if (!/^Proposal #\d+ pending$/.test(heading)) fail("after proposing, the heading is " + heading);
  await page.screenshot({ path: path.join(shots, "serve-proposal.png") });

  // Review it with the maintainer token: accepted, it is in the release's history.
  await page.fill("input[name=token]", token);
  await page.check("input[name=decision][value=accept]");
  await page.click("form.review button[type=submit]");
  await page.waitForSelector("#history");
  if (!page.url().endsWith("/releases/llama-2#history")) fail("after review the page is " + page.url());
  const latest = (await page.locator("ol.history li").first().textContent()).trim();
  if (!latest.includes("version 2") || !latest.includes("ana observed") || !latest.includes("training.code.pretraining")) {
    fail("the history's latest entry is " + latest);
  }
  if (!latest.includes("open, Apache-2.0")) fail("the history lacks the new facts: " + latest);
  const row = await page.locator("tr", { hasText: "training.code.pretraining" }).first().textContent();
  if (!row.includes("C4") && !row.includes("C5")) fail("the release's row does not show the new level: " + row);
  await page.locator("#history").scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, "serve-history.png") });

  await page.goto(base + "/audit");
  const actions = await page.locator("table.audit tbody tr td:nth-child(4)").allTextContents();
  if (actions[0] !== "accept" || actions[1] !== "propose") fail("the audit log starts " + actions.slice(0, 2).join(","));
  await page.screenshot({ path: path.join(shots, "serve-audit.png") });
  if (violations.length) fail("console errors (CSP?): " + violations.join(" | "));
  console.log("ok: browsed, filtered, compared, proposed, reviewed and found the change in the history");
} finally {
  await browser.close();
}

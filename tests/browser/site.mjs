// Opens the generated report in headless Chromium, sorts and filters the table, opens a
// model page and saves screenshots. Exits non-zero with a message when the page does not
// show what it should. Usage: node site.mjs SITE_DIR SCREENSHOT_DIR
import { chromium } from "playwright-core";
import path from "node:path";

const [site, shots] = process.argv.slice(2);
const fail = (m) => { console.error("FAIL: " + m); process.exit(1); };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  await page.goto("file://" + path.resolve(site, "index.html"));
  const rows = page.locator("table.heat tbody tr:not(.hidden)");
  if ((await rows.count()) !== 46) fail("expected 46 rows, saw " + (await rows.count()));
  if ((await page.textContent("#count")).trim() !== "46 of 46 releases") fail("the count line is wrong");

  // Sort by the weights column (last), most open first: click twice (ascending, descending).
  const weights = page.locator("th.sortable", { hasText: "Weights" });
  await weights.click();
  await weights.click();
  if ((await weights.getAttribute("aria-sort")) !== "descending") fail("weights header not marked descending");
  const firstWeights = (await rows.first().locator("td").last().textContent()).trim();
  if (!firstWeights.startsWith("D5")) fail("after sorting, the first row's weights are " + firstWeights);
  // Sort by name, ascending.
  await page.locator("th.sortable", { hasText: "Model" }).click();
  const firstName = (await rows.first().locator("td.name").textContent()).trim();
  if (firstName !== "Anthropic 175B") fail("after sorting by name the first row is " + firstName);

  // Filter: Meta's releases of 2023.
  await page.selectOption("select[name=org]", "Meta");
  await page.selectOption("select[name=year]", "2023");
  const names = await rows.locator("td.name").allTextContents();
  if (names.map((n) => n.trim()).join(",") !== "LLaMA,LLaMA-2") fail("Meta 2023 shows " + names.join(","));
  if ((await page.textContent("#count")).trim() !== "2 of 46 releases") fail("count after filtering is wrong");
  // Search narrows further; clearing filters brings all back.
  await page.fill("input[name=q]", "llama-2");
  if ((await rows.count()) !== 1) fail("search for llama-2 shows " + (await rows.count()) + " rows");
  await page.fill("input[name=q]", "");
  await page.selectOption("select[name=org]", "");
  await page.selectOption("select[name=year]", "");
  await page.selectOption("select[name=level]", "D2");
  if ((await rows.count()) !== 6) fail("releases with a D2 component: " + (await rows.count()));
  await page.selectOption("select[name=level]", "");
  await page.screenshot({ path: path.join(shots, "index.png") });

  // Open a model page.
  await page.click("a:text-is('LLaMA-2')");
  await page.waitForSelector("h1");
  if ((await page.textContent("h1")).trim() !== "LLaMA-2") fail("the model page's heading is wrong");
  const weightsRow = (await page.locator("tr", { hasText: "deployment.data.weights" }).textContent());
  if (!weightsRow.includes("gated") || !weightsRow.includes("D3")) fail("the weights row lacks gated/D3: " + weightsRow);
  if ((await page.locator("text=Opportunities it unlocks").count()) !== 1) fail("no profile section");
  await page.screenshot({ path: path.join(shots, "model.png"), fullPage: false });
  console.log("ok: sorted, filtered, searched and opened a model page; screenshots in " + shots);
} finally {
  await browser.close();
}

// Opens the generated report in headless Chromium at 1366×768, 1920×1080 and 400×800 and checks
// what a reader needs: every component column inside the viewport, the header visible after
// scrolling, text contrast on every level colour, filters and sort round-tripping through the
// URL, evidence on hover and focus, compare, no horizontal scroll on a phone, and no request
// leaving the site. Saves screenshots. Exits non-zero with a message on the first failure.
// Usage: node site.mjs SITE_DIR SCREENSHOT_DIR
import path from "node:path";
import { fail, launch, noSideScroll, open as openPage, screenshots } from "./chromium.mjs";

const [site, shots] = process.argv.slice(2);
const url = (p) => "file://" + path.resolve(site, p);
const browser = await launch();
const outside = [];
const errors = [];
// Every request must stay inside the site's folder.
const open = (width, height) => openPage(browser, width, height, "file://" + path.resolve(site), outside, errors);
const shot = screenshots(shots);

try {
  // ---- 1366 × 768: the index.
  let page = await open(1366, 768);
  await page.goto(url("index.html"));
  const rows = page.locator("#heat tbody tr:not(.hidden)");
  const total = await page.locator("#heat tbody tr").count();
  if (total < 45) fail("expected at least 45 rows, saw " + total);
  if ((await page.textContent("#count")).trim() !== `${total} of ${total} releases`) fail("the count line is wrong");
  const edges = await page.evaluate(() => Array.from(document.querySelectorAll("#heat thead th.comp"))
    .map((th) => [th.textContent.trim(), th.getBoundingClientRect().right]));
  if (edges.length !== 12) fail("expected 12 component columns, saw " + edges.length);
  for (const [name, right] of edges) if (right > 1366) fail(`column ${name} ends at ${right} px, outside 1366`);
  await noSideScroll(page, "index at 1366");
  const heights = await page.evaluate(() => Array.from(document.querySelectorAll("#heat tbody tr"))
    .map((r) => Math.round(r.getBoundingClientRect().height)));
  if (new Set(heights).size !== 1) fail("rows differ in height: " + [...new Set(heights)].join(", "));
  await shot(page, "index-1366.png");

  // Contrast of each level's text on its colour.
  const contrast = await page.evaluate(() => {
    const lum = (c) => {
      const [r, g, b] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
        v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const out = {};
    for (const cls of ["l1", "l2", "l3", "l4", "l5", "lna", "lunk"]) {
      const td = document.querySelector("#heat td.lv." + cls);
      if (!td) { out[cls] = null; continue; }
      const s = getComputedStyle(td);
      const [a, b] = [lum(s.color), lum(s.backgroundColor)];
      out[cls] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }
    return out;
  });
  for (const [cls, ratio] of Object.entries(contrast)) {
    if (ratio === null) fail("no cell at level " + cls);
    if (ratio < 4.5) fail(`text on ${cls} has contrast ${ratio.toFixed(2)}:1, below 4.5:1`);
  }
  // N/A and level 5 differ in more than colour: N/A is hatched and prints N/A.
  const na = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector("#heat td.lv.lna"));
    return [s.backgroundImage, document.querySelector("#heat td.lv.lna .glyph").textContent.trim()];
  });
  if (na[0] === "none" || na[1] !== "N/A") fail("N/A cells are not hatched and labelled: " + na.join(" "));

  // Header stays visible after scrolling.
  await page.mouse.wheel(0, 1400);
  await page.waitForTimeout(200);
  const head = await page.evaluate(() => {
    const th = document.querySelector("#heat thead tr.h3 th.comp");
    const r = th.getBoundingClientRect();
    return [r.top, r.bottom, window.scrollY];
  });
  if (head[2] < 1000) fail("the page did not scroll: " + head[2]);
  if (head[0] < 0 || head[1] > 768 / 2) fail("after scrolling the header is at " + head[0] + "–" + head[1]);
  await shot(page, "index-1366-scrolled.png");
  await page.evaluate(() => window.scrollTo(0, 0));

  // Hover and keyboard focus show licence, source, date and evidence.
  const weightsCell = page.locator("#heat tbody tr[data-id='llama-2'] td.lv").last();
  await weightsCell.hover();
  const tip = weightsCell.locator(".tip");
  if (!(await tip.isVisible())) fail("hovering a cell shows no details");
  const tipText = await tip.textContent();
  for (const part of ["Licence:", "Source:", "Why:"]) if (!tipText.includes(part)) fail("the cell's details lack " + part + ": " + tipText);
  await shot(page, "index-hover.png");
  await page.mouse.move(0, 0);
  await page.locator("#heat tbody tr[data-id='falcon'] td.lv").first().focus();
  if (!(await page.locator("#heat tbody tr[data-id='falcon'] td.lv .tip").first().isVisible())) fail("focus shows no details");

  // Sort by weights, most open first; the URL keeps it.
  await page.locator("#heat th[data-sort=c11] button").click();
  if ((await page.locator("#heat th[data-sort=c11]").getAttribute("aria-sort")) !== "descending") fail("weights not sorted descending");
  const firstWeights = (await rows.first().locator("td.lv").last().locator(".glyph").textContent()).trim();
  if (!firstWeights.startsWith("D5")) fail("after sorting, the first row's weights are " + firstWeights);
  if (!page.url().includes("sort=c11") || !page.url().includes("dir=desc")) fail("sort not in the URL: " + page.url());

  // Filters set in the UI go into the URL and come back from it.
  await page.selectOption("select[name=org]", "Meta");
  await page.selectOption("select[name=wc]", "deployment.data.weights");
  await page.selectOption("select[name=wo]", ">=");
  await page.selectOption("select[name=wl]", "3");
  const filtered = await rows.count();
  const kept = await page.evaluate(() => Array.from(document.querySelectorAll("#heat tbody tr:not(.hidden)"))
    .map((r) => [r.dataset.org, +r.cells[r.cells.length - 1].dataset.v]));
  if (filtered < 2 || kept.some(([org, w]) => org !== "Meta" || w < 3)) fail("Meta with weights ≥ D3 shows " + JSON.stringify(kept));
  const hidden = await page.evaluate(() => Array.from(document.querySelectorAll("#heat tbody tr.hidden"))
    .filter((r) => r.dataset.org === "Meta" && +r.cells[r.cells.length - 1].dataset.v >= 3).length);
  if (hidden) fail(hidden + " Meta releases with weights ≥ D3 are hidden");
  const filteredUrl = page.url();
  if (!filteredUrl.includes("org=Meta") || !decodeURIComponent(filteredUrl).includes("where=deployment.data.weights>=D3")) fail("filters not in the URL: " + filteredUrl);
  await page.goto(filteredUrl);
  if ((await page.inputValue("select[name=org]")) !== "Meta") fail("the organisation filter did not come back from the URL");
  if ((await page.inputValue("select[name=wc]")) !== "deployment.data.weights") fail("the component filter did not come back from the URL");
  if ((await rows.count()) !== filtered) fail(`after reload ${await rows.count()} rows, before ${filtered}`);
  if ((await page.textContent("#count")).trim() !== `${filtered} of ${total} releases`) fail("count after reload is wrong");
  await shot(page, "index-filtered.png");
  // A link written by hand with the short form works too.
  await page.goto(url("index.html") + "?where=weights>=5&year=2023");
  const open5 = (await rows.locator("td.lv:last-child .glyph").allTextContents()).map((t) => t.trim());
  if (open5.length === 0 || open5.some((t) => !t.startsWith("D5"))) fail("where=weights>=5 shows " + open5.join(","));
  await page.click("#clear");
  if ((await rows.count()) !== total || page.url().includes("?")) fail("clearing did not bring every release back: " + (await rows.count()) + " " + page.url());

  // A release page from the table.
  await page.click("#heat a:text-is('LLaMA-2')");
  await page.waitForSelector("h1");
  if ((await page.textContent("h1")).trim() !== "LLaMA-2") fail("the release page's heading is wrong");
  const weightsCard = await page.locator("#deployment\\.data\\.weights").textContent();
  if (!weightsCard.includes("gated") || !weightsCard.includes("D3")) fail("the weights card lacks gated/D3: " + weightsCard);
  if (!(await page.locator("text=Opportunities it unlocks").isVisible())) fail("no profile section");
  const params = await page.locator(".facts-list").textContent();
  if (!/\d+ B parameters/.test(params)) fail("parameters are not written for people: " + params);
  const fontSizes = await page.evaluate(() => Array.from(document.querySelectorAll("table.strip th, table.strip td"))
    .map((e) => parseFloat(getComputedStyle(e).fontSize)));
  if (fontSizes.some((s) => s < 11)) fail("strip labels below 11 px: " + fontSizes.join(","));
  await shot(page, "release-1366.png");
  await shot(page, "release-1366-full.png", true);

  // Compare two releases from file://.
  await page.goto(url("compare.html") + "?ids=llama-2,falcon");
  const shown = (await page.locator("table.compare thead th.on a").allTextContents()).map((t) => t.trim());
  if (shown.join(",") !== "LLaMA-2,Falcon" && shown.join(",") !== "Falcon,LLaMA-2") fail("compare shows " + shown.join(","));
  if ((await page.locator("table.compare tr.differs").count()) < 1) fail("compare marks no difference");
  if ((await page.locator("#chooser input:checked").count()) !== 2) fail("the chooser does not reflect the URL");
  await noSideScroll(page, "compare at 1366");
  await shot(page, "compare-1366.png");

  await page.goto(url("findings.html"));
  await noSideScroll(page, "findings at 1366");
  await shot(page, "findings-1366.png", true);
  await page.goto(url("register.html"));
  if ((await page.locator("article.item").count()) < 10) fail("the register lists few items");
  await shot(page, "register-1366.png");

  // ---- 1920 × 1080.
  page = await open(1920, 1080);
  await page.goto(url("index.html"));
  await noSideScroll(page, "index at 1920");
  await shot(page, "index-1920.png");

  // ---- 400 × 800: a card per release, no sideways scroll.
  page = await open(400, 800);
  await page.goto(url("index.html"));
  await noSideScroll(page, "index at 400");
  const cardCells = await page.evaluate(() => {
    const r = document.querySelector("#heat tbody tr").getBoundingClientRect();
    return [r.width, Array.from(document.querySelectorAll("#heat tbody tr:first-child td.lv")).filter((t) => t.getBoundingClientRect().right <= window.innerWidth).length];
  });
  if (cardCells[1] !== 12) fail("at 400 px a release shows " + cardCells[1] + " of 12 components");
  await shot(page, "index-400.png");
  await page.goto(url("models/llama-2.html"));
  await noSideScroll(page, "release page at 400");
  await shot(page, "release-400.png");
  await page.goto(url("compare.html") + "?ids=llama-2,falcon");
  await shot(page, "compare-400.png");

  if (outside.length) fail("pages requested outside the site: " + [...new Set(outside)].join(", "));
  if (errors.length) fail("script errors: " + errors.join("; "));
  console.log("ok: columns fit at 1366, header sticks, contrast holds, filters and sort round-trip, compare works, 400 px reads; screenshots in " + shots);
} finally {
  await browser.close();
}

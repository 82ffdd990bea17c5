// Drives `openness serve` in headless Chromium: browses the table's pages, filters and sorts it
// across pages, compares two
// releases through the chooser, proposes a change through a release page's form (first invalid,
// then fixed), reviews it with a maintainer token and finds it in the release's history, the
// proposals and the audit log. Screenshots at desktop (1366 px) and phone (400 px) widths.
// Usage: node serve.mjs BASE_URL TOKEN SCREENSHOT_DIR
import { fail, launch, noSideScroll, open as openPage, screenshots } from "./chromium.mjs";

const [base, token, shots] = process.argv.slice(2);
const browser = await launch();
const violations = [];
// Nothing leaves the service; every failed response is a defect, except the invalid
// proposal's 422 this script provokes.
async function open(width, height) {
  const page = await openPage(browser, width, height, base, violations, violations);
  page.on("response", (r) => {
    if (r.status() >= 400 && !(r.status() === 422 && r.url().endsWith("/proposals"))) {
      violations.push(r.status() + " " + r.url());
    }
  });
  return page;
}
const shot = screenshots(shots);

try {
  const page = await open(1366, 900);

  // Browse the index, served from the store a page at a time, and filter it: the server
  // filters every release, not only the page shown.
  await page.goto(base + "/");
  const ids = () => page.evaluate(() => Array.from(document.querySelectorAll("#heat tbody tr")).map((r) => r.dataset.id));
  const first = await ids();
  if (first.length !== 50) fail("the first page shows " + first.length + " rows, not 50");
  const count = (await page.textContent("#count")).trim();
  const total = +count.split(" ")[0];
  if (!(total > 100) || !count.endsWith("1–50 shown")) fail("the count says " + count);
  await shot(page, "serve-index-1366.png");
  await page.click("nav.pages a[rel=next]");
  await page.waitForURL(/\/\?page=2$/);
  const second = await ids();
  if (second.length !== 50 || second.some((id) => first.includes(id))) fail("page 2 repeats page 1: " + second.join(","));
  if (!(await page.textContent("#count")).includes("51–100 shown")) fail("page 2's count");
  if ((await page.getAttribute("link[rel=prev]", "href")) !== "/") fail("page 2's rel=prev");
  await page.locator("nav.pages").scrollIntoViewIfNeeded();
  await shot(page, "serve-index-page2-1366.png");
  await page.selectOption("select[name=org]", "Meta");
  await page.waitForURL(/\?org=Meta$/);
  await page.selectOption("select[name=year]", "2023");
  await page.waitForURL(/\?org=Meta&year=2023$/);
  const kept = await page.evaluate(() => Array.from(document.querySelectorAll("#heat tbody tr"))
    .map((r) => [r.dataset.org, r.dataset.year, r.dataset.id]));
  if (kept.length < 2 || kept.length >= 50) fail("Meta 2023 shows " + kept.length + " rows");
  if (kept.some(([org, year]) => org !== "Meta" || year !== "2023")) fail("the filter kept " + JSON.stringify(kept));
  if (!kept.some(([, , id]) => id === "llama-2")) fail("Meta 2023 lacks llama-2: " + JSON.stringify(kept));
  if (!(await page.textContent("#count")).trim().startsWith(kept.length + " of " + total)) fail("the filtered count");
  // Sorting by a header keeps the filters; the form shows them.
  await page.click("th[data-sort=score] a");
  await page.waitForURL(/\?org=Meta&year=2023&sort=score&dir=desc$/);
  if ((await page.getAttribute("th[data-sort=score]", "aria-sort")) !== "descending") fail("the score header's state");
  if ((await page.inputValue("select[name=org]")) !== "Meta") fail("the form lost the organisation");
  const scores = await page.evaluate(() => Array.from(document.querySelectorAll("#heat tbody tr")).map((r) => +r.dataset.score));
  if (scores.some((s, i) => i > 0 && s > scores[i - 1])) fail("not sorted by score: " + scores.join(","));
  await shot(page, "serve-index-filtered-1366.png");
  // A filter whose releases fill more than one page: its next page keeps it.
  await page.goto(base + "/?coverage=ranked");
  await page.click("nav.pages a[rel=next]");
  await page.waitForURL(/\?coverage=ranked&page=2$/);
  const ranked = await page.evaluate(() => Array.from(document.querySelectorAll("#heat tbody tr")).map((r) => +r.dataset.score));
  if (!ranked.length || ranked.some((s) => s < 0)) fail("page 2 of the ranked releases: " + ranked.join(","));
  await page.click("#clear");
  await page.waitForURL(base + "/");

  // Compare two releases through the chooser.
  await page.goto(base + "/compare");
  if (await page.locator("table.compare").count()) fail("the chooser alone shows a comparison");
  await page.check("input[name=ids][value=llama-2]");
  await page.check("input[name=ids][value=falcon]");
  await page.click("#chooser button[type=submit]");
  await page.waitForSelector("table.compare");
  if (!page.url().includes("ids=llama-2") || !page.url().includes("ids=falcon")) fail("compare URL " + page.url());
  if ((await page.locator("table.compare tr.level-row").count()) !== 12) fail("compare lacks twelve component rows");
  if ((await page.locator("table.compare thead th").count()) !== 3) fail("compare lacks two release columns");
  await page.locator("table.compare").scrollIntoViewIfNeeded();
  await shot(page, "serve-compare-1366.png");

  // On the release page, propose a change; an invalid value comes back with its field and fix.
  await page.goto(base + "/releases/llama-2");
  await shot(page, "serve-release-1366.png");
  const form = page.locator("form#proposal");
  await form.locator("select[name=component]").selectOption("training.code.pretraining");
  await form.locator("select[name=field]").selectOption("availability");
  await form.locator("input[name=value]").fill("published-somewhere");
  await form.locator("input[name=evidence]").fill("https://example.org/llama-2-training-code");
  await form.locator("textarea[name=note]").fill("training code <published>");
  await form.locator("input[name=author]").fill("Browser Tester");
  await form.locator("button[type=submit]").click();
  await page.waitForSelector("form#proposal .errors li[data-field=availability]");
  const error = (await page.textContent("form#proposal .errors li")).trim();
  if (!error.includes("Fix:")) fail("the error says no fix: " + error);
  if ((await form.locator("input[name=author]").inputValue()) !== "Browser Tester") fail("the form lost its values");
  await page.locator("form#proposal").scrollIntoViewIfNeeded();
  await shot(page, "serve-invalid-1366.png");
  await form.locator("input[name=value]").fill("open");
  await form.locator("button[type=submit]").click();
  await page.waitForURL(/\/proposals\/\d+#main$/);
  const number = page.url().split("/").pop().split("#")[0];
  if ((await page.textContent("h1")).trim() !== "Proposal " + number) fail("the proposal's heading");
  if ((await page.textContent(".lead .status")).trim() !== "pending") fail("the proposal is not pending");
  if (!(await page.textContent("main")).includes("training code <published>")) fail("the note is not shown as text");
  await shot(page, "serve-proposal-1366.png");

  // The maintainer accepts it with their token, and it is in the release's history.
  const review = page.locator("form.review");
  await review.locator("select[name=decision]").selectOption("accept");
  await review.locator("input[name=token]").fill(token);
  await review.locator("button[type=submit]").click();
  await page.waitForURL(/\/releases\/llama-2#history$/);
  const latest = (await page.locator("#history + p + .table-wrap tbody tr").first().textContent()).trim();
  if (!latest.includes("training.code.pretraining") || !latest.includes("catalogue-review")) {
    fail("the history's latest change is " + latest);
  }
  await page.locator("#history").scrollIntoViewIfNeeded();
  await shot(page, "serve-history-1366.png");

  await page.goto(base + "/proposals");
  const row = (await page.locator("table tbody tr").first().textContent()).trim();
  if (!row.includes("llama-2") || !row.includes("accepted") || !row.includes("Browser Tester")) fail("proposals: " + row);
  await shot(page, "serve-proposals-1366.png");

  await page.goto(base + "/audit");
  const actions = await page.locator("table tbody tr td:nth-child(3)").allTextContents();
  if (actions[0] !== "accept" || actions[1] !== "propose") fail("the audit log starts " + actions.slice(0, 2).join(","));
  await shot(page, "serve-audit-1366.png");

  // The same pages on a phone: readable, nothing wider than the screen.
  const phone = await open(400, 800);
  for (const [route, name] of [["/", "index"], ["/?page=2", "index-page2"], ["/releases/llama-2", "release"],
    ["/compare?ids=llama-2,falcon", "compare"], ["/proposals", "proposals"], ["/audit", "audit"],
    [`/proposals/${number}`, "proposal"]]) {
    await phone.goto(base + route);
    if (name === "index-page2") await phone.locator("nav.pages").scrollIntoViewIfNeeded();
    await noSideScroll(phone, name + " at 400");
    await shot(phone, `serve-${name}-400.png`);
  }
  if (violations.length) fail("errors (CSP?): " + violations.join(" | "));
  console.log("ok: browsed, filtered, compared, proposed, reviewed and found the change in the history");
} finally {
  await browser.close();
}

// What the browser scripts share: Debian's Chromium launched headless, a failure that exits
// with its message, pages that may request nothing outside what they test and whose script
// errors are collected, screenshots, and the check that a page does not scroll sideways.
import { chromium } from "playwright-core";
import path from "node:path";

export const fail = (m) => { console.error("FAIL: " + m); process.exit(1); };

export const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// A page of `width` × `height` whose requests outside `inside` (a URL prefix) are refused and
// listed in `outside`, and whose script errors are listed in `errors`.
export async function open(browser, width, height, inside, outside, errors) {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(inside)) return route.continue();
    outside.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  // A failed response is logged too; the scripts check responses by their status instead.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  return page;
}

export const screenshots = (dir) => (page, name, fullPage = false) =>
  page.screenshot({ path: path.join(dir, name), fullPage });

export async function noSideScroll(page, what) {
  const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  if (sw > w) fail(`${what}: the page scrolls sideways (${sw} px wide in ${w} px)`);
}

// click.mjs BASE_URL PW_DIR [CHROMIUM]: the dashboard of 'dateline serve' in
// a real browser (playwright-core from PW_DIR, installed there by
// tests/cli/test_serve.sh). Loads BASE_URL/, checks the map markers,
// timeline bars and table rows, clicks the first event row with the mouse
// and checks that the article view shows the stored text (GET
// /v1/articles/{id}) with that event's trigger highlighted. Prints one
// 'FAIL: ...' line per failed check and ends on 'N passed, N failed'.
import { createRequire } from "node:module";
import path from "node:path";

const [base, pwDir, chrome = "/usr/bin/chromium"] = process.argv.slice(2);
if (!base || !pwDir) {
  console.error("usage: click.mjs BASE_URL PW_DIR [CHROMIUM]");
  process.exit(2);
}
const { chromium } = createRequire(path.resolve(pwDir, "package.json"))("playwright-core");

let pass = 0, fail = 0;
const check = (desc, ok, why = "") => {
  if (ok) pass++;
  else { fail++; console.log(`FAIL: click: ${desc}${why ? " (" + why + ")" : ""}`); }
};

const browser = await chromium.launch({
  executablePath: chrome,
  headless: true,
  timeout: 60000,
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.setDefaultTimeout(20000);
  await page.goto(base + "/");
  await page.waitForSelector('body[data-ready="1"]');
  const markers = await page.locator("#markers .marker").count();
  check(`markers on the map (${markers})`, markers > 0);
  const bars = await page.locator("#timeline rect.bar").count();
  check(`timeline bars (${bars})`, bars > 0);
  const rows = page.locator("#events tbody tr");
  const nrows = await rows.count();
  check(`table rows (${nrows})`, nrows >= 6);
  check("article view hidden before the click", await page.locator("#articlebox").isHidden());

  // the first event row: its article, event and trigger cell
  const row = rows.first();
  const article = await row.getAttribute("data-article");
  const event = await row.getAttribute("data-event");
  const trigger = (await row.locator("td").nth(2).textContent()) || "";
  check(`first row names an event (${article} ${event} '${trigger}')`,
        article && event && trigger.length > 0);

  // what the server has for it, fetched outside the page
  const res = await fetch(base + "/v1/articles/" + encodeURIComponent(article));
  const art = res.status === 200 ? await res.json() : null;
  check(`GET /v1/articles/${article} 200`, art !== null, "status " + res.status);

  await row.click(); // a real mouse click at the row's centre
  await page.waitForSelector("#articlebox:not([hidden])");
  const evid = await page.locator("#evidence-list").getAttribute("data-event").catch(() => null);
  check("evidence panel is the clicked event", evid === event, `data-event ${evid}`);
  const sel = await page.locator("#events tbody tr.sel").count();
  check("clicked row is selected", sel >= 1 && (await row.getAttribute("class")) === "sel");

  if (art) {
    // the stored text, whole (not the trigger-only fallback of a 501/404)
    let shown = null;
    try {
      await page.waitForFunction((t) => document.querySelector("#atext").textContent === t,
                                 art.text, { timeout: 15000 });
      shown = art.text;
    } catch {
      shown = await page.locator("#atext").textContent();
    }
    check("article text shown in full", shown === art.text,
          `got ${JSON.stringify((shown || "").slice(0, 80))}`);
    const title = await page.locator("#atitle").textContent();
    check("article title shown", title === (art.title || art.id), `got '${title}'`);
    const meta = await page.locator("#ameta").textContent();
    check("article meta names id and date", meta.includes(art.id) && (!art.date || meta.includes(art.date)),
          `got '${meta}'`);
  }
  // the event's span: highlighted, focused, holding the trigger
  const focus = page.locator("#atext .hl-event.focus");
  const nf = await focus.count();
  const ftext = (await focus.allTextContents()).join("");
  check(`highlighted span holds the trigger '${trigger}'`, nf > 0 && ftext.includes(trigger),
        `got '${ftext}'`);
  if (nf > 0) {
    const bg = await focus.first().evaluate((e) => getComputedStyle(e).backgroundColor);
    check("highlight is visible", bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent", bg);
    check("highlight on screen", await focus.first().isVisible());
  }
  if (art && art.record && Array.isArray(art.record.events)) {
    const v = art.record.events.find((e) => e.id === event);
    const span = v ? Buffer.from(art.text, "utf8").subarray(v.span[0], v.span[1]).toString() : null;
    check("highlight is the record's span of the event", span !== null && ftext === span,
          `span '${span}', highlighted '${ftext}'`);
  }
  const u = new URL(page.url());
  check("URL names the article and event",
        u.searchParams.get("article") === article && u.searchParams.get("event") === event, page.url());
  check("no page errors", errors.length === 0, errors.join("; "));
} catch (e) {
  check("browser session", false, String(e && e.message ? e.message.split("\n")[0] : e));
} finally {
  await browser.close().catch(() => {});
}
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);

// The static support site in a real browser: Debian's chromium driven by playwright-core, with
// axe-core injected into each page. scripts/test-site.sh builds the site into SITE_DIR (default
// target/site) and runs this; with SITE_SCREENSHOTS=DIR it also saves the screenshots of
// docs/ there.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(process.env.SITE_DIR || join(here, "../../target/site"));
const shots = process.env.SITE_SCREENSHOTS;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm",
  ".css": "text/css", ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain",
};
const hasWidget = existsSync(join(root, "widget/qiwi-error-explainer.js"));

let server, browser, base;
const foreign = [];
const pageErrors = [];

before(async () => {
  assert.ok(existsSync(join(root, "index.html")), `no site in ${root}; run scripts/test-site.sh`);
  server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path.endsWith("/")) path += "index.html";
    try {
      const file = join(root, path);
      if ((await stat(file)).isDirectory()) throw new Error("a directory");
      res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  if (shots) mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(path, { javaScript = true, width = 1000 } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.on("request", (r) => { if (!r.url().startsWith(base)) foreign.push(r.url()); });
  page.on("pageerror", (e) => pageErrors.push(`${path}: ${e}`));
  const response = await page.goto(base + path);
  assert.equal(response.status(), 200, path);
  return page;
}

/** axe-core's violations on the page, shadow roots included, as readable lines. */
async function violations(page) {
  await page.addScriptTag({ path: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function widgetReady(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector("qiwi-error-explainer");
    return el && el.shadowRoot && el.shadowRoot.querySelector("textarea");
  });
}

test("a code page reads fine and axe finds no violations", async () => {
  const page = await open("/en/wallet-error/220/");
  assert.match(await page.locator("h1").innerText(), /QWPRC-220/);
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  assert.ok(await page.locator("a[hreflang=ru]").count() >= 1, "a link to the Russian page");
  assert.deepEqual(await violations(page), []);
  if (shots) await page.screenshot({ path: join(shots, "site-code-page.png"), fullPage: true });
  await page.context().close();
});

test("a Russian code page with superseded meanings and per-situation meanings passes axe", async () => {
  const page = await open("/ru/payment-status/DECLINED/");
  assert.ok(await page.locator("section.old").count() >= 1, "superseded meanings shown");
  assert.ok(await page.locator("article dl:not(.facts) dt").count() >= 1, "meanings per situation shown");
  assert.deepEqual(await violations(page), []);
  await page.context().close();
});

test("a sensitive code's page passes axe and says so", async () => {
  const page = await open("/en/payment-reason/DECLINED_BY_FRAUD/");
  assert.ok(await page.locator(".warn").isVisible());
  assert.deepEqual(await violations(page), []);
  await page.context().close();
});

test("axe does report a violation when there is one", async () => {
  const page = await open("/en/ps-error/04/");
  await page.evaluate(() => document.documentElement.removeAttribute("lang"));
  assert.ok((await violations(page)).some((v) => v.startsWith("html-has-lang")));
  await page.context().close();
});

test("the home page: the widget as its search box, and axe finds no violations", async () => {
  const page = await open("/en/");
  assert.ok(await page.locator("main ul.index a").count() > 28);
  if (hasWidget) {
    await widgetReady(page);
    const box = page.locator("qiwi-error-explainer textarea");
    await box.fill("QWPRC-220");
    await box.press("Enter");
    await page.waitForFunction(() => {
      const s = document.querySelector("qiwi-error-explainer").shadowRoot;
      return s.querySelector(".card");
    });
    const card = await page.locator("qiwi-error-explainer .card").first().innerText();
    assert.match(card, /QWPRC-220/);
  }
  assert.deepEqual(await violations(page), []);
  if (shots) await page.screenshot({ path: join(shots, "site-home.png"), fullPage: false });
  await page.context().close();
});

test("a narrow screen: the home page and a code page still pass axe", async () => {
  for (const path of ["/ru/", "/ru/ps-error/04/"]) {
    const page = await open(path, { width: 390 });
    if (hasWidget && path === "/ru/") await widgetReady(page);
    assert.deepEqual(await violations(page), [], path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    await page.context().close();
  }
});

test("without JavaScript the pages still read: the fallback and the lists", async () => {
  const page = await open("/ru/", { javaScript: false });
  const fallback = page.locator("qiwi-error-explainer .fallback");
  if (hasWidget) assert.ok(await fallback.isVisible(), "the widget's fallback text shows");
  assert.ok(await page.locator("main ul.index a").first().isVisible());
  await page.context().close();
  const code = await open("/ru/ps-error/04/", { javaScript: false });
  assert.match(await code.locator("h1").innerText(), /psErrorCode 04/);
  await code.context().close();
});

test("nothing is fetched from elsewhere and no script fails", () => {
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});

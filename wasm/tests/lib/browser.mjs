// What the browser tests share: a static server for wasm/ on 127.0.0.1 and Debian's chromium
// driven by playwright-core. Nothing else is reached: every request to another host fails.
//
// The server can break things on purpose, the way a site can:
//   /broken/PATH      serves PATH, except that every .wasm answers 404 (a file not deployed);
//   ?csp=nowasm       on a page adds a Content-Security-Policy header without 'wasm-unsafe-eval'
//                     (and without 'unsafe-inline' styles).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml",
};
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

/** Serves `dir` (wasm/ by default); resolves to {base, close}. */
export async function serve(dir = root) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    let path = normalize(decodeURIComponent(url.pathname));
    const broken = path.startsWith("/broken/");
    if (broken) path = path.slice("/broken".length);
    if (path.endsWith("/")) path += "index.html";
    const headers = {};
    if (url.searchParams.get("csp") === "nowasm") {
      headers["content-security-policy"] = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";
    }
    try {
      if (broken && path.endsWith(".wasm")) throw new Error("not deployed");
      const body = await readFile(join(dir, path));
      res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream", ...headers });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

export function launch() {
  return chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A fresh page that records what went wrong: page errors, unhandled promise rejections, console
 * errors and requests to anywhere but `base` (which are refused).
 */
export async function newPage(browser, base, options = {}) {
  const context = await browser.newContext({ viewport: { width: 900, height: 1100 }, ...options });
  await context.route("**/*", (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const log = { errors: [], rejections: [], console: [], foreign: [] };
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") log.console.push(m.text()); });
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) log.foreign.push(r.url()); });
  await page.addInitScript(() => {
    window.__rejections = [];
    window.addEventListener("unhandledrejection", (e) => window.__rejections.push(String(e.reason)));
  });
  page.log = log;
  page.rejections = () => page.evaluate(() => window.__rejections);
  return page;
}

/** The widget's shadow root as a locator prefix: `w(page, ".status")`. */
export const w = (page, selector, nth = 0) =>
  page.locator("qiwi-error-explainer").nth(nth).locator(selector);

/** Types a query into the nth widget and waits for its answer. */
export async function ask(page, text, { nth = 0 } = {}) {
  const el = page.locator("qiwi-error-explainer").nth(nth);
  await el.evaluate((node) => node.ready);
  await el.evaluate((node) => {
    node.__answered = new Promise((r) => node.addEventListener("answer", (e) => r(e.detail), { once: true }));
  });
  await el.locator("textarea").fill(text);
  await el.locator("textarea").press("Enter");
  return el.evaluate((node) => node.__answered);
}

/** Every text node of the nth widget's shadow tree, joined. */
export const shadowText = (page, nth = 0) => page.locator("qiwi-error-explainer").nth(nth)
  .evaluate((el) => el.shadowRoot.querySelector(".box").textContent);

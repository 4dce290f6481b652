// What a support page's visitor waits for, measured in Debian's headless chromium: the first
// answer after the widget is ready (unthrottled and at 4x CPU throttling), the bytes fetched
// before it (gzip and brotli, as a server would send them), and the bytes fetched when
// "Details for developers" opens. A benchmark run by hand, not a test:
//
//   node wasm/bench/first-answer.mjs [DIST ...]
//
// Each DIST is a built package (default: wasm/dist); give an older build's dist beside it to
// get a baseline from the same run. Each figure is the median of RUNS fresh pages.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { chromium } from "playwright-core";

const RUNS = Number(process.env.RUNS || 7);
const dists = process.argv.slice(2).map((d) => resolve(d));
if (!dists.length) dists.push(resolve(new URL("../dist", import.meta.url).pathname));
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const page = (dist) => `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>bench</title>
<script type="module" src="/dist/qiwi-error-explainer.js"></script></head>
<body><qiwi-error-explainer></qiwi-error-explainer></body></html>`;

function serve(dist) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path === "/") return res.writeHead(200, { "content-type": "text/html" }).end(page(dist));
    try {
      const body = await readFile(join(dist, path.replace(/^\/dist\//, "")));
      res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r(server)));
}

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sum = (list, k) => list.reduce((n, s) => n + s[k], 0);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

for (const dist of dists) {
  const server = await serve(dist);
  const base = `http://127.0.0.1:${server.address().port}`;
  const results = {};
  let before = [], details = [];
  for (const throttle of [1, 4]) {
    const times = { code: [], words: [], body: [], ready: [] };
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext();
      const p = await context.newPage();
      const fetched = [];
      p.on("response", async (r) => { try { fetched.push({ url: r.url(), body: await r.body() }); } catch {} });
      const cdp = await context.newCDPSession(p);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
      const start = Date.now();
      await p.goto(base + "/");
      await p.evaluate(() => new Promise((r) => {
        const el = document.querySelector("qiwi-error-explainer");
        // `ready` (a promise) where the element has it; older builds filled the heading only
        // once the module was ready.
        if (el.ready) el.ready.then(r);
        else if (el.shadowRoot.querySelector("h2")?.textContent) r();
        else el.addEventListener("ready", r, { once: true });
      }));
      times.ready.push(Date.now() - start);
      // The widget's module is already initialised; these are its first calls.
      const t = await p.evaluate(async () => {
        const m = await import("/dist/qiwi-errors.js");
        const time = (f) => { const t0 = performance.now(); f(); return performance.now() - t0; };
        return {
          code: time(() => m.answer("QWPRC-220")),
          words: time(() => m.answer("недостаточно средств на карте")),
          body: time(() => m.answer('{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}')),
        };
      });
      for (const k of ["code", "words", "body"]) times[k].push(t[k]);
      if (throttle === 1 && run === 0) {
        before = await Promise.all(fetched.filter((f) => f.url !== base + "/").map((f) => ({ url: f.url, ...sizes(f.body) })));
        const n = fetched.length;
        const box = p.locator("qiwi-error-explainer textarea");
        await box.fill("QWPRC-220");
        await box.press("Enter");
        const summary = p.locator("qiwi-error-explainer article.card details summary").first();
        if (await summary.count()) {
          await summary.click();
          await p.waitForTimeout(500);
          details = fetched.slice(n).map((f) => ({ url: f.url, ...sizes(f.body) }));
        }
      }
      await context.close();
    }
    results[throttle] = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  }
  server.close();
  console.log(`\n## ${dist}`);
  console.log("| first answer after ready | unthrottled | 4x CPU throttling |\n|---|---:|---:|");
  for (const [k, label] of [["code", "a code (QWPRC-220)"], ["words", "words (недостаточно средств на карте)"], ["body", "a JSON body"]]) {
    console.log(`| ${label} | ${results[1][k].toFixed(1)} ms | ${results[4][k].toFixed(1)} ms |`);
  }
  console.log(`| page load to ready | ${results[1].ready} ms | ${results[4].ready} ms |`);
  console.log("\n| fetched before the first answer | raw | gzip | brotli |\n|---|---:|---:|---:|");
  for (const f of before) console.log(`| ${f.url.replace(base, "")} | ${f.raw} | ${f.gzip} | ${f.brotli} |`);
  console.log(`| **all** | ${sum(before, "raw")} | ${sum(before, "gzip")} | ${sum(before, "brotli")} |`);
  console.log("\n| fetched when Details for developers opens (QWPRC-220) | raw | gzip | brotli |\n|---|---:|---:|---:|");
  for (const f of details) console.log(`| ${f.url.replace(base, "")} | ${f.raw} | ${f.gzip} | ${f.brotli} |`);
}
await browser.close();

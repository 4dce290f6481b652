// The React example (examples/react) built by Vite against the package installed from its
// `npm pack` tarball, the way a site would get it, then opened in chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, launch, newPage, w, root } from "./lib/browser.mjs";

const example = join(root, "examples", "react");
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], timeout: 180000, encoding: "utf8" });
let server, browser, tarball;

before(async () => {
  const packDir = mkdtempSync(join(tmpdir(), "qiwi-pack-"));
  const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", packDir], root));
  tarball = join(packDir, packed[0].filename);
  if (!existsSync(join(example, "node_modules", "vite"))) run("npm", ["ci", "--no-audit", "--no-fund"], example);
  run("npm", ["install", "--no-save", "--no-audit", "--no-fund", tarball], example);
  rmSync(packDir, { recursive: true, force: true });
  run(join(example, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], example);
  server = await serve(join(example, "dist"));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the package from its tarball: the module, its types, the .wasm, the element and details/", () => {
  const pkg = join(example, "node_modules", "qiwi-error-explainer");
  const files = readdirSync(join(pkg, "dist"));
  for (const f of ["qiwi-errors.js", "qiwi-errors.d.ts", "qiwi-errors_bg.wasm", "qiwi-error-explainer.js",
    "qiwi-error-explainer.d.ts", "load-words.js", "details"]) {
    assert.ok(files.includes(f), `${f} is not in the package`);
  }
  assert.ok(readdirSync(join(pkg, "dist", "details")).includes("wallet-error.json"));
  const manifest = JSON.parse(run("node", ["-p", "JSON.stringify(require('./package.json'))"], pkg));
  assert.equal(manifest.private, undefined);
  // What bundlers and node resolve.
  const resolve = (spec) => run("node", ["--input-type=module", "-e", `console.log(import.meta.resolve(${JSON.stringify(spec)}))`], example).trim();
  assert.match(resolve("qiwi-error-explainer"), /node_modules\/qiwi-error-explainer\/dist\/qiwi-errors\.js$/);
  assert.match(resolve("qiwi-error-explainer/element"), /dist\/qiwi-error-explainer\.js$/);
  assert.match(resolve("qiwi-error-explainer/qiwi-errors_bg.wasm"), /dist\/qiwi-errors_bg\.wasm$/);
  assert.match(resolve("qiwi-error-explainer/details/ps-error.json"), /dist\/details\/ps-error\.json$/);
});

test("the React page bundled by Vite: answers, React's language, events, details and the .wasm as assets", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  const wasm = [];
  page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname); });
  await page.goto(`${server.base}/index.html`);
  // The query prop is asked once ready; the answer event reaches React's state.
  await page.waitForFunction(() => /wallet-error:220/.test(document.querySelector("#last-answer")?.textContent || ""));
  assert.equal(await w(page, "article.card").first().getAttribute("data-key"), "wallet-error:220");
  assert.match(await w(page, "h2").textContent(), /Что означает/);
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /^\/assets\/qiwi-errors_bg-[\w-]+\.wasm$/);
  // React changes the lang prop.
  await page.selectOption("#page-lang", "en");
  await page.waitForFunction(() => /What does/.test(document.querySelector("qiwi-error-explainer").shadowRoot.querySelector("h2").textContent));
  assert.match(await w(page, "article.card .retry").first().textContent(), /Retry/);
  // "Details for developers" fetches the family's file from the bundle's assets.
  const details = page.waitForRequest((r) => /\/assets\/wallet-error-[\w-]+\.json$/.test(r.url()));
  await w(page, "article.card details.developers summary").first().click();
  await details;
  await w(page, "article.card ol.steps li").first().waitFor();
  // Typing works in the React tree too.
  await w(page, "textarea").fill("HTTP 429");
  await w(page, "textarea").press("Enter");
  await page.waitForFunction(() => /429/.test(document.querySelector("#last-answer").textContent));
  assert.deepEqual(page.log.errors, []);
  assert.deepEqual(await page.rejections(), []);
  assert.deepEqual(page.log.console, []);
  assert.deepEqual(page.log.foreign, []);
  await page.context().close();
});

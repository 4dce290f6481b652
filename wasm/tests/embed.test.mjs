// The widget as sites embed it: created by scripts and by the parser, in any language, moved
// around, linked to, and broken the ways deployments break it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { serve, launch, newPage, ask, w, shadowText, root } from "./lib/browser.mjs";

let server, browser;
const slugs = readdirSync(join(root, "dist", "details")).map((f) => f.replace(/\.json$/, ""));

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function clean(page) {
  assert.deepEqual(page.log.errors, [], "page errors");
  assert.deepEqual(await page.rejections(), [], "unhandled rejections");
  assert.deepEqual(page.log.console, [], "console errors");
  assert.deepEqual(page.log.foreign, [], "requests elsewhere");
}

test("document.createElement, then append: works, and so do properties set before", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/tests/pages/blank.html`);
  await page.waitForFunction(() => customElements.get("qiwi-error-explainer"));
  await page.evaluate(() => {
    const el = document.createElement("qiwi-error-explainer");
    el.setAttribute("lang", "ru");
    document.querySelector("#a").append(el);
  });
  const answer = await ask(page, "QWPRC-220");
  assert.deepEqual(answer.keys.slice(0, 1), ["wallet-error:220"]);
  assert.match(await w(page, "h2").textContent(), /Что означает ошибка QIWI/);
  // new + a property before connecting, the way frameworks do it.
  await page.evaluate(() => {
    const Ctor = customElements.get("qiwi-error-explainer");
    const el = new Ctor();
    el.query = "HTTP 429";
    el.lang = "en";
    document.querySelector("#b").append(el);
  });
  await page.waitForFunction(() => document.querySelectorAll("qiwi-error-explainer")[1].shadowRoot.querySelector("article.card"));
  assert.match(await w(page, "article.card .code", 1).first().textContent(), /429/);
  assert.match(await w(page, "h2", 1).textContent(), /What does this QIWI error mean/);
  await clean(page);
  await page.context().close();
});

test("created by the parser with an async module script, before and after the definition", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/tests/pages/async.html`);
  await page.waitForFunction(() => [...document.querySelectorAll("qiwi-error-explainer")]
    .every((el) => el.shadowRoot && el.shadowRoot.querySelector("article.card")));
  assert.equal(await w(page, "article.card", 0).first().getAttribute("data-key"), "wallet-error:220");
  assert.match(await w(page, "article.card .code", 1).first().textContent(), /429/);
  // `ru-RU` from <html lang>, `en-US` on the element.
  assert.match(await w(page, "h2", 0).textContent(), /Что означает/);
  assert.match(await w(page, "h2", 1).textContent(), /What does/);
  await clean(page);
  await page.context().close();
});

test("lang: any BCP 47 tag, before and after render, and the page's <html lang> when absent", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/tests/pages/blank.html`);
  await page.waitForFunction(() => customElements.get("qiwi-error-explainer"));
  // No lang on the element: the page's (en), then the page changes its language.
  await page.evaluate(() => document.querySelector("#a").append(document.createElement("qiwi-error-explainer")));
  await ask(page, "QWPRC-220");
  const heading = () => w(page, "h2").textContent();
  const retry = () => w(page, "article.card .retry").first().textContent();
  assert.match(await heading(), /What does/);
  await page.evaluate(() => { document.documentElement.lang = "ru"; });
  await page.waitForFunction(() => /Что/.test(document.querySelector("qiwi-error-explainer").shadowRoot.querySelector("h2").textContent));
  assert.match(await retry(), /Повтор/);
  for (const [tag, want] of [["en-US", /What does/], ["de", /What does/], ["ru-RU", /Что означает/], ["RU", /Что означает/],
    ["zh-Hant-TW", /What does/], ["", /Что означает/], ["x-klingon", /What does/]]) {
    await page.evaluate((t) => document.querySelector("qiwi-error-explainer").setAttribute("lang", t), tag);
    assert.match(await heading(), want, `lang="${tag}"`);
    assert.match(await retry(), want.source.includes("Что") ? /Повтор/ : /Retry/, `lang="${tag}"`);
  }
  // Set before it is connected.
  await page.evaluate(() => {
    const el = document.createElement("qiwi-error-explainer");
    el.setAttribute("lang", "en-GB");
    el.setAttribute("query", "psErrorCode 04");
    document.querySelector("#b").append(el);
  });
  await page.waitForFunction(() => document.querySelectorAll("qiwi-error-explainer")[1].shadowRoot.querySelector("article.card"));
  assert.match(await w(page, "h2", 1).textContent(), /What does/);
  assert.equal(await w(page, ".box", 1).getAttribute("lang"), "en");
  await clean(page);
  await page.context().close();
});

test("switching RU/EN keeps keyboard focus, open blocks and the answer's nodes", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/example/index.html`);
  await ask(page, "404");
  const active = () => page.evaluate(() => {
    const a = document.querySelector("qiwi-error-explainer").shadowRoot.activeElement;
    return a ? `${a.tagName}:${a.getAttribute("lang") || a.className || a.textContent.slice(0, 20)}` : null;
  });
  // Open the second answer, then switch with the keyboard.
  await w(page, "article.card.secondary summary").first().click();
  await page.evaluate(() => { document.querySelector("qiwi-error-explainer").shadowRoot.querySelector("article.card").__marked = true; });
  await w(page, '.lang button[lang="en"]').focus();
  await page.keyboard.press("Enter");
  assert.equal(await active(), "BUTTON:en");
  assert.match(await w(page, ".status").textContent(), /several APIs/);
  assert.equal(await w(page, "article.card.secondary details").first().evaluate((d) => d.open), true);
  assert.equal(await page.evaluate(() => document.querySelector("qiwi-error-explainer").shadowRoot.querySelector("article.card").__marked), true,
    "the cards were rebuilt");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  assert.equal(await active(), "BUTTON:ru");
  assert.match(await w(page, ".status").textContent(), /нескольких API/);
  // Focus in the box while the page changes the attribute.
  await w(page, "textarea").focus();
  await page.evaluate(() => document.querySelector("qiwi-error-explainer").setAttribute("lang", "en"));
  assert.equal(await active(), "TEXTAREA:");
  assert.match(await w(page, "h2").textContent(), /What does/);
  // A summary inside an answer keeps focus too.
  await w(page, "article.card details.developers summary").first().focus();
  await page.evaluate(() => document.querySelector("qiwi-error-explainer").setAttribute("lang", "ru"));
  assert.match(await active(), /^SUMMARY:/);
  await clean(page);
  await page.context().close();
});

test("moving the element in the page keeps the query and the answer", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/example/index.html`);
  await ask(page, "QWPRC-220");
  await w(page, "article.card details.developers summary").first().click();
  await w(page, "article.card ol.steps li").first().waitFor();
  const before = await shadowText(page);
  await page.evaluate(() => {
    const el = document.querySelector("qiwi-error-explainer");
    const holder = document.createElement("section");
    document.body.prepend(holder);
    el.remove(); // disconnected
    holder.append(el); // connected again
  });
  assert.equal(await w(page, "textarea").inputValue(), "QWPRC-220");
  assert.equal(await shadowText(page), before);
  assert.equal(await w(page, "article.card details.developers").first().evaluate((d) => d.open), true);
  // And it still answers.
  await ask(page, "HTTP 429");
  assert.match(await w(page, "article.card .code").first().textContent(), /429/);
  await clean(page);
  await page.context().close();
});

test("hash-query: the query lives in the URL hash, so a link opens on the answer", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/example/index.html#qiwi-error=${encodeURIComponent("psErrorCode 04")}`);
  await page.waitForFunction(() => document.querySelector("qiwi-error-explainer").shadowRoot.querySelector("article.card"));
  assert.equal(await w(page, "article.card").first().getAttribute("data-key"), "ps-error:04");
  await ask(page, "QWPRC-220");
  assert.equal(new URL(page.url()).hash, "#qiwi-error=QWPRC-220");
  // A link a support agent sends: another hash on the same page.
  await page.evaluate(() => { location.hash = "qiwi-error=HTTP+429"; });
  await page.waitForFunction(() => /429/.test(document.querySelector("qiwi-error-explainer").shadowRoot.querySelector("article.card .code").textContent));
  assert.equal(await w(page, "textarea").inputValue(), "HTTP 429");
  // An empty submit clears the answer and the hash.
  await ask(page, "   ");
  assert.equal(await w(page, "article.card").count(), 0);
  assert.equal(new URL(page.url()).hash, "");
  // A fresh page from the link.
  const link = `${server.base}/example/index.html#qiwi-error=${encodeURIComponent('{"errorCode":220}')}`;
  await page.goto(link);
  await page.waitForFunction(() => document.querySelector("qiwi-error-explainer").shadowRoot.querySelector("article.card"));
  assert.equal(await w(page, "article.card").first().getAttribute("data-key"), "wallet-error:220");
  await clean(page);
  await page.context().close();
});

test("an empty submit clears the old answer", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/example/index.html`);
  await ask(page, "QWPRC-220");
  assert.ok(await w(page, "article.card").count() > 0);
  await w(page, "textarea").fill("");
  await w(page, "button.submit").click();
  await page.waitForFunction(() => !document.querySelector("qiwi-error-explainer").shadowRoot.querySelector("article.card"));
  assert.equal(await w(page, ".status").textContent(), "");
  assert.equal(await w(page, ".announce").textContent(), "");
  await clean(page);
  await page.context().close();
});

test("a pasted body shows the API's own message beside the explanation", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/example/index.html`);
  await ask(page, '{"errorCode":"QWPRC-220","description":"Недостаточно средств","userMessage":"Пополните баланс"}');
  const quotes = await w(page, ".messages blockquote").allTextContents();
  assert.deepEqual(quotes, ["Недостаточно средств", "Пополните баланс"]);
  assert.match(await w(page, ".messages").textContent(), /Сообщение из ответа API/);
  assert.equal(await w(page, "article.card").first().getAttribute("data-key"), "wallet-error:220");
  await clean(page);
  await page.context().close();
});

test("errors are the UI's words: oversized, malformed, binary, unknown; never the library's text", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/example/index.html`);
  const words = await page.evaluate(async () => (await import("/dist/qiwi-errors.js")).words("ru"));
  const cases = [
    ["4".repeat(5000), words.too_long],
    [`{"a":"${"x".repeat(1100000)}"}`, words.too_large.replace("{n}", "1024")],
    ['{"errorCode": 220', words.malformed],
    ["<response><result-code>13</response>", words.malformed],
    ["\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR", words.not_text],
    ["\ufffd\ufffd\ufffd", words.not_text],
    ["QWPRC-99999", words.unknown_code.replace("{code}", "99999")],
    ["zzqx", words.nothing],
  ];
  for (const [input, want] of cases) {
    const answer = await ask(page, input);
    assert.equal(answer.kind, "error", input.slice(0, 40));
    const status = await w(page, ".status").textContent();
    assert.ok(status.includes(want), `${input.slice(0, 40)}: ${status}`);
    assert.doesNotMatch(status.replace(/\b(JSON|XML|API|QIWI)\b/g, ""), /[A-Za-z]{3,}/, `English in the Russian UI: ${status}`);
    assert.equal(await w(page, "article.card").count(), 0);
  }
  // A status line before plain text is read as the status alone (issue 15), not as an error.
  assert.equal((await ask(page, "HTTP/1.1 500 Internal Server Error\r\n\r\nplain text")).kind, "diagnosis");
  await clean(page);
  await page.context().close();
});

test("no internals reach customers: no family slugs, seed files or CLI commands", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/example/index.html`);
  const body = '{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":4},"errorCode":"77777"}';
  for (const q of ["404", "QWPRC-220", "недостаточно средств на карте", "не приходит смс", body, "QWPRC-99999", "zzqx"]) {
    for (const lang of ["ru", "en"]) {
      await page.evaluate((l) => document.querySelector("qiwi-error-explainer").setAttribute("lang", l), lang);
      await ask(page, q);
      // Open everything, developer details included.
      await page.evaluate(() => document.querySelector("qiwi-error-explainer").shadowRoot
        .querySelectorAll("details").forEach((d) => { d.open = true; }));
      await page.waitForFunction(() => [...document.querySelector("qiwi-error-explainer").shadowRoot.querySelectorAll(".dev")]
        .every((d) => d.querySelector(".developer, .note") && !/…/.test(d.textContent)));
      const text = await page.evaluate(() => {
        const root = document.querySelector("qiwi-error-explainer").shadowRoot;
        const labels = [...root.querySelectorAll("[aria-label]")].map((e) => e.getAttribute("aria-label"));
        return `${root.querySelector(".box").textContent}\n${labels.join("\n")}`;
      });
      for (const slug of slugs) assert.ok(!text.includes(slug), `${q} (${lang}): the slug ${slug} is shown`);
      assert.doesNotMatch(text, /\.(txt|md|json|rs)\b|cargo |qiwi-errors (explain|diagnose|search|retry)|`|\bnull\b|undefined|\[object/,
        `${q} (${lang})`);
      if (lang === "ru") assert.doesNotMatch(text, /is not a known|came as the number|documented with/, `${q}: a Rust note`);
    }
  }
  await clean(page);
  await page.context().close();
});

test("a .wasm answering 404: said to the site owner in the console, politely to the customer, no rejection", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  const event = page.waitForEvent("console", (m) => m.type() === "error" && /qiwi-error-explainer/.test(m.text()));
  await page.goto(`${server.base}/broken/example/index.html`);
  const message = (await event).text();
  assert.match(message, /HTTP 404/);
  assert.match(message, /qiwi-errors_bg\.wasm/);
  await page.waitForFunction(() => /недоступен/.test(document.querySelector("qiwi-error-explainer").shadowRoot.querySelector(".status").textContent));
  const words = (await import(`file://${join(root, "dist", "load-words.js")}`)).default;
  assert.equal(await w(page, ".status").textContent(), words.ru.unavailable);
  // Typing and submitting afterwards does nothing harmful either.
  await w(page, "textarea").fill("QWPRC-220");
  await w(page, "textarea").press("Enter");
  await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
  const reason = await page.evaluate(() => new Promise((r) => {
    const el = document.createElement("qiwi-error-explainer");
    el.addEventListener("loaderror", (e) => r(e.detail.reason));
    document.body.append(el);
  }));
  assert.equal(reason, "not-found");
  assert.deepEqual(page.log.errors, []);
  assert.deepEqual(await page.rejections(), []);
  await page.context().close();
});

test("a CSP without 'wasm-unsafe-eval': explained in the console, polite words on the page", { timeout: 90000 }, async () => {
  const page = await newPage(browser, server.base);
  await page.goto(`${server.base}/example/index.html?csp=nowasm`);
  await page.waitForFunction(() => /недоступен/.test(document.querySelector("qiwi-error-explainer")?.shadowRoot?.querySelector(".status")?.textContent));
  assert.ok(page.log.console.some((m) => /qiwi-error-explainer/.test(m) && /'wasm-unsafe-eval'/.test(m)), page.log.console.join("\n"));
  // The widget is styled although style-src has no 'unsafe-inline' (a constructed sheet).
  assert.equal(await w(page, ".box").evaluate((b) => getComputedStyle(b).borderTopLeftRadius), "12px");
  assert.deepEqual(page.log.errors, []);
  assert.deepEqual(await page.rejections(), []);
  await page.context().close();
});

test("the load path: the example's preload hints are used, each file fetched once", { timeout: 60000 }, async () => {
  const page = await newPage(browser, server.base);
  const fetched = [];
  const warnings = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  page.on("console", (m) => { if (m.type() === "warning") warnings.push(m.text()); });
  await page.goto(`${server.base}/example/index.html`);
  await page.locator("qiwi-error-explainer").evaluate((el) => el.ready);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 3500))); // chromium warns about unused preloads after 3 s
  for (const file of ["qiwi-error-explainer.js", "qiwi-errors.js", "load-words.js", "qiwi-errors_bg.wasm"]) {
    assert.equal(fetched.filter((p) => p === `/dist/${file}`).length, 1, `${file}: ${fetched.join(" ")}`);
  }
  const preloads = await page.evaluate(() => [...document.querySelectorAll('link[rel="modulepreload"], link[rel="preload"]')]
    .map((l) => `${l.rel} ${l.getAttribute("as") || ""} ${l.hasAttribute("crossorigin")}`));
  assert.ok(preloads.includes("preload fetch true"), preloads.join());
  assert.deepEqual(warnings.filter((m) => /preload/i.test(m)), []);
  // The page's CSP is the documented one, and it is enough.
  assert.match(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content"), /script-src 'self' 'wasm-unsafe-eval'/);
  await clean(page);
  await page.context().close();
});

// Accessibility inside the widget: axe-core (through @axe-core/playwright) after answers in both
// languages, contrast without opacity tricks, what the live region says, and card names.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { serve, launch, newPage, ask, w } from "./lib/browser.mjs";

let server, browser, page;

before(async () => {
  server = await serve();
  browser = await launch();
  page = await newPage(browser, server.base);
  await page.goto(`${server.base}/example/index.html`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const openAll = () => page.evaluate(async () => {
  const root = document.querySelector("qiwi-error-explainer").shadowRoot;
  root.querySelectorAll("details").forEach((d) => { d.open = true; });
  // The developer details arrive by fetch; nested lists open after them.
  for (let i = 0; i < 50 && [...root.querySelectorAll(".dev")].some((d) => !d.querySelector(".developer, .note:not(:only-child)") && /…/.test(d.textContent)); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  root.querySelectorAll("details").forEach((d) => { d.open = true; });
});

async function axe(label) {
  const result = await new AxeBuilder({ page }).include("qiwi-error-explainer").analyze();
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
  assert.deepEqual(violations, [], label);
  assert.ok(result.passes.some((p) => p.id === "color-contrast"), `${label}: contrast was checked`);
}

for (const lang of ["ru", "en"]) {
  for (const q of ["QWPRC-220", "404", "не приходит смс", '{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"},"description":"Отказ"}']) {
    test(`no axe violations after an answer: ${q.slice(0, 24)} (${lang})`, { timeout: 60000 }, async () => {
      await page.evaluate((l) => document.querySelector("qiwi-error-explainer").setAttribute("lang", l), lang);
      await ask(page, q);
      await axe(`${q} closed`);
      await openAll();
      await axe(`${q} with every block open`);
    });
  }
}

test("no text is faded: opacity 1 everywhere, and the placeholder meets 4.5:1 too", { timeout: 60000 }, async () => {
  await ask(page, "404");
  await openAll();
  const faded = await page.evaluate(() => {
    const root = document.querySelector("qiwi-error-explainer").shadowRoot;
    return [...root.querySelectorAll("*")].filter((e) => getComputedStyle(e).opacity !== "1")
      .map((e) => `${e.tagName}.${e.className}`);
  });
  assert.deepEqual(faded, []);
  // axe does not check placeholders: compute that one here (WCAG relative luminance).
  const [fg, bg] = await w(page, "textarea").evaluate((t) => [getComputedStyle(t, "::placeholder").color, getComputedStyle(t).backgroundColor]);
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  const ratio = (a + 0.05) / (b + 0.05);
  assert.ok(ratio >= 4.5, `placeholder ${fg} on ${bg}: ${ratio.toFixed(2)}:1`);
});

test("the live region announces the first answer's title and its advice, not a count", { timeout: 60000 }, async () => {
  await page.evaluate(() => document.querySelector("qiwi-error-explainer").setAttribute("lang", "ru"));
  const live = w(page, '[role="status"][aria-live="polite"]');
  assert.equal(await live.count(), 1);
  const said = async () => {
    await page.waitForFunction(() => document.querySelector("qiwi-error-explainer").shadowRoot.querySelector(".announce").textContent !== "");
    return live.textContent();
  };
  await ask(page, "QWPRC-220");
  let text = await said();
  assert.match(text, /^Недостаточно средств\. Повтор: повторять только после действий пользователя\.$/);
  assert.doesNotMatch(text, /Найдено|\d+$/);
  // A pasted response: its main code's title and the response's retry advice.
  await ask(page, '{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}');
  text = await said();
  const title = await w(page, "article.card h3").first().textContent();
  assert.ok(text.startsWith(`${title}.`), text);
  assert.match(text, /не повторять/);
  // The same question twice is announced twice (the region is emptied first).
  await ask(page, "QWPRC-220");
  assert.match(await said(), /^Недостаточно средств/);
  // Errors are announced in words.
  await ask(page, "{oops");
  assert.match(await said(), /обрезан или повреждён/);
});

test("each card is named for screen readers: family label, code, title", { timeout: 60000 }, async () => {
  await ask(page, "404");
  const families = await page.evaluate(async () => Object.fromEntries(
    (await import("/dist/qiwi-errors.js")).families().map((f) => [f.name, f.label_ru])));
  const names = await w(page, "article.card").evaluateAll((cards) => cards.map((c) => [c.dataset.key, c.getAttribute("aria-label")]));
  assert.ok(names.length >= 3);
  for (const [key, name] of names) {
    const [family, code] = key.split(":");
    assert.ok(name.startsWith(`${families[family]}, `), `${key}: ${name}`);
    assert.match(name, new RegExp(`, [^,]*${code}, \\S`), `${key}: ${name}`);
  }
  // The name is in the UI's language and follows a switch.
  await page.evaluate(() => document.querySelector("qiwi-error-explainer").setAttribute("lang", "en"));
  const en = await w(page, "article.card").first().getAttribute("aria-label");
  assert.doesNotMatch(en, /[а-яё]/i);
});

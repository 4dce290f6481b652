// <qiwi-error-explainer>: a search box that explains QIWI API error codes, phrases and whole
// responses, with the knowledge base compiled to WebAssembly. No network requests beyond
// loading its own .wasm file next to this script; every text goes in as text, never as HTML.
//
//   <script type="module" src="qiwi-error-explainer.js"></script>
//   <qiwi-error-explainer lang="ru"></qiwi-error-explainer>

import init, { answer } from "./qiwi-errors.js";

let ready = null;
function load() {
  ready ??= init({ module_or_path: new URL("./qiwi-errors_bg.wasm", import.meta.url) });
  return ready;
}

const WORDS = {
  ru: {
    heading: "Что означает ошибка QIWI?",
    label: "Код ошибки, текст сообщения или ответ API целиком",
    placeholder: "Например: QWPRC-220, HTTP 429, psErrorCode 04, «недостаточно средств» или JSON ответа",
    submit: "Объяснить",
    steps: "Что делать",
    retry: "Повтор",
    who: "Кто действует",
    details: "Подробности для разработчика",
    devHint: (key) => `Техническое объяснение и шаги для разработчика: qiwi-errors explain ${key}`,
    sources: "Источники",
    ambiguous: "Этот код есть в нескольких API. Выберите свой или уточните запрос (например, QWPRC-220 или HTTP 404).",
    nothing: "Ничего не найдено. Проверьте код или опишите проблему словами.",
    found: (n) => `Найдено: ${n}`,
    advice: "Рекомендация для повтора",
    also: "Похожие результаты в других API",
    loading: "Загрузка…",
    causes: "Возможные причины",
    support: "Когда обращаться в поддержку",
    severity: { info: "информация", warning: "временная проблема", error: "ошибка", critical: "критично" },
    actors: {
      customer: "клиент", merchant: "магазин (партнёр)", "qiwi-support": "поддержка QIWI",
      "issuing-bank": "банк, выпустивший карту", recipient: "получатель",
    },
    retryKind: {
      never: "не повторять",
      now: "можно сразу повторить",
      after: (s) => `повторить не раньше чем через ${duration(s, "ru")}`,
      "after-user-action": "повторять после действий пользователя",
      "check-status": "сначала проверить статус операции",
      limited: (r) => `не более ${r.max} повтора за ${duration(r.window_seconds, "ru")}`,
    },
  },
  en: {
    heading: "What does this QIWI error mean?",
    label: "Error code, message text or a whole API response",
    placeholder: "e.g. QWPRC-220, HTTP 429, psErrorCode 04, “not enough funds” or the response JSON",
    submit: "Explain",
    steps: "What to do",
    retry: "Retry",
    who: "Who acts",
    details: "Details for developers",
    devHint: (key) => `The technical explanation and steps for developers: qiwi-errors explain ${key}`,
    sources: "Sources",
    ambiguous: "This code exists in several APIs. Pick yours or be more specific (e.g. QWPRC-220 or HTTP 404).",
    nothing: "Nothing found. Check the code or describe the problem in words.",
    found: (n) => `Found: ${n}`,
    advice: "Retry advice",
    also: "Similar results in other APIs",
    loading: "Loading…",
    causes: "Likely causes",
    support: "When to contact support",
    severity: { info: "info", warning: "temporary", error: "error", critical: "critical" },
    actors: {
      customer: "customer", merchant: "merchant", "qiwi-support": "QIWI support",
      "issuing-bank": "card issuer", recipient: "recipient",
    },
    retryKind: {
      never: "do not retry",
      now: "may be repeated at once",
      after: (s) => `repeat after at least ${duration(s, "en")}`,
      "after-user-action": "repeat after the user acts",
      "check-status": "check the operation's status first",
      limited: (r) => `at most ${r.max} repeat(s) per ${duration(r.window_seconds, "en")}`,
    },
  },
};

function duration(seconds, lang) {
  const units = lang === "ru" ? ["с", "мин", "ч"] : ["s", "min", "h"];
  if (seconds % 3600 === 0) return `${seconds / 3600} ${units[2]}`;
  if (seconds % 60 === 0) return `${seconds / 60} ${units[1]}`;
  return `${seconds} ${units[0]}`;
}

function retryText(retry, w) {
  const f = w.retryKind[retry.kind];
  if (retry.kind === "after") return f(retry.seconds);
  if (retry.kind === "limited") return f(retry);
  return f;
}

const STYLE = `
  :host { all: initial; display: block; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
          color: #1f2328; max-width: 760px; }
  * { box-sizing: border-box; }
  .box { border: 1px solid #d0d7de; border-radius: 12px; padding: 16px; background: #fff; }
  header { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
  h2 { font-size: 18px; margin: 0; }
  .lang { display: flex; gap: 4px; }
  .lang button { border: 1px solid #d0d7de; background: #f6f8fa; border-radius: 6px; padding: 2px 10px; cursor: pointer; font: inherit; }
  .lang button[aria-pressed="true"] { background: #ff8c00; border-color: #ff8c00; color: #fff; }
  label { display: block; margin: 12px 0 4px; font-weight: 600; font-size: 14px; }
  .row { display: flex; gap: 8px; align-items: stretch; }
  textarea { flex: 1; min-height: 44px; max-height: 240px; resize: vertical; font: 14px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace;
             padding: 8px 10px; border: 1px solid #8c959f; border-radius: 8px; }
  .submit { background: #ff8c00; color: #fff; border: 0; border-radius: 8px; padding: 0 18px; font: inherit; font-weight: 600; cursor: pointer; }
  button:focus-visible, textarea:focus-visible, summary:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
  .status { margin: 10px 0 0; color: #57606a; font-size: 14px; }
  .card { border: 1px solid #d0d7de; border-left-width: 6px; border-radius: 10px; padding: 12px 14px; margin-top: 12px; }
  .card.info { border-left-color: #2da44e; } .card.warning { border-left-color: #d4a72c; }
  .card.error { border-left-color: #cf222e; } .card.critical { border-left-color: #8250df; }
  .top { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: baseline; }
  .code { font: 600 15px ui-monospace, SFMono-Regular, Menlo, monospace; }
  .family { color: #57606a; font-size: 13px; }
  .badge { font-size: 12px; border-radius: 10px; padding: 1px 8px; background: #eaeef2; }
  h3 { font-size: 16px; margin: 6px 0; }
  p { margin: 6px 0; }
  ol, ul { margin: 4px 0 4px 20px; padding: 0; }
  .meta { font-size: 14px; margin-top: 6px; }
  .meta b { font-weight: 600; }
  details { margin-top: 8px; font-size: 14px; color: #424a53; }
  summary { cursor: pointer; }
  .note { color: #57606a; font-size: 13px; }
  .also { margin: 18px 0 0; font-size: 14px; color: #57606a; font-weight: 600; }
  .card.secondary { border-left-width: 3px; opacity: 0.85; }
`;

class QiwiErrorExplainer extends HTMLElement {
  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.lang = (this.getAttribute("lang") || "ru").startsWith("en") ? "en" : "ru";
    this.last = null;
  }

  connectedCallback() {
    this.render();
    load().then(() => {
      this.status.textContent = "";
      const initial = this.getAttribute("query");
      if (initial) { this.input.value = initial; this.run(); }
      this.dispatchEvent(new CustomEvent("ready"));
    }, (e) => { this.status.textContent = String(e); });
  }

  el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const child of children) {
      if (child == null || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  render() {
    const w = WORDS[this.lang];
    this.root.replaceChildren();
    const style = document.createElement("style");
    style.textContent = STYLE;
    const langs = this.el("div", { class: "lang", role: "group", "aria-label": "Language / Язык" });
    for (const code of ["ru", "en"]) {
      const b = this.el("button", { type: "button", "aria-pressed": String(code === this.lang), lang: code }, code.toUpperCase());
      b.addEventListener("click", () => { this.lang = code; const q = this.input.value; this.render(); this.input.value = q; if (this.last) this.show(this.last); });
      langs.append(b);
    }
    this.input = this.el("textarea", { id: "q", rows: "2", placeholder: w.placeholder, spellcheck: "false", autocomplete: "off" });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); this.run(); }
    });
    const submit = this.el("button", { type: "submit", class: "submit" }, w.submit);
    const form = this.el("form", { role: "search" },
      this.el("label", { for: "q" }, w.label), this.el("div", { class: "row" }, this.input, submit));
    form.addEventListener("submit", (e) => { e.preventDefault(); this.run(); });
    this.status = this.el("p", { class: "status", role: "status", "aria-live": "polite" }, ready ? "" : w.loading);
    this.results = this.el("div", { class: "results" });
    this.root.append(style, this.el("div", { class: "box", lang: this.lang },
      this.el("header", {}, this.el("h2", {}, w.heading), langs), form, this.status, this.results));
  }

  async run() {
    await load();
    const query = this.input.value;
    if (!query.trim()) return;
    let result;
    try {
      result = { ok: answer(query) };
    } catch (e) {
      result = { error: e && e.message ? e.message : String(e) };
    }
    this.last = result;
    this.show(result);
  }

  show(result) {
    const w = WORDS[this.lang];
    this.results.replaceChildren();
    if (result.error) {
      this.status.textContent = /nothing|no code|no family/.test(result.error) ? w.nothing : result.error;
      return;
    }
    const a = result.ok;
    if (a.kind === "diagnosis") {
      const cards = a.findings.filter((f) => f.entry);
      this.status.textContent = cards.length ? w.found(cards.length) : w.nothing;
      for (const f of cards) this.results.append(this.entryCard(f.entry, `${f.field} = ${f.value}`, f.note));
      if (a.advice) {
        this.results.append(this.el("p", { class: "meta advice" }, this.el("b", {}, `${w.advice}: `),
          a.advice.action === "after" ? w.retryKind.after(a.advice.seconds) : retryText({ kind: a.advice.action }, w)));
      }
      return;
    }
    const shown = a.candidates.slice(0, a.ambiguous ? 6 : 4);
    this.status.textContent = a.ambiguous ? w.ambiguous : w.found(a.candidates.length);
    shown.forEach((c, i) => {
      const card = c.found.entry ? this.entryCard(c.found.entry) : this.symptomCard(c.found.symptom);
      if (i > 0 && !a.ambiguous) {
        if (i === 1) this.results.append(this.el("p", { class: "also" }, w.also));
        card.classList.add("secondary");
      }
      this.results.append(card);
    });
  }

  entryCard(e, where, note) {
    const w = WORDS[this.lang];
    const t = (text) => text[this.lang];
    const card = this.el("article", { class: `card ${e.severity}`, "data-key": `${e.family}:${e.code}` },
      this.el("div", { class: "top" },
        this.el("span", { class: "code" }, e.label),
        this.el("span", { class: "family" }, e.family),
        this.el("span", { class: "badge" }, w.severity[e.severity])),
      where ? this.el("div", { class: "note" }, where) : null,
      this.el("h3", {}, t(e.title)),
      this.el("p", { class: "customer" }, t(e.customer)));
    if (e.steps.length) {
      card.append(this.el("div", { class: "meta" }, this.el("b", {}, w.steps)),
        this.el("ol", { class: "steps" }, ...e.steps.map((s) => this.el("li", {}, t(s)))));
    }
    card.append(this.el("p", { class: "meta retry" }, this.el("b", {}, `${w.retry}: `), retryText(e.retry, w)));
    if (e.actors.length) {
      card.append(this.el("p", { class: "meta who" }, this.el("b", {}, `${w.who}: `), e.actors.map((x) => w.actors[x]).join(", ")));
    }
    if (note) card.append(this.el("p", { class: "note" }, note));
    // Internal reasons (fraud checks, restriction lists) stay out of customer-facing pages.
    if (!e.sensitive) {
      // The widget's own build leaves the developer texts out to stay small; a page built
      // with every text shows them here.
      const developer = e.developer
        ? this.el("p", {}, t(e.developer))
        : this.el("p", { class: "dev-hint" }, w.devHint(`${e.family}:${e.code}`));
      card.append(this.el("details", {}, this.el("summary", {}, w.details), developer,
        this.el("p", { class: "note" }, `${w.sources}: ${e.sources.map((s) => `${s.file} § ${s.section}`).join("; ")}`)));
    }
    return card;
  }

  symptomCard(s) {
    const w = WORDS[this.lang];
    const t = (text) => text[this.lang];
    return this.el("article", { class: "card warning", "data-key": `symptom:${s.id}` },
      this.el("h3", {}, t(s.title)),
      this.el("p", {}, t(s.summary)),
      this.el("div", { class: "meta" }, this.el("b", {}, w.causes)),
      this.el("ul", {}, ...s.causes.map((c) => this.el("li", {}, t(c)))),
      this.el("div", { class: "meta" }, this.el("b", {}, w.steps)),
      this.el("ol", { class: "steps" }, ...s.steps.map((c) => this.el("li", {}, t(c)))),
      this.el("p", { class: "meta" }, this.el("b", {}, `${w.support}: `), t(s.contact_support)));
  }
}

if (!customElements.get("qiwi-error-explainer")) {
  customElements.define("qiwi-error-explainer", QiwiErrorExplainer);
}

export { QiwiErrorExplainer };

// <qiwi-error-explainer>: a search box that explains QIWI API error codes, phrases and whole
// responses, with the knowledge base compiled to WebAssembly. It loads its own .wasm file and,
// when "Details for developers" opens, that family's details/FAMILY.json, both next to this
// script; nothing else. Every text goes in as text, never as HTML, and every word it shows
// comes from the library's table (`words`), the one the command line uses too.
//
//   <script type="module" src="qiwi-error-explainer.js"></script>
//   <qiwi-error-explainer lang="ru"></qiwi-error-explainer>

import init, { answer, families, retryAdvice, words } from "./qiwi-errors.js";

let ready = null;
function load() {
  ready ??= init({ module_or_path: new URL("./qiwi-errors_bg.wasm", import.meta.url) }).then(() => ({
    words: { ru: words("ru"), en: words("en") },
    families: Object.fromEntries(families().map((f) => [f.name, f])),
  }));
  return ready;
}

const details = new Map();
function familyDetails(family) {
  if (!details.has(family)) {
    const url = new URL(`./details/${family}.json`, import.meta.url);
    details.set(family, fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return r.json();
    }).catch((e) => { details.delete(family); throw e; }));
  }
  return details.get(family);
}

/** `ru*` is Russian, anything else English. */
const langOf = (tag) => (/^ru\b/i.test(tag || "") ? "ru" : "en");

const STYLE = `
  :host { all: initial; display: block; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
          color: #1f2328; max-width: 760px; }
  * { box-sizing: border-box; }
  .box { border: 1px solid #d0d7de; border-radius: 12px; padding: 16px; background: #fff; }
  header { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
  h2 { font-size: 18px; margin: 0; }
  .lang { display: flex; gap: 4px; }
  .lang button { border: 1px solid #d0d7de; background: #f6f8fa; border-radius: 6px; padding: 2px 10px; cursor: pointer; font: inherit; color: #1f2328; }
  .lang button[aria-pressed="true"] { background: #a34700; border-color: #a34700; color: #fff; }
  label { display: block; margin: 12px 0 4px; font-weight: 600; font-size: 14px; }
  .row { display: flex; gap: 8px; align-items: stretch; }
  textarea { flex: 1; min-width: 0; min-height: 44px; max-height: 240px; resize: vertical; font: 14px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace;
             padding: 8px 10px; border: 1px solid #8c959f; border-radius: 8px; }
  .submit { background: #a34700; color: #fff; border: 0; border-radius: 8px; padding: 0 18px; font: inherit; font-weight: 600; cursor: pointer; }
  button:focus-visible, textarea:focus-visible, summary:focus-visible, a:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
  .status { margin: 10px 0 0; color: #57606a; font-size: 14px; }
  .card { border: 1px solid #d0d7de; border-left-width: 6px; border-radius: 10px; padding: 12px 14px; margin-top: 12px; overflow-wrap: anywhere; }
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
  a { color: #0550ae; }
  .note { color: #57606a; font-size: 13px; }
  .also { margin: 18px 0 0; font-size: 14px; color: #57606a; font-weight: 600; }
  .card.secondary { border-left-width: 3px; }
`;

class QiwiErrorExplainer extends HTMLElement {
  static observedAttributes = ["lang", "query"];

  constructor() {
    // Only the shadow root here: attributes and children belong to the page until connected
    // (document.createElement and frameworks create elements this way).
    super();
    this.attachShadow({ mode: "open" });
    this.result = null;
    this.data = null;
  }

  get uiLang() {
    return langOf(this.chosenLang || this.getAttribute("lang") || this.closest("[lang]")?.getAttribute("lang")
      || document.documentElement.lang);
  }

  connectedCallback() {
    if (!this.built) this.build();
    this.applyWords();
    load().then((data) => {
      this.data = data;
      this.applyWords();
      if (this.result) this.show(this.result);
      const initial = this.getAttribute("query");
      if (initial && !this.result) { this.input.value = initial; this.run(); }
      this.dispatchEvent(new CustomEvent("ready"));
    }, (e) => {
      console.error("qiwi-error-explainer: the knowledge base did not load:", e);
      this.status.textContent = this.uiLang === "ru"
        ? "Справочник ошибок сейчас недоступен." : "The error reference is not available right now.";
    });
  }

  attributeChangedCallback(name, old, value) {
    if (!this.built || old === value) return;
    if (name === "lang") { this.chosenLang = null; this.applyWords(); if (this.result) this.show(this.result); }
    if (name === "query" && value && this.data) { this.input.value = value; this.run(); }
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

  /** The shadow tree, once; later changes patch its text in place. */
  build() {
    this.built = true;
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.langButtons = ["ru", "en"].map((code) => {
      const b = this.el("button", { type: "button", lang: code }, code.toUpperCase());
      b.addEventListener("click", () => { this.chosenLang = code; this.applyWords(); if (this.result) this.show(this.result); });
      return b;
    });
    this.heading = this.el("h2");
    this.input = this.el("textarea", { id: "q", rows: "2", spellcheck: "false", autocomplete: "off" });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); this.run(); }
    });
    this.label = this.el("label", { for: "q" });
    this.submit = this.el("button", { type: "submit", class: "submit" });
    const form = this.el("form", { role: "search" }, this.label, this.el("div", { class: "row" }, this.input, this.submit));
    form.addEventListener("submit", (e) => { e.preventDefault(); this.run(); });
    this.status = this.el("p", { class: "status", role: "status", "aria-live": "polite" });
    this.results = this.el("div", { class: "results" });
    this.box = this.el("div", { class: "box" },
      this.el("header", {}, this.heading, this.el("div", { class: "lang", role: "group", "aria-label": "Language / Язык" }, ...this.langButtons)),
      form, this.status, this.results);
    this.shadowRoot.append(style, this.box);
  }

  applyWords() {
    const lang = this.uiLang;
    this.box.setAttribute("lang", lang);
    for (const b of this.langButtons) b.setAttribute("aria-pressed", String(b.lang === lang));
    if (!this.data) {
      this.status.textContent = lang === "ru" ? "Загрузка…" : "Loading…";
      return;
    }
    const w = this.data.words[lang];
    this.heading.textContent = w.heading;
    this.label.textContent = w.input_label;
    this.input.placeholder = w.placeholder;
    this.submit.textContent = w.submit;
    if (!this.result) this.status.textContent = "";
  }

  async run() {
    await load();
    const query = this.input.value;
    if (!query.trim()) { this.result = null; this.results.replaceChildren(); this.status.textContent = ""; return; }
    try {
      this.result = { ok: answer(query) };
    } catch (e) {
      this.result = { error: e && e.message ? e.message : String(e) };
    }
    this.show(this.result);
  }

  show(result) {
    if (!this.data) return;
    const w = this.data.words[this.uiLang];
    this.results.replaceChildren();
    if (result.error) {
      this.status.textContent = /nothing|no code|no family/.test(result.error) ? w.nothing : result.error;
      return;
    }
    const a = result.ok;
    if (a.kind === "diagnosis") {
      const cards = a.findings.filter((f) => f.entry);
      this.status.textContent = cards.length ? w.found.replace("{n}", cards.length) : w.nothing;
      for (const f of cards) this.results.append(this.entryCard(f.entry, `${f.field} = ${f.value}`, f.note));
      if (a.advice) {
        const advice = retryAdvice({ kind: a.advice.action, seconds: a.advice.seconds }, this.uiLang);
        this.results.append(this.el("p", { class: "meta advice" }, this.el("b", {}, `${w.advice}: `), advice));
      }
      return;
    }
    const shown = a.candidates.slice(0, a.ambiguous ? 6 : 4);
    this.status.textContent = a.ambiguous ? w.ambiguous : w.found.replace("{n}", shown.length);
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
    const lang = this.uiLang;
    const w = this.data.words[lang];
    const t = (text) => text[lang];
    const family = this.data.families[e.family];
    const familyLabel = family ? family[`label_${lang}`] : e.family;
    const card = this.el("article", { class: `card ${e.severity}`, "data-key": `${e.family}:${e.code}`,
      "aria-label": `${e.label}, ${familyLabel}: ${t(e.title)}` },
      this.el("div", { class: "top" },
        this.el("span", { class: "code" }, e.label),
        this.el("span", { class: "family" }, familyLabel),
        this.el("span", { class: "badge" }, w.severities[e.severity])),
      where ? this.el("div", { class: "note" }, where) : null,
      this.el("h3", {}, t(e.title)),
      this.el("p", { class: "customer" }, t(e.customer)));
    card.append(this.el("p", { class: "meta retry" }, this.el("b", {}, `${w.retry}: `), retryAdvice(e.retry, lang)));
    if (e.actors.length) {
      card.append(this.el("p", { class: "meta who" }, this.el("b", {}, `${w.actors}: `), e.actors.map((x) => w.actor_names[x]).join(", ")));
    }
    if (note) card.append(this.el("p", { class: "note" }, note));
    // Internal reasons (fraud checks, restriction lists) stay out of customer-facing pages.
    if (!e.sensitive) card.append(this.detailsBlock(e));
    return card;
  }

  /** "Details for developers": the family's details file, fetched when first opened. */
  detailsBlock(e) {
    const lang = this.uiLang;
    const w = this.data.words[lang];
    const body = this.el("div", { class: "dev" });
    const block = this.el("details", {}, this.el("summary", {}, w.details_for_developers), body);
    block.addEventListener("toggle", () => {
      if (!block.open || body.dataset.loaded) return;
      body.replaceChildren(this.el("p", { class: "note" }, w.loading_details));
      familyDetails(e.family).then((file) => {
        body.dataset.loaded = "1";
        body.replaceChildren(...this.detailsContent(file, e));
      }, (err) => {
        console.error("qiwi-error-explainer: details/%s.json did not load:", e.family, err);
        body.replaceChildren(this.el("p", { class: "note" }, w.details_unavailable));
      });
    });
    return block;
  }

  detailsContent(file, e) {
    const lang = this.uiLang;
    const w = this.data.words[lang];
    const t = (text) => text[lang];
    const d = file.entries[e.code];
    if (!d) return [this.el("p", { class: "note" }, w.details_unavailable)];
    const out = [this.el("p", { class: "developer" }, t(d.developer))];
    for (const c of d.contexts || []) out.push(this.el("p", { class: "note" }, `${t(c.when)}: ${t(c.meaning)}`));
    if (d.steps.length) {
      out.push(this.el("div", { class: "meta" }, this.el("b", {}, w.steps)),
        this.el("ol", { class: "steps" }, ...d.steps.map((s) => this.el("li", {}, t(s)))));
    }
    for (const s of d.superseded || []) {
      out.push(this.el("p", { class: "note superseded" }, `${w.superseded}: ${t(s.meaning)} (${t(s.note)})`));
    }
    if (file.note) out.push(this.el("p", { class: "note" }, `${w.family_note}: ${t(file.note)}`));
    const sources = d.sources.filter((s) => s.url);
    if (sources.length) {
      out.push(this.el("div", { class: "meta" }, this.el("b", {}, w.sources)),
        this.el("ul", { class: "sources" }, ...sources.map((s) =>
          this.el("li", {}, this.el("a", { href: s.url, rel: "noopener", target: "_blank" }, s.title || s.url)))));
    }
    return out;
  }

  symptomCard(s) {
    const lang = this.uiLang;
    const w = this.data.words[lang];
    const t = (text) => text[lang];
    return this.el("article", { class: "card warning", "data-key": `symptom:${s.id}`, "aria-label": t(s.title) },
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

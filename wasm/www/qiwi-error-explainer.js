// <qiwi-error-explainer>: a search box that explains QIWI API error codes, phrases and whole
// responses, with the knowledge base compiled to WebAssembly. It loads its own .wasm file and,
// when "Details for developers" opens, that family's details/FAMILY.json, both next to this
// script; nothing else. Every text goes in as text, never as HTML, and every word it shows
// comes from the library's table (`words`), the one the command line uses too; the few shown
// before the module is ready come from the same table through load-words.js, written by the
// build.
//
//   <script type="module" src="qiwi-error-explainer.js"></script>
//   <qiwi-error-explainer lang="ru"></qiwi-error-explainer>
//
// Attributes: `lang` (any BCP 47 tag: `ru*` is Russian, anything else English; without it, the
// page's), `query` (asked when ready and whenever it changes), `hash-query` (the query lives in
// the URL hash, `#qiwi-error=...`, so a link opens straight on the answer). Events: `ready`,
// `answer` ({query, kind, keys}), `loaderror` ({reason, url, message}). docs/WIDGET.md has more.

import init, { answer, families, retryAdvice, words } from "./qiwi-errors.js";
import loadWords from "./load-words.js";

const WASM_URL = new URL("./qiwi-errors_bg.wasm", import.meta.url);
const TAG = "qiwi-error-explainer";
const HASH_KEY = "qiwi-error";

/** Why the knowledge base did not load, with what the site owner should do about it. */
class LoadError extends Error {
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
}

const isCsp = (e) => /Content.Security.Policy|wasm-unsafe-eval|unsafe-eval|wasm-eval/i.test(String(e && e.message || e));

let loading = null;
/** The module, once per page; every caller handles its failure (never an unhandled rejection). */
function load() {
  if (loading) return loading;
  loading = (async () => {
    let response;
    try {
      response = await fetch(WASM_URL);
    } catch (e) {
      throw new LoadError("other", `${WASM_URL} could not be fetched (${e && e.message || e}).`);
    }
    if (!response.ok) {
      throw new LoadError("not-found", `${WASM_URL} answered HTTP ${response.status}. Serve qiwi-errors_bg.wasm `
        + "(with Content-Type: application/wasm) and the details/ folder beside qiwi-error-explainer.js.");
    }
    try {
      await init({ module_or_path: response });
    } catch (e) {
      if (isCsp(e)) {
        throw new LoadError("csp", "this page's Content-Security-Policy does not allow WebAssembly. Add "
          + "'wasm-unsafe-eval' to script-src (e.g. script-src 'self' 'wasm-unsafe-eval').");
      }
      throw new LoadError("other", `${WASM_URL} did not start: ${e && e.message || e}`);
    }
    return {
      words: { ru: words("ru"), en: words("en") },
      families: Object.fromEntries(families().map((f) => [f.name, f])),
    };
  })();
  // Said once for the site owner; each element tells its reader politely.
  loading.catch((e) => console.error(`${TAG}: the knowledge base did not load: ${e.message}`));
  return loading;
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
const langOf = (tag) => (/^ru(?:[-_]|$)/i.test(tag || "") ? "ru" : "en");
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
/** Causes and steps of a symptom shown before "show N more". */
const LIST_HEAD = 3;

const STYLE = `
  :host { all: initial; display: block; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
          color: #1f2328; max-width: 760px; }
  :host([hidden]) { display: none; }
  * { box-sizing: border-box; }
  .box { border: 1px solid #d0d7de; border-radius: 12px; padding: 16px; background: #fff; }
  header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 8px; }
  h2 { font-size: 18px; margin: 0; }
  .lang { display: flex; gap: 4px; }
  .lang button { border: 1px solid #8c959f; background: #f6f8fa; border-radius: 6px; min-width: 44px; min-height: 32px;
                 padding: 2px 10px; cursor: pointer; font: inherit; color: #1f2328; }
  .lang button[aria-pressed="true"] { background: #a34700; border-color: #a34700; color: #fff; }
  label { display: block; margin: 12px 0 4px; font-weight: 600; font-size: 14px; }
  .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: stretch; }
  textarea { flex: 1 1 14rem; min-width: 0; min-height: 48px; max-height: 240px; resize: vertical;
             font: 16px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; color: #1f2328; background: #fff;
             padding: 10px; border: 1px solid #6e7781; border-radius: 8px; }
  textarea::placeholder { color: #57606a; opacity: 1; }
  .submit { flex: 0 0 auto; min-height: 48px; background: #a34700; color: #fff; border: 0; border-radius: 8px;
            padding: 0 18px; font: inherit; font-weight: 600; cursor: pointer; }
  button:focus-visible, textarea:focus-visible, summary:focus-visible, a:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
  .status { margin: 10px 0 0; color: #57606a; font-size: 14px; }
  .status:empty { display: none; }
  .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
             clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  .card { border: 1px solid #d0d7de; border-left-width: 6px; border-radius: 10px; padding: 12px 14px; margin-top: 12px;
          overflow-wrap: anywhere; min-width: 0; }
  .card.info { border-left-color: #2da44e; } .card.warning { border-left-color: #d4a72c; }
  .card.error { border-left-color: #cf222e; } .card.critical { border-left-color: #8250df; }
  .top { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: baseline; }
  .code { font: 600 15px ui-monospace, SFMono-Regular, Menlo, monospace; }
  .family { color: #57606a; font-size: 13px; }
  .badge { font-size: 12px; border-radius: 10px; padding: 1px 8px; background: #eaeef2; color: #1f2328; }
  h3 { font-size: 16px; margin: 6px 0; }
  p { margin: 6px 0; }
  ol, ul { margin: 4px 0 4px 22px; padding: 0; }
  .meta { font-size: 14px; margin-top: 6px; }
  .meta b { font-weight: 600; }
  details { margin-top: 8px; font-size: 14px; color: #424a53; }
  summary { cursor: pointer; min-height: 24px; }
  a { color: #0550ae; }
  .note { color: #57606a; font-size: 13px; }
  .also { margin: 18px 0 0; font-size: 14px; color: #57606a; font-weight: 600; }
  .card.secondary { border-left-width: 3px; padding: 8px 12px; margin-top: 8px; }
  .card.secondary > details { margin: 0; font-size: 15px; color: #1f2328; }
  .card.secondary > details > summary { display: flex; gap: 8px; align-items: baseline; list-style: none; }
  .card.secondary > details > summary::-webkit-details-marker { display: none; }
  .card.secondary > details > summary > .code { flex: 0 0 auto; white-space: nowrap; }
  .line { flex: 1 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .line .family { margin-right: 6px; }
  .line .title + .family { margin: 0 0 0 6px; }
  .show { flex: 0 0 auto; color: #0550ae; font-size: 13px; text-decoration: underline; }
  details[open] > summary .show { display: none; }
  details[open] > summary .line { white-space: normal; }
  details.rest { margin: 0; font-size: 14px; color: #1f2328; }
  details.rest > summary { color: #0550ae; }
  .messages { margin-top: 12px; border-radius: 10px; background: #f6f8fa; padding: 8px 14px; overflow-wrap: anywhere; }
  blockquote { margin: 4px 0; padding-left: 10px; border-left: 3px solid #8c959f; white-space: pre-wrap; }
  @media (max-width: 480px) {
    .box { padding: 12px; border-radius: 10px; }
    .card { padding: 10px 12px; }
    .card.secondary { padding: 8px 10px; }
    .card.secondary > details > summary > .code { font-size: 14px; flex-shrink: 1; white-space: normal; }
    .card.secondary > details > summary { gap: 6px; }
    .show { font-size: 12px; margin-left: auto; }
    /* The code and "show more" above, the title and the API below on the whole width: beside
       the code, some 20 characters fit, and the same code in two APIs would read the same. */
    .card.secondary > details > summary { flex-wrap: wrap; row-gap: 2px; }
    .card.secondary > details > summary > .code + .line { order: 3; flex-basis: 100%; }
  }
`;

let sheet = null;
function styleSheet() {
  // A constructed sheet: no inline <style>, so a strict style-src needs nothing for the widget.
  if (!sheet && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

function readHash() {
  const raw = location.hash.slice(1);
  if (!raw.includes("=")) return null;
  return new URLSearchParams(raw).get(HASH_KEY);
}

class QiwiErrorExplainer extends HTMLElement {
  static observedAttributes = ["lang", "query", "hash-query"];

  #built = false;
  #started = false;
  #data = null;
  #failed = null;
  #chosen = null; // the language picked with the RU/EN switch
  #shownLang = null; // the language the tree is in
  #result = null; // { query, ok } or { query, error }
  #binds = []; // text and attributes of the results, refreshed in place when the language changes
  #generation = 0;
  #slugs = null;
  #langObserver = null;
  #onHash = () => {
    const q = readHash();
    if (q != null && q !== this.#input.value) { this.#input.value = q; this.#run(); }
  };

  constructor() {
    // Only the shadow root here: attributes and children belong to the page until connected
    // (document.createElement and frameworks create elements this way).
    super();
    this.attachShadow({ mode: "open" });
  }

  /** The query: reading gives what is in the box; setting asks it, like the attribute. */
  get query() { return this.#built ? this.#input.value : (this.getAttribute("query") || ""); }
  set query(value) { this.setAttribute("query", value == null ? "" : String(value)); }

  /** Resolves when the knowledge base is ready; rejects with the reason when it cannot load. */
  get ready() { return load().then(() => undefined); }

  get #lang() {
    if (this.#chosen) return this.#chosen;
    const tag = this.getAttribute("lang") || this.parentElement?.closest("[lang]")?.getAttribute("lang")
      || document.documentElement.lang;
    return langOf(tag);
  }

  /** The words of the UI's language: the library's table once loaded, load-words.js before. */
  get #w() { return this.#data ? this.#data.words[this.#lang] : loadWords[this.#lang]; }

  connectedCallback() {
    // A property set before the element was defined (frameworks do that) hides the accessor.
    if (Object.prototype.hasOwnProperty.call(this, "query")) {
      const value = this.query;
      delete this.query;
      if (value) this.query = value;
    }
    if (!this.#built) this.#build();
    this.#langObserver ??= new MutationObserver(() => { if (!this.hasAttribute("lang")) this.#relang(); });
    this.#langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
    if (this.hasAttribute("hash-query")) window.addEventListener("hashchange", this.#onHash);
    this.#relang();
    if (this.#started) return; // moved in the page: the query, the answer and open blocks stay
    this.#started = true;
    load().then((data) => {
      this.#data = data;
      this.#applyWords();
      const initial = (this.hasAttribute("hash-query") && readHash()) || this.getAttribute("query");
      if (this.#result) this.#show(this.#result);
      else if (initial) { this.#input.value = initial; this.#run(); }
      this.dispatchEvent(new CustomEvent("ready"));
    }, (e) => {
      this.#failed = e;
      this.#applyWords();
      this.#announce(this.#w.unavailable);
      this.dispatchEvent(new CustomEvent("loaderror", {
        detail: { reason: e.reason || "other", url: String(WASM_URL), message: e.message },
      }));
    });
  }

  disconnectedCallback() {
    this.#langObserver?.disconnect();
    window.removeEventListener("hashchange", this.#onHash);
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#built || old === value) return;
    if (name === "lang") { this.#chosen = null; this.#relang(); }
    if (name === "query" && value != null && this.#data && value !== this.#input.value) {
      this.#input.value = value;
      this.#run();
    }
    if (name === "hash-query" && this.isConnected) {
      window.removeEventListener("hashchange", this.#onHash);
      if (value != null) window.addEventListener("hashchange", this.#onHash);
    }
  }

  /**
   * A node; attribute values and children may be functions of `{w, lang, t, family}`, which are
   * evaluated now and again, in place, when the language changes.
   */
  #el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      const set = (value) => (k === "class" ? (node.className = value) : node.setAttribute(k, value));
      if (typeof v === "function") this.#bind(() => set(v(this.#ctx())));
      else set(v);
    }
    for (const child of children.flat(Infinity)) {
      if (child == null || child === false) continue;
      if (typeof child === "function") {
        const text = document.createTextNode("");
        this.#bind(() => { text.data = child(this.#ctx()); });
        node.append(text);
      } else {
        node.append(typeof child === "string" ? document.createTextNode(child) : child);
      }
    }
    return node;
  }

  #bind(update) {
    update();
    this.#binds.push(update);
  }

  #ctx() {
    const lang = this.#lang;
    const data = this.#data;
    return {
      lang,
      w: data.words[lang],
      t: (text) => text[lang],
      family: (name) => data.families[name]?.[`label_${lang}`] ?? "",
    };
  }

  /** The shadow tree, once; later changes patch its text in place. */
  #build() {
    this.#built = true;
    const own = styleSheet();
    if (own) this.shadowRoot.adoptedStyleSheets = [own];
    else this.shadowRoot.append(Object.assign(document.createElement("style"), { textContent: STYLE }));
    const el = (tag, attrs = {}, ...children) => {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      node.append(...children);
      return node;
    };
    this.#langButtons = ["ru", "en"].map((code) => {
      const b = el("button", { type: "button", lang: code }, code.toUpperCase());
      b.addEventListener("click", () => { this.#chosen = code; this.#relang(); });
      return b;
    });
    this.#heading = el("h2", { id: "heading" });
    this.#input = el("textarea", { id: "q", rows: "2", spellcheck: "false", autocomplete: "off", autocapitalize: "off" });
    this.#input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.#run(); }
    });
    this.#label = el("label", { for: "q" });
    this.#submit = el("button", { type: "submit", class: "submit" });
    const form = el("form", { role: "search", "aria-labelledby": "heading" }, this.#label, el("div", { class: "row" }, this.#input, this.#submit));
    form.addEventListener("submit", (e) => { e.preventDefault(); this.#run(); });
    this.#langGroup = el("div", { class: "lang", role: "group" }, ...this.#langButtons);
    this.#status = el("p", { class: "status" });
    // What a screen reader hears after each answer: the first answer's title and its advice.
    this.#live = el("div", { class: "sr-only announce", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    this.#results = el("div", { class: "results" });
    this.#box = el("section", { class: "box", "aria-labelledby": "heading" },
      el("header", {}, this.#heading, this.#langGroup), form, this.#status, this.#live, this.#results);
    this.shadowRoot.append(this.#box);
  }

  #input = null;
  #heading = null;
  #label = null;
  #submit = null;
  #status = null;
  #live = null;
  #results = null;
  #box = null;
  #langButtons = [];
  #langGroup = null;

  /** The fixed words, in place. */
  #applyWords() {
    const lang = this.#lang;
    const w = this.#w;
    this.#box.setAttribute("lang", lang);
    for (const b of this.#langButtons) b.setAttribute("aria-pressed", String(b.lang === lang));
    this.#langGroup.setAttribute("aria-label", w.language);
    this.#heading.textContent = w.heading;
    this.#label.textContent = w.input_label;
    this.#input.placeholder = w.placeholder;
    this.#submit.textContent = w.submit;
    if (this.#failed) this.#status.textContent = w.unavailable;
    else if (!this.#data) this.#status.textContent = w.loading;
    else if (!this.#result) this.#status.textContent = "";
  }

  /** Everything in the new language, patched in place: focus and open blocks stay. */
  #relang() {
    if (!this.#built) return;
    const changed = this.#shownLang !== this.#lang;
    this.#shownLang = this.#lang;
    this.#applyWords();
    if (!changed) return;
    if (this.#data) for (const update of this.#binds) update();
    // The last announcement was in the other language; it is not repeated.
    this.#live.textContent = "";
  }

  #announce(text) {
    this.#live.textContent = "";
    // A fresh node after a tick, so that the same text twice is announced twice.
    setTimeout(() => { this.#live.textContent = text; }, 50);
  }

  #run() {
    load().then(() => this.#ask(), () => {});
  }

  #ask() {
    const query = this.#input.value;
    if (this.hasAttribute("hash-query")) this.#writeHash(query.trim() ? query : null);
    if (!query.trim()) {
      this.#result = null;
      this.#generation++;
      this.#binds = [];
      this.#results.replaceChildren();
      this.#status.replaceChildren();
      this.#live.textContent = "";
      this.dispatchEvent(new CustomEvent("answer", { detail: { query, kind: "empty", keys: [] } }));
      return;
    }
    try {
      this.#result = { query, ok: answer(query) };
    } catch (e) {
      this.#result = { query, error: e && e.detail ? e.detail : { kind: "unexpected" } };
      if (!(e && e.detail)) console.error(`${TAG}: unexpected failure:`, e);
    }
    this.#show(this.#result);
  }

  #writeHash(query) {
    const raw = location.hash.slice(1);
    const params = new URLSearchParams(raw.includes("=") ? raw : "");
    if (query == null) params.delete(HASH_KEY); else params.set(HASH_KEY, query);
    const hash = params.toString();
    const url = `${location.pathname}${location.search}${hash ? `#${hash}` : ""}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, "", url);
  }

  /** The results of one answer; a new tree for each answer, patched in place afterwards. */
  #show(result) {
    this.#generation++;
    this.#binds = [];
    const bindStatus = (fn) => {
      const text = document.createTextNode("");
      this.#bind(() => { text.data = fn(this.#ctx()); });
      this.#status.replaceChildren(text);
    };
    let keys = [];
    if (result.error) {
      this.#results.replaceChildren();
      bindStatus((c) => this.#errorText(result.error, c));
      this.#announce(this.#status.textContent);
    } else if (result.ok.kind === "diagnosis") {
      keys = this.#showDiagnosis(result.ok, bindStatus);
    } else {
      keys = this.#showExplanation(result.ok, bindStatus);
    }
    this.dispatchEvent(new CustomEvent("answer", {
      detail: { query: result.query, kind: result.error ? "error" : result.ok.kind, keys,
        ...(result.error ? { error: result.error.kind } : {}) },
    }));
  }

  #errorText(error, { w }) {
    switch (error.kind) {
      case "too-long": return w.too_long;
      case "too-large": return fill(w.too_large, { n: Math.round((error.limit || 0) / 1024) });
      case "json": case "xml": return w.malformed;
      case "not-json-or-xml": return w.not_response;
      case "not-text": return w.not_text;
      case "not-found": return error.code ? fill(w.unknown_code, { code: error.code }) : w.nothing;
      case "unexpected": return w.unavailable;
      default: return w.nothing;
    }
  }

  #showExplanation(a, bindStatus) {
    const shown = a.candidates.slice(0, a.ambiguous ? 6 : 4);
    // The same code with the same title in several APIs: their one-liners name the API first.
    const titles = shown.map((c) => (c.found.entry ? `${c.found.entry.label}\n${c.found.entry.title.en}` : c.found.symptom.id));
    const twin = (i) => titles.indexOf(titles[i]) !== titles.lastIndexOf(titles[i]);
    const cards = shown.map((c, i) => {
      const found = c.found;
      if (i === 0) return found.entry ? this.#entryCard(found.entry) : this.#symptomCard(found.symptom);
      return found.entry ? this.#collapsedEntry(found.entry, null, twin(i)) : this.#collapsedSymptom(found.symptom);
    });
    const out = [cards[0]];
    if (cards.length > 1) {
      if (!a.ambiguous) out.push(this.#el("p", { class: "also" }, (c) => c.w.also));
      out.push(...cards.slice(1));
    }
    this.#results.replaceChildren(...out);
    bindStatus((c) => (a.ambiguous ? c.w.ambiguous : fill(c.w.found, { n: cards.length })));
    const first = shown[0].found;
    const { w, t, lang } = this.#ctx();
    const said = first.entry
      ? `${t(first.entry.title)}. ${w.retry}: ${retryAdvice(first.entry.retry, lang)}.`
      : `${t(first.symptom.title)}. ${first.symptom.steps.length ? t(first.symptom.steps[0]) : t(first.symptom.summary)}`;
    this.#announce(a.ambiguous ? `${w.ambiguous} ${said}` : said);
    return shown.map((c) => (c.found.entry ? `${c.found.entry.family}:${c.found.entry.code}` : `symptom:${c.found.symptom.id}`));
  }

  #showDiagnosis(d, bindStatus) {
    const known = d.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.entry);
    // The main finding (the most serious known code) first and whole; the rest in document order.
    const main = d.main != null ? known.find(({ i }) => i === d.main) : known[0];
    const rest = d.findings.map((f, i) => ({ f, i })).filter(({ f, i }) => !main || i !== main.i);
    const out = [];
    if (d.messages.length) {
      out.push(this.#el("div", { class: "messages" },
        this.#el("div", { class: "meta" }, this.#el("b", {}, (c) => c.w.api_message)),
        ...d.messages.map((m) => this.#el("blockquote", {}, m))));
    }
    const cards = [];
    if (main) cards.push(this.#entryCard(main.f.entry, main.f));
    const advice = d.advice ? { kind: d.advice.action, seconds: d.advice.seconds } : null;
    if (advice) {
      cards.push(this.#el("p", { class: "meta advice" }, this.#el("b", {}, (c) => `${c.w.advice}: `),
        (c) => retryAdvice(advice, c.lang)));
    }
    for (const { f } of rest) cards.push(f.entry ? this.#collapsedEntry(f.entry, f) : this.#unknownCard(f));
    out.push(...cards);
    this.#results.replaceChildren(...out);
    const count = this.#results.querySelectorAll("article.card").length;
    bindStatus((c) => (count ? fill(c.w.found, { n: count }) : c.w.nothing));
    const { w, t, lang } = this.#ctx();
    if (main) {
      const e = main.f.entry;
      this.#announce(`${t(e.title)}. ${w.advice}: ${advice ? retryAdvice(advice, lang) : retryAdvice(e.retry, lang)}.`);
    } else {
      this.#announce(count ? this.#status.textContent : w.nothing);
    }
    return d.findings.filter((f) => f.entry).map((f) => `${f.entry.family}:${f.entry.code}`);
  }

  /** For screen readers: the family's human label, the code, the title. */
  #cardLabel(e) {
    return (c) => `${c.family(e.family)}, ${e.label}, ${c.t(e.title)}`;
  }

  #top(e) {
    return this.#el("div", { class: "top" },
      this.#el("span", { class: "code" }, e.label),
      this.#el("span", { class: "family" }, (c) => c.family(e.family)),
      this.#el("span", { class: "badge" }, (c) => c.w.severities[e.severity]));
  }

  /** What a card says below its title. */
  #entryBody(e, finding) {
    const out = [this.#el("p", { class: "customer" }, (c) => c.t(e.customer)),
      this.#el("p", { class: "meta retry" }, this.#el("b", {}, (c) => `${c.w.retry}: `), (c) => retryAdvice(e.retry, c.lang))];
    if (e.actors.length) {
      out.push(this.#el("p", { class: "meta who" }, this.#el("b", {}, (c) => `${c.w.actors}: `),
        (c) => e.actors.map((x) => c.w.actor_names[x]).join(", ")));
    }
    if (finding && finding.with) {
      const other = finding.with;
      out.push(this.#el("p", { class: "note with" }, (c) => `${c.w.read_with}: ${other.label} — ${c.t(other.title)}`));
    }
    // Internal reasons (fraud checks, restriction lists) stay out of customer-facing pages.
    if (!e.sensitive) out.push(this.#detailsBlock(e));
    return out;
  }

  #entryCard(e, finding) {
    return this.#el("article", { class: `card ${e.severity}`, "data-key": `${e.family}:${e.code}`, "aria-label": this.#cardLabel(e) },
      this.#top(e),
      finding ? this.#el("div", { class: "note where" }, `${finding.field} = ${finding.value}`) : null,
      this.#el("h3", {}, (c) => c.t(e.title)),
      this.#entryBody(e, finding));
  }

  /**
   * One line (code, title, family, "show more"; the family before the title when another answer
   * has the same code and title: the API is what tells them apart); the whole card when opened.
   */
  #collapsedEntry(e, finding, familyFirst = false) {
    const title = this.#el("span", { class: "title" }, (c) => c.t(e.title));
    const family = this.#el("span", { class: "family" }, (c) => c.family(e.family));
    return this.#el("article", { class: `card secondary ${e.severity}`, "data-key": `${e.family}:${e.code}`, "aria-label": this.#cardLabel(e) },
      this.#el("details", { class: "more" },
        this.#el("summary", {},
          this.#el("span", { class: "code" }, e.label),
          this.#el("span", { class: "line" }, ...(familyFirst ? [family, " ", title] : [title, " ", family])),
          this.#el("span", { class: "show" }, (c) => c.w.show_more)),
        this.#el("div", { class: "top" },
          this.#el("span", { class: "badge" }, (c) => c.w.severities[e.severity])),
        finding ? this.#el("div", { class: "note where" }, `${finding.field} = ${finding.value}`) : null,
        this.#entryBody(e, finding)));
  }

  /** A code found in a pasted response that the knowledge base does not know. */
  #unknownCard(f) {
    return this.#el("article", { class: "card secondary unknown", "data-key": `${f.family}:${f.value}`,
      "aria-label": (c) => `${c.family(f.family)}, ${f.value}` },
      this.#el("div", { class: "top" },
        this.#el("span", { class: "code" }, f.value),
        this.#el("span", { class: "family" }, (c) => c.family(f.family))),
      this.#el("p", { class: "note" }, (c) => fill(c.w.unknown_code, { code: f.value })));
  }

  /** A list that shows its first few items and opens the rest on request. */
  #list(tag, cls, items) {
    const li = (x) => this.#el("li", {}, (c) => c.t(x));
    if (items.length <= LIST_HEAD + 1) return [this.#el(tag, { class: cls }, items.map(li))];
    const hidden = items.slice(LIST_HEAD);
    return [this.#el(tag, { class: cls }, items.slice(0, LIST_HEAD).map(li)),
      this.#el("details", { class: "rest" },
        this.#el("summary", {}, (c) => fill(c.w.more_items, { n: hidden.length })),
        this.#el(tag, { class: cls, start: tag === "ol" ? String(LIST_HEAD + 1) : null }, hidden.map(li)))];
  }

  #symptomBody(s) {
    return [
      this.#el("p", {}, (c) => c.t(s.summary)),
      this.#el("div", { class: "meta" }, this.#el("b", {}, (c) => c.w.causes)),
      this.#list("ul", "causes", s.causes),
      this.#el("div", { class: "meta" }, this.#el("b", {}, (c) => c.w.steps)),
      this.#list("ol", "steps", s.steps),
      this.#el("p", { class: "meta" }, this.#el("b", {}, (c) => `${c.w.support}: `), (c) => c.t(s.contact_support)),
    ];
  }

  #symptomCard(s) {
    return this.#el("article", { class: "card warning", "data-key": `symptom:${s.id}`, "aria-label": (c) => c.t(s.title) },
      this.#el("h3", {}, (c) => c.t(s.title)),
      this.#symptomBody(s));
  }

  #collapsedSymptom(s) {
    return this.#el("article", { class: "card secondary warning", "data-key": `symptom:${s.id}`, "aria-label": (c) => c.t(s.title) },
      this.#el("details", { class: "more" },
        this.#el("summary", {},
          this.#el("span", { class: "line" }, (c) => c.t(s.title)),
          this.#el("span", { class: "show" }, (c) => c.w.show_more)),
        this.#symptomBody(s)));
  }

  /** "Details for developers": the family's details file, fetched when first opened. */
  #detailsBlock(e) {
    const body = this.#el("div", { class: "dev" });
    const block = this.#el("details", { class: "developers" }, this.#el("summary", {}, (c) => c.w.details_for_developers), body);
    const generation = this.#generation;
    block.addEventListener("toggle", () => {
      if (!block.open || body.dataset.loaded) return;
      body.dataset.loaded = "loading";
      body.replaceChildren(this.#el("p", { class: "note" }, (c) => c.w.loading_details));
      familyDetails(e.family).then((file) => {
        if (generation !== this.#generation) return;
        body.replaceChildren(...this.#detailsContent(file, e));
      }, (err) => {
        console.error(`${TAG}: details/${e.family}.json did not load:`, err);
        delete body.dataset.loaded;
        if (generation === this.#generation) body.replaceChildren(this.#el("p", { class: "note" }, (c) => c.w.details_unavailable));
      });
    });
    return block;
  }

  #detailsContent(file, e) {
    const d = file.entries[e.code];
    if (!d) return [this.#el("p", { class: "note" }, (c) => c.w.details_unavailable)];
    // The developer texts name other families by their slugs; readers get the families' labels.
    const slugs = this.#slugs ??= new RegExp(`(?<![\\w-])(${Object.keys(this.#data.families)
      .sort((a, b) => b.length - a.length).join("|")})(?![\\w-])`, "g");
    const human = (ctx) => (text) => ctx.t(text).replace(slugs, (name) => ctx.family(name));
    const out = [this.#el("p", { class: "developer" }, (c) => human(c)(d.developer))];
    for (const x of d.contexts || []) out.push(this.#el("p", { class: "note" }, (c) => `${human(c)(x.when)}: ${human(c)(x.meaning)}`));
    if (d.steps.length) {
      out.push(this.#el("div", { class: "meta" }, this.#el("b", {}, (c) => c.w.steps)),
        this.#el("ol", { class: "steps" }, d.steps.map((s) => this.#el("li", {}, (c) => human(c)(s)))));
    }
    for (const s of d.superseded || []) {
      out.push(this.#el("p", { class: "note superseded" }, (c) => `${c.w.superseded}: ${human(c)(s.meaning)} (${human(c)(s.note)})`));
    }
    if (file.note) out.push(this.#el("p", { class: "note" }, (c) => `${c.w.family_note}: ${human(c)(file.note)}`));
    const sources = d.sources.filter((s) => s.url);
    if (sources.length) {
      out.push(this.#el("div", { class: "meta" }, this.#el("b", {}, (c) => c.w.sources)),
        this.#el("ul", { class: "sources" }, sources.map((s) =>
          this.#el("li", {}, this.#el("a", { href: s.url, rel: "noopener", target: "_blank" }, s.title || s.url)))));
    }
    return out;
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, QiwiErrorExplainer);

export { QiwiErrorExplainer };

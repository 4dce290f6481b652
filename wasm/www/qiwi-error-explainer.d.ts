// Types of the <qiwi-error-explainer> element (qiwi-error-explainer/element).

/** `detail` of the `answer` event: what was asked and what is shown. */
export interface QiwiAnswerDetail {
  query: string;
  /** `explanation`, `diagnosis`, `error` (nothing to show; `error` is the bindings' `kind`), `empty` (cleared). */
  kind: "explanation" | "diagnosis" | "error" | "empty";
  /** `family:code` (or `symptom:id`) of each answer shown, best first. */
  keys: string[];
  error?: string;
}

/** `detail` of the `loaderror` event: why the knowledge base did not load. */
export interface QiwiLoadErrorDetail {
  /** `not-found` (the .wasm answered 404 or another error status), `csp` (the page's
   * Content-Security-Policy lacks 'wasm-unsafe-eval'), `other`. */
  reason: "not-found" | "csp" | "other";
  url: string;
  message: string;
}

export interface QiwiErrorExplainerEventMap extends HTMLElementEventMap {
  ready: CustomEvent<void>;
  answer: CustomEvent<QiwiAnswerDetail>;
  loaderror: CustomEvent<QiwiLoadErrorDetail>;
}

/**
 * `<qiwi-error-explainer lang="ru" query="QWPRC-220" hash-query>`: explains QIWI API error
 * codes, phrases and whole responses. Attributes: `lang` (any BCP 47 tag; `ru*` is Russian,
 * anything else English; absent: the nearest `lang` of the page), `query` (asked once ready and
 * whenever it changes), `hash-query` (keeps the query in the URL hash, `#qiwi-error=...`).
 */
export declare class QiwiErrorExplainer extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The query: reading gives what is in the box; setting asks it (like the attribute). */
  query: string;
  /** Resolves when the knowledge base is ready; rejects when it cannot load. */
  readonly ready: Promise<void>;
  addEventListener<K extends keyof QiwiErrorExplainerEventMap>(
    type: K,
    listener: (this: QiwiErrorExplainer, ev: QiwiErrorExplainerEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof QiwiErrorExplainerEventMap>(
    type: K,
    listener: (this: QiwiErrorExplainer, ev: QiwiErrorExplainerEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "qiwi-error-explainer": QiwiErrorExplainer;
  }
}

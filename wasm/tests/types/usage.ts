// What a TypeScript page writes against the package's declarations: every exported type and
// function of the bindings (dist/qiwi-errors.d.ts, from wasm-bindgen and the
// `typescript_custom_section` of src/lib.rs) and of the element (dist/qiwi-error-explainer.d.ts).
// scripts/check-wasm-types.sh compiles it with `tsc --strict` (never runs it) and fails when a
// name either file exports is not used here. Closed unions are pinned with `Same`, so a new kind
// fails here until a page can handle it; the object literals name every field, so a field added,
// removed or renamed fails too.

import init, {
  answer,
  diagnose,
  explain,
  families,
  initSync,
  label,
  lookup,
  retryAdvice,
  retryDecision,
  search,
  words,
} from "../../dist/qiwi-errors.js";
import type {
  Actor,
  Answer,
  Candidate,
  Conflict,
  Context,
  Details,
  Diagnosis,
  Entry,
  Explanation,
  FailureInput,
  FamilyDetails,
  FamilyInfo,
  Finding,
  Found,
  InitInput,
  InitOutput,
  Keywords,
  Lang,
  MatchReason,
  Pairing,
  Provenance,
  QiwiError,
  Retry,
  RetryDecision,
  Severity,
  Source,
  Superseded,
  Symptom,
  SyncInitInput,
  Text,
  Words,
} from "../../dist/qiwi-errors.js";
import { QiwiErrorExplainer } from "../../dist/qiwi-error-explainer.js";
import type {
  QiwiAnswerDetail,
  QiwiErrorExplainerEventMap,
  QiwiLoadErrorDetail,
} from "../../dist/qiwi-error-explainer.js";

/** `true` only when `A` and `B` are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function pin<T extends true>(_proof?: T): void {}
function unreachable(x: never): never {
  throw new Error(`unhandled ${JSON.stringify(x)}`);
}

// Closed vocabularies: a variant added or removed in the declarations fails here.
pin<Same<Lang, "ru" | "en">>();
pin<Same<Severity, "info" | "warning" | "error" | "critical">>();
pin<Same<Actor, "customer" | "merchant" | "qiwi-support" | "issuing-bank" | "recipient">>();
pin<Same<Provenance, "official" | "community" | "inferred" | "example">>();
pin<Same<Retry["kind"], "never" | "now" | "later" | "after" | "after-user-action" | "check-status" | "limited">>();
pin<Same<RetryDecision["action"], "never" | "now" | "after" | "check-status" | "after-user-action">>();
pin<Same<Diagnosis["format"], "json" | "xml" | "empty">>();
pin<Same<Answer["kind"], "explanation" | "diagnosis">>();
pin<Same<MatchReason["kind"], "code" | "text">>();
pin<
  Same<
    QiwiError["kind"],
    | "empty"
    | "too-long"
    | "not-found"
    | "too-large"
    | "not-json-or-xml"
    | "json"
    | "xml"
    | "not-text"
    | "unknown-family"
    | "no-code"
    | "bad-input"
  >
>();
pin<Same<QiwiAnswerDetail["kind"], "explanation" | "diagnosis" | "error" | "empty">>();
pin<Same<QiwiLoadErrorDetail["reason"], "not-found" | "csp" | "other">>();
pin<Same<keyof Text, Lang>>();
pin<Same<keyof Keywords, Lang>>();
// The module's results, as the bindings promise them.
pin<Same<ReturnType<typeof explain>, Explanation>>();
pin<Same<ReturnType<typeof lookup>, Entry | null>>();
pin<Same<ReturnType<typeof search>, Candidate[]>>();
pin<Same<ReturnType<typeof diagnose>, Diagnosis>>();
pin<Same<ReturnType<typeof answer>, Answer>>();
pin<Same<ReturnType<typeof retryDecision>, RetryDecision>>();
pin<Same<ReturnType<typeof words>, Words>>();
pin<Same<ReturnType<typeof retryAdvice>, string>>();
pin<Same<ReturnType<typeof families>, FamilyInfo[]>>();
pin<Same<ReturnType<typeof label>, string>>();

const text = (ru: string, en: string): Text => ({ ru, en });

const source: Source = {
  file: "_error_ru.html.md",
  section: "errorCode",
  lines: "120-124",
  url: "https://github.com/QIWI-API/qiwi-wallet-personal-docs/blob/2584341/includes/_error_ru.html.md",
  title: "QIWI Wallet API: error codes",
  docs: "https://developer.qiwi.com/ru/qiwi-wallet-personal/",
};
const sourceMinimal: Source = { file: "seed", section: "community list" };

const retries: Retry[] = [
  { kind: "never" },
  { kind: "now" },
  { kind: "later" },
  { kind: "after", seconds: 60 },
  { kind: "after-user-action" },
  { kind: "check-status" },
  { kind: "limited", max: 3, window_seconds: 86400 },
];

/** A page's wording of a retry kind: every kind handled, or this does not compile. */
function retryText(r: Retry): string {
  switch (r.kind) {
    case "never":
      return "do not repeat";
    case "now":
      return "repeat now";
    case "later":
      return "repeat later";
    case "after":
      return `repeat in ${r.seconds} s`;
    case "after-user-action":
      return "after the user acts";
    case "check-status":
      return "check the status first";
    case "limited":
      return `at most ${r.max} in ${r.window_seconds} s`;
    default:
      return unreachable(r);
  }
}

const entry: Entry = {
  family: "wallet-error",
  label: "QWPRC-220",
  code: "220",
  range: [0, null],
  title: text("Недостаточно средств", "Not enough funds"),
  customer: text("На балансе не хватает денег", "The balance is too low"),
  severity: "error",
  retry: { kind: "after-user-action" },
  actors: ["customer"],
  final: true,
  related: ["wallet-error:241"],
  sensitive: false,
  provenance: "official",
  generic: false,
};
const entryMinimal: Entry = {
  family: "xml-payment-status",
  label: "status 0-49",
  code: "0-49",
  title: text("", ""),
  customer: text("", ""),
  severity: "info",
  retry: retries[0]!,
  actors: [],
  final: null,
  related: [],
  sensitive: true,
  provenance: "inferred",
};

const keywords: Keywords = { ru: ["нет денег"], en: ["no money"] };
const context: Context = { when: text("", ""), meaning: text("", "") };
const superseded: Superseded = {
  meaning: text("", ""),
  note: text("", ""),
  edition: "2020",
  date: "2020-01-01",
  sources: [source],
};
const pairing: Pairing = { with: "ps-error:04", edition: "2024", date: "2024-01-01", sources: [source] };
const conflict: Conflict = { about: text("", ""), followed: text("", ""), sources: [sourceMinimal] };
const details: Details = {
  developer: text("", ""),
  steps: [text("", "")],
  contexts: [context],
  superseded: [superseded],
  sources: [source],
  retry_source: source,
  pairings: [pairing],
  keywords,
  wording: keywords,
  conflicts: [conflict],
};
const detailsMinimal: Details = { developer: text("", ""), steps: [], sources: [] };
const familyDetails: FamilyDetails = { note: null, entries: { "220": details, "241": detailsMinimal } };

const symptom: Symptom = {
  id: "payment-stuck-processing",
  title: text("", ""),
  summary: text("", ""),
  keywords,
  causes: [text("", "")],
  steps: [text("", "")],
  contact_support: text("", ""),
  related: ["wallet-txn-status:WAITING"],
  sources: [source],
};

/** What a found answer is called on a page. */
function foundKey(found: Found): string {
  return "entry" in found ? `${found.entry.family}:${found.entry.code}` : `symptom:${found.symptom.id}`;
}

function reasonText(reason: MatchReason): string {
  switch (reason.kind) {
    case "code":
      return `${reason.how}${reason.hinted ? " (family named)" : ""}: ${reason.code}`;
    case "text":
      return reason.words.join(" ");
    default:
      return unreachable(reason);
  }
}
pin<Same<Extract<MatchReason, { kind: "code" }>["how"], "exact" | "range" | "leading-zeros" | "near">>();

const candidates: Candidate[] = [
  { found: { entry }, score: 1, reason: { kind: "code", code: "220", hinted: true, how: "exact" } },
  { found: { symptom }, score: 0.5, reason: { kind: "text", words: ["денег"] } },
];
const explanation: Explanation = { candidates, ambiguous: false, unknown: null };

const decision: RetryDecision = { action: "after", seconds: 30, reason: "", attempt: 1 };
const finding: Finding = {
  field: "errorCode",
  value: "220",
  family: "wallet-error",
  entry,
  with: entryMinimal,
  note: null,
};
const diagnosis: Diagnosis = {
  format: "json",
  http_status: 400,
  findings: [finding],
  messages: ["Недостаточно средств"],
  fatal: null,
  advice: decision,
};

/** The one result `answer` gives: an explanation or a diagnosis, told apart by `kind`. */
function answerKeys(a: Answer): string[] {
  switch (a.kind) {
    case "explanation":
      return a.candidates.map((c) => foundKey(c.found));
    case "diagnosis": {
      const main = a.main === null ? undefined : a.findings[a.main];
      return main?.entry ? [`${main.entry.family}:${main.entry.code}`] : [];
    }
    default:
      return unreachable(a);
  }
}
const answers: Answer[] = [
  { kind: "explanation", ...explanation },
  { kind: "diagnosis", main: 0, ...diagnosis },
];

const input: FailureInput = {
  family: "ps-error",
  code: "04",
  httpStatus: 500,
  httpFamily: "payment-http",
  emptyBody: false,
  fatal: true,
  paymentStatus: -1,
};
const inputEmpty: FailureInput = {};

const qiwiError: QiwiError = {
  kind: "too-long",
  len: 5000,
  limit: 4096,
  code: null,
  families: [],
  line: 1,
  column: 2,
  position: 3,
  message: "",
  name: "",
  family: "",
};

/** What a thrown `Error` of the bindings carries, read without `any`. */
function errorKind(e: unknown): QiwiError["kind"] | undefined {
  if (e instanceof Error && "detail" in e) {
    const detail = (e as Error & { detail: QiwiError }).detail;
    return detail.kind;
  }
  return undefined;
}

function familyLine(f: FamilyInfo, lang: Lang): string {
  return `${lang === "ru" ? f.label_ru : f.label_en} (${f.name}): ${f.entries}`;
}

function severityWord(w: Words, s: Severity, a: Actor, p: Provenance): string {
  const [yes, no]: [string, string] = w.yes_no;
  return [w.lang, w.heading, w.severities[s], w.actor_names[a], w.provenances[p], yes, no].join(" ");
}

async function start(): Promise<InitOutput> {
  const wasm: InitInput = new URL("qiwi-errors_bg.wasm", import.meta.url);
  const output: InitOutput = await init({ module_or_path: wasm });
  const bytes: SyncInitInput = new Uint8Array(0);
  initSync({ module: bytes });
  const memory: WebAssembly.Memory = output.memory;
  void memory;
  return output;
}

async function page(): Promise<void> {
  await start();
  const ex = explain("QWPRC-220");
  const best = ex.candidates[0];
  const found: Entry | null = lookup("wallet-error", "220");
  const hits = search("недостаточно средств");
  const d = diagnose('{"errorCode":220}');
  const a = answer("HTTP 429");
  const decided = retryDecision(input);
  const again = retryDecision(inputEmpty);
  const w = words("ru");
  const advice: string = retryAdvice({ kind: "after", seconds: 5 }, "en");
  const list = families();
  const name: string = label("wallet-error", "220");
  console.log(best ? foundKey(best.found) : "", found?.title.ru, hits.length, d.findings.length);
  console.log(answerKeys(a), decided.action, again.seconds, severityWord(w, "error", "customer", "official"));
  console.log(advice, list.map((f) => familyLine(f, "en")), name);
  // @ts-expect-error: a family and a code, not a key
  lookup("wallet-error:220");
  // @ts-expect-error: the languages are ru and en
  const de: Lang = "de";
  void de;
  // @ts-expect-error: `after` needs its seconds
  retryAdvice({ kind: "after" }, "ru");
  try {
    explain("");
  } catch (e) {
    console.log(errorKind(e));
  }
}

// The element: the class, its tag, its events with their details.
function element(): void {
  const el: QiwiErrorExplainer = document.createElement("qiwi-error-explainer");
  const attributes: readonly string[] = QiwiErrorExplainer.observedAttributes;
  el.query = "QWPRC-220";
  const ready: Promise<void> = el.ready;
  el.addEventListener("answer", (ev) => {
    const detail: QiwiAnswerDetail = ev.detail;
    const shown: string[] = detail.keys;
    console.log(detail.query, detail.kind, shown, detail.error ?? "", this_(ev.currentTarget));
  });
  el.addEventListener("loaderror", (ev) => {
    const detail: QiwiLoadErrorDetail = ev.detail;
    console.log(detail.reason, detail.url, detail.message);
  });
  const onReady = (ev: QiwiErrorExplainerEventMap["ready"]): void => console.log(ev.type);
  el.addEventListener("ready", onReady);
  el.removeEventListener("ready", onReady);
  el.addEventListener("click", (ev: Event) => console.log(ev.type), { once: true });
  // @ts-expect-error: an answer event's detail has no `entries`
  el.addEventListener("answer", (ev) => ev.detail.entries);
  const byTag: QiwiErrorExplainer | null = document.querySelector("qiwi-error-explainer");
  console.log(attributes, ready, byTag, customElements.get("qiwi-error-explainer") === QiwiErrorExplainer);
}
function this_(target: EventTarget | null): string {
  return target instanceof QiwiErrorExplainer ? target.query : "";
}

export const used = [
  retries.map(retryText),
  entry,
  entryMinimal,
  familyDetails,
  explanation,
  answers.map(answerKeys),
  qiwiError,
  reasonText,
  page,
  element,
];

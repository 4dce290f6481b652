// <qiwi-error-explainer> in a React 19 page: the package installed from its npm tarball, the
// element registered by importing "qiwi-error-explainer/element", attributes as props, and its
// events read through a ref.
import { StrictMode, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import "qiwi-error-explainer/element";

function Support() {
  const [lang, setLang] = useState("ru");
  const [last, setLast] = useState(null);
  const [ready, setReady] = useState(false);
  const explainer = useRef(null);

  useEffect(() => {
    const el = explainer.current;
    const onAnswer = (e) => setLast(e.detail);
    const onReady = () => setReady(true);
    el.addEventListener("answer", onAnswer);
    el.addEventListener("ready", onReady);
    el.ready.then(onReady, () => {});
    return () => {
      el.removeEventListener("answer", onAnswer);
      el.removeEventListener("ready", onReady);
    };
  }, []);

  useEffect(() => { document.documentElement.lang = lang; }, [lang]);

  const ru = lang === "ru";
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", margin: "24px auto", maxWidth: 800, padding: "0 12px" }}>
      <h1>{ru ? "Помощь с оплатой" : "Payment help"}</h1>
      <p>
        <label>
          {ru ? "Язык страницы: " : "Page language: "}
          <select id="page-lang" value={lang} onChange={(e) => setLang(e.target.value)}>
            <option value="ru">Русский</option>
            <option value="en">English</option>
          </select>
        </label>
      </p>
      <qiwi-error-explainer ref={explainer} lang={lang} query="QWPRC-220" hash-query=""></qiwi-error-explainer>
      <p id="last-answer" data-ready={ready ? "yes" : "no"}>
        {last ? `${ru ? "Последний ответ" : "Last answer"}: ${last.keys.join(", ") || last.kind}` : ""}
      </p>
    </main>
  );
}

createRoot(document.getElementById("root")).render(<StrictMode><Support /></StrictMode>);

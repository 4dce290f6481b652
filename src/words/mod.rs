//! Every fixed word the project shows people, in both languages: the labels of rendered
//! explanations, the names of severities, actors and provenances, retry advice, and the words
//! of the widget and the command line. The CLI renders with them; the WebAssembly widget reads
//! the same table through its bindings, so the two never drift apart.

use crate::entry::Entry;
use crate::kinds::{Actor, Lang, Provenance, Retry, Severity};
use crate::retry_rules::RetryAction;
use serde::ser::{Serialize, SerializeMap, Serializer};

mod site;
pub use site::SiteWords;

/// The fixed words in one language; [`Words::of`] gives the table.
///
/// Templates hold `{n}` where a number goes (`found`).
///
/// # Examples
///
/// ```
/// use qiwi_errors::{Lang, Severity, Words};
///
/// let ru = Words::of(Lang::Ru);
/// assert_eq!(ru.steps, "Что делать");
/// assert_eq!(ru.severity_name(Severity::Warning), "временная проблема");
/// let json = serde_json::to_value(ru).unwrap();
/// assert_eq!(json["severities"]["warning"], "временная проблема");
/// ```
#[derive(Debug, serde::Serialize)]
#[non_exhaustive]
pub struct Words {
    /// The language of this table.
    pub lang: Lang,
    /// "family", as in "[family: wallet API errorCode]".
    pub family: &'static str,
    /// The label of the developer explanation.
    pub details: &'static str,
    /// The widget's summary that opens the developer explanation.
    pub details_for_developers: &'static str,
    /// The label of the steps.
    pub steps: &'static str,
    /// The label of the severity.
    pub severity: &'static str,
    /// The label of the retry advice.
    pub retry: &'static str,
    /// The label of who has to act.
    pub actors: &'static str,
    /// The label of finality.
    pub final_status: &'static str,
    /// The warning on internal reasons.
    pub sensitive: &'static str,
    /// The label of provenance.
    pub provenance: &'static str,
    /// The label of a superseded meaning.
    pub superseded: &'static str,
    /// The label of a code this one comes with in an edition of the documentation.
    pub paired_with: &'static str,
    /// The label of sources that disagree.
    pub conflict: &'static str,
    /// The label of related codes.
    pub related: &'static str,
    /// The label of sources.
    pub sources: &'static str,
    /// The label of a symptom's causes.
    pub causes: &'static str,
    /// The label of a family note.
    pub family_note: &'static str,
    /// The label of when to contact support.
    pub support: &'static str,
    /// The label of a whole response's retry advice.
    pub advice: &'static str,
    /// The widget's heading.
    pub heading: &'static str,
    /// The label of the widget's input.
    pub input_label: &'static str,
    /// The widget's placeholder.
    pub placeholder: &'static str,
    /// The widget's button.
    pub submit: &'static str,
    /// While the knowledge base loads.
    pub loading: &'static str,
    /// When the details for developers load.
    pub loading_details: &'static str,
    /// When they cannot be loaded.
    pub details_unavailable: &'static str,
    /// A number that several families have.
    pub ambiguous: &'static str,
    /// Nothing matched.
    pub nothing: &'static str,
    /// How many answers there are; `{n}` is the number.
    pub found: &'static str,
    /// The heading of the answers after the first: other codes of the same number, or other
    /// texts a phrase matched (in the same API or not).
    pub also: &'static str,
    /// "Read together with", for a code that explains another.
    pub read_with: &'static str,
    /// The label of the language switch (both languages, so either reader finds it).
    pub language: &'static str,
    /// What opens a collapsed answer.
    pub show_more: &'static str,
    /// What opens the rest of a long list; `{n}` is how many are hidden.
    pub more_items: &'static str,
    /// The label of the messages a pasted response carried itself.
    pub api_message: &'static str,
    /// A code the knowledge base does not know; `{code}` is the code.
    pub unknown_code: &'static str,
    /// A query too long to be a code or a message.
    pub too_long: &'static str,
    /// A pasted response over the size limit; `{n}` is the limit in KB.
    pub too_large: &'static str,
    /// A pasted response that does not parse (cut short or damaged).
    pub malformed: &'static str,
    /// Something pasted like a response that is neither JSON nor XML.
    pub not_response: &'static str,
    /// Text that is not text (a file's bytes, control characters).
    pub not_text: &'static str,
    /// For customers, when the widget cannot load its knowledge base.
    pub unavailable: &'static str,
    /// The names of the severities, in the order of [`Severity::ALL`]: sized by it, so a new
    /// severity does not compile until both languages name it.
    #[serde(serialize_with = "as_map")]
    pub severities: [(Severity, &'static str); Severity::ALL.len()],
    /// The names of the actors, in the order of [`Actor::ALL`] (sized by it).
    #[serde(serialize_with = "as_map")]
    pub actor_names: [(Actor, &'static str); Actor::ALL.len()],
    /// The names of the provenances, in the order of [`Provenance::ALL`] (sized by it).
    #[serde(serialize_with = "as_map")]
    pub provenances: [(Provenance, &'static str); Provenance::ALL.len()],
    /// "yes" and "no".
    pub yes_no: [&'static str; 2],
    /// The words of the static site; not serialised (the widget does not show them).
    #[serde(skip)]
    pub site: &'static SiteWords,
}

fn as_map<K: Serialize, S: Serializer>(
    pairs: &[(K, &'static str)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

const RU: Words = Words {
    lang: Lang::Ru,
    family: "семейство",
    details: "Подробности",
    details_for_developers: "Подробности для разработчика",
    steps: "Что делать",
    severity: "Серьёзность",
    retry: "Повтор",
    actors: "Кто действует",
    final_status: "Финальный статус",
    sensitive: "Внимание: внутренняя причина, покупателю её не показывают.",
    provenance: "Происхождение",
    superseded: "Прежнее значение",
    paired_with: "Приходит вместе с",
    conflict: "Источники расходятся",
    related: "Связанные коды",
    sources: "Источники",
    causes: "Возможные причины",
    family_note: "О семействе",
    support: "Когда обращаться в поддержку",
    advice: "Рекомендация для повтора",
    heading: "Что означает ошибка QIWI?",
    input_label: "Код ошибки, текст сообщения или ответ API целиком",
    placeholder: "Например: QWPRC-220, HTTP 429, psErrorCode 04, «недостаточно средств» или JSON ответа",
    submit: "Объяснить",
    loading: "Загрузка…",
    loading_details: "Загружаем подробности…",
    details_unavailable: "Подробности сейчас недоступны. Попробуйте позже.",
    ambiguous: "Этот код есть в нескольких API. Выберите свой или уточните запрос (например, QWPRC-220 или HTTP 404).",
    nothing: "Ничего не найдено. Проверьте код или опишите проблему словами.",
    found: "Найдено: {n}",
    also: "Похожие результаты",
    read_with: "Читать вместе с",
    language: "Язык / Language",
    show_more: "подробнее",
    more_items: "Показать ещё ({n})",
    api_message: "Сообщение из ответа API",
    unknown_code: "Кода {code} нет в нашем справочнике.",
    too_long: "Слишком длинный текст для кода или сообщения. Вставьте код ошибки, текст сообщения или весь ответ API в формате JSON или XML.",
    too_large: "Ответ слишком большой (больше {n} КБ). Вставьте только тело ответа с ошибкой.",
    malformed: "Похоже на ответ API, но прочитать его не удалось: он обрезан или повреждён. Скопируйте ответ целиком.",
    not_response: "Ответ не удалось прочитать: нужен JSON или XML. Можно вставить и только код ошибки.",
    not_text: "Это не похоже на текст. Вставьте код ошибки, текст сообщения или ответ API.",
    unavailable: "Справочник ошибок сейчас недоступен. Попробуйте позже или напишите в поддержку.",
    severities: [
        (Severity::Info, "информация"),
        (Severity::Warning, "временная проблема"),
        (Severity::Error, "ошибка"),
        (Severity::Critical, "критично"),
    ],
    actor_names: [
        (Actor::Customer, "клиент"),
        (Actor::Merchant, "магазин (партнёр)"),
        (Actor::QiwiSupport, "поддержка QIWI"),
        (Actor::IssuingBank, "банк, выпустивший карту"),
        (Actor::Recipient, "получатель"),
    ],
    provenances: [
        (Provenance::Official, "официальная таблица"),
        (Provenance::Community, "только список сообщества (2020)"),
        (Provenance::Inferred, "наш вывод из источников"),
        (Provenance::Example, "только официальный пример ответа, не таблица"),
    ],
    yes_no: ["да", "нет"],
    site: SiteWords::of(Lang::Ru),
};

const EN: Words = Words {
    lang: Lang::En,
    family: "family",
    details: "Details",
    details_for_developers: "Details for developers",
    steps: "What to do",
    severity: "Severity",
    retry: "Retry",
    actors: "Who acts",
    final_status: "Final status",
    sensitive: "Note: an internal reason, not to be shown to the customer.",
    provenance: "Provenance",
    superseded: "Earlier meaning",
    paired_with: "Comes with",
    conflict: "The sources disagree",
    related: "Related codes",
    sources: "Sources",
    causes: "Likely causes",
    family_note: "About the family",
    support: "When to contact support",
    advice: "Retry advice",
    heading: "What does this QIWI error mean?",
    input_label: "Error code, message text or a whole API response",
    placeholder: "e.g. QWPRC-220, HTTP 429, psErrorCode 04, “not enough funds” or the response JSON",
    submit: "Explain",
    loading: "Loading…",
    loading_details: "Loading the details…",
    details_unavailable: "The details are not available right now. Try again later.",
    ambiguous: "This code exists in several APIs. Pick yours or be more specific (e.g. QWPRC-220 or HTTP 404).",
    nothing: "Nothing found. Check the code or describe the problem in words.",
    found: "Found: {n}",
    also: "Similar results",
    read_with: "Read together with",
    language: "Language / Язык",
    show_more: "show more",
    more_items: "Show {n} more",
    api_message: "The message in the API response",
    unknown_code: "The code {code} is not in our reference.",
    too_long: "That is too long for a code or a message. Paste the error code, the message, or the whole API response (JSON or XML).",
    too_large: "This response is too large (over {n} KB). Paste only the body of the error response.",
    malformed: "This looks like an API response, but it cannot be read: it is cut short or damaged. Copy the whole response.",
    not_response: "This response cannot be read: paste its JSON or XML body, or just the error code.",
    not_text: "This does not look like text. Paste the error code, the message or the API response.",
    unavailable: "The error reference is not available right now. Please try again later or contact support.",
    severities: [
        (Severity::Info, "info"),
        (Severity::Warning, "temporary"),
        (Severity::Error, "error"),
        (Severity::Critical, "critical"),
    ],
    actor_names: [
        (Actor::Customer, "customer"),
        (Actor::Merchant, "merchant"),
        (Actor::QiwiSupport, "QIWI support"),
        (Actor::IssuingBank, "card issuer"),
        (Actor::Recipient, "recipient"),
    ],
    provenances: [
        (Provenance::Official, "official table"),
        (Provenance::Community, "community list only (2020)"),
        (Provenance::Inferred, "our inference"),
        (Provenance::Example, "an official sample response only, not the table"),
    ],
    yes_no: ["yes", "no"],
    site: SiteWords::of(Lang::En),
};

impl Words {
    /// The table of `lang`.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{Lang, Words};
    ///
    /// assert_eq!(Words::of(Lang::En).submit, "Explain");
    /// ```
    pub const fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::Ru => &RU,
            Lang::En => &EN,
        }
    }

    fn pick(&self, ru: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }

    /// The name of a severity.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{Lang, Severity, Words};
    ///
    /// assert_eq!(Words::of(Lang::En).severity_name(Severity::Critical), "critical");
    /// ```
    pub fn severity_name(&self, s: Severity) -> &'static str {
        name(&self.severities, s)
    }

    /// The name of an actor.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{Actor, Lang, Words};
    ///
    /// assert_eq!(Words::of(Lang::Ru).actor(Actor::Merchant), "магазин (партнёр)");
    /// ```
    pub fn actor(&self, a: Actor) -> &'static str {
        name(&self.actor_names, a)
    }

    /// The name of a provenance.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{Lang, Provenance, Words};
    ///
    /// assert_eq!(Words::of(Lang::En).provenance_name(Provenance::Inferred), "our inference");
    /// ```
    pub fn provenance_name(&self, p: Provenance) -> &'static str {
        name(&self.provenances, p)
    }

    /// "yes" or "no".
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{Lang, Words};
    ///
    /// assert_eq!(Words::of(Lang::Ru).yes_no(true), "да");
    /// ```
    pub fn yes_no(&self, yes: bool) -> &'static str {
        self.yes_no[usize::from(!yes)]
    }

    /// `found` with its number.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{Lang, Words};
    ///
    /// assert_eq!(Words::of(Lang::En).found(3), "Found: 3");
    /// ```
    pub fn found(&self, n: usize) -> String {
        self.found.replace("{n}", &n.to_string())
    }

    /// The advice a code's [`Retry`] gives, as a sentence.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{Lang, Retry, Words};
    ///
    /// let advice = Words::of(Lang::En).retry_advice(Retry::After { seconds: 60 });
    /// assert_eq!(advice, "repeat after at least 1 min");
    /// ```
    pub fn retry_advice(&self, r: Retry) -> String {
        match r {
            Retry::Never => self.pick("не повторять", "do not retry").into(),
            Retry::Now => self
                .pick(
                    "можно сразу повторить тот же запрос",
                    "repeat the same request now",
                )
                .into(),
            Retry::After { seconds } => self.after(u64::from(seconds)),
            Retry::Later => self
                .pick(
                    "повторить позже (срок в документации не указан)",
                    "repeat later (the documentation gives no delay)",
                )
                .into(),
            Retry::AfterUserAction => self
                .pick(
                    "повторять только после действий пользователя",
                    "repeat only after the user acts",
                )
                .into(),
            Retry::CheckStatus => self
                .pick(
                    "сначала запросить статус операции, повторять только если она не прошла",
                    "query the operation's status first; repeat only if it did not go through",
                )
                .into(),
            Retry::Limited {
                max,
                window_seconds,
            } => match self.lang {
                Lang::Ru => format!(
                    "не более {max} повтора(ов) за {}",
                    self.duration(u64::from(window_seconds))
                ),
                Lang::En => format!(
                    "at most {max} repeat(s) per {}",
                    self.duration(u64::from(window_seconds))
                ),
            },
        }
    }

    /// A code's retry advice with the cap it carries from the codes it always comes with (a
    /// reasonCode that the newest edition pairs only with capped psErrorCodes).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{lookup, Family, Lang, Words};
    ///
    /// let reason = lookup(Family::PaymentReason, "ACQUIRING_ISSUER_NOT_AVAILABLE").unwrap();
    /// let advice = Words::of(Lang::En).entry_retry_advice(reason);
    /// assert!(advice.contains("psErrorCode 91"), "{advice}");
    /// ```
    pub fn entry_retry_advice(&self, e: Entry) -> String {
        let advice = self.retry_advice(e.retry());
        match e.cap() {
            Some((cap, from)) if from != e => {
                let cap = self.retry_advice(cap);
                match self.lang {
                    Lang::Ru => format!(
                        "{advice}; {cap}, как у кода {}, с которым этот код приходит",
                        from.label()
                    ),
                    Lang::En => format!(
                        "{advice}; {cap}, as for {}, which this code comes with",
                        from.label()
                    ),
                }
            }
            _ => advice,
        }
    }
    /// What a retry decision says to do, as a sentence.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::RetryAction;
    /// use qiwi_errors::{Lang, Words};
    ///
    /// let advice = Words::of(Lang::Ru).action_advice(RetryAction::After { seconds: 7200 });
    /// assert_eq!(advice, "повторить не раньше чем через 2 ч");
    /// ```
    pub fn action_advice(&self, action: RetryAction) -> String {
        match action {
            RetryAction::Never => self.retry_advice(Retry::Never),
            RetryAction::Now => self.retry_advice(Retry::Now),
            RetryAction::After { seconds } => self.after(u64::from(seconds)),
            RetryAction::CheckStatus => self.retry_advice(Retry::CheckStatus),
            RetryAction::AfterUserAction => self.retry_advice(Retry::AfterUserAction),
        }
    }

    fn after(&self, seconds: u64) -> String {
        match self.lang {
            Lang::Ru => format!("повторить не раньше чем через {}", self.duration(seconds)),
            Lang::En => format!("repeat after at least {}", self.duration(seconds)),
        }
    }

    fn duration(&self, s: u64) -> String {
        let (h, min, sec) = match self.lang {
            Lang::Ru => ("ч", "мин", "с"),
            Lang::En => ("h", "min", "s"),
        };
        match s {
            s if s > 0 && s % 3600 == 0 => format!("{} {h}", s / 3600),
            s if s > 0 && s % 60 == 0 => format!("{} {min}", s / 60),
            s => format!("{s} {sec}"),
        }
    }
}

fn name<K: PartialEq>(pairs: &[(K, &'static str)], key: K) -> &'static str {
    pairs
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::Words;
    use crate::kinds::{Actor, Lang, Provenance, Severity};

    /// Every value of every vocabulary has a name in both languages, and the tables list them
    /// in the order of `ALL` (their length is checked by the compiler).
    #[test]
    fn every_value_is_named() {
        for lang in [Lang::Ru, Lang::En] {
            let w = Words::of(lang);
            let keys: Vec<Severity> = w.severities.iter().map(|(k, _)| *k).collect();
            assert_eq!(keys, Severity::ALL);
            let keys: Vec<Actor> = w.actor_names.iter().map(|(k, _)| *k).collect();
            assert_eq!(keys, Actor::ALL);
            let keys: Vec<Provenance> = w.provenances.iter().map(|(k, _)| *k).collect();
            assert_eq!(keys, Provenance::ALL);
            for &s in Severity::ALL {
                assert!(!w.severity_name(s).is_empty());
            }
            for &a in Actor::ALL {
                assert!(!w.actor(a).is_empty());
            }
            for &p in Provenance::ALL {
                assert!(!w.provenance_name(p).is_empty());
            }
        }
    }
}

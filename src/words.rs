//! The fixed words of rendered explanations, in both languages.

use crate::kinds::{Actor, Lang, Provenance, Retry, Severity};

pub(crate) struct Words {
    lang: Lang,
    pub family: &'static str,
    pub details: &'static str,
    pub steps: &'static str,
    pub severity: &'static str,
    pub retry: &'static str,
    pub actors: &'static str,
    pub final_status: &'static str,
    pub sensitive: &'static str,
    pub provenance: &'static str,
    pub superseded: &'static str,
    pub related: &'static str,
    pub sources: &'static str,
    pub causes: &'static str,
    pub family_note: &'static str,
    pub support: &'static str,
}

const RU: Words = Words {
    lang: Lang::Ru,
    family: "семейство",
    details: "Подробности",
    steps: "Что делать",
    severity: "Серьёзность",
    retry: "Повтор",
    actors: "Кто действует",
    final_status: "Финальный статус",
    sensitive: "Внимание: внутренняя причина, покупателю её не показывают.",
    provenance: "Происхождение",
    superseded: "Прежнее значение",
    related: "Связанные коды",
    sources: "Источники",
    causes: "Возможные причины",
    family_note: "О семействе",
    support: "Когда обращаться в поддержку",
};

const EN: Words = Words {
    lang: Lang::En,
    family: "family",
    details: "Details",
    steps: "What to do",
    severity: "Severity",
    retry: "Retry",
    actors: "Who acts",
    final_status: "Final status",
    sensitive: "Note: an internal reason, not to be shown to the customer.",
    provenance: "Provenance",
    superseded: "Earlier meaning",
    related: "Related codes",
    sources: "Sources",
    causes: "Likely causes",
    family_note: "About the family",
    support: "When to contact support",
};

impl Words {
    pub(crate) const fn of(lang: Lang) -> &'static Words {
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

    pub(crate) fn severity_name(&self, s: Severity) -> &'static str {
        match s {
            Severity::Info => self.pick("информация", "info"),
            Severity::Warning => self.pick("временная проблема", "warning"),
            Severity::Error => self.pick("ошибка", "error"),
            Severity::Critical => self.pick("критично", "critical"),
        }
    }

    pub(crate) fn actor(&self, a: Actor) -> &'static str {
        match a {
            Actor::Customer => self.pick("клиент", "customer"),
            Actor::Merchant => self.pick("мерчант (партнёр)", "merchant"),
            Actor::QiwiSupport => self.pick("поддержка QIWI", "QIWI support"),
            Actor::IssuingBank => self.pick("банк-эмитент", "issuing bank"),
            Actor::Recipient => self.pick("получатель", "recipient"),
        }
    }

    pub(crate) fn yes_no(&self, yes: bool) -> &'static str {
        match yes {
            true => self.pick("да", "yes"),
            false => self.pick("нет", "no"),
        }
    }

    pub(crate) fn provenance_name(&self, p: Provenance) -> &'static str {
        match p {
            Provenance::Official => self.pick("официальная таблица", "official table"),
            Provenance::Community => self.pick(
                "только список сообщества (2020)",
                "community list only (2020)",
            ),
            Provenance::Inferred => self.pick("наш вывод из источников", "our inference"),
        }
    }

    pub(crate) fn retry_advice(&self, r: Retry) -> String {
        match r {
            Retry::Never => self.pick("не повторять", "do not retry").into(),
            Retry::Now => self
                .pick(
                    "можно сразу повторить тот же запрос",
                    "repeat the same request now",
                )
                .into(),
            Retry::After { seconds } => match self.lang {
                Lang::Ru => format!("повторить не раньше чем через {}", duration_ru(seconds)),
                Lang::En => format!("repeat after at least {}", duration_en(seconds)),
            },
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
                    duration_ru(window_seconds)
                ),
                Lang::En => format!(
                    "at most {max} repeat(s) per {}",
                    duration_en(window_seconds)
                ),
            },
        }
    }
}

fn duration_en(s: u32) -> String {
    match s {
        s if s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

fn duration_ru(s: u32) -> String {
    match s {
        s if s % 3600 == 0 => format!("{} ч", s / 3600),
        s if s % 60 == 0 => format!("{} мин", s / 60),
        s => format!("{s} с"),
    }
}

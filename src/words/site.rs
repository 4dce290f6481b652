//! The fixed words of the static support site (`qiwi-errors site`), in both languages.

use crate::kinds::Lang;

/// The words only the static site shows: headings, navigation, page descriptions. Reached
/// through [`Words::site`](crate::Words::site); the widget does not show them, so they are not
/// part of the serialised [`Words`](crate::Words).
///
/// Templates hold `{n}` where a number goes and `{family}` where a family's name goes.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{Lang, Words};
///
/// let site = Words::of(Lang::En).site;
/// assert_eq!(site.code_count(3), "Codes: 3");
/// assert!(site.family_description("wallet API errorCode").contains("wallet API errorCode"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct SiteWords {
    /// The name of this language in itself, on the link that switches to it.
    pub lang_name: &'static str,
    /// The site's name.
    pub name: &'static str,
    /// What the site is, for the home page's meta description.
    pub description: &'static str,
    /// The link to the home page.
    pub home: &'static str,
    /// The heading of the list of families.
    pub families: &'static str,
    /// The heading of the list of code-less problems.
    pub symptoms: &'static str,
    /// The heading of the customer text.
    pub customer: &'static str,
    /// The heading of the meanings per situation.
    pub contexts: &'static str,
    /// The heading of the superseded and disputed meanings.
    pub superseded: &'static str,
    /// The heading of a code's verdicts (severity, retry, who acts, finality).
    pub verdicts: &'static str,
    /// The column of codes in a family's table.
    pub code: &'static str,
    /// The column of titles in a family's table.
    pub title: &'static str,
    /// How many codes a family has; `{n}` is the number.
    pub code_count: &'static str,
    /// A family page's meta description; `{family}` is the family's name.
    pub family_description: &'static str,
    /// The link to a source's published documentation page.
    pub docs: &'static str,
    /// The skip link to the main content.
    pub skip: &'static str,
    /// The label of the breadcrumb navigation.
    pub breadcrumbs: &'static str,
    /// The label of the language switch.
    pub language: &'static str,
    /// What the home page says in place of the search box without JavaScript.
    pub search_fallback: &'static str,
    /// The footer's line on where the data comes from.
    pub footer: &'static str,
}

pub(super) const RU: SiteWords = SiteWords {
    lang_name: "Русский",
    name: "Коды ошибок QIWI",
    description: "Что означают коды ошибок API QIWI: что сказать клиенту, что делать разработчику, кто должен действовать и можно ли повторить запрос.",
    home: "Главная",
    families: "Семейства кодов",
    symptoms: "Проблемы без кода",
    customer: "Что сказать клиенту",
    contexts: "Значение в разных ситуациях",
    superseded: "Прежние и спорные значения",
    verdicts: "Коротко",
    code: "Код",
    title: "Значение",
    code_count: "Кодов: {n}",
    family_description: "Все коды: {family}. Что означает каждый, кто должен действовать и можно ли повторить запрос.",
    docs: "документация",
    skip: "Перейти к содержанию",
    breadcrumbs: "Навигация",
    language: "Язык",
    search_fallback: "Поиск по кодам работает с включённым JavaScript. Без него выберите семейство кодов или проблему ниже.",
    footer: "Каждый факт взят из документации QIWI; источники указаны на странице кода.",
};

pub(super) const EN: SiteWords = SiteWords {
    lang_name: "English",
    name: "QIWI error codes",
    description: "What QIWI API error codes mean: what to tell the customer, what the developer should do, who must act and whether the request may be retried.",
    home: "Home",
    families: "Code families",
    symptoms: "Problems without a code",
    customer: "What to tell the customer",
    contexts: "Meaning by situation",
    superseded: "Earlier and disputed meanings",
    verdicts: "In short",
    code: "Code",
    title: "Meaning",
    code_count: "Codes: {n}",
    family_description: "Every code of the {family}: what each one means, who must act and whether the request may be retried.",
    docs: "documentation",
    skip: "Skip to content",
    breadcrumbs: "Breadcrumbs",
    language: "Language",
    search_fallback: "The code search needs JavaScript. Without it, pick a code family or a problem below.",
    footer: "Every fact comes from QIWI's documentation; each code's page names its sources.",
};

impl SiteWords {
    /// `code_count` with its number.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{Lang, Words};
    ///
    /// assert_eq!(Words::of(Lang::Ru).site.code_count(12), "Кодов: 12");
    /// ```
    pub fn code_count(&self, n: usize) -> String {
        self.code_count.replace("{n}", &n.to_string())
    }

    /// `family_description` with the family's name.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::{Family, Lang, Words};
    ///
    /// let text = Words::of(Lang::Ru).site.family_description(Family::PsError.label(Lang::Ru));
    /// assert!(text.starts_with("Все коды: psErrorCode"));
    /// ```
    pub fn family_description(&self, family: &str) -> String {
        self.family_description.replace("{family}", family)
    }

    /// The table of `lang`; [`Words::site`](crate::Words::site) is the usual way in.
    pub(super) const fn of(lang: Lang) -> &'static SiteWords {
        match lang {
            Lang::Ru => &RU,
            Lang::En => &EN,
        }
    }
}

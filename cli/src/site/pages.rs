//! What each page of the site shows, built from the knowledge base into the templates of
//! [`super::templates`]. Every fixed word comes from [`Words`].

use super::templates::{
    Alternate, EntryPage, FamilyPage, Head, HomePage, Link, OldMeaning, RootPage, SourceView,
    SymptomPage,
};
use super::{lang_tag, Loc, LANGS, WIDGET_DIR, WIDGET_SCRIPT};
use qiwi_errors::{
    family_entries, family_note, symptoms, Entry, Family, Lang, Provenance, Symptom, Text, Words,
};
use serde_json::{json, Value};

/// The site being written: where it is published and whether the widget is there.
pub struct Site<'a> {
    /// The base URL, ending with `/`.
    pub base: &'a str,
    /// Whether `widget/` holds the built widget.
    pub widget: bool,
}

/// `text`, cut at a word before `max` characters with an ellipsis, for meta descriptions.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

/// JSON for a `<script type="application/ld+json">`: nothing in it can close the element.
fn json_ld(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Ru => Lang::En,
        Lang::En => Lang::Ru,
    }
}

impl Site<'_> {
    /// The frame of the page that `at` places in each language, in `lang`. `crumbs` are the
    /// pages above it; `data` is its JSON-LD node, to which the breadcrumbs are added.
    fn head(
        &self,
        lang: Lang,
        at: &dyn Fn(Lang) -> Loc,
        title: String,
        description: String,
        crumbs: &[(Loc, String)],
        data: Value,
    ) -> Head {
        let loc = at(lang);
        let words = Words::of(lang);
        let canonical = loc.url(self.base);
        // The root is the `x-default` of the home pages' cluster: it names them as its
        // language versions.
        let version = |l: Lang| {
            if loc == Loc::root() {
                Loc::home(l)
            } else {
                at(l)
            }
        };
        let mut alternates: Vec<Alternate> = LANGS
            .iter()
            .map(|l| Alternate {
                hreflang: lang_tag(*l),
                href: version(*l).url(self.base),
                name: Words::of(*l).site.lang_name,
            })
            .collect();
        if loc == Loc::home(lang) || loc == Loc::root() {
            alternates.push(Alternate {
                hreflang: "x-default",
                href: Loc::root().url(self.base),
                name: "",
            });
        }
        let mut graph = vec![data];
        if !crumbs.is_empty() {
            let items: Vec<Value> = crumbs
                .iter()
                .map(|(l, name)| (l.url(self.base), name.as_str()))
                .chain([(canonical.clone(), title.as_str())])
                .enumerate()
                .map(|(i, (url, name))| {
                    json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url })
                })
                .collect();
            graph.push(json!({ "@type": "BreadcrumbList", "itemListElement": items }));
        }
        let other_lang = other(lang);
        Head {
            lang: lang_tag(lang),
            title: if loc == Loc::home(lang) || loc == Loc::root() {
                title
            } else {
                format!("{title} | {}", words.site.name)
            },
            description,
            canonical,
            alternates,
            root: loc.root_prefix(),
            home: loc.href(&Loc::home(lang)),
            other: (loc != Loc::root()).then(|| Alternate {
                hreflang: lang_tag(other_lang),
                href: loc.href(&at(other_lang)),
                name: Words::of(other_lang).site.lang_name,
            }),
            crumbs: crumbs
                .iter()
                .map(|(l, name)| Link {
                    href: loc.href(l),
                    label: name.clone(),
                    title: String::new(),
                })
                .collect(),
            json_ld: json_ld(&json!({ "@context": "https://schema.org", "@graph": graph })),
        }
    }

    /// A schema.org `WebSite` node for `lang`.
    fn website(&self, lang: Lang) -> Value {
        let site = Words::of(lang).site;
        json!({ "@type": "WebSite", "name": site.name, "url": Loc::home(lang).url(self.base),
                "inLanguage": lang_tag(lang), "description": site.description })
    }

    /// The root: links to both home pages.
    pub fn root_page(&self) -> RootPage {
        let (ru, en) = (Words::of(Lang::Ru).site, Words::of(Lang::En).site);
        let title = format!("{} · {}", ru.name, en.name);
        let description = format!("{} {}", ru.description, en.description);
        let data = self.website(Lang::Ru);
        let head = self.head(Lang::Ru, &|_| Loc::root(), title, description, &[], data);
        let homes = LANGS
            .iter()
            .map(|l| Alternate {
                hreflang: lang_tag(*l),
                href: Loc::root().href(&Loc::home(*l)),
                name: Words::of(*l).site.name,
            })
            .collect();
        RootPage {
            head,
            words: Words::of(Lang::Ru),
            homes,
        }
    }

    /// A language's home page.
    pub fn home_page(&self, lang: Lang) -> HomePage {
        let words = Words::of(lang);
        let loc = Loc::home(lang);
        let families = Family::ALL
            .iter()
            .map(|f| Link {
                href: loc.href(&Loc::family(lang, *f)),
                label: f.label(lang).to_string(),
                title: words.site.code_count(family_entries(*f).count()),
            })
            .collect();
        let data = self.website(lang);
        let head = self.head(
            lang,
            &Loc::home,
            words.site.name.to_string(),
            words.site.description.to_string(),
            &[],
            data,
        );
        HomePage {
            head,
            words,
            families,
            symptoms: symptom_links(&loc, lang, symptoms()),
            widget: self
                .widget
                .then(|| format!("{}{WIDGET_DIR}/{WIDGET_SCRIPT}", loc.root_prefix())),
        }
    }

    /// A family's page.
    pub fn family_page(&self, lang: Lang, family: Family) -> FamilyPage {
        let words = Words::of(lang);
        let at = |l| Loc::family(l, family);
        let loc = at(lang);
        let rows = family_entries(family)
            .map(|e| Link {
                href: loc.href(&Loc::entry(lang, e)),
                label: e.label().to_string(),
                title: e.title().get(lang).to_string(),
            })
            .collect();
        let title = family.label(lang);
        let description = words.site.family_description(title);
        let data = json!({ "@type": "CollectionPage", "name": title, "description": description,
                           "inLanguage": lang_tag(lang), "url": loc.url(self.base) });
        let crumbs = [(Loc::home(lang), words.site.home.to_string())];
        FamilyPage {
            head: self.head(lang, &at, title.into(), description, &crumbs, data),
            words,
            title,
            note: family_note(family).map(|t| t.get(lang)),
            count: words.site.code_count(family_entries(family).count()),
            rows,
        }
    }

    /// A code's page.
    pub fn entry_page(&self, lang: Lang, e: Entry) -> EntryPage {
        let words = Words::of(lang);
        let at = |l| Loc::entry(l, e);
        let loc = at(lang);
        let label = e.label().to_string();
        let title = e.title().get(lang);
        let heading = format!("{label} — {title}");
        let description = shorten(&format!("{heading}. {}", e.customer().get(lang)), 155);
        let mut facts = vec![
            (
                words.severity,
                words.severity_name(e.severity()).to_string(),
            ),
            (words.retry, words.entry_retry_advice(e)),
        ];
        if !e.actors().is_empty() {
            let actors: Vec<&str> = e.actors().iter().map(|a| words.actor(*a)).collect();
            facts.push((words.actors, actors.join(", ")));
        }
        if let Some(is_final) = e.is_final() {
            facts.push((words.final_status, words.yes_no(is_final).to_string()));
        }
        if e.provenance() != Provenance::Official {
            facts.push((
                words.provenance,
                words.provenance_name(e.provenance()).to_string(),
            ));
        }
        let citations: Vec<&str> = e.sources().iter().filter_map(|s| s.url).collect();
        let data = json!({ "@type": "TechArticle", "headline": heading, "name": label,
            "description": description, "inLanguage": lang_tag(lang), "url": loc.url(self.base),
            "about": e.family().label(lang), "citation": citations,
            "isPartOf": { "@type": "WebSite", "name": words.site.name,
                          "url": Loc::home(lang).url(self.base) } });
        let family_loc = Loc::family(lang, e.family());
        let crumbs = [
            (Loc::home(lang), words.site.home.to_string()),
            (family_loc.clone(), e.family().label(lang).to_string()),
        ];
        let t = |text: Text| text.get(lang);
        EntryPage {
            head: self.head(lang, &at, heading, description, &crumbs, data),
            words,
            label,
            title,
            family: Link {
                href: loc.href(&family_loc),
                label: e.family().label(lang).to_string(),
                title: String::new(),
            },
            customer: t(e.customer()),
            developer: t(e.developer()),
            contexts: e
                .contexts()
                .iter()
                .map(|c| (t(c.when), t(c.meaning)))
                .collect(),
            steps: e.steps().iter().map(|s| t(*s)).collect(),
            facts,
            sensitive: e.is_sensitive(),
            note: family_note(e.family()).map(t),
            superseded: e
                .superseded()
                .iter()
                .map(|s| OldMeaning {
                    meaning: t(s.meaning),
                    note: t(s.note),
                    sources: s.sources.iter().map(SourceView::from).collect(),
                })
                .collect(),
            related: entry_links(&loc, lang, e.related()),
            sources: e.sources().iter().map(SourceView::from).collect(),
        }
    }

    /// A code-less problem's page.
    pub fn symptom_page(&self, lang: Lang, s: Symptom) -> SymptomPage {
        let words = Words::of(lang);
        let at = |l| Loc::symptom(l, s);
        let loc = at(lang);
        let t = |text: Text| text.get(lang);
        let title = t(s.title());
        let description = shorten(t(s.summary()), 155);
        let steps: Vec<&str> = s.steps().iter().map(|x| t(*x)).collect();
        let data = json!({ "@type": "HowTo", "name": title, "description": description,
            "inLanguage": lang_tag(lang), "url": loc.url(self.base),
            "step": steps.iter().map(|x| json!({ "@type": "HowToStep", "text": x })).collect::<Vec<_>>() });
        let crumbs = [(Loc::home(lang), words.site.home.to_string())];
        let related = s.related_keys().iter().filter_map(|key| {
            let (family, code) = key.split_once(':')?;
            qiwi_errors::lookup(Family::from_name(family)?, code)
        });
        SymptomPage {
            head: self.head(lang, &at, title.into(), description, &crumbs, data),
            words,
            title,
            summary: t(s.summary()),
            causes: s.causes().iter().map(|x| t(*x)).collect(),
            steps,
            support: t(s.contact_support()),
            related: entry_links(&loc, lang, related),
            sources: s.sources().iter().map(SourceView::from).collect(),
        }
    }
}

/// Links from `from` to the pages of `entries`, with their titles.
fn entry_links(from: &Loc, lang: Lang, entries: impl Iterator<Item = Entry>) -> Vec<Link> {
    entries
        .map(|r| Link {
            href: from.href(&Loc::entry(lang, r)),
            label: r.label().to_string(),
            title: r.title().get(lang).to_string(),
        })
        .collect()
}

/// Links from `from` to the pages of `symptoms`.
fn symptom_links(from: &Loc, lang: Lang, symptoms: impl Iterator<Item = Symptom>) -> Vec<Link> {
    symptoms
        .map(|s| Link {
            href: from.href(&Loc::symptom(lang, s)),
            label: s.title().get(lang).to_string(),
            title: String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(shorten("short", 155), "short");
        assert_eq!(shorten("one two three", 9), "one two…");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        assert_eq!(json_ld(&json!("</script>")), r#""\u003c/script\u003e""#);
    }
}

//! The askama templates of `cli/templates/`, one struct per page kind, and the values they
//! show; [`super::pages`] fills them from the knowledge base.

use askama::Template;
use qiwi_errors::{Source, Words};

/// What every page's `<head>` and frame show.
pub struct Head {
    /// The page's language tag.
    pub lang: &'static str,
    /// The `<title>`.
    pub title: String,
    /// The meta description.
    pub description: String,
    /// The canonical URL.
    pub canonical: String,
    /// The page in every language (and `x-default`), absolute.
    pub alternates: Vec<Alternate>,
    /// The relative path to the site's root.
    pub root: String,
    /// The relative link to this language's home page.
    pub home: String,
    /// The relative link to this page in the other language.
    pub other: Option<Alternate>,
    /// The pages above this one, as relative links.
    pub crumbs: Vec<Link>,
    /// The JSON-LD, ready for a `<script>` element.
    pub json_ld: String,
}

/// A version of a page in one language.
pub struct Alternate {
    /// `ru`, `en` or `x-default`.
    pub hreflang: &'static str,
    /// Its URL (absolute in `alternates`, relative in `other`).
    pub href: String,
    /// The language's name in itself.
    pub name: &'static str,
}

/// A link with its text and a line beside it.
pub struct Link {
    /// The relative link.
    pub href: String,
    /// The link's text.
    pub label: String,
    /// What follows the link (a title, a count); may be empty.
    pub title: String,
}

/// A source as the page shows it.
pub struct SourceView {
    /// The source's title, else its file.
    pub title: &'static str,
    /// The section in it.
    pub section: &'static str,
    /// The link to the source.
    pub url: Option<&'static str>,
    /// The link to its published documentation page.
    pub docs: Option<&'static str>,
}

impl From<&'static Source> for SourceView {
    fn from(s: &'static Source) -> Self {
        SourceView {
            title: s.title.unwrap_or(s.file),
            section: s.section,
            url: s.url,
            docs: s.docs,
        }
    }
}

/// A superseded or disputed meaning.
pub struct OldMeaning {
    /// What the code meant.
    pub meaning: &'static str,
    /// Why that is not the current meaning.
    pub note: &'static str,
    /// Where it was documented.
    pub sources: Vec<SourceView>,
}

/// Any page: its template and its frame.
pub trait Page: Template {
    /// The page's frame.
    fn head(&self) -> &Head;

    /// Its entry in the sitemap.
    fn sitemap_url(&self) -> SitemapUrl {
        let head = self.head();
        SitemapUrl {
            loc: head.canonical.clone(),
            alternates: head
                .alternates
                .iter()
                .map(|a| (a.hreflang, a.href.clone()))
                .collect(),
        }
    }
}

macro_rules! pages {
    ($($page:ident),*) => {$(impl Page for $page { fn head(&self) -> &Head { &self.head } })*};
}
pages!(RootPage, HomePage, FamilyPage, EntryPage, SymptomPage);

/// The root: a choice of language.
#[derive(Template)]
#[template(path = "root.html")]
pub struct RootPage {
    pub(super) head: Head,
    pub(super) words: &'static Words,
    pub(super) homes: Vec<Alternate>,
}

/// A language's home page: the widget, the families, the problems.
#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub(super) head: Head,
    pub(super) words: &'static Words,
    pub(super) families: Vec<Link>,
    pub(super) symptoms: Vec<Link>,
    pub(super) widget: Option<String>,
}

/// A family's page: its note and its codes.
#[derive(Template)]
#[template(path = "family.html")]
pub struct FamilyPage {
    pub(super) head: Head,
    pub(super) words: &'static Words,
    pub(super) title: &'static str,
    pub(super) note: Option<&'static str>,
    pub(super) count: String,
    pub(super) rows: Vec<Link>,
}

/// A code's page: everything the knowledge base knows about it.
#[derive(Template)]
#[template(path = "entry.html")]
pub struct EntryPage {
    pub(super) head: Head,
    pub(super) words: &'static Words,
    pub(super) label: String,
    pub(super) title: &'static str,
    pub(super) family: Link,
    pub(super) customer: &'static str,
    pub(super) developer: &'static str,
    pub(super) contexts: Vec<(&'static str, &'static str)>,
    pub(super) steps: Vec<&'static str>,
    pub(super) facts: Vec<(&'static str, String)>,
    pub(super) sensitive: bool,
    pub(super) note: Option<&'static str>,
    pub(super) superseded: Vec<OldMeaning>,
    pub(super) related: Vec<Link>,
    pub(super) sources: Vec<SourceView>,
}

/// A code-less problem's page.
#[derive(Template)]
#[template(path = "symptom.html")]
pub struct SymptomPage {
    pub(super) head: Head,
    pub(super) words: &'static Words,
    pub(super) title: &'static str,
    pub(super) summary: &'static str,
    pub(super) causes: Vec<&'static str>,
    pub(super) steps: Vec<&'static str>,
    pub(super) support: &'static str,
    pub(super) related: Vec<Link>,
    pub(super) sources: Vec<SourceView>,
}

/// `sitemap.xml`, with each page's language versions.
#[derive(Template)]
#[template(path = "sitemap.xml")]
pub struct Sitemap {
    /// Every page.
    pub urls: Vec<SitemapUrl>,
}

/// One page in the sitemap.
pub struct SitemapUrl {
    /// Its URL.
    pub loc: String,
    /// Its language versions.
    pub alternates: Vec<(&'static str, String)>,
}

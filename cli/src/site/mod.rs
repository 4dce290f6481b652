//! `qiwi-errors site OUT_DIR`: the static support site.
//!
//! One page per (family, code) and language (`ru/wallet-error/220/`), one per family
//! (`ru/wallet-error/`) and per code-less problem (`ru/symptoms/ID/`), a home page per language
//! (`ru/`) with the `<qiwi-error-explainer>` widget as its search box, a language chooser at the
//! root, one stylesheet, `sitemap.xml` and `robots.txt`. Pages are plain HTML that reads fine
//! without JavaScript; links between pages are relative, so the folder works under any path of
//! any static host; canonical URLs, hreflang alternates and the sitemap use `--base-url`.
//!
//! The pages are rendered by askama from `cli/templates/`; this module decides the paths and
//! writes the files, [`pages`] builds what each template of [`templates`] shows.

mod pages;
mod templates;

use crate::args::SiteArgs;
use crate::output::Exit;
use askama::Template;
use qiwi_errors::{entries, symptoms, Entry, Family, Lang, Symptom};
use std::path::{Path, PathBuf};

/// The languages of the site, in the order their pages are written.
pub const LANGS: [Lang; 2] = [Lang::Ru, Lang::En];

/// The path segment of the code-less problems (no family has this name).
const SYMPTOMS: &str = "symptoms";

/// The directory the built widget is copied to, and the script in it the home page loads.
const WIDGET_DIR: &str = "widget";
const WIDGET_SCRIPT: &str = "qiwi-error-explainer.js";

/// A page of the site: where it lives, as a directory path relative to the site's root
/// (`""` for the root, `"ru/wallet-error/220/"`); its file is that directory's `index.html`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loc(String);

impl Loc {
    /// The root's language chooser.
    pub fn root() -> Loc {
        Loc(String::new())
    }

    /// The home page of `lang`.
    pub fn home(lang: Lang) -> Loc {
        Loc(format!("{}/", lang_tag(lang)))
    }

    /// The page of a family.
    pub fn family(lang: Lang, family: Family) -> Loc {
        Loc(format!("{}/{}/", lang_tag(lang), family.as_str()))
    }

    /// The page of a code.
    pub fn entry(lang: Lang, entry: Entry) -> Loc {
        Loc(format!(
            "{}/{}/{}/",
            lang_tag(lang),
            entry.family().as_str(),
            slug(entry.code())
        ))
    }

    /// The page of a code-less problem.
    pub fn symptom(lang: Lang, symptom: Symptom) -> Loc {
        Loc(format!(
            "{}/{SYMPTOMS}/{}/",
            lang_tag(lang),
            slug(symptom.id())
        ))
    }

    /// How many directories deep the page is.
    fn depth(&self) -> usize {
        self.0.matches('/').count()
    }

    /// The relative path from this page to the site's root (`""` or `"../../"`).
    pub fn root_prefix(&self) -> String {
        "../".repeat(self.depth())
    }

    /// A relative link from this page to `to`.
    pub fn href(&self, to: &Loc) -> String {
        match format!("{}{}", self.root_prefix(), to.0) {
            same_dir if same_dir.is_empty() => "./".into(),
            href => href,
        }
    }

    /// The absolute URL of this page under `base` (which ends with `/`).
    pub fn url(&self, base: &str) -> String {
        format!("{base}{}", self.0)
    }

    /// The file of this page under `out`.
    fn file(&self, out: &Path) -> PathBuf {
        out.join(&self.0).join("index.html")
    }
}

/// `ru` or `en`, as in paths and `lang` attributes.
pub fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "ru",
        Lang::En => "en",
    }
}

/// A code as a path segment: letters, digits, `.`, `_` and `-` stay as they are; `>` becomes
/// `over-` and `<` `under-` (xml-payment-status `>100` is `over-100`); anything else `-`.
/// [`build`] refuses two codes of one family with the same segment.
pub fn slug(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for c in code.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '_' | '-' => out.push(c),
            '>' => out.push_str("over-"),
            '<' => out.push_str("under-"),
            _ => out.push('-'),
        }
    }
    out
}

/// What `site` needs besides the knowledge base.
#[derive(Debug)]
pub struct Options {
    /// Where the site is published, ending with `/`.
    pub base_url: String,
    /// The built widget to copy, if any.
    pub widget: Option<PathBuf>,
}

/// What a build wrote.
#[derive(Debug, Default)]
pub struct Summary {
    /// HTML pages written.
    pub pages: usize,
    /// Bytes of everything written (pages, stylesheet, sitemap, widget).
    pub bytes: u64,
    /// The largest page and its size.
    pub largest: (PathBuf, u64),
    /// Whether the widget was copied.
    pub widget: bool,
}

/// `site OUT_DIR [--base-url URL] [--widget DIR]`.
pub fn site_cmd(args: &SiteArgs) -> Result<(), Exit> {
    let base_url = normalise_base(&args.base_url).map_err(Exit::Usage)?;
    let widget = match &args.widget {
        Some(dir) if dir.join(WIDGET_SCRIPT).is_file() => Some(dir.clone()),
        Some(dir) => {
            return Err(Exit::Usage(format!(
            "--widget {}: no {WIDGET_SCRIPT} there (build it with `bash scripts/build-wasm.sh`)",
            dir.display()
        )))
        }
        None => default_widget(),
    };
    let summary = build(&args.out, &Options { base_url, widget })?;
    eprintln!(
        "wrote {} pages, {} KB in all, to {} (largest page: {}, {} KB); widget: {}",
        summary.pages,
        summary.bytes / 1024,
        args.out.display(),
        summary.largest.0.display(),
        summary.largest.1 / 1024,
        if summary.widget {
            "copied"
        } else {
            "none (run scripts/build-wasm.sh or pass --widget DIR)"
        }
    );
    Ok(())
}

/// `wasm/dist` in the current directory, else in the workspace this binary was built from.
fn default_widget() -> Option<PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wasm/dist");
    [PathBuf::from("wasm/dist"), workspace]
        .into_iter()
        .find(|dir| dir.join(WIDGET_SCRIPT).is_file())
}

/// An `http(s)://` URL with a trailing `/`.
fn normalise_base(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("--base-url {url}: must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') || url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!(
            "--base-url {url}: not a URL of a site (e.g. https://support.example.com/qiwi/)"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// Writes the whole site into `out`. The directories it owns (`ru/`, `en/`, `widget/`) are
/// emptied first, so a code that left the data leaves the site; other files in `out` stay.
///
/// # Errors
///
/// [`Exit::Io`] when a file cannot be written; [`Exit::Usage`] when two codes of a family
/// would share a page.
pub fn build(out: &Path, options: &Options) -> Result<Summary, Exit> {
    check_slugs()?;
    for owned in [lang_tag(Lang::Ru), lang_tag(Lang::En), WIDGET_DIR] {
        let dir = out.join(owned);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Exit::io(&dir, e))?;
        }
    }
    let mut writer = Writer {
        out,
        summary: Summary::default(),
        sitemap: Vec::new(),
    };
    let site = pages::Site {
        base: &options.base_url,
        widget: options.widget.is_some(),
    };
    writer.page(&Loc::root(), &site.root_page())?;
    for lang in LANGS {
        writer.page(&Loc::home(lang), &site.home_page(lang))?;
        for family in Family::ALL {
            writer.page(
                &Loc::family(lang, *family),
                &site.family_page(lang, *family),
            )?;
        }
        for entry in entries() {
            writer.page(&Loc::entry(lang, entry), &site.entry_page(lang, entry))?;
        }
        for symptom in symptoms() {
            writer.page(
                &Loc::symptom(lang, symptom),
                &site.symptom_page(lang, symptom),
            )?;
        }
    }
    writer.file("style.css", include_str!("../../templates/style.css"))?;
    writer.file("favicon.svg", include_str!("../../templates/favicon.svg"))?;
    let sitemap = templates::Sitemap {
        urls: std::mem::take(&mut writer.sitemap),
    };
    writer.file("sitemap.xml", &render(&sitemap)?)?;
    writer.file(
        "robots.txt",
        &format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            options.base_url
        ),
    )?;
    if let Some(widget) = &options.widget {
        let to = out.join(WIDGET_DIR);
        writer.summary.bytes += copy_dir(widget, &to)?;
        writer.summary.widget = true;
    }
    Ok(writer.summary)
}

/// Two codes of one family must not share a page.
fn check_slugs() -> Result<(), Exit> {
    let mut seen = std::collections::HashMap::new();
    for e in entries() {
        if let Some(other) = seen.insert((e.family(), slug(e.code())), e.code()) {
            return Err(Exit::Usage(format!(
                "{}: codes `{other}` and `{}` would share the page {}",
                e.family().as_str(),
                e.code(),
                Loc::entry(Lang::Ru, e).0
            )));
        }
    }
    Ok(())
}

fn render(template: &impl Template) -> Result<String, Exit> {
    template
        .render()
        .map_err(|e| Exit::Io(String::new(), std::io::Error::other(e)))
}

/// Writes pages and files and counts them.
struct Writer<'a> {
    out: &'a Path,
    summary: Summary,
    sitemap: Vec<templates::SitemapUrl>,
}

impl Writer<'_> {
    fn page(&mut self, loc: &Loc, page: &impl templates::Page) -> Result<(), Exit> {
        let html = render(page)?;
        let path = loc.file(self.out);
        write(&path, &html)?;
        let size = html.len() as u64;
        self.summary.pages += 1;
        self.summary.bytes += size;
        if size > self.summary.largest.1 {
            self.summary.largest = (path, size);
        }
        self.sitemap.push(page.sitemap_url());
        Ok(())
    }

    fn file(&mut self, name: &str, text: &str) -> Result<(), Exit> {
        write(&self.out.join(name), text)?;
        self.summary.bytes += text.len() as u64;
        Ok(())
    }
}

fn write(path: &Path, text: &str) -> Result<(), Exit> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Exit::io(dir, e))?;
    }
    std::fs::write(path, text).map_err(|e| Exit::io(path, e))
}

/// Copies the files of `from` into `to`, recursively; the bytes copied.
fn copy_dir(from: &Path, to: &Path) -> Result<u64, Exit> {
    std::fs::create_dir_all(to).map_err(|e| Exit::io(to, e))?;
    let mut bytes = 0;
    for item in std::fs::read_dir(from).map_err(|e| Exit::io(from, e))? {
        let item = item.map_err(|e| Exit::io(from, e))?;
        let (source, target) = (item.path(), to.join(item.file_name()));
        if source.is_dir() {
            bytes += copy_dir(&source, &target)?;
        } else {
            bytes += std::fs::copy(&source, &target).map_err(|e| Exit::io(&source, e))?;
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_codes_readable() {
        assert_eq!(slug("220"), "220");
        assert_eq!(slug("-1"), "-1");
        assert_eq!(slug("validation.error"), "validation.error");
        assert_eq!(slug(">100"), "over-100");
        assert_eq!(slug("a b/c"), "a-b-c");
    }

    #[test]
    fn links_are_relative_and_urls_absolute() {
        let page = Loc("ru/wallet-error/220/".into());
        assert_eq!(page.href(&Loc::home(Lang::En)), "../../../en/");
        assert_eq!(Loc::root().href(&Loc::root()), "./");
        assert_eq!(
            page.url("https://x.example/qiwi/"),
            "https://x.example/qiwi/ru/wallet-error/220/"
        );
    }

    #[test]
    fn base_urls_are_checked_and_end_with_a_slash() {
        assert_eq!(
            normalise_base("https://x.example/qiwi").unwrap(),
            "https://x.example/qiwi/"
        );
        assert!(normalise_base("x.example").is_err());
        assert!(normalise_base("https://").is_err());
    }
}

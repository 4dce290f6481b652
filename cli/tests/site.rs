//! `qiwi-errors site`: builds the whole site into a temporary directory and checks it as a
//! crawler would: a page for every code and problem in both languages, every internal link
//! and hreflang pair resolving, the sitemap listing every page, every page parsing as HTML
//! without a single parse error, and no page over 30 KB.

use qiwi_errors::{entries, symptoms, Family};
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

const BASE: &str = "https://support.example.com/qiwi/";
const MAX_PAGE: u64 = 30 * 1024;

/// The site, built once for every test of this file.
fn site() -> &'static Site {
    static SITE: std::sync::OnceLock<Site> = std::sync::OnceLock::new();
    SITE.get_or_init(Site::build)
}

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Every HTML page, by its path relative to the root.
    pages: BTreeMap<PathBuf, String>,
}

impl Site {
    fn build() -> Site {
        let dir = tempfile::tempdir().unwrap();
        // A stand-in for the built widget, so that the test does not depend on wasm/dist.
        let widget = dir.path().join("widget-src");
        std::fs::create_dir_all(widget.join("details")).unwrap();
        std::fs::write(widget.join("qiwi-error-explainer.js"), "// widget\n").unwrap();
        std::fs::write(widget.join("details/ps-error.json"), "{}").unwrap();
        let root = dir.path().join("public");
        let out = Command::new(env!("CARGO_BIN_EXE_qiwi-errors"))
            .args([
                "site",
                root.to_str().unwrap(),
                "--base-url",
                BASE,
                "--widget",
            ])
            .arg(&widget)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut pages = BTreeMap::new();
        collect(&root, &root, &mut pages);
        Site {
            _dir: dir,
            root,
            pages,
        }
    }

    /// The page file a URL of the site names, if the URL is the site's.
    fn file_of_url(&self, url: &str) -> Option<PathBuf> {
        let rel = url.strip_prefix(BASE)?.split('#').next().unwrap();
        Some(index_of(&self.root.join(rel), rel))
    }
}

fn collect(root: &Path, dir: &Path, pages: &mut BTreeMap<PathBuf, String>) {
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            collect(root, &path, pages);
        } else if path.extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(&path).unwrap();
            pages.insert(path.strip_prefix(root).unwrap().to_path_buf(), text);
        }
    }
}

/// A link to a directory (`ru/ps-error/04/`, `./`, or the empty path) means its `index.html`.
fn index_of(path: &Path, link: &str) -> PathBuf {
    if link.is_empty() || link.ends_with('/') {
        path.join("index.html")
    } else {
        path.to_path_buf()
    }
}

/// `..` and `.` resolved without touching the file system; `None` if it leaves the root.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn canonical(doc: &Html) -> String {
    let links = select(doc, "link[rel=canonical]");
    assert_eq!(links.len(), 1, "one canonical link");
    links[0].attr("href").unwrap().to_string()
}

/// The URL scheme is a contract with whoever links to the site: `LANG/FAMILY/CODE/`.
fn slug(code: &str) -> String {
    code.chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '_' | '-' => c.to_string(),
            '>' => "over-".into(),
            '<' => "under-".into(),
            _ => "-".into(),
        })
        .collect()
}

#[test]
fn every_code_family_and_problem_has_a_page_in_both_languages() {
    let site = site();
    for lang in ["ru", "en"] {
        assert!(site
            .pages
            .contains_key(Path::new(lang).join("index.html").as_path()));
        for family in Family::ALL {
            let page = Path::new(lang).join(family.as_str()).join("index.html");
            assert!(site.pages.contains_key(&page), "{}", page.display());
        }
        for e in entries() {
            let page = Path::new(lang)
                .join(e.family().as_str())
                .join(slug(e.code()))
                .join("index.html");
            let html = site
                .pages
                .get(&page)
                .unwrap_or_else(|| panic!("no {page:?}"));
            let doc = Html::parse_document(html);
            let h1 = select(&doc, "h1")[0].text().collect::<String>();
            assert!(h1.contains(&e.label().to_string()), "{page:?}: {h1}");
        }
        for s in symptoms() {
            let page = Path::new(lang)
                .join("symptoms")
                .join(s.id())
                .join("index.html");
            assert!(site.pages.contains_key(&page), "{}", page.display());
        }
    }
    let expected = 1 + 2 * (1 + Family::ALL.len() + entries().len() + symptoms().len());
    assert_eq!(site.pages.len(), expected);
}

#[test]
fn every_page_parses_without_errors_and_is_small() {
    let site = site();
    for (path, html) in &site.pages {
        let doc = Html::parse_document(html);
        assert!(doc.errors.is_empty(), "{path:?}: {:?}", doc.errors);
        assert!(
            html.len() as u64 <= MAX_PAGE,
            "{path:?}: {} bytes",
            html.len()
        );
        let title = select(&doc, "title")[0].text().collect::<String>();
        assert!(!title.trim().is_empty(), "{path:?}: no title");
        let description = select(&doc, "meta[name=description]");
        assert!(
            description[0].attr("content").is_some_and(|d| d.len() > 20),
            "{path:?}: no meta description"
        );
        for script in select(&doc, "script[type='application/ld+json']") {
            let json: serde_json::Value =
                serde_json::from_str(&script.text().collect::<String>()).unwrap();
            assert_eq!(json["@context"], "https://schema.org", "{path:?}");
        }
        assert_eq!(select(&doc, "h1").len(), 1, "{path:?}: one h1");
        assert_eq!(
            canonical(&doc),
            format!(
                "{BASE}{}",
                path.to_str().unwrap().trim_end_matches("index.html")
            )
        );
    }
}

#[test]
fn every_internal_link_resolves() {
    let site = site();
    let mut checked = 0;
    for (path, html) in &site.pages {
        let doc = Html::parse_document(html);
        let dir = path.parent().unwrap();
        let ids: BTreeSet<&str> = select(&doc, "[id]")
            .iter()
            .filter_map(|e| e.attr("id"))
            .collect();
        let targets = select(&doc, "a[href], link[href]")
            .into_iter()
            .filter_map(|e| e.attr("href"))
            .chain(
                select(&doc, "script[src]")
                    .into_iter()
                    .filter_map(|e| e.attr("src")),
            );
        for href in targets {
            if let Some(id) = href.strip_prefix('#') {
                assert!(ids.contains(id), "{path:?}: #{id} is not on the page");
                continue;
            }
            let file = if href.starts_with(BASE) {
                site.file_of_url(href).unwrap()
            } else if href.starts_with("https://") || href.starts_with("http://") {
                continue; // a source elsewhere
            } else {
                let target = href.split('#').next().unwrap();
                let rel = normalise(&dir.join(target))
                    .unwrap_or_else(|| panic!("{path:?}: {href} leaves the site"));
                index_of(&site.root.join(rel), target)
            };
            assert!(file.is_file(), "{path:?}: {href} -> {file:?} is missing");
            checked += 1;
        }
    }
    assert!(checked > 5_000, "only {checked} links checked");
}

#[test]
fn every_hreflang_pair_resolves_both_ways() {
    let site = site();
    let canonicals: BTreeMap<PathBuf, String> = site
        .pages
        .iter()
        .map(|(path, html)| (path.clone(), canonical(&Html::parse_document(html))))
        .collect();
    for (path, html) in &site.pages {
        let doc = Html::parse_document(html);
        let alternates: BTreeMap<&str, &str> = select(&doc, "link[rel=alternate][hreflang]")
            .iter()
            .map(|e| (e.attr("hreflang").unwrap(), e.attr("href").unwrap()))
            .collect();
        assert!(
            alternates.contains_key("ru") && alternates.contains_key("en"),
            "{path:?}: {alternates:?}"
        );
        let lang = select(&doc, "html")[0].attr("lang").unwrap();
        if path != Path::new("index.html") {
            assert_eq!(
                alternates[lang], canonicals[path],
                "{path:?}: its own language"
            );
        }
        for (hreflang, href) in &alternates {
            let file = site.file_of_url(href).unwrap();
            let rel = file.strip_prefix(&site.root).unwrap();
            let other = Html::parse_document(&site.pages[rel]);
            let back: Vec<&str> = select(&other, "link[rel=alternate][hreflang]")
                .iter()
                .filter_map(|e| e.attr("href"))
                .collect();
            assert!(
                back.contains(&canonicals[path].as_str()),
                "{path:?} -> {hreflang} {href} does not link back"
            );
        }
    }
}

#[test]
fn the_sitemap_lists_every_page() {
    let site = site();
    let xml = std::fs::read_to_string(site.root.join("sitemap.xml")).unwrap();
    assert!(xml.starts_with("<?xml"));
    let listed: BTreeSet<&str> = xml
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    let pages: BTreeSet<String> = site
        .pages
        .values()
        .map(|html| canonical(&Html::parse_document(html)))
        .collect();
    let pages: BTreeSet<&str> = pages.iter().map(String::as_str).collect();
    assert_eq!(listed, pages);
    let robots = std::fs::read_to_string(site.root.join("robots.txt")).unwrap();
    assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")));
}

#[test]
fn the_home_page_offers_the_widget_and_works_without_it() {
    let site = site();
    let doc = Html::parse_document(&site.pages[Path::new("en/index.html")]);
    let widget = select(&doc, "qiwi-error-explainer");
    assert_eq!(widget[0].attr("lang"), Some("en"));
    // Without JavaScript the element shows its fallback and the page its lists.
    assert!(!widget[0].text().collect::<String>().trim().is_empty());
    assert!(select(&doc, "main a").len() >= Family::ALL.len() + symptoms().len());
    assert!(site.root.join("widget/details/ps-error.json").is_file());
    let total: u64 = site.pages.values().map(|p| p.len() as u64).sum();
    assert!(total < 8 * 1024 * 1024, "the pages take {total} bytes");
}

#[test]
fn the_parser_reports_errors() {
    // The check above would prove nothing if the parser kept quiet: a stray end tag is an error.
    let doc = Html::parse_document("<!doctype html><html lang=en><title>x</title><p>a</div>");
    assert!(!doc.errors.is_empty());
}

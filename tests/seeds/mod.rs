//! Extracts the codes that the seed documents (`/work/shared/seeds/`) list in their code tables.
//!
//! Self-contained (std only), a module of the audit test (`tests/audit.rs`), which compares the
//! seeds with `data/*.json`.
//!
//! Every table is anchored by its heading text (or, where a table has no heading, by the sentence
//! that introduces it), never by a line number: find the anchor, then the table's header row,
//! then read rows until the table ends. The first occurrence of an anchor wins (000 repeats much
//! of its text). `003` is a dump whose original markdown lines are packed into very long physical
//! lines as `N | text N+1 | text …`; its `_error_en.html.md` part is first split back into its
//! original lines, and every row found there reports the physical line it sits on.

use std::collections::HashSet;
use std::path::Path;

/// One code found in a seed table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedCode {
    pub family: &'static str,
    pub code: String,
    pub file: &'static str,
    pub line: usize,
}

const F000: &str = "000_46617a834a5a5449.txt";
const F001: &str = "001_da40cc43aae4c1fc.txt";
const F002: &str = "002_9a27a85263fb548a.txt";
const F003: &str = "003_98b3e54d1fdd7f87.txt";

/// Reads the seed files in `dir` and returns every code that their code tables document, per
/// family.
/// Returns Err(message) if a file is missing or a table cannot be found (say which).
pub fn seed_codes(dir: &Path) -> Result<Vec<SeedCode>, String> {
    let mut out = Out::default();

    // ---- 003: wallet API dump ----
    let t003 = Doc::read(dir, F003)?;
    let sec = t003.dump_section("/_error_en.html.md:")?;
    let start = sec
        .find_line(0, |l| is_heading(l) && l.contains("Error Codes"))
        .ok_or_else(|| {
            not_found(
                F003,
                "wallet-http",
                "heading `# Error Codes` in _error_en.html.md",
            )
        })?;
    let rows = sec.pipe_table(start, F003, "wallet-http", "HTTP code")?;
    for (l, cells) in &rows {
        out.push("wallet-http", cell(cells, 0), F003, *l, is_http);
    }
    let intro = sec
        .find_line(start, |l| {
            l.contains("errorCode") && l.contains("The following errors")
        })
        .ok_or_else(|| {
            not_found(
                F003,
                "wallet-error",
                "sentence `The following errors return in `errorCode`…` in _error_en.html.md",
            )
        })?;
    let rows = sec.pipe_table(intro, F003, "wallet-error", "errorCode")?;
    for (l, cells) in &rows {
        out.push("wallet-error", cell(cells, 0), F003, *l, is_number);
    }
    // Transaction statuses of the payment history (`status` field, EN section).
    let anchor = t003
        .find_line(0, |l| l.contains("Payment status. Possible values:"))
        .ok_or_else(|| {
            not_found(
                F003,
                "wallet-txn-status",
                "`status|String| Payment status. Possible values:`",
            )
        })?;
    let mut n = 0;
    for i in anchor + 1..t003.lines.len() {
        let l = t003.lines[i].text.trim_start();
        match backticked(l) {
            Some(code) if l.starts_with('`') => {
                n += out.push(
                    "wallet-txn-status",
                    code,
                    F003,
                    t003.lines[i].phys,
                    is_upper,
                ) as usize;
            }
            _ => break,
        }
    }
    if n == 0 {
        return Err(empty(F003, "wallet-txn-status"));
    }

    // ---- 000: community wallet list, identification API ----
    let t000 = Doc::read(dir, F000)?;
    let a = t000
        .find_line(0, |l| {
            l.trim() == "Предлагаю расширить коды ошибок для транзакций:"
        })
        .ok_or_else(|| {
            not_found(
                F000,
                "wallet-error",
                "`Предлагаю расширить коды ошибок для транзакций:` (community JSON list)",
            )
        })?;
    let open = t000
        .find_line_within(a + 1, 4, |l| l.trim() == "{")
        .ok_or_else(|| {
            not_found(
                F000,
                "wallet-error",
                "the `{` opening the community JSON list",
            )
        })?;
    let mut n = 0;
    for i in open + 1..t000.lines.len() {
        let l = t000.lines[i].text.trim();
        if l.starts_with('}') || l.is_empty() {
            break;
        }
        if let Some(code) = quoted(l) {
            n += out.push("wallet-error", code, F000, t000.lines[i].phys, is_number) as usize;
        }
    }
    if n == 0 {
        return Err(empty(F000, "wallet-error (community JSON)"));
    }
    let ident: [PlainSpec; 5] = [
        (
            "ident-http",
            "HTTP-статусы и формат ответов",
            "Код ",
            is_http,
        ),
        (
            "ident-error",
            "Возможные коды ошибок (атрибут errorCode)",
            "Код ",
            is_dotted,
        ),
        ("ident-status", "Статусы заявки", "Статус ", is_upper),
        (
            "ident-reason",
            "Код причины полученного уровня идентификации",
            "Код ",
            is_dotted,
        ),
        ("ident-level", "Уровень идентификации", "Уровень ", is_upper),
    ];
    for (family, heading, header, valid) in ident {
        let rows = t000.plain_table(F000, family, heading, header)?;
        push_plain(&mut out, family, F000, &rows, valid)?;
    }

    // ---- 001: XML top-up / payout protocol ----
    let t001 = Doc::read(dir, F001)?;
    let xml: [PlainSpec; 3] = [
        (
            "xml-payment-status",
            "Статусы платежей",
            "Статус ",
            is_status_range,
        ),
        (
            "xml-payment-result",
            "Коды ошибок обработки платежа",
            "Код обработки",
            is_number,
        ),
        (
            "xml-request-result",
            "Коды ошибок обработки запроса",
            "Код ошибки",
            is_number,
        ),
    ];
    for (family, heading, header, valid) in xml {
        let rows = t001.plain_table(F001, family, heading, header)?;
        push_plain(&mut out, family, F001, &rows, valid)?;
    }

    // ---- 002: payment-acceptance protocol (markdown) ----
    let t002 = Doc::read(dir, F002)?;
    let md: [PipeSpec; 4] = [
        ("payment-http", "{#http-errors}", 0, is_http),
        ("payment-operation-type", "{#operation-types}", 0, is_upper),
        ("payment-reason", "{#reason-codes}", 0, is_upper),
        ("ps-error", "{#ps-error-codes}", 0, is_ps_code),
    ];
    for (family, id, col, valid) in md {
        let h = t002
            .find_line(0, |l| is_heading(l) && l.contains(id))
            .ok_or_else(|| not_found(F002, family, &format!("heading with `{id}`")))?;
        let rows = t002.pipe_table(h, F002, family, "")?;
        let mut n = 0;
        for (l, cells) in &rows {
            n += out.push(family, cell(cells, col), F002, *l, valid) as usize;
        }
        if n == 0 {
            return Err(empty(F002, family));
        }
    }
    // Operation statuses: column 2 ("Статус операции") of both status tables, plus the status
    // that the notice after the API table names for bills (CREATED).
    for id in ["{#api-statuses}", "{#notification-statuses}"] {
        let h = t002
            .find_line(0, |l| is_heading(l) && l.contains(id))
            .ok_or_else(|| not_found(F002, "payment-status", &format!("heading with `{id}`")))?;
        let rows = t002.pipe_table(h, F002, "payment-status", "Статус операции")?;
        let col = header_col(&t002, h, "Статус операции").unwrap_or(1);
        for (l, cells) in &rows {
            out.push("payment-status", cell(cells, col), F002, *l, is_upper);
        }
        if id == "{#api-statuses}" {
            let end = t002
                .find_line(h + 1, is_heading)
                .unwrap_or(t002.lines.len());
            let notice = (h + 1..end)
                .find(|&i| {
                    t002.lines[i].text.contains("class=\"notice\"")
                        && t002.lines[i].text.contains("статус")
                })
                .ok_or_else(|| {
                    not_found(
                        F002,
                        "payment-status",
                        "the notice (`<aside class=\"notice\">… статус …`) in {#api-statuses}",
                    )
                })?;
            for w in upper_words(&t002.lines[notice].text) {
                out.push("payment-status", w, F002, t002.lines[notice].phys, is_upper);
            }
        }
    }

    Ok(out.codes)
}

// ------------------------------------------------------------------------------------------------

/// (family, heading, header-row prefix, code shape) of a plain-text table.
type PlainSpec = (&'static str, &'static str, &'static str, fn(&str) -> bool);
/// (family, heading `{#id}`, code column, code shape) of a markdown pipe table.
type PipeSpec = (&'static str, &'static str, usize, fn(&str) -> bool);

#[derive(Default)]
struct Out {
    codes: Vec<SeedCode>,
    seen: HashSet<(String, String)>,
}

impl Out {
    /// Adds a code if `valid` accepts it and (family, code) is new; returns whether it was valid.
    fn push(
        &mut self,
        family: &'static str,
        code: &str,
        file: &'static str,
        line: usize,
        valid: fn(&str) -> bool,
    ) -> bool {
        let code = code.trim();
        if !valid(code) {
            return false;
        }
        if self.seen.insert((family.to_string(), code.to_string())) {
            self.codes.push(SeedCode {
                family,
                code: code.to_string(),
                file,
                line,
            });
        }
        true
    }
}

fn push_plain(
    out: &mut Out,
    family: &'static str,
    file: &'static str,
    rows: &[(usize, String)],
    valid: fn(&str) -> bool,
) -> Result<(), String> {
    let mut n = 0;
    for (line, row) in rows {
        if let Some(code) = plain_code(row) {
            n += out.push(family, &code, file, *line, valid) as usize;
        }
    }
    if n == 0 {
        return Err(empty(file, family));
    }
    Ok(())
}

fn not_found(file: &str, family: &str, what: &str) -> String {
    format!("{file}: table for `{family}` not found: no {what}")
}

fn empty(file: &str, family: &str) -> String {
    format!("{file}: table for `{family}` found but no code rows could be read")
}

/// One logical line of a document: its text and the 1-based physical line it sits on.
struct Line {
    text: String,
    phys: usize,
}

struct Doc {
    lines: Vec<Line>,
}

impl Doc {
    fn read(dir: &Path, name: &str) -> Result<Doc, String> {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("seed file missing or unreadable: {}: {e}", path.display()))?;
        let lines = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| Line {
                text: l.trim_end_matches('\r').to_string(),
                phys: i + 1,
            })
            .collect();
        Ok(Doc { lines })
    }

    fn find_line(&self, from: usize, pred: impl Fn(&str) -> bool) -> Option<usize> {
        (from..self.lines.len()).find(|&i| pred(&self.lines[i].text))
    }

    fn find_line_within(
        &self,
        from: usize,
        max: usize,
        pred: impl Fn(&str) -> bool,
    ) -> Option<usize> {
        (from..self.lines.len().min(from + max)).find(|&i| pred(&self.lines[i].text))
    }

    /// A plain-text table (000, 001): a line that is the heading, then (within a few lines) a
    /// header row starting with `header`, then rows up to the first blank line.
    fn plain_table(
        &self,
        file: &str,
        family: &str,
        heading: &str,
        header: &str,
    ) -> Result<Vec<(usize, String)>, String> {
        let h = self
            .find_line(0, |l| normalize_heading(l) == heading)
            .ok_or_else(|| not_found(file, family, &format!("heading `{heading}`")))?;
        let hdr = self
            .find_line_within(h + 1, 12, |l| l.trim_start().starts_with(header))
            .ok_or_else(|| {
                not_found(
                    file,
                    family,
                    &format!("header row `{}…` after heading `{heading}`", header.trim()),
                )
            })?;
        let mut rows = Vec::new();
        for l in &self.lines[hdr + 1..] {
            if l.text.trim().is_empty() {
                break;
            }
            rows.push((l.phys, l.text.clone()));
        }
        Ok(rows)
    }

    /// A markdown pipe table: the first line with `|` (containing `header`) at or after `from`,
    /// a separator row, then rows up to the first line that is blank or has no `|`.
    fn pipe_table(
        &self,
        from: usize,
        file: &str,
        family: &str,
        header: &str,
    ) -> Result<Vec<(usize, Vec<String>)>, String> {
        let hdr = self
            .find_line(from + 1, |l| l.contains('|') && l.contains(header))
            .filter(|&i| i + 1 < self.lines.len() && is_separator(&self.lines[i + 1].text))
            .ok_or_else(|| {
                not_found(
                    file,
                    family,
                    &format!(
                        "pipe table (header `{header}`, then `---|---`) after line {}",
                        self.lines[from].phys
                    ),
                )
            })?;
        let mut rows = Vec::new();
        for l in &self.lines[hdr + 2..] {
            let t = l.text.trim();
            if t.is_empty() || !t.contains('|') {
                break;
            }
            rows.push((l.phys, split_cells(t)));
        }
        if rows.is_empty() {
            return Err(empty(file, family));
        }
        Ok(rows)
    }

    /// The part of a `N | text` dump that follows `marker` (`/_error_en.html.md:`) up to the
    /// next file marker (80 dashes and ` /`), split back into its original numbered lines.
    fn dump_section(&self, marker: &str) -> Result<Doc, String> {
        let dashes = "-".repeat(80);
        let start = self
            .find_line(0, |l| l.contains(marker))
            .ok_or_else(|| format!("{F003}: section `{marker}` not found"))?;
        // Join the physical lines from `start` on, remembering where each one begins.
        let mut joined = String::new();
        let mut starts: Vec<(usize, usize)> = Vec::new(); // (byte offset, physical line)
        for l in &self.lines[start..] {
            starts.push((joined.len(), l.phys));
            joined.push_str(&l.text);
            joined.push('\n');
            let after = joined.find(marker).map_or(0, |i| i + marker.len());
            if joined[after..]
                .trim_start_matches(|c: char| c == '-' || c.is_whitespace())
                .contains(&format!("{dashes} /"))
            {
                break;
            }
        }
        let phys_at = |off: usize| match starts.binary_search_by(|&(o, _)| o.cmp(&off)) {
            Ok(i) => starts[i].1,
            Err(i) => starts[i - 1].1,
        };
        let mut pos = joined.find(marker).unwrap() + marker.len();
        // Skip the dashes that close the file marker.
        pos += joined[pos..].len()
            - joined[pos..]
                .trim_start_matches(|c: char| c == '-' || c.is_whitespace())
                .len();
        let end = joined[pos..]
            .find(&format!("{dashes} /"))
            .map_or(joined.len(), |e| pos + e);
        let body = &joined[..end];
        if !body[pos..].starts_with("1 |") {
            return Err(format!(
                "{F003}: section `{marker}` does not start with `1 |`"
            ));
        }
        let mut lines = Vec::new();
        let mut n = 1usize;
        let mut cur = pos + format!("{n} |").len(); // start of line n's text
        loop {
            let next = find_number_marker(body, cur, n + 1);
            let stop = next.map_or(body.len(), |(at, _)| at);
            lines.push(Line {
                text: body[cur..stop].trim().to_string(),
                phys: phys_at(cur.min(body.len().saturating_sub(1))),
            });
            match next {
                Some((_, text_start)) => {
                    n += 1;
                    cur = text_start;
                }
                None => break,
            }
        }
        Ok(Doc { lines })
    }
}

/// Finds `N |` preceded by whitespace and followed by whitespace or the end, from `from`.
/// Returns (offset of N, offset just after `|`).
fn find_number_marker(s: &str, from: usize, n: usize) -> Option<(usize, usize)> {
    let pat = format!("{n} |");
    let mut at = from;
    while let Some(i) = s[at..].find(&pat) {
        let i = at + i;
        let before_ok = i > 0 && s[..i].ends_with(|c: char| c.is_whitespace());
        let after = i + pat.len();
        let after_ok = after >= s.len() || s[after..].starts_with(|c: char| c.is_whitespace());
        if before_ok && after_ok {
            return Some((i, after));
        }
        at = i + pat.len();
    }
    None
}

fn is_heading(l: &str) -> bool {
    l.trim_start().starts_with('#')
}

/// `## Text {#id}:` → `Text`.
fn normalize_heading(l: &str) -> &str {
    let mut t = l.trim().trim_start_matches('#').trim();
    if let Some(i) = t.find("{#") {
        if t.ends_with('}') {
            t = t[..i].trim();
        }
    }
    t.trim_end_matches(':').trim()
}

fn is_separator(l: &str) -> bool {
    let t = l.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

fn split_cells(row: &str) -> Vec<String> {
    let t = row.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_string()).collect()
}

fn cell(cells: &[String], i: usize) -> &str {
    cells.get(i).map_or("", |s| s.as_str())
}

fn header_col(doc: &Doc, from: usize, header: &str) -> Option<usize> {
    let i = doc.find_line(from + 1, |l| l.contains('|') && l.contains(header))?;
    split_cells(&doc.lines[i].text)
        .iter()
        .position(|c| c == header)
}

/// The code of a plain-text row: its first word, with `> 100` read as `>100`.
fn plain_code(row: &str) -> Option<String> {
    let t = row.trim();
    if let Some(rest) = t.strip_prefix('>') {
        let num = rest.split_whitespace().next()?;
        return Some(format!(">{num}"));
    }
    t.split_whitespace().next().map(str::to_string)
}

/// The text between the first pair of double quotes.
fn quoted(l: &str) -> Option<&str> {
    let a = l.find('"')? + 1;
    let b = a + l[a..].find('"')?;
    Some(&l[a..b])
}

/// The text between the first pair of backticks.
fn backticked(l: &str) -> Option<&str> {
    let a = l.find('`')? + 1;
    let b = a + l[a..].find('`')?;
    Some(&l[a..b])
}

/// Words of 3+ characters in `A-Z`, `0-9`, `_` starting with a letter (e.g. `CREATED`).
fn upper_words(l: &str) -> Vec<&str> {
    l.split(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        .filter(|w| w.len() >= 3 && is_upper(w))
        .collect()
}

fn is_http(s: &str) -> bool {
    s.len() == 3
        && s.bytes().all(|b| b.is_ascii_digit())
        && (b'1'..=b'5').contains(&s.as_bytes()[0])
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `-1`, `0-49`, `60`, `>100`.
fn is_status_range(s: &str) -> bool {
    if let Some(r) = s.strip_prefix('>') {
        return is_number(r);
    }
    let s = s.strip_prefix('-').unwrap_or(s);
    match s.split_once('-') {
        Some((a, b)) => is_number(a) && is_number(b),
        None => is_number(s),
    }
}

fn is_upper(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

fn is_dotted(s: &str) -> bool {
    s.contains('.')
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.')
}

fn is_ps_code(s: &str) -> bool {
    s.len() == 2
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

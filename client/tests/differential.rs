//! The differential test (issue 22): the middleware's judgment of an answer against the
//! library's `judge` of the same (status, body, API), for every `body` and `fragment` row of
//! eval/queries.tsv under every API. The simulation's scenarios are compared the same way in
//! `simulation.rs`. Disagreements in outcome or decided action are counted and must be 0.

use qiwi_errors::retry::{judge, Reply};
use qiwi_errors_reqwest::{Api, QiwiError, QiwiRetry, Step, Steps};
use reqwest_middleware::{ClientBuilder, Middleware, Next};

/// Reads a TSV field: `\n`, `\t`, `\\` unescaped.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The status and body of a pasted answer: an `HTTP/1.x NNN` status line gives the status
/// (and the header lines after it are not body); without one, 200 and the whole text.
fn answer_of(text: &str) -> (u16, String) {
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = lines.iter().position(|l| {
        let l = l.trim_start();
        (l.starts_with("HTTP/1.1 ") || l.starts_with("HTTP/1.0 "))
            && l[9..].len() >= 3
            && l[9..12].bytes().all(|b| b.is_ascii_digit())
    }) else {
        return (200, text.to_string());
    };
    let status: u16 = lines[at].trim_start()[9..12].parse().unwrap_or(200);
    let mut rest = &lines[at + 1..];
    while let Some(line) = rest.first() {
        let header = line.split_once(':').is_some_and(|(name, _)| {
            !name.is_empty()
                && !name.contains(' ')
                && !name.contains('{')
                && !name.contains('"')
                && !name.contains('<')
        });
        if line.trim().is_empty() {
            rest = &rest[1..];
            break;
        }
        if !header {
            break;
        }
        rest = &rest[1..];
    }
    (status, rest.join("\n"))
}

fn rows() -> Vec<(String, u16, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../eval/queries.tsv");
    let text = std::fs::read_to_string(path).expect("eval/queries.tsv");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let category = fields.next()?;
            let query = fields.next()?;
            matches!(category, "body" | "fragment").then(|| {
                let (status, body) = answer_of(&unescape(query));
                (category.to_string(), status, body)
            })
        })
        .collect()
}

/// A transport that gives the same answer to every request.
struct Fixed {
    status: u16,
    body: String,
}

#[async_trait::async_trait]
impl Middleware for Fixed {
    async fn handle(
        &self,
        request: reqwest::Request,
        _extensions: &mut http::Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        use reqwest::ResponseBuilderExt;
        let response = http::Response::builder()
            .status(self.status)
            .url(request.url().clone())
            .body(self.body.clone())
            .expect("a response");
        Ok(response.into())
    }
}

/// The middleware's judgment of the first answer of a call.
async fn first_step(api: qiwi_errors::Api, status: u16, body: &str) -> Step {
    let client = ClientBuilder::new(reqwest::Client::new())
        .with(QiwiRetry::new(Api::of(api)))
        .with(Fixed {
            status,
            body: body.to_string(),
        })
        .build();
    let result = client
        .post("http://127.0.0.1:9/differential")
        .body("{}")
        .send()
        .await;
    let steps = match &result {
        Ok(response) => response
            .extensions()
            .get::<Steps>()
            .expect("the steps of the call")
            .0
            .clone(),
        Err(e) => QiwiError::from_error(e)
            .expect("a QiwiError")
            .steps()
            .to_vec(),
    };
    steps[0]
}

#[tokio::test(start_paused = true)]
async fn the_middleware_judges_every_eval_answer_as_the_library_does() {
    let rows = rows();
    assert!(rows.len() >= 80, "{} rows", rows.len());
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for (category, status, body) in &rows {
        for api in qiwi_errors::Api::ALL.iter().copied() {
            let step = first_step(api, *status, body).await;
            let library = judge(&Reply::new(*status, body).api(api));
            compared += 1;
            let action = library.decision.as_ref().map(|d| d.action);
            if step.outcome != library.outcome || step.action != action {
                disagreements.push(format!(
                    "{category} {api} HTTP {status}: middleware {:?} {:?}, library {:?} {:?}: {}",
                    step.outcome,
                    step.action,
                    library.outcome,
                    action,
                    body.chars().take(80).collect::<String>()
                ));
            }
        }
    }
    println!(
        "differential (eval/queries.tsv): {} rows x {} APIs = {compared} answers compared, {} disagreements",
        rows.len(),
        qiwi_errors::Api::ALL.len(),
        disagreements.len()
    );
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

#[test]
fn status_lines_and_escapes_are_read() {
    assert_eq!(unescape(r"a\nb\tc\\d"), "a\nb\tc\\d");
    assert_eq!(
        answer_of("HTTP/1.1 500 Internal Server Error\nContent-Type: text/xml\n<response/>"),
        (500, "<response/>".to_string())
    );
    assert_eq!(answer_of("{\"a\": 1}"), (200, "{\"a\": 1}".to_string()));
}

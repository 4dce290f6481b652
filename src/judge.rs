//! The one judgment of an answer: what came back from one request (the API, the HTTP status,
//! `Retry-After`, the body, whether it arrived whole) read into one diagnosis, one failure and
//! one outcome. The CLI, the widget, the site and the `qiwi-errors-reqwest` middleware all
//! read answers here, so they cannot disagree about the same response.

use crate::diagnose::{diagnose, BodyFormat, DiagnoseError, Diagnosis};
use crate::kinds::{Api, Family};
use crate::retry_rules::{Failure, RetryAction, RetryDecision, RetryPolicy};
use serde::Serialize;
use std::time::{Duration, SystemTime};

/// What came back from one request, as a client has it.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::{judge, Outcome, Reply};
/// use qiwi_errors::Api;
///
/// let body = r#"{"status": {"value": "DECLINED", "reasonCode": "ACQUIRING_INSUFFICIENT_FUNDS", "psErrorCode": "51"}}"#;
/// let judgment = judge(&Reply::new(200, body).api(Api::PaymentProtocol));
/// assert_eq!(judgment.outcome, Outcome::Failed);
/// assert_eq!(judgment.failure.unwrap().entry.unwrap().key(), "ps-error:51");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reply<'a> {
    api: Option<Api>,
    status: Option<u16>,
    body: &'a str,
    complete: bool,
    retry_after: Option<Duration>,
}

impl<'a> Reply<'a> {
    /// An answer with an HTTP status and its body (empty when there was none).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Reply;
    ///
    /// assert_eq!(Reply::new(500, "").status(), Some(500));
    /// ```
    pub const fn new(status: u16, body: &'a str) -> Self {
        Reply {
            api: None,
            status: Some(status),
            body,
            complete: true,
            retry_after: None,
        }
    }

    /// No answer at all: the connection failed or timed out after the request may have been
    /// sent.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{judge, Outcome, Reply};
    ///
    /// assert_eq!(judge(&Reply::none()).outcome, Outcome::Unknown);
    /// ```
    pub const fn none() -> Self {
        Reply {
            api: None,
            status: None,
            body: "",
            complete: false,
            retry_after: None,
        }
    }

    /// The API that answered; it decides how HTTP statuses and `2xx` bodies are read.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Reply;
    /// use qiwi_errors::Api;
    ///
    /// assert_eq!(Reply::new(200, "").api(Api::Xml).api_of(), Some(Api::Xml));
    /// ```
    pub const fn api(mut self, api: Api) -> Self {
        self.api = Some(api);
        self
    }

    /// The API given with [`api`](Self::api), if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Reply;
    ///
    /// assert_eq!(Reply::new(200, "").api_of(), None);
    /// ```
    pub const fn api_of(&self) -> Option<Api> {
        self.api
    }

    /// The HTTP status, `None` when nothing came back.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Reply;
    ///
    /// assert_eq!(Reply::none().status(), None);
    /// ```
    pub const fn status(&self) -> Option<u16> {
        self.status
    }

    /// The body could not be read whole (the connection closed inside it, or it was longer
    /// than the client reads): where the body decides, the answer is unknown.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{judge, Outcome, Reply};
    /// use qiwi_errors::Api;
    ///
    /// let cut = Reply::new(200, r#"{"status": {"value": "DECL"#).api(Api::PaymentProtocol).truncated();
    /// assert_eq!(judge(&cut).outcome, Outcome::Unknown);
    /// ```
    pub const fn truncated(mut self) -> Self {
        self.complete = false;
        self
    }

    /// The `Retry-After` header's value, in either form (RFC 9110 §10.2.3): seconds, or an
    /// HTTP date read against `now`. A value that is neither is ignored; a date in the past
    /// means no wait.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Reply;
    /// use std::time::{Duration, SystemTime};
    ///
    /// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
    /// let r = Reply::new(503, "").retry_after("Sun, 06 Nov 1994 08:51:37 GMT", now);
    /// assert_eq!(r.retry_after_of(), Some(Duration::from_secs(120)));
    /// assert_eq!(Reply::new(429, "").retry_after(" 30 ", now).retry_after_of(), Some(Duration::from_secs(30)));
    /// assert_eq!(Reply::new(429, "").retry_after("soon", now).retry_after_of(), None);
    /// ```
    pub fn retry_after(mut self, value: &str, now: SystemTime) -> Self {
        self.retry_after = parse_retry_after(value, now);
        self
    }

    /// The wait the answer asked for, if it sent a `Retry-After`.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Reply;
    ///
    /// assert_eq!(Reply::new(429, "").retry_after_of(), None);
    /// ```
    pub const fn retry_after_of(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Whether the request may still be on its way behind this answer, judged `judgment`:
    /// nothing came back, the body was cut off, or a proxy answered in the API's place. What
    /// a [`Call`](crate::retry::Call) is told with [`record`](crate::retry::Call::record).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{judge, Reply};
    /// use qiwi_errors::Api;
    ///
    /// let none = Reply::none();
    /// assert!(none.may_be_in_flight(&judge(&none)));
    /// let proxy = Reply::new(502, "<html>Bad Gateway</html>").api(Api::PaymentProtocol);
    /// assert!(proxy.may_be_in_flight(&judge(&proxy)));
    /// let own = Reply::new(500, "").api(Api::PaymentProtocol);
    /// assert!(!own.may_be_in_flight(&judge(&own)));
    /// ```
    pub fn may_be_in_flight(&self, judgment: &Judgment) -> bool {
        self.status.is_none() || !self.complete || judgment.failure.is_some_and(|f| f.foreign)
    }
}

fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// What an answer means for the operation that was asked for.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::Outcome;
///
/// assert_eq!(serde_json::to_string(&Outcome::Unknown).unwrap(), "\"unknown\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Outcome {
    /// The operation went through (or the answer reports no failure).
    Succeeded,
    /// The answer is a definite statement that this operation did not go through.
    Failed,
    /// Whether it went through is not known: the request may have been processed (no answer,
    /// a 5xx, a proxy's page, an XML request error, a body that could not be read, a payment
    /// still in progress). Query the operation's status; never treat it as declined.
    Unknown,
}

/// One answer, judged: the diagnosis of its body, the failure it reports, what that means for
/// the operation, and (from a [`RetryPolicy`]) what to do next.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::{judge, Outcome, Reply, RetryAction};
/// use qiwi_errors::Api;
///
/// let proxy = Reply::new(502, "<html><body><h1>502 Bad Gateway</h1></body></html>").api(Api::PaymentProtocol);
/// let judgment = judge(&proxy);
/// assert_eq!(judgment.outcome, Outcome::Unknown);
/// assert_eq!(judgment.decision.unwrap().action, RetryAction::CheckStatus);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Judgment {
    /// What the answer means for the operation.
    pub outcome: Outcome,
    /// The failure the answer reports; `None` when it reports none.
    pub failure: Option<Failure>,
    /// What to do next; `None` when nothing failed.
    pub decision: Option<RetryDecision>,
    /// The diagnosis of the body, when there was one that could be read.
    pub diagnosis: Option<Diagnosis>,
    /// The wait the answer asked for with `Retry-After`.
    pub retry_after: Option<Duration>,
}

/// Judges one answer with a fresh [`RetryPolicy`]: the advice for an answer seen on its own,
/// as the CLI, the widget and the site give it. A client that repeats requests keeps one policy
/// per operation and calls [`RetryPolicy::judge`] instead.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::{judge, Outcome, Reply, RetryAction};
/// use qiwi_errors::Api;
///
/// let j = judge(&Reply::new(500, "").api(Api::PaymentProtocol));
/// assert_eq!(j.decision.unwrap().action, RetryAction::Now);
/// let j = judge(&Reply::new(500, "").api(Api::Xml));
/// assert_eq!(j.decision.unwrap().action, RetryAction::CheckStatus);
/// assert_eq!(judge(&Reply::new(200, "{}").api(Api::Wallet)).outcome, Outcome::Succeeded);
/// ```
pub fn judge(reply: &Reply<'_>) -> Judgment {
    RetryPolicy::new().judge(reply, Duration::ZERO)
}

impl RetryPolicy {
    /// Judges one answer of the operation this policy keeps: reads it (see [`judge`]), records
    /// the failure at `now` and decides, never before the answer's `Retry-After`.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Outcome, Reply, RetryAction, RetryPolicy};
    /// use qiwi_errors::Api;
    /// use std::time::{Duration, SystemTime};
    ///
    /// let mut policy = RetryPolicy::new();
    /// let busy = Reply::new(429, "").api(Api::Wallet).retry_after("120", SystemTime::now());
    /// let j = policy.judge(&busy, Duration::ZERO);
    /// assert_eq!(j.outcome, Outcome::Failed);
    /// assert_eq!(j.decision.unwrap().action, RetryAction::After { seconds: 120 });
    /// ```
    pub fn judge(&mut self, reply: &Reply<'_>, now: Duration) -> Judgment {
        let (failure, diagnosis) = read(reply);
        let decision = failure.as_ref().map(|f| {
            let mut decision = self.decide(f, now);
            self.hold_to_retry_after(&mut decision, reply.retry_after, now);
            decision
        });
        let outcome = match (&failure, &decision) {
            (None, _) => Outcome::Succeeded,
            (Some(f), Some(d)) => outcome_of(f, d),
            (Some(_), None) => Outcome::Unknown,
        };
        Judgment {
            outcome,
            failure,
            decision,
            diagnosis,
            retry_after: reply.retry_after,
        }
    }
}

/// Reads an answer into the failure it reports (`None`: none) and the diagnosis of its body.
fn read(reply: &Reply<'_>) -> (Option<Failure>, Option<Diagnosis>) {
    let Some(status) = reply.status else {
        // No answer: nothing is known, and the request may have gone through.
        let failure = Failure {
            api: reply.api,
            ..Failure::new()
        };
        return (Some(failure), None);
    };
    let success = (200..300).contains(&status);
    // Where a 2xx answer's body can still report the operation's failure: the payment
    // protocol (an operation DECLINED), the XML protocol (result-code, payment status), the
    // invoice, Pull and QIWI PAY APIs (result and error codes). The wallet and identification
    // APIs' 2xx answers carry the data asked for (a rejected application is data, not a failed
    // request).
    let body_decides = !matches!(reply.api, Some(Api::Wallet | Api::Identification));
    if success && !body_decides {
        return (None, None);
    }
    if (300..400).contains(&status) || status < 200 {
        return (None, None);
    }
    let pasted = format!("HTTP/1.1 {status} \r\n\r\n{}", reply.body);
    let diagnosis = diagnose(&pasted);
    let unknown = |foreign: bool| {
        let mut failure = Failure {
            api: reply.api,
            foreign,
            http_status: Some(status),
            http_family: reply.api.and_then(Api::http_family),
            empty_body: Some(reply.body.trim().is_empty()),
            ..Failure::new()
        };
        if !success {
            failure.entry = failure
                .http_family
                .and_then(|f| crate::lookup::lookup(f, &status.to_string()));
        }
        failure
    };
    if !reply.complete {
        // A body cut off says nothing reliable: where it decides, the outcome is unknown.
        return (Some(unknown(false)), diagnosis.ok());
    }
    let diagnosis = match diagnosis {
        Ok(d) => d,
        Err(DiagnoseError::Empty) if success && status != 204 => {
            return (Some(unknown(false)), None);
        }
        Err(DiagnoseError::Empty) => return (None, None),
        // Not the API's own JSON or XML: a proxy's page, or a body cut short.
        Err(_) if success => return (Some(unknown(false)), None),
        Err(_) => return (Some(unknown(true)), None),
    };
    let empty = reply.body.trim().is_empty();
    // A body the reader found nothing in is not the API's own answer unless it was empty:
    // a proxy's text or HTML page, or a JSON error of the proxy's own.
    let own = empty || diagnosis.findings.iter().any(|f| f.field != "HTTP status") || status < 500;
    let mut failure = match diagnosis.failure() {
        Some(f) => f,
        None => match pending(&diagnosis) {
            Some(f) => f,
            // An XML answer must carry its result ("incorrect XML documents (no required
            // tag/attribute)" leave the payment's status unknown, topup-wallet-docs).
            None if success
                && status != 204
                && (diagnosis.format == BodyFormat::Empty
                    || (reply.api == Some(Api::Xml)
                        && diagnosis.findings.iter().all(|f| f.field == "HTTP status"))) =>
            {
                unknown(false)
            }
            None => return (None, Some(diagnosis)),
        },
    };
    failure.foreign = !own;
    failure.empty_body = Some(empty);
    if let Some(api) = reply.api {
        failure.api = Some(api);
        failure.http_family = api.http_family().filter(|_| failure.http_status.is_some());
        // The HTTP status read in the API's own table, not a guessed one.
        if failure.entry.is_none_or(|e| e.family().is_http()) && !success {
            failure.entry = failure
                .http_family
                .and_then(|f| crate::lookup::lookup(f, &status.to_string()));
        }
    }
    (Some(failure), Some(diagnosis))
}

/// An XML payment status that is not final yet (`0-49`, `50-59`): accepted, not done.
fn pending(d: &Diagnosis) -> Option<Failure> {
    let status = d
        .findings
        .iter()
        .find(|f| f.family == Family::XmlPaymentStatus)?;
    let entry = status.entry?;
    (entry.is_final() == Some(false)).then(|| {
        let mut failure = Failure::entry(entry);
        failure.payment_status = status.value.parse().ok();
        failure.http_status = d.http_status;
        failure.api = Some(Api::Xml);
        failure
    })
}

/// Whether a failure is a definite statement about the operation.
fn outcome_of(failure: &Failure, decision: &RetryDecision) -> Outcome {
    let request_error = failure
        .entry
        .is_some_and(|e| e.family() == Family::XmlRequestResult && e.code() != "0");
    let no_answer = failure.http_status.is_none() && failure.entry.is_none();
    let server_error = failure.http_status.is_some_and(|s| s >= 500);
    let in_progress = failure.payment_status.is_some_and(|s| {
        crate::lookup::lookup(Family::XmlPaymentStatus, &s.to_string())
            .and_then(crate::entry::Entry::is_final)
            == Some(false)
    });
    if decision.action == RetryAction::CheckStatus
        || request_error
        || no_answer
        || server_error
        || failure.foreign
        || in_progress
    {
        Outcome::Unknown
    } else {
        Outcome::Failed
    }
}

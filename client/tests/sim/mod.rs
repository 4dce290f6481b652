//! A simulated QIWI for tests and the example: a ledger of operations keyed by the client's
//! operation ID, a script of faults, and checks of what the client did.
//!
//! Modelling choices that are ours, not QIWI's. What a repeat of an operation does is one of
//! three readings ([`Reading`]): the same ID is the same operation (idempotent: a repeat of a
//! charged operation answers its stored success and charges nothing), every request charges
//! (a client that resends a request that went through charges twice), or a repeat of an
//! operation already charged or in process is rejected as a duplicate. Answers the library's
//! rules call "not processed" (`result-code` 13, payment status -1, 429/423) charge nothing;
//! an empty HTTP 500, a proxy's 502/503 and a cut-off 200 come in committed and uncommitted
//! kinds. Every operation of one sim is paid with the same card: the daily reattempt cap after
//! `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY` is counted per card, across operations and calls.
//! Delays the sim checks (`result-code` 13, status -1) and the XML status-query interval are
//! read from the knowledge base or the documentation, never guessed.
//!
//! Used from the tests (in-process transport and a loopback server) and from
//! `examples/payment.rs` via `#[path]`.
#![allow(dead_code)]

use qiwi_errors::{lookup, Family, Retry};
use qiwi_errors_reqwest::{Operation, OperationId, Probe, QiwiError};
use reqwest_middleware::{ClientWithMiddleware, Middleware, Next};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use std::time::SystemTime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;

/// The XML protocol's least interval between status queries of one payment: "no more than
/// once in 10 minutes" (topup-wallet-docs, `_topup-status_en.html.md` L9).
pub const XML_STATUS_INTERVAL: Duration = Duration::from_secs(600);
/// How long after arriving a queued request commits (ours): past a 30 s attempt timeout.
pub const QUEUE_DELAY: Duration = Duration::from_secs(40);
/// How long a lagging status replica keeps answering "not found" after a commit (ours): past
/// the middleware's 60 s settle delay.
pub const REPLICA_LAG: Duration = Duration::from_secs(300);

/// What a repeat of an operation (the same client-generated ID) does on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reading {
    /// The same ID is the same operation: a repeat of a charged one answers its success.
    Idempotent,
    /// Every request processed charges, a repeat of a charged operation too.
    ChargeAgain,
    /// A repeat of an operation already charged or in process is rejected as a duplicate.
    RejectDuplicate,
}

impl Reading {
    pub const ALL: [Reading; 3] = [
        Reading::Idempotent,
        Reading::ChargeAgain,
        Reading::RejectDuplicate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Reading::Idempotent => "idempotent",
            Reading::ChargeAgain => "charges again",
            Reading::RejectDuplicate => "rejects duplicate",
        }
    }
}

/// One day: the window of the documented `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY` budget.
pub fn temporary_window() -> Duration {
    match lookup(
        Family::PaymentReason,
        "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY",
    )
    .map(|e| e.retry())
    {
        Some(Retry::Limited { window_seconds, .. }) => Duration::from_secs(window_seconds.into()),
        other => panic!("the knowledge base changed: {other:?}"),
    }
}

/// The least wait the documentation states before a repeat; `None` where it says "later"
/// without a figure (then no repeat can be early).
fn documented_after(family: Family, code: &str) -> Option<Duration> {
    match lookup(family, code).map(|e| e.retry()) {
        Some(Retry::After { seconds }) => Some(Duration::from_secs(seconds.into())),
        Some(Retry::Later) => None,
        other => panic!("the knowledge base changed for {code}: {other:?}"),
    }
}

/// The API the simulated QIWI speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Proto {
    /// The payment-acceptance protocol (JSON, `PUT .../payments/{paymentId}`).
    Payment,
    /// The XML top-up/payout protocol (`transaction-number` in the body).
    Xml,
    /// The wallet API (JSON, `id` in the body).
    Wallet,
}

/// A scripted fault, applied to the next request that arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// The charge is committed, then the connection drops without an answer.
    DropAfterCommit,
    /// HTTP 500 with an empty body; nothing committed.
    Empty500,
    /// HTTP 500 with a body; committed or not.
    Body500 { committed: bool },
    /// HTTP 429 (wallet: 423), with or without `Retry-After`; nothing committed.
    RateLimited { retry_after: Option<u64> },
    /// XML `result-code` 13 in a 200 answer ("retry in a minute"); nothing committed.
    Busy13,
    /// XML `result-code` with `fatal="true"`: a final decline.
    Fatal,
    /// Payment protocol `psErrorCode` 04 with `REATTEMPT_NOT_PERMITTED_BY_PS`: a final decline.
    FinalDecline,
    /// Payment protocol `psErrorCode` 51 with `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY`.
    TemporaryDecline,
    /// XML `<payment status="-1">`: a temporary error, not registered.
    NotRegistered,
    /// The answer comes after the client's timeout; committed or not.
    Slow { committed: bool },
    /// A proxy in front of the API answers 502 or 503 with an HTML page or plain text, after
    /// the backend committed or without it.
    Proxy {
        status: u16,
        html: bool,
        committed: bool,
    },
    /// HTTP 500 with an empty body, after the backend committed.
    Empty500Committed,
    /// The request waits in a queue: no answer before the client's timeout, the charge lands
    /// [`QUEUE_DELAY`] after arrival (after a status query made at the timeout).
    Queued,
    /// HTTP 429 (wallet: 423) with `Retry-After` as an HTTP date; nothing committed.
    RetryAfterDate { seconds: u64 },
    /// A 200 whose body is cut off (the connection closes inside it), after the commit.
    CutBody,
    /// XML `<payment status="5x">`: accepted, in progress (committed).
    XmlInProgress { status: u8 },
}

impl Fault {
    /// A name for the statistics.
    pub fn kind(&self) -> &'static str {
        match self {
            Fault::DropAfterCommit => "connection drop after commit",
            Fault::Empty500 => "HTTP 500, empty body (not committed)",
            Fault::Body500 { committed: true } => "HTTP 500 with body, committed",
            Fault::Body500 { committed: false } => "HTTP 500 with body, not committed",
            Fault::RateLimited {
                retry_after: Some(_),
            } => "429/423 with Retry-After",
            Fault::RateLimited { retry_after: None } => "429/423 without Retry-After",
            Fault::Busy13 => "XML result-code 13",
            Fault::Fatal => "XML fatal=\"true\"",
            Fault::FinalDecline => "psErrorCode 04 (final decline)",
            Fault::TemporaryDecline => "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY",
            Fault::NotRegistered => "XML payment status -1",
            Fault::Slow { committed: true } => "slow answer past the timeout, committed",
            Fault::Slow { committed: false } => "slow answer past the timeout, not committed",
            Fault::Proxy {
                html: true,
                committed: true,
                ..
            } => "proxy 502/503 HTML page, committed",
            Fault::Proxy {
                html: true,
                committed: false,
                ..
            } => "proxy 502/503 HTML page, not committed",
            Fault::Proxy {
                html: false,
                committed: true,
                ..
            } => "proxy 502/503 plain text, committed",
            Fault::Proxy {
                html: false,
                committed: false,
                ..
            } => "proxy 502/503 plain text, not committed",
            Fault::Empty500Committed => "HTTP 500, empty body, committed",
            Fault::Queued => "queued: commits after the probe said not found",
            Fault::RetryAfterDate { .. } => "429/423 with Retry-After as an HTTP date",
            Fault::CutBody => "200 with its body cut off, committed",
            Fault::XmlInProgress { .. } => "XML payment status 50-59",
        }
    }
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// An HTTP answer after `delay`.
    Answer {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
        delay: Duration,
        /// Close the connection after this many bytes of the body.
        cut: Option<usize>,
    },
    /// Close the connection without an answer.
    Drop,
}

/// One answer as the client got it.
#[derive(Clone, Debug)]
pub struct Sent {
    pub id: String,
    /// `None`: nothing came back before the client's timeout, or the connection dropped.
    pub status: Option<u16>,
    /// The body as far as it came.
    pub body: String,
    /// The connection closed inside the body.
    pub cut: bool,
    pub retry_after: Option<String>,
}

/// What the ledger knows about one operation.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// How many times it was charged (more than one is a double charge).
    pub charges: u32,
    /// When each request for it arrived.
    pub arrivals: Vec<Duration>,
    /// The first request, to check that repeats are identical.
    pub first_request: Option<(String, String, String)>,
    /// A final decline was answered.
    pub final_decline: bool,
    /// The client must not come back before this time (Retry-After, documented delays).
    pub not_before: Option<Duration>,
    /// When each charge landed.
    pub charged_at: Vec<Duration>,
    /// When its status was queried.
    pub queries: Vec<Duration>,
}

/// The simulated QIWI.
#[derive(Debug)]
pub struct Sim {
    pub proto: Proto,
    pub script: VecDeque<Fault>,
    pub ledger: BTreeMap<String, Record>,
    /// Everything the client did that it must not do.
    pub violations: Vec<String>,
    /// Faults answered, by kind.
    pub injected: HashMap<&'static str, u32>,
    /// How late a `Slow` answer comes.
    pub slow_delay: Duration,
    pub reading: Reading,
    /// Queued requests: the operation and when it commits.
    pub queued: Vec<(String, Duration)>,
    /// The card's last temporary decline (one reattempt a day), over all operations.
    pub temporary_at: Option<Duration>,
    /// Requests for the card inside the day after it.
    pub reattempts_in_window: u32,
    /// Authorisations past the cap.
    pub past_cap: u32,
    /// Repeats before a `Retry-After` or a documented delay.
    pub early: u32,
    /// Status queries closer than the API allows.
    pub close_queries: u32,
    /// Status queries made.
    pub query_count: u32,
    /// Every answer sent: (operation, status or `None` for no answer in time, body, whether
    /// cut, Retry-After).
    pub answers: Vec<Sent>,
    pub start: Instant,
}

impl Sim {
    pub fn new(proto: Proto, script: Vec<Fault>, slow_delay: Duration) -> Sim {
        Sim {
            proto,
            script: script.into(),
            ledger: BTreeMap::new(),
            violations: Vec::new(),
            injected: HashMap::new(),
            slow_delay,
            reading: Reading::ChargeAgain,
            queued: Vec::new(),
            temporary_at: None,
            reattempts_in_window: 0,
            past_cap: 0,
            early: 0,
            close_queries: 0,
            query_count: 0,
            answers: Vec::new(),
            start: Instant::now(),
        }
    }

    pub fn with_reading(mut self, reading: Reading) -> Sim {
        self.reading = reading;
        self
    }

    /// The sim's clock: time since it was made, on tokio's (paused) clock.
    pub fn now(&self) -> Duration {
        self.start.elapsed()
    }

    /// Lands the queued charges due by `now`.
    pub fn settle(&mut self, now: Duration) {
        let due: Vec<String> = self
            .queued
            .iter()
            .filter(|(_, at)| *at <= now)
            .map(|(id, _)| id.clone())
            .collect();
        self.queued.retain(|(_, at)| *at > now);
        for id in due {
            let at = now;
            self.charge(&id, at);
        }
    }

    /// One charge of `id` under the sim's reading.
    fn charge(&mut self, id: &str, now: Duration) {
        let reading = self.reading;
        let record = self.ledger.entry(id.to_string()).or_default();
        if reading != Reading::ChargeAgain && record.charges > 0 {
            return;
        }
        record.charges += 1;
        record.charged_at.push(now);
    }

    fn duplicate_body(&self, id: &str) -> (u16, String) {
        match self.proto {
            Proto::Payment => (
                200,
                format!(
                    r#"{{"paymentId":"{id}","status":{{"value":"DECLINED","reasonCode":"INVALID_STATE"}}}}"#
                ),
            ),
            Proto::Xml => (
                200,
                r#"<response><result-code fatal="true">215</result-code></response>"#.into(),
            ),
            Proto::Wallet => (
                400,
                r#"{"code":"QWPRC-408","message":"Такой платёж уже есть"}"#.into(),
            ),
        }
    }

    /// The status method's answer at `now`, as a replica `lag` behind sees it; records the
    /// query and whether it came sooner than the API allows.
    pub fn query(&mut self, id: &str, lag: Duration) -> Option<(u16, String)> {
        let now = self.now();
        self.settle(now);
        self.query_count += 1;
        let xml = self.proto == Proto::Xml;
        let record = self.ledger.entry(id.to_string()).or_default();
        if xml
            && record
                .queries
                .last()
                .is_some_and(|t| now < *t + XML_STATUS_INTERVAL)
        {
            self.close_queries += 1;
            self.violations.push(format!(
                "{id}: status queried within {XML_STATUS_INTERVAL:?} of the last query"
            ));
        }
        let record = self.ledger.entry(id.to_string()).or_default();
        record.queries.push(now);
        let visible = record.charged_at.iter().any(|t| now >= *t + lag);
        if visible {
            Some((200, self.success_body(id)))
        } else if record.final_decline {
            Some((200, self.status_decline_body(id)))
        } else {
            None
        }
    }

    pub fn shared(self) -> Arc<Mutex<Sim>> {
        Arc::new(Mutex::new(self))
    }

    /// Total charges of `id`.
    pub fn charges(&self, id: &str) -> u32 {
        self.ledger.get(id).map_or(0, |r| r.charges)
    }

    /// Requests that arrived for `id`.
    pub fn arrivals(&self, id: &str) -> usize {
        self.ledger.get(id).map_or(0, |r| r.arrivals.len())
    }

    fn success_body(&self, id: &str) -> String {
        match self.proto {
            Proto::Payment => format!(r#"{{"paymentId":"{id}","status":{{"value":"COMPLETED"}}}}"#),
            Proto::Xml => format!(
                r#"<response><result-code fatal="false">0</result-code><payment status="60" transaction-number="{id}" final-status="true" fatal-error="false"/></response>"#
            ),
            Proto::Wallet => format!(
                r#"{{"id":"{id}","transaction":{{"id":"1","state":{{"code":"Accepted"}}}}}}"#
            ),
        }
    }

    fn decline_body(&self, id: &str) -> String {
        match self.proto {
            Proto::Payment => format!(
                r#"{{"paymentId":"{id}","status":{{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}}}"#
            ),
            _ => r#"<response><result-code fatal="true">300</result-code></response>"#.into(),
        }
    }

    /// The status method's answer for a declined operation: for the XML protocol a final
    /// payment status (160, "not completed or cancelled"), not the request-level error.
    fn status_decline_body(&self, id: &str) -> String {
        match self.proto {
            Proto::Xml => format!(
                r#"<response><result-code fatal="false">0</result-code><payment status="160" transaction-number="{id}" result-code="300" final-status="true" fatal-error="true"/></response>"#
            ),
            _ => self.decline_body(id),
        }
    }

    /// The answer of the API's status method: `None` when the operation is unknown.
    pub fn status_of(&mut self, id: &str) -> Option<(u16, String)> {
        let now = self.now();
        self.settle(now);
        let record = self.ledger.get(id)?;
        if record.charges > 0 {
            Some((200, self.success_body(id)))
        } else if record.final_decline {
            Some((200, self.status_decline_body(id)))
        } else {
            None
        }
    }

    fn violation(&mut self, text: String) {
        self.violations.push(text);
    }

    /// Handles one request for operation `id` at `now`.
    pub fn handle(&mut self, id: &str, now: Duration, request: (String, String, String)) -> Reply {
        let reply = self.handle_inner(id, now, request);
        let logged = match &reply {
            Reply::Drop => (None, String::new(), false, None),
            Reply::Answer {
                status,
                headers,
                body,
                delay,
                cut,
            } => {
                let late = *delay >= Duration::from_secs(30);
                let retry_after = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
                    .map(|(_, v)| v.clone());
                if late {
                    (None, String::new(), false, None)
                } else {
                    let body = match cut {
                        Some(n) => body[..*n].to_string(),
                        None => body.clone(),
                    };
                    (Some(*status), body, cut.is_some(), retry_after)
                }
            }
        };
        self.answers.push(Sent {
            id: id.to_string(),
            status: logged.0,
            body: logged.1,
            cut: logged.2,
            retry_after: logged.3,
        });
        reply
    }

    fn handle_inner(
        &mut self,
        id: &str,
        now: Duration,
        request: (String, String, String),
    ) -> Reply {
        self.settle(now);
        let window = temporary_window();
        let mut problems = Vec::new();
        let record = self.ledger.entry(id.to_string()).or_default();
        match &record.first_request {
            None => record.first_request = Some(request),
            Some(first) if *first != request => {
                problems.push(format!("{id}: a repeat differs from the first request"))
            }
            Some(_) => {}
        }
        if record.final_decline {
            problems.push(format!("{id}: sent again after a final decline"));
        }
        let early = record.not_before.is_some_and(|t| now < t);
        if early {
            problems.push(format!(
                "{id}: repeated at {now:?}, before {:?}",
                record.not_before
            ));
        }
        record.arrivals.push(now);
        record.not_before = None;
        let already = record.charges > 0 || self.queued.iter().any(|(q, _)| q == id);
        self.early += u32::from(early);
        let mut over_cap = false;
        if let Some(t) = self.temporary_at {
            if now < t + window {
                self.reattempts_in_window += 1;
                // The documented budget: one reattempt per window, for the card.
                if self.reattempts_in_window > 1 {
                    problems.push(format!("{id}: more than one reattempt in a day"));
                    over_cap = true;
                    self.past_cap += 1;
                }
            } else {
                self.temporary_at = None;
                self.reattempts_in_window = 0;
            }
        }
        for p in problems {
            self.violation(p);
        }
        if over_cap {
            // The per-day cap: the sim answers the final decline.
            self.ledger.get_mut(id).unwrap().final_decline = true;
            return self.answer(200, self.decline_body(id));
        }
        let fault = self.script.pop_front();
        if let Some(fault) = fault {
            *self.injected.entry(fault.kind()).or_default() += 1;
        }
        if already {
            match self.reading {
                Reading::Idempotent => {
                    // The stored result of the operation; nothing charged again.
                    return self.answer(200, self.success_body(id));
                }
                Reading::RejectDuplicate => {
                    let (status, body) = self.duplicate_body(id);
                    return self.answer(status, body);
                }
                Reading::ChargeAgain => {}
            }
        }
        match fault {
            None => {
                self.charge(id, now);
                self.answer(200, self.success_body(id))
            }
            Some(Fault::DropAfterCommit) => {
                self.charge(id, now);
                Reply::Drop
            }
            Some(Fault::Empty500) => self.answer(500, String::new()),
            Some(Fault::Empty500Committed) => {
                self.charge(id, now);
                self.answer(500, String::new())
            }
            Some(Fault::Body500 { committed }) => {
                if committed {
                    self.charge(id, now);
                }
                self.answer(500, r#"{"description":"Internal Server Error"}"#.into())
            }
            Some(Fault::Proxy {
                status,
                html,
                committed,
            }) => {
                if committed {
                    self.charge(id, now);
                }
                let reason = if status == 502 {
                    "Bad Gateway"
                } else {
                    "Service Temporarily Unavailable"
                };
                let body = if html {
                    format!("<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
                } else {
                    format!("{reason}\n")
                };
                self.answer(status, body)
            }
            Some(Fault::RateLimited { retry_after }) => {
                let status = if self.proto == Proto::Wallet {
                    423
                } else {
                    429
                };
                let mut reply =
                    self.answer(status, r#"{"description":"Too Many Requests"}"#.into());
                if let (Some(seconds), Reply::Answer { headers, .. }) = (retry_after, &mut reply) {
                    headers.push(("Retry-After", seconds.to_string()));
                    let record = self.ledger.get_mut(id).unwrap();
                    record.not_before = Some(now + Duration::from_secs(seconds));
                }
                reply
            }
            Some(Fault::RetryAfterDate { seconds }) => {
                let status = if self.proto == Proto::Wallet {
                    423
                } else {
                    429
                };
                let mut reply =
                    self.answer(status, r#"{"description":"Too Many Requests"}"#.into());
                // An HTTP date has whole seconds: one more, so that the client's reading of it
                // is never shorter than `seconds`.
                let at = SystemTime::now() + Duration::from_secs(seconds + 1);
                if let Reply::Answer { headers, .. } = &mut reply {
                    headers.push(("Retry-After", httpdate::fmt_http_date(at)));
                }
                let record = self.ledger.get_mut(id).unwrap();
                record.not_before = Some(now + Duration::from_secs(seconds));
                reply
            }
            Some(Fault::Busy13) => {
                let record = self.ledger.get_mut(id).unwrap();
                record.not_before =
                    documented_after(Family::XmlRequestResult, "13").map(|d| now + d);
                self.answer(
                    200,
                    r#"<response><result-code fatal="false">13</result-code></response>"#.into(),
                )
            }
            Some(Fault::NotRegistered) => {
                let record = self.ledger.get_mut(id).unwrap();
                record.not_before =
                    documented_after(Family::XmlPaymentStatus, "-1").map(|d| now + d);
                self.answer(200, format!(
                    r#"<response><result-code fatal="false">0</result-code><payment status="-1" transaction-number="{id}" result-code="300" final-status="false" fatal-error="false"/></response>"#
                ))
            }
            Some(Fault::XmlInProgress { status }) => {
                self.charge(id, now);
                self.answer(200, format!(
                    r#"<response><result-code fatal="false">0</result-code><payment status="{status}" transaction-number="{id}" final-status="false" fatal-error="false"/></response>"#
                ))
            }
            Some(Fault::Fatal | Fault::FinalDecline) => {
                self.ledger.get_mut(id).unwrap().final_decline = true;
                self.answer(200, self.decline_body(id))
            }
            Some(Fault::TemporaryDecline) => {
                // The window runs from the first decline; a decline inside it does not reopen it.
                if self.temporary_at.is_none_or(|t| now >= t + window) {
                    self.temporary_at = Some(now);
                    self.reattempts_in_window = 0;
                }
                self.answer(200, format!(
                    r#"{{"paymentId":"{id}","status":{{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY","psErrorCode":"51"}}}}"#
                ))
            }
            Some(Fault::Slow { committed }) => {
                if committed {
                    self.charge(id, now);
                }
                let mut reply = if committed {
                    self.answer(200, self.success_body(id))
                } else {
                    self.answer(500, String::new())
                };
                if let Reply::Answer { delay, .. } = &mut reply {
                    *delay = self.slow_delay;
                }
                reply
            }
            Some(Fault::Queued) => {
                self.queued.push((id.to_string(), now + QUEUE_DELAY));
                let mut reply = self.answer(
                    504,
                    "<html><body><h1>504 Gateway Time-out</h1></body></html>".into(),
                );
                if let Reply::Answer { delay, .. } = &mut reply {
                    *delay = self.slow_delay;
                }
                reply
            }
            Some(Fault::CutBody) => {
                self.charge(id, now);
                let mut reply = self.answer(200, self.success_body(id));
                if let Reply::Answer { cut, body, .. } = &mut reply {
                    *cut = Some(body.len() / 2);
                }
                reply
            }
        }
    }

    fn answer(&self, status: u16, body: String) -> Reply {
        Reply::Answer {
            status,
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
            cut: None,
        }
    }
}

/// The operation ID as the server reads it from the request: XML `transaction-number`, the
/// wallet's `"id"`, or the last segment of the payment protocol's path.
pub fn id_of(path: &str, body: &str) -> String {
    if let Some(start) = body.find("<transaction-number>") {
        let rest = &body[start + "<transaction-number>".len()..];
        return rest.split('<').next().unwrap_or("").to_string();
    }
    if let Some(start) = body.find(r#""id":""#) {
        let rest = &body[start + r#""id":""#.len()..];
        return rest.split('"').next().unwrap_or("").to_string();
    }
    path.rsplit('/').next().unwrap_or("").to_string()
}

/// The request a client sends for operation `id` of `proto` to `base` (`http://127.0.0.1:PORT`).
pub fn payment_request(
    client: &ClientWithMiddleware,
    base: &str,
    proto: Proto,
    id: &str,
) -> reqwest_middleware::RequestBuilder {
    let builder = match proto {
        Proto::Payment => client
            .put(format!("{base}/payin/v1/sites/sim/payments/{id}"))
            .header("content-type", "application/json")
            .body(r#"{"amount":{"value":"10.00","currency":"RUB"}}"#),
        Proto::Xml => client.post(format!("{base}/xml")).body(format!(
            "<request><request-type>pay</request-type><auth><payment><transaction-number>{id}</transaction-number><from><amount>10.00</amount></from></payment></auth></request>"
        )),
        Proto::Wallet => client
            .post(format!("{base}/sinap/api/v2/terms/99/payments"))
            .header("content-type", "application/json")
            .body(format!(r#"{{"id":"{id}","sum":{{"amount":10,"currency":"643"}}}}"#)),
    };
    builder.with_extension(OperationId::new(id))
}

/// A body that yields its first part, then fails: a connection closed inside the body.
struct CutBody(Option<bytes::Bytes>);

impl http_body::Body for CutBody {
    type Data = bytes::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, std::io::Error>>> {
        std::task::Poll::Ready(Some(match self.0.take() {
            Some(part) => Ok(http_body::Frame::data(part)),
            None => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the simulated QIWI closed the connection inside the body",
            )),
        }))
    }
}

pub fn http_response(
    status: u16,
    headers: &[(&'static str, String)],
    body: String,
    url: &reqwest::Url,
) -> reqwest::Response {
    cut_response(status, headers, body, None, url)
}

fn cut_response(
    status: u16,
    headers: &[(&'static str, String)],
    body: String,
    cut: Option<usize>,
    url: &reqwest::Url,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt;
    let mut builder = http::Response::builder().status(status).url(url.clone());
    for (name, value) in headers {
        builder = builder.header(*name, value);
    }
    let body = match cut {
        Some(n) => reqwest::Body::wrap(CutBody(Some(bytes::Bytes::from(body[..n].to_string())))),
        None => reqwest::Body::from(body),
    };
    reqwest::Response::from(builder.body(body).expect("a valid response"))
}

/// The in-process transport: the last middleware of a chain, answering from the sim instead of
/// the network, on tokio's (paused) clock.
pub struct SimTransport {
    pub sim: Arc<Mutex<Sim>>,
}

#[async_trait::async_trait]
impl Middleware for SimTransport {
    async fn handle(
        &self,
        request: reqwest::Request,
        _extensions: &mut http::Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let body = request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let path = request.url().path().to_string();
        let id = id_of(&path, &body);
        let key = (request.method().to_string(), path.clone(), body.clone());
        let reply = {
            let mut sim = self.sim.lock().unwrap();
            let now = sim.now();
            sim.handle(&id, now, key)
        };
        match reply {
            Reply::Drop => Err(reqwest_middleware::Error::middleware(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "the simulated QIWI closed the connection",
            ))),
            Reply::Answer {
                status,
                headers,
                body,
                delay,
                cut,
            } => {
                tokio::time::sleep(delay).await;
                Ok(cut_response(status, &headers, body, cut, request.url()))
            }
        }
    }
}

/// Whether the client has a status probe, and how it behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProbeMode {
    None,
    /// Reads its own writes, answers about that operation only.
    Reliable,
    /// Always "could not tell".
    Unavailable,
    /// A status replica [`REPLICA_LAG`] behind: "not found" for a while after a commit.
    Lagging,
    /// Never answers.
    Hanging,
    /// Wraps the status endpoint's error answer ("no such payment") in `Found`.
    WrapsErrors,
}

impl ProbeMode {
    pub const ALL: [ProbeMode; 6] = [
        ProbeMode::None,
        ProbeMode::Reliable,
        ProbeMode::Unavailable,
        ProbeMode::Lagging,
        ProbeMode::Hanging,
        ProbeMode::WrapsErrors,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ProbeMode::None => "no probe",
            ProbeMode::Reliable => "correct probe",
            ProbeMode::Unavailable => "unavailable probe",
            ProbeMode::Lagging => "lagging probe",
            ProbeMode::Hanging => "hanging probe",
            ProbeMode::WrapsErrors => "probe wrapping errors",
        }
    }
}

/// The status endpoint's error answer for an operation it does not know.
fn not_found_answer(proto: Proto) -> (u16, String) {
    match proto {
        Proto::Payment => (404, r#"{"serviceName":"payin-core","errorCode":"payin.resource.not.found","description":"Resource not found","userMessage":"Resource not found"}"#.into()),
        Proto::Xml => (200, r#"<response><result-code fatal="false">210</result-code></response>"#.into()),
        Proto::Wallet => (404, r#"{"code":"QWPRC-404","message":"Not found"}"#.into()),
    }
}

type ProbeFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Probe> + Send>>;

/// A status probe that asks the sim's ledger directly.
pub fn ledger_probe(
    sim: Arc<Mutex<Sim>>,
    mode: ProbeMode,
) -> impl Fn(Operation) -> ProbeFuture + Send + Sync + 'static {
    move |op: Operation| {
        let ready = |p: Probe| -> ProbeFuture { Box::pin(std::future::ready(p)) };
        match mode {
            ProbeMode::Unavailable => return ready(Probe::Unknown),
            ProbeMode::Hanging => {
                sim.lock().unwrap().query_count += 1;
                return Box::pin(std::future::pending());
            }
            _ => {}
        }
        let id = op.id.unwrap_or_default();
        let lag = if mode == ProbeMode::Lagging {
            REPLICA_LAG
        } else {
            Duration::ZERO
        };
        let (answer, proto) = {
            let mut sim = sim.lock().unwrap();
            (sim.query(&id, lag), sim.proto)
        };
        ready(match answer {
            None if mode == ProbeMode::WrapsErrors => {
                let (status, body) = not_found_answer(proto);
                Probe::Found(http_response(status, &[], body, &op.url))
            }
            None => Probe::NotFound,
            Some((status, body)) => Probe::Found(http_response(status, &[], body, &op.url)),
        })
    }
}

/// What the caller was told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Told {
    Success,
    Failed,
    Unknown,
}

/// Reads what a middleware client returned.
pub async fn told(result: reqwest_middleware::Result<reqwest::Response>) -> Told {
    match result {
        Ok(response) if response.status().is_success() => Told::Success,
        Ok(_) => Told::Failed,
        Err(e) => match QiwiError::from_error(&e) {
            Some(q) if q.may_have_gone_through() => Told::Unknown,
            Some(_) => Told::Failed,
            None => Told::Unknown,
        },
    }
}

/// Serves the sim on 127.0.0.1 (a free port), over plain HTTP/1.1 with one request per
/// connection; `GET /status/{id}` is the status method. Returns the base URL.
pub async fn serve(sim: Arc<Mutex<Sim>>) -> std::io::Result<(String, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr: SocketAddr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(connection(stream, sim.clone()));
        }
    });
    Ok((format!("http://{addr}"), task))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn connection(mut stream: tokio::net::TcpStream, sim: Arc<Mutex<Sim>>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(at) = find(&buf, b"\r\n\r\n") {
            break at + 4;
        }
        if buf.len() > 64 * 1024 {
            return;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let path = words.next().unwrap_or("").to_string();
    let length: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0)
        .min(1 << 20);
    while buf.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned();
    let reply = if let Some(id) = path.strip_prefix("/status/") {
        let (status, body) = sim
            .lock()
            .unwrap()
            .query(id, Duration::ZERO)
            .unwrap_or((404, String::new()));
        Reply::Answer {
            status,
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
            cut: None,
        }
    } else {
        let id = id_of(&path, &body);
        let mut sim = sim.lock().unwrap();
        let now = sim.now();
        sim.handle(&id, now, (method, path, body))
    };
    match reply {
        Reply::Drop => drop(stream),
        Reply::Answer {
            status,
            headers,
            body,
            delay,
            cut,
        } => {
            tokio::time::sleep(delay).await;
            let mut out = format!(
                "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                http::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or(""),
                body.len()
            );
            for (name, value) in headers {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
            out.push_str("\r\n");
            match cut {
                Some(n) => out.push_str(&body[..n]),
                None => out.push_str(&body),
            }
            let _ = stream.write_all(out.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    }
}

/// A status probe that asks the loopback server's `GET /status/{id}`.
pub fn http_probe(base: String) -> impl Fn(Operation) -> ProbeFuture + Send + Sync + 'static {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("a client");
    move |op: Operation| {
        let url = format!("{base}/status/{}", op.id.unwrap_or_default());
        let client = client.clone();
        Box::pin(async move {
            match client.get(url).send().await {
                Ok(r) if r.status() == reqwest::StatusCode::NOT_FOUND => Probe::NotFound,
                Ok(r) if r.status().is_success() => Probe::Found(r),
                _ => Probe::Unknown,
            }
        })
    }
}

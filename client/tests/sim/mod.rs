//! A simulated QIWI for tests and the example: a ledger of operations keyed by the client's
//! operation ID, a script of faults, and checks of what the client did.
//!
//! Modelling choices that are ours, not QIWI's: the simulated server charges **every** request
//! it processes, even a repeat of an operation it already charged (it does not deduplicate), so
//! a client that resends a request that went through charges twice; an answer that the library's
//! rules call "not processed" (HTTP 500 with an empty body, `result-code` 13, payment status
//! -1, 429/423) charges nothing. Delays the sim checks (`result-code` 13, status -1) are read
//! from the knowledge base, never written here.
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
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;

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
    },
    /// Close the connection without an answer.
    Drop,
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
    /// When the last temporary decline (one reattempt a day) was answered.
    pub temporary_at: Option<Duration>,
    /// Reattempts inside the day after a temporary decline.
    pub reattempts_in_window: u32,
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

    /// The answer of the API's status method: `None` when the operation is unknown.
    pub fn status_of(&self, id: &str) -> Option<(u16, String)> {
        let record = self.ledger.get(id)?;
        if record.charges > 0 {
            Some((200, self.success_body(id)))
        } else if record.final_decline {
            Some((200, self.decline_body(id)))
        } else {
            None
        }
    }

    fn violation(&mut self, text: String) {
        self.violations.push(text);
    }

    /// Handles one request for operation `id` at `now`.
    pub fn handle(&mut self, id: &str, now: Duration, request: (String, String, String)) -> Reply {
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
        if record.not_before.is_some_and(|t| now < t) {
            problems.push(format!(
                "{id}: repeated at {now:?}, before {:?}",
                record.not_before
            ));
        }
        let mut over_cap = false;
        if let Some(t) = record.temporary_at {
            if now < t + window {
                record.reattempts_in_window += 1;
                // The documented budget: one reattempt per window.
                if record.reattempts_in_window > 1 {
                    problems.push(format!("{id}: more than one reattempt in a day"));
                    over_cap = true;
                }
            } else {
                record.reattempts_in_window = 0;
            }
        }
        record.arrivals.push(now);
        record.not_before = None;
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
        let record = self.ledger.get_mut(id).unwrap();
        match fault {
            None => {
                record.charges += 1;
                self.answer(200, self.success_body(id))
            }
            Some(Fault::DropAfterCommit) => {
                record.charges += 1;
                Reply::Drop
            }
            Some(Fault::Empty500) => self.answer(500, String::new()),
            Some(Fault::Body500 { committed }) => {
                record.charges += u32::from(committed);
                self.answer(500, r#"{"description":"Internal Server Error"}"#.into())
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
            Some(Fault::Busy13) => {
                record.not_before =
                    documented_after(Family::XmlRequestResult, "13").map(|d| now + d);
                self.answer(
                    200,
                    r#"<response><result-code fatal="false">13</result-code></response>"#.into(),
                )
            }
            Some(Fault::NotRegistered) => {
                record.not_before =
                    documented_after(Family::XmlPaymentStatus, "-1").map(|d| now + d);
                self.answer(200, format!(
                    r#"<response><result-code fatal="false">0</result-code><payment status="-1" transaction-number="{id}" result-code="300" final-status="false" fatal-error="false"/></response>"#
                ))
            }
            Some(Fault::Fatal | Fault::FinalDecline) => {
                record.final_decline = true;
                self.answer(200, self.decline_body(id))
            }
            Some(Fault::TemporaryDecline) => {
                record.temporary_at = Some(now);
                record.reattempts_in_window = 0;
                self.answer(200, format!(
                    r#"{{"paymentId":"{id}","status":{{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY","psErrorCode":"51"}}}}"#
                ))
            }
            Some(Fault::Slow { committed }) => {
                record.charges += u32::from(committed);
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
        }
    }

    fn answer(&self, status: u16, body: String) -> Reply {
        Reply::Answer {
            status,
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
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

fn http_response(
    status: u16,
    headers: &[(&'static str, String)],
    body: String,
    url: &reqwest::Url,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt;
    let mut builder = http::Response::builder().status(status).url(url.clone());
    for (name, value) in headers {
        builder = builder.header(*name, value);
    }
    reqwest::Response::from(builder.body(body).expect("a valid response"))
}

/// The in-process transport: the last middleware of a chain, answering from the sim instead of
/// the network, on tokio's (paused) clock.
pub struct SimTransport {
    pub sim: Arc<Mutex<Sim>>,
    pub start: Instant,
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
        let reply = self
            .sim
            .lock()
            .unwrap()
            .handle(&id, self.start.elapsed(), key);
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
            } => {
                tokio::time::sleep(delay).await;
                Ok(http_response(status, &headers, body, request.url()))
            }
        }
    }
}

/// Whether the client has a status probe, and whether it works.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProbeMode {
    None,
    Reliable,
    Unavailable,
}

/// A status probe that asks the sim's ledger directly.
pub fn ledger_probe(
    sim: Arc<Mutex<Sim>>,
    mode: ProbeMode,
) -> impl Fn(Operation) -> std::future::Ready<Probe> + Send + Sync + 'static {
    move |op: Operation| {
        if mode == ProbeMode::Unavailable {
            return std::future::ready(Probe::Unknown);
        }
        let id = op.id.unwrap_or_default();
        let answer = sim.lock().unwrap().status_of(&id);
        std::future::ready(match answer {
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
    let start = Instant::now();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(connection(stream, sim.clone(), start));
        }
    });
    Ok((format!("http://{addr}"), task))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn connection(mut stream: tokio::net::TcpStream, sim: Arc<Mutex<Sim>>, start: Instant) {
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
        match sim.lock().unwrap().status_of(id) {
            Some((status, body)) => Reply::Answer {
                status,
                headers: Vec::new(),
                body,
                delay: Duration::ZERO,
            },
            None => Reply::Answer {
                status: 404,
                headers: Vec::new(),
                body: String::new(),
                delay: Duration::ZERO,
            },
        }
    } else {
        let id = id_of(&path, &body);
        let now = start.elapsed();
        sim.lock().unwrap().handle(&id, now, (method, path, body))
    };
    match reply {
        Reply::Drop => drop(stream),
        Reply::Answer {
            status,
            headers,
            body,
            delay,
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
            out.push_str(&body);
            let _ = stream.write_all(out.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    }
}

/// A status probe that asks the loopback server's `GET /status/{id}`.
pub fn http_probe(
    base: String,
) -> impl Fn(Operation) -> std::pin::Pin<Box<dyn std::future::Future<Output = Probe> + Send>>
       + Send
       + Sync
       + 'static {
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

//! One call: every answer read (bounded) and handed to the library's judgment
//! ([`RetryPolicy::judge`]); the middleware only moves bytes, sleeps and asks the probe.

use crate::caps::{caps_of, CapKey};
use crate::error::{Cause, Outcome, QiwiError, Step, Steps};
use crate::middleware::QiwiRetry;
use crate::operation::{Operation, OperationId, Probe};
use async_trait::async_trait;
use bytes::Bytes;
use http::Extensions;
use qiwi_errors::retry::{
    self, Judgment, Reply, RetryAction, RetryDecision, RetryPolicy, StatusAnswer,
};
use qiwi_errors::Entry;
use reqwest::{Request, Response, ResponseBuilderExt};
use reqwest_middleware::{Middleware, Next};
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// The most status queries one resolution makes.
const MAX_QUERIES: u32 = 4;

/// What came back from one request.
pub(crate) enum Read {
    /// Passed on unread: a `2xx` the API's answers do not carry errors in, a `1xx` or `3xx`.
    Through(Response),
    /// An answer, its body read up to the limit.
    Answer {
        response: Response,
        body: Vec<u8>,
        /// Why the body is not whole, if it is not.
        cut: Option<Cause>,
    },
    /// No answer.
    Nothing(Cause),
}

/// An answer judged, with what the caller may be shown of it.
pub(crate) struct Judged {
    pub(crate) judgment: Judgment,
    pub(crate) cause: Cause,
    pub(crate) body: Option<String>,
    /// The answer and its body, to hand on when it is a success.
    pub(crate) response: Option<(Response, Vec<u8>)>,
    pub(crate) step: Step,
    /// The request may still be in flight behind this answer ([`Reply::may_be_in_flight`]).
    pub(crate) in_flight: bool,
}

/// Reads a body up to `limit` bytes; the cause when it is not whole.
pub(crate) async fn read_bounded(
    response: &mut Response,
    limit: usize,
) -> (Vec<u8>, Option<Cause>) {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > limit {
                    let room = limit - body.len();
                    body.extend_from_slice(&chunk[..room]);
                    return (body, Some(Cause::BodyTooLarge(limit)));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return (body, None),
            Err(e) => return (body, Some(Cause::Transport(e.to_string()))),
        }
    }
}

/// One call as this middleware runs it: the library's policy and call state, and what the
/// caller is shown of it.
struct Run {
    start: Instant,
    policy: RetryPolicy,
    /// What the call leaves open across its requests and status queries.
    state: retry::Call,
    steps: Vec<Step>,
    sent: u32,
    key: Option<CapKey>,
}

impl Run {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }
}

/// What a status query settled.
enum Resolution {
    /// The operation went through: its status answer, to hand on.
    Through(Response),
    /// The status answer is a definite statement that the operation did not go through.
    Declined(Box<Judged>),
    /// QIWI has no such operation (trusted: no request is in flight any more).
    NotThrough,
    /// Not known; why.
    Unknown(String),
}

impl QiwiRetry {
    /// The library's reading of an answer, as this middleware has it.
    fn reply<'a>(
        &self,
        status: Option<u16>,
        text: &'a str,
        complete: bool,
        retry_after: Option<&str>,
    ) -> Reply<'a> {
        let mut reply = match status {
            Some(status) => Reply::new(status, text),
            None => Reply::none(),
        };
        if let Some(kind) = self.api.kind {
            reply = reply.api(kind);
        }
        if !complete && status.is_some() {
            reply = reply.truncated();
        }
        if let Some(value) = retry_after {
            reply = reply.retry_after(value, SystemTime::now());
        }
        reply
    }

    /// Judges what came back, with the call's policy or, for a status answer, on its own.
    fn judge(&self, read: Read, policy: Option<&mut RetryPolicy>, now: Duration) -> Judged {
        let (status, text, complete, retry_after, cause, response) = match read {
            Read::Through(response) => {
                let status = response.status().as_u16();
                (
                    Some(status),
                    String::new(),
                    true,
                    None,
                    Cause::Answer(response.status()),
                    Some((response, None)),
                )
            }
            Read::Answer {
                response,
                body,
                cut,
            } => {
                let retry_after = response
                    .headers()
                    .get(http::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let text = String::from_utf8_lossy(&body).into_owned();
                let cause = cut.clone().unwrap_or(Cause::Answer(response.status()));
                (
                    Some(response.status().as_u16()),
                    text,
                    cut.is_none(),
                    retry_after,
                    cause,
                    Some((response, Some(body))),
                )
            }
            Read::Nothing(cause) => (None, String::new(), false, None, cause, None),
        };
        let passed = matches!(&response, Some((_, None)));
        let reply = self.reply(status, &text, complete, retry_after.as_deref());
        let judgment = if passed {
            // Not read: the library does not read such an answer's body either.
            Judgment {
                outcome: retry::Outcome::Succeeded,
                failure: None,
                decision: None,
                diagnosis: None,
                retry_after: None,
            }
        } else {
            match policy {
                Some(policy) => policy.judge(&reply, now),
                None => retry::judge(&reply),
            }
        };
        let in_flight = reply.may_be_in_flight(&judgment);
        let step = Step {
            at: now,
            status,
            truncated: status.is_some() && !complete,
            outcome: judgment.outcome,
            action: judgment.decision.as_ref().map(|d| d.action),
        };
        let response = response.map(|(r, body)| (r, body.unwrap_or_default()));
        Judged {
            judgment,
            cause,
            body: (!passed && status.is_some()).then_some(text),
            response: if passed {
                response.map(|(r, _)| (r, Vec::new()))
            } else {
                response
            },
            step,
            in_flight,
        }
    }

    /// Sends one request and reads what comes back, within the attempt timeout.
    async fn attempt(&self, request: Request, extensions: &mut Extensions, next: Next<'_>) -> Read {
        let exchange = async {
            match next.run(request, extensions).await {
                Ok(response) => self.read(response).await,
                Err(e) => Read::Nothing(Cause::Transport(e.to_string())),
            }
        };
        match self.attempt_timeout {
            Some(limit) => tokio::time::timeout(limit, exchange)
                .await
                .unwrap_or(Read::Nothing(Cause::Timeout(limit))),
            None => exchange.await,
        }
    }

    async fn read(&self, mut response: Response) -> Read {
        let status = response.status();
        if status.is_informational()
            || status.is_redirection()
            || (status.is_success() && !self.api.inspect_success)
        {
            return Read::Through(response);
        }
        let (body, cut) = read_bounded(&mut response, self.max_body_len).await;
        Read::Answer {
            response,
            body,
            cut,
        }
    }

    /// The wall-clock time of `now` on the call's clock (tokio's, so that a paused clock moves
    /// the cap windows too).
    fn wall(&self) -> SystemTime {
        let (wall, at) = *self
            .anchor
            .get_or_init(|| (SystemTime::now(), Instant::now()));
        wall + at.elapsed()
    }

    /// A repeat the cap ledger forbids becomes `Never`.
    fn hold_to_ledger(&self, call: &Run, decision: RetryDecision) -> RetryDecision {
        let (Some(ledger), Some(key)) = (&self.caps, &call.key) else {
            return decision;
        };
        if !decision.action.is_retry() {
            return decision;
        }
        match ledger.state(key, self.wall()) {
            Some(state) if state.is_spent() => RetryDecision {
                action: RetryAction::Never,
                reason: format!(
                    "{}; but {} allows no more attempts for this card or recipient until the window closes ({} s from now): no more attempts in this window",
                    decision.reason,
                    state.from.label(),
                    state.until.duration_since(self.wall()).unwrap_or_default().as_secs()
                ),
                ..decision
            },
            _ => decision,
        }
    }

    fn error(
        &self,
        call: &Run,
        judged: Judged,
        decision: RetryDecision,
        outcome: Outcome,
    ) -> reqwest_middleware::Error {
        let status_query_in =
            (outcome == Outcome::Unknown).then(|| call.state.query_status_in(call.now()));
        tracing::info!(
            api = self.api.name,
            attempts = call.sent,
            outcome = ?outcome,
            action = ?decision.action,
            reason = %decision.reason,
            "qiwi call ended"
        );
        reqwest_middleware::Error::Middleware(anyhow::Error::new(QiwiError {
            api: self.api.name,
            cause: judged.cause,
            failure: judged.judgment.failure.unwrap_or_default(),
            diagnosis: judged.judgment.diagnosis,
            body: judged.body,
            decision,
            outcome,
            attempts: call.sent,
            steps: call.steps.clone(),
            status_query_in,
        }))
    }

    fn success(&self, call: &Run, judged: Judged) -> Response {
        let mut response = match judged.response {
            Some((response, body)) if judged.body.is_some() => rebuild(response, body),
            Some((response, _)) => response,
            // Unreachable: a success is an answer.
            None => http::Response::new(Vec::<u8>::new()).into(),
        };
        response.extensions_mut().insert(Steps(call.steps.clone()));
        response
    }

    /// Asks the status probe until it settles the operation, within the call's limits.
    async fn resolve(&self, call: &mut Run, operation: &Operation) -> Resolution {
        let Some(probe) = &self.probe else {
            return Resolution::Unknown("no status probe is configured".into());
        };
        for _ in 0..MAX_QUERIES {
            let wait = call.state.query_status_in(call.now());
            if wait > self.max_wait {
                return Resolution::Unknown(format!(
                    "the next status query is due in {} s, beyond the wait limit",
                    wait.as_secs()
                ));
            }
            tokio::time::sleep(wait).await;
            call.state.record_query(call.now());
            let answer =
                tokio::time::timeout(self.probe_timeout, probe.check(operation.clone())).await;
            let answer = match answer {
                Err(_) => {
                    return Resolution::Unknown(format!(
                        "the status probe did not answer within {} s",
                        self.probe_timeout.as_secs()
                    ))
                }
                Ok(answer) => answer,
            };
            match answer {
                Probe::Unknown => {
                    return Resolution::Unknown("the status probe could not tell".into())
                }
                Probe::NotFound => {
                    let now = call.now();
                    match call.state.record_status(StatusAnswer::NotFound, now) {
                        None => {
                            tracing::info!(api = self.api.name, "status probe: not found, while the request may still be in flight; asking again later");
                            let settled = call.state.not_found_trusted_at().unwrap_or(now);
                            let wait = settled.saturating_sub(now);
                            if wait > self.max_wait {
                                return Resolution::Unknown(format!(
                                    "the status probe found no operation, but the request may still be in flight for {} s, beyond the wait limit",
                                    wait.as_secs()
                                ));
                            }
                            tokio::time::sleep(wait).await;
                        }
                        Some(_) => {
                            tracing::info!(api = self.api.name, "status probe: not found");
                            return Resolution::NotThrough;
                        }
                    }
                }
                Probe::Found(response) => {
                    let read = self.read(response).await;
                    let judged = self.judge(read, None, call.now());
                    let status = judged.step.status.unwrap_or(0);
                    tracing::info!(api = self.api.name, status, outcome = ?judged.judgment.outcome, "status probe: found");
                    if !(200..300).contains(&status) {
                        return Resolution::Unknown(format!(
                            "the status query answered HTTP {status}: an error of the status endpoint, not the operation's status"
                        ));
                    }
                    let answer = match judged.judgment.outcome {
                        retry::Outcome::Succeeded => StatusAnswer::Through,
                        retry::Outcome::Failed => StatusAnswer::NotThrough,
                        _ => StatusAnswer::Unknown,
                    };
                    return match call.state.record_status(answer, call.now()) {
                        Some(retry::Outcome::Succeeded) => {
                            Resolution::Through(self.success(call, judged))
                        }
                        Some(_) => Resolution::Declined(Box::new(judged)),
                        None => Resolution::Unknown(
                            "the operation's status is not final, or could not be read".into(),
                        ),
                    };
                }
            }
        }
        Resolution::Unknown(format!("{MAX_QUERIES} status queries did not settle it"))
    }

    /// Ends the call with the last answer: "failed" only if it is a definite statement and no
    /// earlier request of the call is unresolved. Otherwise the status probe, if there is one,
    /// is asked to settle it; without one the outcome is unknown.
    async fn finish(
        &self,
        call: &mut Run,
        operation: &Operation,
        judged: Judged,
        decision: RetryDecision,
    ) -> reqwest_middleware::Result<Response> {
        let failed = judged.judgment.outcome == retry::Outcome::Failed;
        if call.state.outcome(judged.judgment.outcome) == retry::Outcome::Failed {
            return Err(self.error(call, judged, decision, Outcome::Failed));
        }
        let why_unknown = if failed {
            "an earlier request of this call may have gone through"
        } else {
            "the answer leaves the operation's status unknown"
        };
        if self.probe.is_none() {
            let decision = RetryDecision {
                reason: format!("{}; {why_unknown}", decision.reason),
                ..decision
            };
            return Err(self.error(call, judged, decision, Outcome::Unknown));
        }
        match self.resolve(call, operation).await {
            Resolution::Through(response) => Ok(response),
            Resolution::Declined(status) => {
                let d = status.judgment.decision.clone().unwrap_or(decision);
                Err(self.error(call, *status, d, Outcome::Failed))
            }
            Resolution::NotThrough => {
                let decision = RetryDecision {
                    reason: format!(
                        "{}; the status probe found no such operation",
                        decision.reason
                    ),
                    ..decision
                };
                Err(self.error(call, judged, decision, Outcome::Failed))
            }
            Resolution::Unknown(why) => {
                let decision = RetryDecision {
                    reason: format!("{}; {why_unknown}, and {why}", decision.reason),
                    ..decision
                };
                Err(self.error(call, judged, decision, Outcome::Unknown))
            }
        }
    }

    /// Whether the cap ledger lets a request go; counts it if so.
    fn take_cap(&self, call: &Run) -> Result<(), String> {
        let (Some(ledger), Some(key)) = (&self.caps, &call.key) else {
            return Ok(());
        };
        let now = self.wall();
        if let Some(state) = ledger.state(key, now) {
            if state.is_spent() {
                return Err(format!(
                    "{}: the attempts allowed for this card or recipient within the window are spent; no more attempts in this window ({} s left)",
                    state.from.label(),
                    state.until.duration_since(now).unwrap_or_default().as_secs()
                ));
            }
        }
        ledger.attempt(key, now);
        Ok(())
    }

    fn record_caps(&self, call: &Run, judgment: &Judgment) {
        let (Some(ledger), Some(key), Some(failure)) = (&self.caps, &call.key, &judgment.failure)
        else {
            return;
        };
        for (from, max, window) in caps_of(failure) {
            ledger.decline(key, from, max, window, self.wall());
        }
    }
}

pub(crate) fn rebuild(response: Response, body: Vec<u8>) -> Response {
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version())
        .url(response.url().clone());
    if let Some(headers) = builder.headers_mut() {
        *headers = response.headers().clone();
        headers.remove(http::header::TRANSFER_ENCODING);
    }
    match builder.body(body) {
        Ok(rebuilt) => Response::from(rebuilt),
        // Unreachable: the parts come from a valid response.
        Err(_) => response,
    }
}

#[async_trait]
impl Middleware for QiwiRetry {
    async fn handle(
        &self,
        request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let mut config = self.config;
        if self.probe.is_some() {
            // A probe can tell whether a request went through: ask it before any repeat of one
            // that may have, the documented empty-500 repeat included.
            config.trust_idempotence = false;
        }
        let mut call = Run {
            start: Instant::now(),
            policy: RetryPolicy::with_config(config),
            state: retry::Call::new()
                .settle_delay(self.settle_delay)
                .status_interval(self.status_query_interval()),
            steps: Vec::new(),
            sent: 0,
            key: extensions.get::<CapKey>().cloned(),
        };
        let operation = Operation {
            id: extensions.get::<OperationId>().map(|id| id.0.clone()),
            method: request.method().clone(),
            url: request.url().clone(),
            body: request
                .body()
                .and_then(reqwest::Body::as_bytes)
                .map(Bytes::copy_from_slice),
        };
        // Every repeat is a copy of this request: same method, URL, headers, body, and so the
        // same client-generated ID. A streaming body cannot be copied: then nothing is repeated.
        let template = request.try_clone();
        let copy = || template.as_ref().and_then(Request::try_clone);
        let mut request = request;
        loop {
            if let Err(why) = self.take_cap(&call) {
                let judged = Judged {
                    judgment: Judgment {
                        outcome: retry::Outcome::Failed,
                        failure: None,
                        decision: None,
                        diagnosis: None,
                        retry_after: None,
                    },
                    cause: Cause::CapSpent,
                    body: None,
                    response: None,
                    step: Step {
                        at: call.now(),
                        status: None,
                        truncated: false,
                        outcome: retry::Outcome::Failed,
                        action: Some(RetryAction::Never),
                    },
                    in_flight: false,
                };
                let decision = RetryDecision {
                    action: RetryAction::Never,
                    reason: why,
                    attempt: call.sent,
                };
                return self.finish(&mut call, &operation, judged, decision).await;
            }
            call.sent += 1;
            let read = self.attempt(request, extensions, next.clone()).await;
            let now = call.now();
            let judged = self.judge(read, Some(&mut call.policy), now);
            call.steps.push(judged.step);
            let failure = judged.judgment.failure;
            tracing::info!(
                api = self.api.name,
                operation = operation.id.as_deref().unwrap_or(""),
                attempt = call.sent,
                cause = %judged.cause,
                outcome = ?judged.judgment.outcome,
                code = failure.and_then(|f| f.entry).map(Entry::code).unwrap_or(""),
                family = failure.and_then(|f| f.entry).map(|e| e.family().as_str()).unwrap_or(""),
                action = ?judged.step.action,
                reason = judged.judgment.decision.as_ref().map(|d| d.reason.as_str()).unwrap_or(""),
                "qiwi retry decision"
            );
            if judged.judgment.outcome == retry::Outcome::Succeeded {
                return Ok(self.success(&call, judged));
            }
            call.state
                .record(judged.judgment.outcome, judged.in_flight, now);
            self.record_caps(&call, &judged.judgment);
            let Some(decision) = judged.judgment.decision.clone() else {
                let decision = RetryDecision {
                    action: RetryAction::CheckStatus,
                    reason: "no decision".into(),
                    attempt: call.sent,
                };
                return self.finish(&mut call, &operation, judged, decision).await;
            };
            let decision = self.hold_to_ledger(&call, decision);
            match decision.action {
                RetryAction::Now | RetryAction::After { .. } => {
                    let delay = decision.action.delay().unwrap_or_default();
                    let Some(repeat) = copy().filter(|_| delay <= self.max_wait) else {
                        tracing::info!(api = self.api.name, delay = ?delay, "not repeating here: the delay is beyond max_wait or the body cannot be copied");
                        return self.finish(&mut call, &operation, judged, decision).await;
                    };
                    tokio::time::sleep(delay).await;
                    if call.state.is_unresolved() && self.probe.is_some() {
                        // The answer may have followed a commit: ask before repeating.
                        match self.resolve(&mut call, &operation).await {
                            Resolution::NotThrough => {}
                            Resolution::Through(response) => return Ok(response),
                            Resolution::Declined(status) => {
                                let d = status.judgment.decision.clone().unwrap_or(decision);
                                return Err(self.error(&call, *status, d, Outcome::Failed));
                            }
                            Resolution::Unknown(why) => {
                                let decision = RetryDecision {
                                    action: RetryAction::CheckStatus,
                                    reason: format!(
                                        "{}; before the repeat, {why}",
                                        decision.reason
                                    ),
                                    ..decision
                                };
                                return Err(self.error(
                                    &call,
                                    Judged {
                                        cause: Cause::StatusUnknown,
                                        ..judged
                                    },
                                    decision,
                                    Outcome::Unknown,
                                ));
                            }
                        }
                    }
                    request = repeat;
                }
                RetryAction::CheckStatus => {
                    if self.probe.is_none() {
                        return Err(self.error(&call, judged, decision, Outcome::Unknown));
                    }
                    match self.resolve(&mut call, &operation).await {
                        Resolution::Through(response) => return Ok(response),
                        Resolution::Declined(status) => {
                            let d = status.judgment.decision.clone().unwrap_or(decision);
                            return Err(self.error(&call, *status, d, Outcome::Failed));
                        }
                        Resolution::Unknown(why) => {
                            let decision = RetryDecision {
                                reason: format!("{}; {why}", decision.reason),
                                ..decision
                            };
                            return Err(self.error(
                                &call,
                                Judged {
                                    cause: Cause::StatusUnknown,
                                    ..judged
                                },
                                decision,
                                Outcome::Unknown,
                            ));
                        }
                        Resolution::NotThrough => {
                            // The repeat counts against the policy's budgets (the attempt
                            // limit, a capped decline's reattempts) and waits for Retry-After.
                            let check = call.policy.repeat_after_check(call.now());
                            let check = self.hold_to_ledger(&call, check);
                            let delay = check.action.delay();
                            let repeat =
                                copy().filter(|_| delay.is_some_and(|d| d <= self.max_wait));
                            let Some(repeat) = repeat else {
                                let decision = RetryDecision {
                                    reason: format!(
                                        "{}; the status probe found no operation, but {}",
                                        decision.reason, check.reason
                                    ),
                                    ..check
                                };
                                return Err(self.error(&call, judged, decision, Outcome::Failed));
                            };
                            tokio::time::sleep(delay.unwrap_or_default()).await;
                            request = repeat;
                        }
                    }
                }
                RetryAction::Never | RetryAction::AfterUserAction => {
                    return self.finish(&mut call, &operation, judged, decision).await;
                }
            }
        }
    }
}

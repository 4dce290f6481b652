//! One attempt's answer read and judged: the bounded body, the diagnosis, the failure.

use crate::api::Api;
use crate::error::{Cause, Outcome, QiwiError};
use crate::middleware::QiwiRetry;
use crate::operation::{Operation, OperationId, Probe};
use async_trait::async_trait;
use bytes::Bytes;
use http::Extensions;
use qiwi_errors::retry::{Failure, RetryAction, RetryDecision, RetryPolicy};
use qiwi_errors::{diagnose, Diagnosis, Entry, Family, Severity};
use reqwest::{Request, Response, ResponseBuilderExt, StatusCode};
use reqwest_middleware::{Middleware, Next};
use std::time::Duration;
use tokio::time::Instant;

/// One failed attempt, as seen by the middleware.
pub(crate) struct Seen {
    pub(crate) cause: Cause,
    pub(crate) failure: Failure,
    pub(crate) diagnosis: Option<Diagnosis>,
    pub(crate) body: Option<String>,
    pub(crate) retry_after: Option<Duration>,
}

pub(crate) enum Observation {
    Success(Response),
    Failure(Box<Seen>),
}

impl Observation {
    fn without_answer(cause: Cause) -> Self {
        // Nothing is known: the policy's rule for an unknown failure applies (check status).
        Observation::Failure(Box::new(Seen {
            cause,
            failure: Failure::new(),
            diagnosis: None,
            body: None,
            retry_after: None,
        }))
    }
}

/// The HTTP-status families of the knowledge base.
pub(crate) fn is_http_family(family: Family) -> bool {
    matches!(
        family,
        Family::WalletHttp | Family::PaymentHttp | Family::IdentHttp
    )
}

/// How specific a finding is: a card network's code says more than a reason, a reason more
/// than an operation status, any code more than an HTTP status.
pub(crate) fn specificity(family: Family) -> u8 {
    match family {
        Family::PsError => 4,
        Family::PaymentReason | Family::XmlPaymentResult | Family::TopupResult => 3,
        f if is_http_family(f) => 1,
        _ => 2,
    }
}

/// Turns a diagnosis into the [`Failure`] the policy needs; `None` when nothing failed.
///
/// This mirrors what `diagnose` does for its own (stateless) advice, with two differences:
/// the HTTP status is read in the family of the configured API, and among the failing codes
/// the most specific one decides (so `psErrorCode 51` with reason
/// `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY` keeps its documented budget even though
/// `status.value` `DECLINED` is more severe).
pub(crate) fn failure_of(d: &Diagnosis, status: StatusCode, api: &Api) -> Option<Failure> {
    let failing = d
        .findings
        .iter()
        .filter_map(|f| f.entry)
        .filter(|e| !is_http_family(e.family()) && e.severity() > Severity::Info)
        .max_by_key(|e| (specificity(e.family()), e.severity()));
    let http_failed = status.as_u16() >= 400;
    if failing.is_none() && !http_failed {
        return None;
    }
    let mut failure = Failure::new();
    failure.entry = failing;
    if http_failed {
        failure.http_status = Some(status.as_u16());
        failure.http_family = api.http_family;
        failure.empty_body = Some(d.format == qiwi_errors::BodyFormat::Empty);
        if failure.entry.is_none() {
            failure.entry = api
                .http_family
                .and_then(|f| qiwi_errors::lookup(f, status.as_str()));
        }
    }
    failure.fatal = d.fatal;
    failure.payment_status = d
        .findings
        .iter()
        .filter(|f| f.family == Family::XmlPaymentStatus)
        .find_map(|f| f.value.parse().ok());
    Some(failure)
}

pub(crate) fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(http::header::RETRY_AFTER)?;
    let seconds: u64 = value.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds))
}

pub(crate) enum BodyError {
    TooLarge,
    Transport(String),
}

pub(crate) async fn read_bounded(
    response: &mut Response,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| BodyError::Transport(e.to_string()))?
    {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

impl QiwiRetry {
    /// Reads an answer: success passes through (rebuilt when its body was read), anything
    /// else becomes a [`Seen`] failure.
    async fn classify(&self, mut response: Response) -> Observation {
        let status = response.status();
        if status.is_success() && !self.api.inspect_success {
            return Observation::Success(response);
        }
        if !status.is_success() && status.as_u16() < 400 {
            return Observation::Success(response);
        }
        let after = retry_after(&response);
        let body = match read_bounded(&mut response, self.max_body_len).await {
            Ok(body) => body,
            Err(BodyError::Transport(e)) => {
                return Observation::without_answer(Cause::Transport(e));
            }
            Err(BodyError::TooLarge) if status.is_success() => {
                return Observation::without_answer(Cause::BodyTooLarge(self.max_body_len));
            }
            Err(BodyError::TooLarge) => {
                let mut failure = Failure::new();
                failure.http_status = Some(status.as_u16());
                failure.http_family = self.api.http_family;
                failure.empty_body = Some(false);
                failure.entry = self
                    .api
                    .http_family
                    .and_then(|f| qiwi_errors::lookup(f, status.as_str()));
                return Observation::Failure(Box::new(Seen {
                    cause: Cause::BodyTooLarge(self.max_body_len),
                    failure,
                    diagnosis: None,
                    body: None,
                    retry_after: after,
                }));
            }
        };
        let text = String::from_utf8_lossy(&body).into_owned();
        let pasted = format!(
            "HTTP/1.1 {} {}\r\n\r\n{}",
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            text
        );
        let diagnosis = diagnose(&pasted).ok();
        let failure = match &diagnosis {
            Some(d) => failure_of(d, status, &self.api),
            // Unreadable: a 2xx passes through to the caller, an error keeps its status.
            None if status.is_success() => None,
            None => {
                let mut f = Failure::new();
                f.http_status = Some(status.as_u16());
                f.http_family = self.api.http_family;
                f.empty_body = Some(text.trim().is_empty());
                f.entry = self
                    .api
                    .http_family
                    .and_then(|fam| qiwi_errors::lookup(fam, status.as_str()));
                Some(f)
            }
        };
        match failure {
            None => Observation::Success(rebuild(response, body)),
            Some(failure) => Observation::Failure(Box::new(Seen {
                cause: Cause::Answer(status),
                failure,
                diagnosis,
                body: Some(text),
                retry_after: after,
            })),
        }
    }

    async fn attempt(
        &self,
        request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> Observation {
        let exchange = async {
            match next.run(request, extensions).await {
                Ok(response) => self.classify(response).await,
                Err(e) => Observation::without_answer(Cause::Transport(e.to_string())),
            }
        };
        match self.attempt_timeout {
            Some(limit) => tokio::time::timeout(limit, exchange)
                .await
                .unwrap_or_else(|_| Observation::without_answer(Cause::Timeout(limit))),
            None => exchange.await,
        }
    }

    fn error(
        &self,
        seen: Seen,
        decision: RetryDecision,
        outcome: Outcome,
        attempts: u32,
    ) -> reqwest_middleware::Error {
        reqwest_middleware::Error::Middleware(anyhow::Error::new(QiwiError {
            api: self.api.name,
            cause: seen.cause,
            failure: seen.failure,
            diagnosis: seen.diagnosis,
            body: seen.body,
            decision,
            outcome,
            attempts,
        }))
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

pub(crate) fn outcome_of(action: RetryAction) -> Outcome {
    if action == RetryAction::CheckStatus {
        Outcome::Unknown
    } else {
        Outcome::Failed
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
        let start = Instant::now();
        let mut policy = RetryPolicy::with_config(self.config);
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
        let mut sent = 1u32;
        let mut observation = self.attempt(request, extensions, next.clone()).await;
        let mut from_probe = false;
        loop {
            let seen = match observation {
                Observation::Success(response) => return Ok(response),
                Observation::Failure(seen) => *seen,
            };
            let decision = policy.decide(&seen.failure, start.elapsed());
            tracing::info!(
                api = self.api.name,
                operation = operation.id.as_deref().unwrap_or(""),
                attempt = sent,
                cause = %seen.cause,
                code = seen.failure.entry.map(Entry::code).unwrap_or(""),
                family = seen.failure.entry.map(|e| e.family().as_str()).unwrap_or(""),
                action = ?decision.action,
                reason = %decision.reason,
                "qiwi retry decision"
            );
            match decision.action {
                RetryAction::Now | RetryAction::After { .. } => {
                    let documented = decision.action.delay().unwrap_or_default();
                    let delay = documented.max(seen.retry_after.unwrap_or_default());
                    let copy = template.as_ref().and_then(Request::try_clone);
                    let Some(copy) = copy.filter(|_| delay <= self.max_wait) else {
                        tracing::info!(
                            api = self.api.name,
                            delay = ?delay,
                            "not repeating here: the delay is beyond max_wait or the body cannot be copied"
                        );
                        let decision = RetryDecision {
                            action: if delay > documented {
                                RetryAction::After {
                                    seconds: delay.as_secs(),
                                }
                            } else {
                                decision.action
                            },
                            ..decision
                        };
                        return Err(self.error(seen, decision, Outcome::Failed, sent));
                    };
                    tokio::time::sleep(delay).await;
                    sent += 1;
                    from_probe = false;
                    observation = self.attempt(copy, extensions, next.clone()).await;
                }
                RetryAction::CheckStatus => {
                    let probe = match &self.probe {
                        Some(probe) if !from_probe => probe,
                        _ => return Err(self.error(seen, decision, Outcome::Unknown, sent)),
                    };
                    match probe.check(operation.clone()).await {
                        Probe::NotFound => {
                            tracing::info!(api = self.api.name, "status probe: not found");
                            // The repeat counts against the policy's budgets (the attempt
                            // limit, a capped decline's reattempts).
                            let check = policy.repeat_after_check(start.elapsed());
                            let copy = template.as_ref().and_then(Request::try_clone);
                            let copy = copy.filter(|_| sent < self.config.max_attempts);
                            let copy = copy.filter(|_| check.action.is_retry());
                            let Some(copy) = copy else {
                                let decision = RetryDecision {
                                    action: RetryAction::Never,
                                    reason: format!(
                                        "{}; the status probe found no operation, but {} ({} attempt(s) sent, limit {}, or the body cannot be copied)",
                                        decision.reason, check.reason, sent, self.config.max_attempts
                                    ),
                                    ..decision
                                };
                                return Err(self.error(seen, decision, Outcome::Failed, sent));
                            };
                            sent += 1;
                            observation = self.attempt(copy, extensions, next.clone()).await;
                        }
                        Probe::Found(response) => {
                            tracing::info!(api = self.api.name, "status probe: found");
                            from_probe = true;
                            observation = self.classify(response).await;
                        }
                        Probe::Unknown => {
                            tracing::info!(api = self.api.name, "status probe: unknown");
                            let seen = Seen {
                                cause: Cause::StatusUnknown,
                                ..seen
                            };
                            return Err(self.error(seen, decision, Outcome::Unknown, sent));
                        }
                    }
                }
                RetryAction::Never | RetryAction::AfterUserAction => {
                    let outcome = outcome_of(decision.action);
                    return Err(self.error(seen, decision, outcome, sent));
                }
            }
        }
    }
}

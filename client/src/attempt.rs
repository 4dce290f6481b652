//! One call: every answer read (bounded) and handed to the library's judgment
//! ([`RetryPolicy::judge`]); the middleware only moves bytes, sleeps and asks the probe.

mod ledger;
mod read;
mod resolve;

use crate::caps::CapKey;
use crate::error::{Cause, Outcome, Step};
use crate::middleware::QiwiRetry;
use crate::operation::{Operation, OperationId};
use async_trait::async_trait;
use bytes::Bytes;
use http::Extensions;
use qiwi_errors::retry::{self, Judgment, RetryAction, RetryDecision, RetryPolicy};
use qiwi_errors::Entry;
use reqwest::{Request, Response};
use reqwest_middleware::{Middleware, Next};
use resolve::Resolution;
use std::time::Duration;
use tokio::time::Instant;

/// An answer judged, with what the caller may be shown of it.
pub(crate) struct Judged {
    pub(crate) judgment: Judgment,
    pub(crate) cause: Cause,
    pub(crate) body: Option<String>,
    /// The answer and its body, to hand on when it is a success.
    pub(crate) response: Option<(Response, Vec<u8>)>,
    pub(crate) step: Step,
    /// The request may still be in flight behind this answer ([`retry::Reply::may_be_in_flight`]).
    pub(crate) in_flight: bool,
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

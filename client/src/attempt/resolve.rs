//! How a call ends: the status probe asked until it settles the operation, and the caller
//! handed the answer or a [`QiwiError`] whose outcome is the library's call rule's.

use super::{Judged, Run};
use crate::error::{Outcome, QiwiError, Steps};
use crate::middleware::QiwiRetry;
use crate::operation::{Operation, Probe};
use qiwi_errors::retry::{self, RetryDecision, StatusAnswer};
use reqwest::{Response, ResponseBuilderExt};

/// The most status queries one resolution makes.
const MAX_QUERIES: u32 = 4;

/// What a status query settled.
pub(super) enum Resolution {
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
    pub(super) fn error(
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

    pub(super) fn success(&self, call: &Run, judged: Judged) -> Response {
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
    pub(super) async fn resolve(&self, call: &mut Run, operation: &Operation) -> Resolution {
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
    pub(super) async fn finish(
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
}

/// The answer again, with the body this middleware read out of it.
fn rebuild(response: Response, body: Vec<u8>) -> Response {
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

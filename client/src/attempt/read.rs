//! One request sent and what came back read (a body up to the limit) and judged by the
//! library, with the call's policy or, for a status answer, on its own.

use super::Judged;
use crate::error::{Cause, Step};
use crate::middleware::QiwiRetry;
use http::Extensions;
use qiwi_errors::retry::{self, Judgment, Reply, RetryPolicy};
use reqwest::{Request, Response};
use reqwest_middleware::Next;
use std::time::{Duration, SystemTime};

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

impl QiwiRetry {
    /// The library's reading of an answer, as this middleware has it.
    pub(super) fn reply<'a>(
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
    pub(super) fn judge(
        &self,
        read: Read,
        policy: Option<&mut RetryPolicy>,
        now: Duration,
    ) -> Judged {
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
    pub(super) async fn attempt(
        &self,
        request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> Read {
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

    pub(super) async fn read(&self, mut response: Response) -> Read {
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
}

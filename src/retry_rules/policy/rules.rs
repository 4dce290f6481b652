//! The rules a failure is read by: its main code's documented advice (and the protocol's
//! readings of a fatal flag, a payment status, an HTTP status), held to the verdict of the
//! code it came with when that one is stricter.

use crate::entry::Entry;
use crate::kinds::{Api, Family, Retry};
use crate::retry_rules::config::RetryConfig;
use crate::retry_rules::decision::RetryAction;
use crate::retry_rules::failure::Failure;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What the rules remember of one operation between its failures.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(super) struct Seen {
    /// Failures whose advice is a budget (`Retry::Limited`).
    limited: u32,
    /// Rate-limit answers in a row.
    pub(super) rate_limited: u32,
    /// Whether an XML payment status other than -1 was seen: then -1 no longer means
    /// "not registered" and only status queries are safe.
    saw_registered_status: bool,
}

impl Seen {
    /// The rule for the failure's main code, held to the verdict of the code it came with
    /// when that one is stricter (a psErrorCode that allows a reattempt, with a reason that
    /// forbids one: the reason wins).
    pub(super) fn rule(
        &mut self,
        config: &RetryConfig,
        failure: &Failure,
    ) -> (RetryAction, String) {
        let (action, reason) = self.rule_for_main(config, failure);
        let Some(paired) = failure.paired.filter(|p| Some(*p) != failure.entry) else {
            return (action, reason);
        };
        let (other, why) = documented(config, paired);
        if strictness(other) > strictness(action) {
            (other, format!("{why}; stricter than {reason}"))
        } else {
            (action, reason)
        }
    }

    fn rule_for_main(&mut self, config: &RetryConfig, failure: &Failure) -> (RetryAction, String) {
        let label = failure.entry.map(|e| e.label().to_string());
        let named = label.as_deref().unwrap_or("the failure");

        if failure.fatal == Some(true) {
            return (
                RetryAction::Never,
                format!("{named}: fatal=true, a repeat gives the same result"),
            );
        }
        if let Some(status) = failure.payment_status {
            let entry = crate::lookup::lookup(Family::XmlPaymentStatus, &status.to_string());
            if status == -1 {
                if self.saw_registered_status {
                    return (
                        RetryAction::CheckStatus,
                        "payment status -1 after the payment was registered: keep querying its status, do not resend".into(),
                    );
                }
                let documented = entry.and_then(|e| match e.retry() {
                    Retry::After { seconds } => Some(seconds),
                    _ => None,
                });
                let reason = match documented {
                    Some(_) => "payment status -1: a temporary error, the payment was not registered".to_string(),
                    None => format!(
                        "payment status -1: a temporary error, the payment was not registered; the documentation says \"later\", the {} s wait is qiwi-errors' default (RetryConfig::later)",
                        config.later.as_secs()
                    ),
                };
                return (
                    RetryAction::After {
                        seconds: documented.unwrap_or(seconds_of(config.later)),
                    },
                    reason,
                );
            }
            self.saw_registered_status = true;
            match entry.and_then(Entry::is_final) {
                Some(true) => {
                    return (
                        RetryAction::Never,
                        format!("payment status {status} is final"),
                    );
                }
                Some(false) => {
                    return (
                        RetryAction::CheckStatus,
                        format!(
                            "payment status {status} is not final: query the status again later"
                        ),
                    );
                }
                None => {}
            }
        }
        if failure.foreign && failure.http_status.is_some_and(|s| s >= 500) {
            return (
                RetryAction::CheckStatus,
                format!(
                    "HTTP {}: the body is not the API's own JSON or XML, so the answer came from a proxy in front of it, which may have passed the request on: query the operation's status before any repeat",
                    failure.http_status.unwrap_or(500)
                ),
            );
        }
        let api = failure.api.or(failure.http_family.map(Family::api));
        if api == Some(Api::Xml) && failure.http_status.is_some_and(|s| s != 200) {
            return (
                RetryAction::CheckStatus,
                "the XML protocol: after an HTTP error the payment's status is unknown; query it (no more than once in 10 minutes) until it is final, and do not decline the payment on your side".into(),
            );
        }
        if let Some(500) = failure.http_status {
            if failure.http_family == Some(Family::PaymentHttp) && failure.empty_body == Some(true)
            {
                return if config.trust_idempotence {
                    (
                        RetryAction::Now,
                        "HTTP 500 with an empty body: repeat the request with the same parameters"
                            .into(),
                    )
                } else {
                    (
                        RetryAction::CheckStatus,
                        "HTTP 500 with an empty body: the documentation allows a repeat with the same parameters, but the request may have been processed, so its status is queried first (RetryConfig::trust_idempotence is off)".into(),
                    )
                };
            }
            if failure.http_family.is_none_or(|f| f == Family::PaymentHttp) {
                return (
                    RetryAction::CheckStatus,
                    "HTTP 500 with a body, or from an API that documents no repeat: query the payment's status before any repeat".into(),
                );
            }
        }
        if let Some(status @ (429 | 423)) = failure.http_status {
            self.rate_limited = self.rate_limited.saturating_add(1);
            let documented = failure.entry.and_then(|e| match e.retry() {
                Retry::After { seconds } => Some(Duration::from_secs(u64::from(seconds))),
                _ => None,
            });
            let base = documented.unwrap_or(config.base_backoff);
            let factor = 1u32
                .checked_shl(self.rate_limited.saturating_sub(1).min(20))
                .unwrap_or(u32::MAX);
            let delay = base
                .saturating_mul(factor)
                .min(config.max_backoff.max(base));
            return (
                RetryAction::After {
                    seconds: seconds_of(delay),
                },
                format!(
                    "HTTP {status}: rate limited ({} in a row), exponential backoff",
                    self.rate_limited
                ),
            );
        }
        let Some(entry) = failure.entry else {
            return (
                RetryAction::CheckStatus,
                "unknown failure: query the operation's status before any repeat".into(),
            );
        };
        match entry.retry() {
            Retry::Limited {
                max,
                window_seconds,
            } => {
                self.limited = self.limited.saturating_add(1);
                // Reattempts, not attempts: the first failure of the operation is not one.
                let reattempts = self.limited - 1;
                if reattempts >= max {
                    return (
                        RetryAction::Never,
                        format!("{named}: the budget of {max} reattempt(s) per {window_seconds} s is spent"),
                    );
                }
                // The budget counts reattempts in a window and says nothing of when to make
                // them, so the wait before one is our default, and so labelled.
                (
                    RetryAction::After {
                        seconds: seconds_of(config.later),
                    },
                    format!(
                        "{named}: at most {max} reattempt(s) per {window_seconds} s with the same data; the {} s wait before it is qiwi-errors' default (RetryConfig::later)",
                        config.later.as_secs()
                    ),
                )
            }
            _ => documented(config, entry),
        }
    }
}

/// What a code's documented advice says on its own, without counting budgets (a cap is
/// held by `RetryPolicy::within_cap`).
fn documented(config: &RetryConfig, entry: Entry) -> (RetryAction, String) {
    let named = entry.label();
    let later = seconds_of(config.later);
    match entry.retry() {
        Retry::Never => (
            RetryAction::Never,
            format!("{named}: documented as not to be retried"),
        ),
        Retry::Now => (
            RetryAction::Now,
            format!("{named}: may be repeated at once"),
        ),
        Retry::After { seconds } => (
            RetryAction::After { seconds },
            format!("{named}: repeat after {seconds} s"),
        ),
        Retry::Later => (
            RetryAction::After { seconds: later },
            format!("{named}: documented as \"repeat later\" without a delay; the {later} s wait is qiwi-errors' default (RetryConfig::later)"),
        ),
        // A budget says how many repeats, not when: the wait is ours. The budget itself is
        // counted by the main code's rule and held by `within_cap`.
        Retry::Limited { .. } => (
            RetryAction::After { seconds: later },
            format!("{named}: a repeat is allowed later; the {later} s wait is qiwi-errors' default (RetryConfig::later)"),
        ),
        Retry::AfterUserAction => (
            RetryAction::AfterUserAction,
            format!("{named}: the user must act before a repeat"),
        ),
        Retry::CheckStatus => (
            RetryAction::CheckStatus,
            format!("{named}: query the operation's status first"),
        ),
    }
}

/// How strict an action is, for choosing between two verdicts: not repeating beats any repeat,
/// a longer wait beats a shorter one.
fn strictness(action: RetryAction) -> (u8, u64) {
    match action {
        RetryAction::Never => (5, 0),
        RetryAction::AfterUserAction => (4, 0),
        RetryAction::CheckStatus => (3, 0),
        RetryAction::After { seconds } => (2, u64::from(seconds)),
        RetryAction::Now => (1, 0),
    }
}

/// A wait in whole seconds, at least one, as [`RetryAction::After`] holds it (saturating: no
/// wait the APIs name comes near `u32::MAX` seconds).
pub(super) fn seconds_of(wait: Duration) -> u32 {
    u32::try_from(wait.as_secs().max(1)).unwrap_or(u32::MAX)
}

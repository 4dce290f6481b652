//! The policy that keeps one operation's history and applies the documented rules.

use super::{Failure, RetryAction, RetryDecision};
use crate::entry::Entry;
use crate::kinds::{Api, Family, Retry};
use std::time::Duration;

/// Limits a [`RetryPolicy`] keeps beyond the documented ones.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::{RetryConfig, RetryPolicy};
/// use std::time::Duration;
///
/// let config = RetryConfig { max_attempts: 3, ..RetryConfig::default() };
/// let policy = RetryPolicy::with_config(config);
/// assert_eq!(policy.config().max_backoff, Duration::from_secs(900));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// The most attempts of one operation, the first included; then `Never`.
    pub max_attempts: u32,
    /// The first delay after a rate-limit answer (429, 423) without a documented delay.
    pub base_backoff: Duration,
    /// The longest delay exponential backoff may reach.
    pub max_backoff: Duration,
    /// Our wait where the documentation says "later" without a delay, and before a reattempt
    /// that a budget allows without saying when. qiwi-errors' default, not QIWI's rule: every
    /// decision that uses it says so.
    pub later: Duration,
    /// Whether a repeat that the documentation allows after an answer that can follow a commit
    /// (the payment protocol's empty HTTP 500: "repeat with the same parameters") is advised
    /// at once. `true` (the default) gives the documented advice, which relies on the API
    /// treating a repeat with the same operation ID as the same operation; `false` asks for a
    /// status check first, as a client with a status probe should: then no request that may
    /// have been processed is repeated unless the status says it was not.
    pub trust_idempotence: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 5,
            base_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(900),
            later: Duration::from_secs(300),
            trust_idempotence: true,
        }
    }
}

/// The retry state of one operation (one payment, one payout): keep one per operation and
/// ask it after every failure.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::{Failure, RetryAction, RetryPolicy};
/// use qiwi_errors::Family;
/// use std::time::Duration;
///
/// let mut policy = RetryPolicy::new();
/// let too_many = Failure::http(Family::PaymentHttp, 429);
/// let first = policy.decide(&too_many, Duration::ZERO).action;
/// let second = policy.decide(&too_many, Duration::from_secs(60)).action;
/// assert!(second.delay() > first.delay(), "backoff grows");
/// ```
#[derive(Clone, Debug, Default)]
pub struct RetryPolicy {
    config: RetryConfig,
    /// Times of failed attempts, oldest first.
    failures: Vec<Duration>,
    /// Failures whose advice is a budget (`Retry::Limited`).
    limited: u32,
    /// Rate-limit answers in a row.
    rate_limited: u32,
    /// Whether an XML payment status other than -1 was seen: then -1 no longer means
    /// "not registered" and only status queries are safe.
    saw_registered_status: bool,
    /// A per-window reattempt cap in force since a capped decline: every repeat inside the
    /// window counts against it, whatever failure led to it.
    cap: Option<Cap>,
    /// No repeat before this time: the last answer's `Retry-After`.
    not_before: Option<Duration>,
}

/// A reattempt cap in force: at most `max` repeats from `since` until `since + window`.
#[derive(Clone, Copy, Debug)]
struct Cap {
    max: u32,
    window: Duration,
    since: Duration,
    repeats: u32,
    /// The capped code the cap comes from.
    from: Entry,
}

impl RetryPolicy {
    /// A policy with the default [`RetryConfig`].
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::RetryPolicy;
    ///
    /// assert_eq!(RetryPolicy::new().attempts(), 0);
    /// ```
    pub fn new() -> Self {
        RetryPolicy::default()
    }

    /// A policy with the given limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{RetryConfig, RetryPolicy};
    ///
    /// let policy = RetryPolicy::with_config(RetryConfig { max_attempts: 2, ..Default::default() });
    /// assert_eq!(policy.config().max_attempts, 2);
    /// ```
    pub fn with_config(config: RetryConfig) -> Self {
        RetryPolicy {
            config,
            ..RetryPolicy::default()
        }
    }

    /// The limits in force.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::RetryPolicy;
    ///
    /// assert_eq!(RetryPolicy::new().config().max_attempts, 5);
    /// ```
    pub fn config(&self) -> &RetryConfig {
        &self.config
    }

    /// How many failed attempts this policy has seen.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Failure, RetryPolicy};
    /// use std::time::Duration;
    ///
    /// let mut policy = RetryPolicy::new();
    /// policy.decide(&Failure::new(), Duration::ZERO);
    /// assert_eq!(policy.attempts(), 1);
    /// ```
    pub fn attempts(&self) -> u32 {
        self.failures.len().try_into().unwrap_or(u32::MAX)
    }

    /// When the last failure was recorded, on the caller's clock.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Failure, RetryPolicy};
    /// use std::time::Duration;
    ///
    /// let mut policy = RetryPolicy::new();
    /// assert_eq!(policy.last_failure(), None);
    /// policy.decide(&Failure::new(), Duration::from_secs(5));
    /// assert_eq!(policy.last_failure(), Some(Duration::from_secs(5)));
    /// ```
    pub fn last_failure(&self) -> Option<Duration> {
        self.failures.last().copied()
    }

    /// Records a failed attempt at `now` and decides what to do next.
    ///
    /// Rules, first match wins: the `fatal` flag; the XML payment status (final: never; `-1`:
    /// retry later unless a registered status was seen; in progress: check status); the
    /// payment protocol's 500 rule (empty body: repeat now; otherwise check status first);
    /// rate limits (429, 423) with exponential backoff; the code's documented advice with its
    /// budget; an unknown failure: check status. The attempt limit caps every repeat.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Failure, RetryAction, RetryPolicy};
    /// use qiwi_errors::Family;
    /// use std::time::Duration;
    ///
    /// let mut policy = RetryPolicy::new();
    /// let empty = Failure::http(Family::PaymentHttp, 500).empty_body(true);
    /// assert_eq!(policy.decide(&empty, Duration::ZERO).action, RetryAction::Now);
    /// let with_body = Failure::http(Family::PaymentHttp, 500).empty_body(false);
    /// assert_eq!(policy.decide(&with_body, Duration::ZERO).action, RetryAction::CheckStatus);
    /// ```
    pub fn decide(&mut self, failure: &Failure, now: Duration) -> RetryDecision {
        self.failures.push(now);
        let attempt = self.attempts();
        let (action, reason) = self.rule(failure);
        let (action, reason) = if action.is_retry() && attempt >= self.config.max_attempts {
            (
                RetryAction::Never,
                format!(
                    "{reason}; but {attempt} attempts failed, the limit is {}",
                    self.config.max_attempts
                ),
            )
        } else {
            (action, reason)
        };
        let (action, reason) = self.within_cap(failure, now, action, reason);
        if !matches!(failure.http_status, Some(429 | 423)) {
            self.rate_limited = 0;
        }
        RetryDecision {
            action,
            reason,
            attempt,
        }
    }

    /// Holds a repeat to the wait an answer asked for with `Retry-After`, and remembers it for
    /// a repeat after a status check.
    pub(crate) fn hold_to_retry_after(
        &mut self,
        decision: &mut RetryDecision,
        retry_after: Option<Duration>,
        now: Duration,
    ) {
        let Some(wait) = retry_after else { return };
        self.not_before = Some(now + wait);
        if let Some(delay) = decision.action.delay() {
            if wait > delay {
                decision.action = RetryAction::After {
                    seconds: whole_seconds(wait),
                };
                decision.reason = format!(
                    "{}; the answer's Retry-After asks for {} s",
                    decision.reason,
                    wait.as_secs()
                );
            }
        }
    }

    /// Holds a repeat to the cap of a capped decline seen within its window: a repeat for
    /// another reason (an empty HTTP 500 after the reattempt) is still a repeat with the same
    /// data, which the payment system's rule counts.
    fn within_cap(
        &mut self,
        failure: &Failure,
        now: Duration,
        action: RetryAction,
        reason: String,
    ) -> (RetryAction, String) {
        let cap = [failure.entry, failure.paired]
            .into_iter()
            .flatten()
            .filter_map(Entry::cap)
            .filter_map(|(retry, from)| match retry {
                Retry::Limited {
                    max,
                    window_seconds,
                } => Some((max, std::cmp::Reverse(window_seconds), from)),
                _ => None,
            })
            .min_by_key(|(max, window, _)| (*max, *window));
        if let Some((max, std::cmp::Reverse(window_seconds), from)) = cap {
            if self.cap.is_none_or(|c| now >= c.since + c.window) {
                self.cap = Some(Cap {
                    max,
                    window: Duration::from_secs(u64::from(window_seconds)),
                    since: now,
                    repeats: 0,
                    from,
                });
            }
        }
        self.hold_to_cap(now, action, reason)
    }

    fn hold_to_cap(
        &mut self,
        now: Duration,
        action: RetryAction,
        reason: String,
    ) -> (RetryAction, String) {
        let Some(cap) = self.cap.as_mut() else {
            return (action, reason);
        };
        if now >= cap.since + cap.window {
            self.cap = None;
            return (action, reason);
        }
        if !action.is_retry() {
            return (action, reason);
        }
        if cap.repeats >= cap.max {
            return (
                RetryAction::Never,
                format!(
                    "{reason}; but {} allows {} repeat(s) with the same data within {} s of the first decline, and they are spent: no more attempts in this window",
                    cap.from.label(),
                    cap.max,
                    cap.window.as_secs()
                ),
            );
        }
        cap.repeats += 1;
        let reason = format!(
            "{reason}; repeat {} of the {} that {} allows within {} s",
            cap.repeats,
            cap.max,
            cap.from.label(),
            cap.window.as_secs()
        );
        (action, reason)
    }

    /// After a [`RetryAction::CheckStatus`] answer, the caller checked the operation's status
    /// and found that it did not go through: may the same request be sent again now? `Now`,
    /// unless the attempt limit or a capped decline's budget says `Never`. Call it instead of
    /// repeating on the check alone: the repeat counts against the same budgets.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Failure, RetryAction, RetryPolicy};
    /// use qiwi_errors::Family;
    /// use std::time::Duration;
    ///
    /// let mut policy = RetryPolicy::new();
    /// let timeout = Failure::new();
    /// assert_eq!(policy.decide(&timeout, Duration::ZERO).action, RetryAction::CheckStatus);
    /// assert_eq!(policy.repeat_after_check(Duration::from_secs(1)).action, RetryAction::Now);
    /// ```
    pub fn repeat_after_check(&mut self, now: Duration) -> RetryDecision {
        let attempt = self.attempts();
        let wait = self
            .not_before
            .map(|t| t.saturating_sub(now))
            .filter(|w| !w.is_zero());
        let reason = "the status check found no such operation: the same request may be sent again"
            .to_string();
        let (action, reason) = if attempt >= self.config.max_attempts {
            (
                RetryAction::Never,
                format!(
                    "{reason}; but {attempt} attempts failed, the limit is {}",
                    self.config.max_attempts
                ),
            )
        } else if let Some(wait) = wait {
            (
                RetryAction::After {
                    seconds: seconds_of(wait),
                },
                format!("{reason}, not before the answer's Retry-After"),
            )
        } else {
            (RetryAction::Now, reason)
        };
        let (action, reason) = self.hold_to_cap(now, action, reason);
        RetryDecision {
            action,
            reason,
            attempt,
        }
    }

    /// The rule for the failure's main code, held to the verdict of the code it came with
    /// when that one is stricter (a psErrorCode that allows a reattempt, with a reason that
    /// forbids one: the reason wins).
    fn rule(&mut self, failure: &Failure) -> (RetryAction, String) {
        let (action, reason) = self.rule_for_main(failure);
        let Some(paired) = failure.paired.filter(|p| Some(*p) != failure.entry) else {
            return (action, reason);
        };
        let (other, why) = self.documented(paired);
        if strictness(other) > strictness(action) {
            (other, format!("{why}; stricter than {reason}"))
        } else {
            (action, reason)
        }
    }

    /// What a code's documented advice says on its own, without counting budgets (a cap is
    /// held by [`Self::within_cap`]).
    fn documented(&self, entry: Entry) -> (RetryAction, String) {
        let named = entry.label();
        let later = seconds_of(self.config.later);
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

    fn rule_for_main(&mut self, failure: &Failure) -> (RetryAction, String) {
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
                        self.config.later.as_secs()
                    ),
                };
                return (
                    RetryAction::After {
                        seconds: documented.unwrap_or(seconds_of(self.config.later)),
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
                return if self.config.trust_idempotence {
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
            let base = documented.unwrap_or(self.config.base_backoff);
            let factor = 1u32
                .checked_shl(self.rate_limited.saturating_sub(1).min(20))
                .unwrap_or(u32::MAX);
            let delay = base
                .saturating_mul(factor)
                .min(self.config.max_backoff.max(base));
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
                        seconds: seconds_of(self.config.later),
                    },
                    format!(
                        "{named}: at most {max} reattempt(s) per {window_seconds} s with the same data; the {} s wait before it is qiwi-errors' default (RetryConfig::later)",
                        self.config.later.as_secs()
                    ),
                )
            }
            _ => self.documented(entry),
        }
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
fn seconds_of(wait: Duration) -> u32 {
    u32::try_from(wait.as_secs().max(1)).unwrap_or(u32::MAX)
}

/// A wait in whole seconds, rounded up (a `Retry-After` that must be honoured to the second).
fn whole_seconds(wait: Duration) -> u32 {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    u32::try_from(seconds).unwrap_or(u32::MAX)
}

//! The policy that keeps one operation's history and applies the documented rules.

use super::config::RetryConfig;
use super::decision::{RetryAction, RetryDecision};
use super::failure::Failure;
use crate::entry::Entry;
use crate::kinds::Retry;
use serde::{Deserialize, Serialize};
use std::time::Duration;

mod rules;

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
///
/// # Across restarts
///
/// A per-window cap outlives the process that saw the decline: save the policy with the
/// operation (it is `Serialize` and `Deserialize`; a capped code is saved as its
/// `family:code` key) and pass times from a clock that survives restarts, such as the Unix
/// time, as `now`.
///
/// ```
/// use qiwi_errors::retry::{Failure, RetryAction, RetryPolicy};
/// use qiwi_errors::{lookup, Family};
/// use std::time::Duration;
///
/// let declined = Failure::entry(lookup(Family::PsError, "51").unwrap());
/// let day = 86_400;
/// let at = |seconds: u64| Duration::from_secs(20_000 * day + seconds);
/// let mut policy = RetryPolicy::new();
/// // 23:59: the first decline; the cap allows one more attempt in the window.
/// assert!(policy.decide(&declined, at(day - 60)).action.is_retry());
/// let saved = serde_json::to_string(&policy).unwrap();
///
/// // The process restarts; 00:09 the next day, the repeat is declined again.
/// let mut policy: RetryPolicy = serde_json::from_str(&saved).unwrap();
/// assert_eq!(policy.decide(&declined, at(day + 540)).action, RetryAction::Never);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RetryPolicy {
    config: RetryConfig,
    /// Times of failed attempts, oldest first.
    failures: Vec<Duration>,
    /// What the rules remember between failures (budgets spent, rate limits in a row, the
    /// statuses seen).
    seen: rules::Seen,
    /// A per-window reattempt cap in force since a capped decline: every repeat inside the
    /// window counts against it, whatever failure led to it.
    cap: Option<Cap>,
    /// No repeat before this time: the last answer's `Retry-After`.
    not_before: Option<Duration>,
}

/// A reattempt cap in force: at most `max` repeats from `since` until `since + window`.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Cap {
    max: u32,
    window: Duration,
    since: Duration,
    repeats: u32,
    /// The capped code the cap comes from.
    #[serde(with = "entry_key")]
    from: Entry,
}

/// A capped code saved as its `family:code` key: a saved policy names the code, and reads back
/// into the same entry (or fails, naming the key, when this version has no such code).
mod entry_key {
    use crate::code_key::CodeKey;
    use crate::entry::Entry;
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(entry: &Entry, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(&entry.key())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Entry, D::Error> {
        let key = String::deserialize(input)?;
        key.parse::<CodeKey>()
            .ok()
            .and_then(|key| key.entry())
            .ok_or_else(|| D::Error::custom(format!("no code `{key}` in the knowledge base")))
    }
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
        let (action, reason) = self.seen.rule(&self.config, failure);
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
            self.seen.rate_limited = 0;
        }
        RetryDecision {
            action,
            reason,
            attempt,
        }
    }

    #[cfg(feature = "diagnose")]
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
                    seconds: rules::seconds_of(wait),
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
}

#[cfg(feature = "diagnose")]
/// A wait in whole seconds, rounded up (a `Retry-After` that must be honoured to the second).
fn whole_seconds(wait: Duration) -> u32 {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    u32::try_from(seconds).unwrap_or(u32::MAX)
}

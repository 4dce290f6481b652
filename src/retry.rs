//! Retry decisions: may a failed request be repeated, now, later, or only after checking the
//! operation's status?
//!
//! The knowledge base stores the documented advice per code ([`Retry`]). A [`RetryPolicy`],
//! kept by the client for one operation, combines that advice with what the response said
//! (HTTP status and whether the body was empty, the XML protocol's `fatal` flag and payment
//! status) and with the operation's history (attempts so far, their times), and answers with a
//! [`RetryDecision`] that never exceeds a documented budget.
//!
//! Time is passed in, never read: `now` is any monotonic clock as a [`Duration`] (an
//! `Instant`'s elapsed time since the operation began, or milliseconds in JavaScript). That
//! keeps decisions testable and lets the same code run in WebAssembly.
//!
//! # Examples
//!
//! A retry loop for one payment:
//!
//! ```
//! use qiwi_errors::retry::{Failure, RetryAction, RetryPolicy};
//! use qiwi_errors::Family;
//! use std::time::Duration;
//!
//! # fn send_payment(attempt: u32) -> Result<(), Failure> {
//! #     match attempt { 0 => Err(Failure::http(Family::PaymentHttp, 500).empty_body(true)),
//! #                     1 => Err(Failure::code(Family::XmlRequestResult, "13")),
//! #                     _ => Ok(()) }
//! # }
//! let mut policy = RetryPolicy::new();
//! let mut clock = Duration::ZERO; // use Instant::now().duration_since(start) in real code
//! let mut attempt = 0;
//! loop {
//!     match send_payment(attempt) {
//!         Ok(()) => break,
//!         Err(failure) => {
//!             let decision = policy.decide(&failure, clock);
//!             println!("attempt {attempt}: {}", decision.reason);
//!             match decision.action {
//!                 RetryAction::Now => {}
//!                 RetryAction::After { seconds } => clock += Duration::from_secs(seconds), // sleep
//!                 RetryAction::CheckStatus => { /* query the payment's status, then decide */ break }
//!                 RetryAction::AfterUserAction | RetryAction::Never => break,
//!             }
//!         }
//!     }
//!     attempt += 1;
//! }
//! assert_eq!(attempt, 2);
//! assert_eq!(clock, Duration::from_secs(60));
//! ```

use crate::entry::Entry;
use crate::kinds::{Family, Retry};
use serde::Serialize;
use std::time::Duration;

/// What went wrong with one attempt: the code, and the context some rules need.
///
/// Build it from what the response carried; every part is optional.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::Failure;
/// use qiwi_errors::Family;
///
/// let f = Failure::http(Family::PaymentHttp, 500).empty_body(false);
/// assert_eq!(f.http_status, Some(500));
/// let f = Failure::code(Family::XmlPaymentResult, "300").fatal(false).payment_status(-1);
/// assert_eq!(f.entry.unwrap().code(), "300");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Failure {
    /// The code's entry, if the response carried a known code.
    pub entry: Option<&'static Entry>,
    /// The HTTP status, if the failure came with one.
    pub http_status: Option<u16>,
    /// The HTTP family the status belongs to (the API called).
    pub http_family: Option<Family>,
    /// Whether the response body was empty (the payment protocol's 500 rule).
    pub empty_body: Option<bool>,
    /// The XML protocol's `fatal` attribute: `true` means a repeat gives the same result.
    pub fatal: Option<bool>,
    /// The XML protocol's payment `status` attribute.
    pub payment_status: Option<i64>,
}

impl Failure {
    /// A failure with nothing known about it yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    ///
    /// assert!(Failure::new().entry.is_none());
    /// ```
    pub const fn new() -> Self {
        Failure {
            entry: None,
            http_status: None,
            http_family: None,
            empty_body: None,
            fatal: None,
            payment_status: None,
        }
    }

    /// A failure with a code of `family`; an unknown code leaves [`entry`](Self::entry) empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    /// use qiwi_errors::Family;
    ///
    /// assert!(Failure::code(Family::WalletError, "220").entry.is_some());
    /// assert!(Failure::code(Family::WalletError, "no such").entry.is_none());
    /// ```
    pub fn code(family: Family, code: &str) -> Self {
        Failure {
            entry: crate::lookup(family, code),
            ..Failure::new()
        }
    }

    /// A failure with an already known entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    /// use qiwi_errors::{lookup, Family};
    ///
    /// let entry = lookup(Family::PsError, "51").unwrap();
    /// assert_eq!(Failure::entry(entry).entry, Some(entry));
    /// ```
    pub const fn entry(entry: &'static Entry) -> Self {
        Failure {
            entry: Some(entry),
            ..Failure::new()
        }
    }

    /// A failure with an HTTP status of the API `family` (`PaymentHttp`, `WalletHttp`, ...).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    /// use qiwi_errors::Family;
    ///
    /// assert_eq!(Failure::http(Family::WalletHttp, 423).entry.unwrap().code(), "423");
    /// ```
    pub fn http(family: Family, status: u16) -> Self {
        let mut buf = [0u8; 5];
        let code = format_u16(status, &mut buf);
        Failure {
            entry: crate::lookup(family, code),
            http_status: Some(status),
            http_family: Some(family),
            ..Failure::new()
        }
    }

    /// Records whether the response body was empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    /// use qiwi_errors::Family;
    ///
    /// assert_eq!(Failure::http(Family::PaymentHttp, 500).empty_body(true).empty_body, Some(true));
    /// ```
    pub const fn empty_body(mut self, empty: bool) -> Self {
        self.empty_body = Some(empty);
        self
    }

    /// Records the XML protocol's `fatal` flag.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    ///
    /// assert_eq!(Failure::new().fatal(true).fatal, Some(true));
    /// ```
    pub const fn fatal(mut self, fatal: bool) -> Self {
        self.fatal = Some(fatal);
        self
    }

    /// Records the XML protocol's payment status.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    ///
    /// assert_eq!(Failure::new().payment_status(-1).payment_status, Some(-1));
    /// ```
    pub const fn payment_status(mut self, status: i64) -> Self {
        self.payment_status = Some(status);
        self
    }
}

fn format_u16(n: u16, buf: &mut [u8; 5]) -> &str {
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

/// What to do after a failed attempt.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::RetryAction;
/// use std::time::Duration;
///
/// let action = RetryAction::After { seconds: 60 };
/// assert_eq!(action.delay(), Some(Duration::from_secs(60)));
/// assert!(action.is_retry());
/// assert!(!RetryAction::Never.is_retry());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum RetryAction {
    /// Do not repeat this request.
    Never,
    /// Repeat the same request now.
    Now,
    /// Repeat the same request after `seconds`.
    After {
        /// The delay before the repeat, in seconds.
        seconds: u64,
    },
    /// Query the operation's status first; repeat only if it did not go through.
    CheckStatus,
    /// Repeat only after the user has acted (topped up, fixed data, passed identification).
    AfterUserAction,
}

impl RetryAction {
    /// The delay before the repeat: zero for `Now`, `None` when the request is not repeated
    /// by itself.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::RetryAction;
    /// use std::time::Duration;
    ///
    /// assert_eq!(RetryAction::Now.delay(), Some(Duration::ZERO));
    /// assert_eq!(RetryAction::CheckStatus.delay(), None);
    /// ```
    pub const fn delay(self) -> Option<Duration> {
        match self {
            RetryAction::Now => Some(Duration::ZERO),
            RetryAction::After { seconds } => Some(Duration::from_secs(seconds)),
            _ => None,
        }
    }

    /// `true` if the same request may be sent again by itself (`Now` or `After`).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::RetryAction;
    ///
    /// assert!(RetryAction::Now.is_retry());
    /// assert!(!RetryAction::CheckStatus.is_retry());
    /// ```
    pub const fn is_retry(self) -> bool {
        matches!(self, RetryAction::Now | RetryAction::After { .. })
    }
}

/// A decision with the reason for it, for logs.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::{Failure, RetryAction, RetryPolicy};
/// use qiwi_errors::Family;
/// use std::time::Duration;
///
/// let d = RetryPolicy::new().decide(&Failure::code(Family::PsError, "04"), Duration::ZERO);
/// assert_eq!(d.action, RetryAction::Never);
/// assert!(d.reason.contains("psErrorCode 04"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RetryDecision {
    /// What to do.
    #[serde(flatten)]
    pub action: RetryAction,
    /// Why, in English, naming the rule that decided.
    pub reason: String,
    /// How many attempts have failed so far, this one included.
    pub attempt: u32,
}

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
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 5,
            base_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(900),
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
        if !matches!(failure.http_status, Some(429 | 423)) {
            self.rate_limited = 0;
        }
        RetryDecision {
            action,
            reason,
            attempt,
        }
    }

    fn rule(&mut self, failure: &Failure) -> (RetryAction, String) {
        let label = failure.entry.map(|e| e.label().to_string());
        let named = label.as_deref().unwrap_or("the failure");

        if failure.fatal == Some(true) {
            return (
                RetryAction::Never,
                format!("{named}: fatal=true, a repeat gives the same result"),
            );
        }
        if let Some(status) = failure.payment_status {
            let entry = crate::lookup(Family::XmlPaymentStatus, &status.to_string());
            if status == -1 {
                if self.saw_registered_status {
                    return (
                        RetryAction::CheckStatus,
                        "payment status -1 after the payment was registered: keep querying its status, do not resend".into(),
                    );
                }
                let seconds = entry.and_then(|e| match e.retry() {
                    Retry::After { seconds } => Some(u64::from(seconds)),
                    _ => None,
                });
                return (
                    RetryAction::After {
                        seconds: seconds.unwrap_or(60),
                    },
                    "payment status -1: a temporary error, the payment was not registered".into(),
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
        if let (Some(500), Some(Family::PaymentHttp) | None) =
            (failure.http_status, failure.http_family)
        {
            return match failure.empty_body {
                Some(true) => (
                    RetryAction::Now,
                    "HTTP 500 with an empty body: repeat the request with the same parameters".into(),
                ),
                _ => (
                    RetryAction::CheckStatus,
                    "HTTP 500 with a body (or unknown body): query the payment's status before any repeat".into(),
                ),
            };
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
                    seconds: delay.as_secs().max(1),
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
            Retry::Never => (
                RetryAction::Never,
                format!("{named}: documented as not to be retried"),
            ),
            Retry::Now => (
                RetryAction::Now,
                format!("{named}: may be repeated at once"),
            ),
            Retry::After { seconds } => (
                RetryAction::After {
                    seconds: u64::from(seconds),
                },
                format!("{named}: repeat after {seconds} s"),
            ),
            Retry::AfterUserAction => (
                RetryAction::AfterUserAction,
                format!("{named}: the user must act before a repeat"),
            ),
            Retry::CheckStatus => (
                RetryAction::CheckStatus,
                format!("{named}: query the operation's status first"),
            ),
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
                // The budget is spent at most once per operation (the rule allows two attempts
                // with the same data in all), and reattempts are spaced a share of the window
                // apart, so no window ever holds more than `max`.
                let spacing = u64::from(window_seconds / max);
                (
                    RetryAction::After { seconds: spacing },
                    format!("{named}: at most {max} reattempt(s) per {window_seconds} s with the same data"),
                )
            }
        }
    }
}

#[cfg(feature = "backon")]
impl RetryPolicy {
    /// Turns the policy into an `adjust` function for [backon](https://docs.rs/backon)'s async
    /// retries, so that backon drives the loop and this policy decides each delay.
    ///
    /// `failure_of` reads a [`Failure`] from the caller's error. The returned closure answers
    /// backon's question after every failed attempt: `Some(delay)` to repeat (`Now` or
    /// `After`), `None` to stop and hand the error back (never, check the status first, or wait
    /// for the user). backon's own backoff suggestion is ignored: the documented delays and
    /// budgets win. Time is measured from the call to this method.
    ///
    /// # Examples
    ///
    /// ```
    /// use backon::{ConstantBuilder, Retryable};
    /// use qiwi_errors::retry::{Failure, RetryPolicy};
    /// use qiwi_errors::Family;
    /// use std::sync::atomic::{AtomicU32, Ordering};
    ///
    /// let calls = AtomicU32::new(0);
    /// let pay = || async {
    ///     match calls.fetch_add(1, Ordering::SeqCst) {
    ///         // "retry in a minute", then a final decline
    ///         0 => Err(Failure::code(Family::XmlRequestResult, "13")),
    ///         _ => Err::<(), _>(Failure::code(Family::PsError, "04")),
    ///     }
    /// };
    /// let result = pollster::block_on(
    ///     pay.retry(ConstantBuilder::default())
    ///         .sleep(|_delay| std::future::ready(())) // use tokio::time::sleep in real code
    ///         .adjust(RetryPolicy::new().backon_adjust(|f: &Failure| *f)),
    /// );
    /// assert_eq!(result.unwrap_err().entry.unwrap().code(), "04");
    /// assert_eq!(calls.load(Ordering::SeqCst), 2, "13 was repeated once, 04 never");
    /// ```
    pub fn backon_adjust<E>(
        mut self,
        failure_of: impl Fn(&E) -> Failure,
    ) -> impl FnMut(&E, Option<Duration>) -> Option<Duration> {
        let start = std::time::Instant::now();
        move |error, _suggested| {
            self.decide(&failure_of(error), start.elapsed())
                .action
                .delay()
        }
    }
}

//! The limits a policy keeps beyond the documented ones.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Limits a [`RetryPolicy`](crate::retry::RetryPolicy) keeps beyond the documented ones.
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

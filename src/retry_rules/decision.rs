//! What retry logic should do after one failure.

use serde::Serialize;
use std::time::Duration;

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
        /// The delay before the repeat, in seconds: `u32`, as in the documented advice
        /// ([`Retry::After`](crate::Retry::After)).
        seconds: u32,
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
            RetryAction::After { seconds } => Some(Duration::from_secs(seconds as u64)),
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

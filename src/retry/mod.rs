//! Retry decisions: may a failed request be repeated, now, later, or only after checking the
//! operation's status?
//!
//! The knowledge base stores the documented advice per code ([`Retry`](crate::Retry)). A
//! [`RetryPolicy`], kept by the client for one operation, combines that advice with what the
//! response said (HTTP status and whether the body was empty, the XML protocol's `fatal` flag
//! and payment status) and with the operation's history (attempts so far, their times), and
//! answers with a [`RetryDecision`] that never exceeds a documented budget.
//!
//! A client that repeats requests also keeps a `Call` per call (with the `diagnose` feature): what
//! the call's answers and status queries leave open, and so how it may honestly end.
//!
//! Time is passed in, never read: `now` is any monotonic clock as a
//! [`Duration`](std::time::Duration) (an `Instant`'s elapsed time since the operation began, or
//! milliseconds in JavaScript). That keeps decisions testable and lets the same code run in
//! WebAssembly.
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
//!                 RetryAction::After { seconds } => clock += Duration::from_secs(seconds.into()), // sleep
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

#[cfg(feature = "backon")]
mod backon;
#[cfg(feature = "diagnose")]
mod call;
mod decision;
mod failure;
mod input;
#[cfg(feature = "diagnose")]
mod judge;
mod policy;

#[cfg(feature = "diagnose")]
pub use call::{Call, StatusAnswer, DEFAULT_SETTLE_DELAY};
pub use decision::{RetryAction, RetryDecision};
pub use failure::Failure;
pub use input::{FailureInput, FailureInputError};
#[cfg(feature = "diagnose")]
pub use judge::{judge, Judgment, Outcome, Reply};
pub use policy::{RetryConfig, RetryPolicy};

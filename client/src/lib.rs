//! A [reqwest-middleware](https://docs.rs/reqwest-middleware) [`Middleware`](reqwest_middleware::Middleware) that repeats QIWI
//! API requests only when the documented rules allow it.
//!
//! [`QiwiRetry`] only moves bytes, sleeps and asks the probe: every answer (its status, its
//! body read up to a limit, its `Retry-After`, the configured [`Api`]) is judged by the
//! library's [`RetryPolicy::judge`](qiwi_errors::retry::RetryPolicy::judge), one policy per
//! call, so the middleware, the CLI and the site cannot read the same answer differently:
//!
//! - `Now` / `After`: the **identical** request is sent again (same method, URL, headers, body,
//!   and so the same client-generated operation ID), after the delay and never before a
//!   `Retry-After` the server sent;
//! - `CheckStatus` (the request may have gone through: no answer, a timeout, a 5xx, a proxy's
//!   page, a body cut off): the application's [`StatusProbe`] is asked "did operation X go
//!   through?" (bounded by a timeout; a `NotFound` while the request may still be in flight is
//!   asked again after a settle delay; XML status queries at most once in 600 s); the request
//!   is repeated only if it did not. Without a probe it is never repeated;
//! - `Never` / `AfterUserAction`: the answer is handed back as a typed [`QiwiError`] whose
//!   [`Outcome`] is `Failed` only when the last answer is a definite statement and no earlier
//!   request of the call may have gone through unresolved; otherwise `Unknown`. These rules
//!   (and the settle delay's and status interval's) are the library's
//!   [`qiwi_errors::retry::Call`], which the Python package's httpx transport keeps too.
//!
//! Every decision is logged through [`tracing`]; every sleep goes through [`tokio::time`], so
//! tests can run on a paused clock.
//!
//! # Examples
//!
//! ```no_run
//! use qiwi_errors_reqwest::{Api, OperationId, QiwiError, QiwiRetry};
//! use reqwest_middleware::ClientBuilder;
//!
//! # async fn pay() -> Result<(), Box<dyn std::error::Error>> {
//! let client = ClientBuilder::new(reqwest::Client::new())
//!     .with(QiwiRetry::new(Api::payment_protocol()))
//!     .build();
//! let answer = client
//!     .put("https://api.qiwi.com/partner/payin/v1/sites/site-1/payments/pay-42")
//!     .with_extension(OperationId::new("pay-42"))
//!     .body(r#"{"amount":{"value":"10.00","currency":"RUB"}}"#)
//!     .send()
//!     .await;
//! match answer {
//!     Ok(response) => println!("paid: {}", response.status()),
//!     Err(e) => match QiwiError::from_error(&e) {
//!         Some(q) if q.may_have_gone_through() => println!("unknown yet: query the status"),
//!         Some(q) => println!("declined: {:?} {:?}", q.family(), q.code()),
//!         None => println!("{e}"),
//!     },
//! }
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use qiwi_errors;

mod api;
mod attempt;
mod caps;
mod error;
mod middleware;
mod operation;

pub use api::Api;
pub use caps::{CapKey, CapLedger, CapState, MemoryCapLedger};
pub use error::{Cause, Outcome, QiwiError, Step, Steps};
pub use middleware::QiwiRetry;
pub use operation::{Operation, OperationId, Probe, StatusProbe};

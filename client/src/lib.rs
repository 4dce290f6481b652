//! A [reqwest-middleware](https://docs.rs/reqwest-middleware) [`Middleware`](reqwest_middleware::Middleware) that repeats QIWI
//! API requests only when the documented rules allow it.
//!
//! [`QiwiRetry`] reads every error answer (and, for the XML protocol, every `200` answer too,
//! because `result-code` travels inside it), runs [`qiwi_errors::diagnose`] on the status line
//! and body, and asks one [`RetryPolicy`](qiwi_errors::retry::RetryPolicy) per operation what to do:
//!
//! - `Now` / `After`: the **identical** request is sent again (same method, URL, headers, body,
//!   and so the same client-generated operation ID), after the delay and never before a
//!   `Retry-After` the server sent;
//! - `CheckStatus` (the request may have gone through: no answer, a timeout, HTTP 500 with a
//!   body): the application's [`StatusProbe`] is asked "did operation X go through?"; the
//!   request is repeated only if it did not. Without a probe it is never repeated;
//! - `Never` / `AfterUserAction`: the answer is handed back as a typed [`QiwiError`].
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
mod error;
mod middleware;
mod operation;

pub use api::Api;
pub use error::{Cause, Outcome, QiwiError};
pub use middleware::QiwiRetry;
pub use operation::{Operation, OperationId, Probe, StatusProbe};

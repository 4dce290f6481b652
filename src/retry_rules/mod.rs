//! The rules a retry decision is made by: what failed ([`Failure`]), the policy one operation
//! keeps ([`RetryPolicy`]) and what it answers ([`RetryDecision`]). The public face is
//! [`crate::retry`], which adds the judgment of whole answers (`judge`, `Call`).

#[cfg(feature = "backon")]
mod backon;
mod config;
mod decision;
mod failure;
mod input;
mod policy;

pub use config::RetryConfig;
pub use decision::{RetryAction, RetryDecision};
pub use failure::Failure;
pub use input::{FailureInput, FailureInputError};
pub use policy::RetryPolicy;

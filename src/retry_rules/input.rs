//! A failure described by plain values, as a command line or a web page has them: the one
//! place that turns them into a [`Failure`], so the CLI and the widget agree on the defaults.

use super::failure::Failure;
use crate::kinds::Family;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a caller knows about a failed attempt, each part optional; [`to_failure`](Self::to_failure)
/// checks it and makes the [`Failure`].
///
/// Its JSON form (camelCase) is what the widget's `retryDecision` takes; unknown fields are
/// refused.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::FailureInput;
///
/// let input: FailureInput = serde_json::from_str(r#"{"httpStatus": 500, "emptyBody": true}"#).unwrap();
/// let failure = input.to_failure().unwrap();
/// assert_eq!(failure.entry.unwrap().key(), "payment-http:500");
/// assert!(serde_json::from_str::<FailureInput>(r#"{"colour": 1}"#).is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FailureInput {
    /// The family of the code the response carried.
    pub family: Option<Family>,
    /// The code, as the API wrote it.
    pub code: Option<String>,
    /// The HTTP status of the response.
    pub http_status: Option<u16>,
    /// The API the HTTP status is read in. Our default: the payment protocol's statuses
    /// (`payment-http`), whose 500 rule is the one retry logic most needs.
    pub http_family: Option<Family>,
    /// Whether the response had no body.
    pub empty_body: Option<bool>,
    /// The XML protocol's `fatal` flag.
    pub fatal: Option<bool>,
    /// The XML protocol's payment status.
    pub payment_status: Option<i64>,
}

/// Why a [`FailureInput`] does not describe a failure.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::{FailureInput, FailureInputError};
/// use qiwi_errors::Family;
///
/// let input = FailureInput { family: Some(Family::PsError), ..Default::default() };
/// assert_eq!(input.to_failure().unwrap_err(), FailureInputError::FamilyWithoutCode);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FailureInputError {
    /// A family without a code, or a code without its family.
    FamilyWithoutCode,
    /// The family has no such code.
    NoSuchCode {
        /// The family.
        family: Family,
        /// The code asked for.
        code: String,
    },
    /// Nothing to decide on: no code and no HTTP status.
    Nothing,
}

impl fmt::Display for FailureInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailureInputError::FamilyWithoutCode => {
                f.write_str("give both `family` and `code`, or neither")
            }
            FailureInputError::NoSuchCode { family, code } => {
                write!(f, "no code `{code}` in {family}")
            }
            FailureInputError::Nothing => f.write_str("give a code or an HTTP status"),
        }
    }
}

impl std::error::Error for FailureInputError {}

impl FailureInput {
    /// The failure these values describe. The code's entry comes first; an HTTP status read in
    /// [`http_family`](Self::http_family) (by default `payment-http`) gives the entry when
    /// there is no code.
    ///
    /// # Errors
    ///
    /// A family without a code (or the reverse), a code its family does not have, or neither
    /// a code nor an HTTP status.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{FailureInput, RetryAction, RetryPolicy};
    /// use qiwi_errors::Family;
    /// use std::time::Duration;
    ///
    /// let input = FailureInput {
    ///     family: Some(Family::XmlRequestResult),
    ///     code: Some("13".into()),
    ///     ..Default::default()
    /// };
    /// let decision = RetryPolicy::new().decide(&input.to_failure().unwrap(), Duration::ZERO);
    /// assert_eq!(decision.action, RetryAction::After { seconds: 60 });
    /// ```
    pub fn to_failure(&self) -> Result<Failure, FailureInputError> {
        let mut failure = match (self.family, &self.code) {
            (Some(family), Some(code)) => {
                let failure = Failure::code(family, code);
                if failure.entry.is_none() {
                    return Err(FailureInputError::NoSuchCode {
                        family,
                        code: code.clone(),
                    });
                }
                failure
            }
            (None, None) if self.http_status.is_some() => Failure::new(),
            (None, None) => return Err(FailureInputError::Nothing),
            _ => return Err(FailureInputError::FamilyWithoutCode),
        };
        if let Some(status) = self.http_status {
            let with_http = Failure::http(self.http_family.unwrap_or(Family::PaymentHttp), status);
            failure.http_status = with_http.http_status;
            failure.http_family = with_http.http_family;
            failure.entry = failure.entry.or(with_http.entry);
        }
        failure.empty_body = self.empty_body;
        failure.fatal = self.fatal;
        failure.payment_status = self.payment_status;
        Ok(failure)
    }
}

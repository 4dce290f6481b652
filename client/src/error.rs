//! [`QiwiError`](crate::QiwiError): what the caller is told when a request is not repeated.

use qiwi_errors::retry::{Failure, RetryAction, RetryDecision};
use qiwi_errors::{Diagnosis, Entry, Family};
use reqwest::StatusCode;
use std::fmt;
use std::time::Duration;

/// What the caller may conclude about the operation from a [`QiwiError`](crate::QiwiError).
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::Outcome;
///
/// assert_ne!(Outcome::Failed, Outcome::Unknown);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The operation did not go through: the last answer is a definite statement about it
    /// (declined, refused, not accepted, or a status query showed it absent), and no earlier
    /// request of the call may have gone through unresolved.
    Failed,
    /// It may have gone through (no answer, a timeout, a 5xx, a proxy's page, a body cut off,
    /// an earlier request of the call unresolved): query its status
    /// ([`QiwiError::query_status_in`]) before telling anyone it failed.
    Unknown,
}

/// One request the middleware sent, as it judged the answer: the library's
/// [`Judgment`](qiwi_errors::retry::Judgment) in brief.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::{Outcome, RetryAction};
/// use qiwi_errors_reqwest::Step;
/// use std::time::Duration;
///
/// let s = Step { at: Duration::ZERO, status: Some(500), truncated: false, outcome: Outcome::Unknown, action: Some(RetryAction::CheckStatus) };
/// assert_eq!(s.status, Some(500));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// When the answer was judged, from the start of the call.
    pub at: Duration,
    /// The answer's HTTP status; `None`: no answer (a timeout, a dropped connection).
    pub status: Option<u16>,
    /// The body could not be read whole.
    pub truncated: bool,
    /// What the library's judgment said of the answer.
    pub outcome: qiwi_errors::retry::Outcome,
    /// What the call's policy decided; `None` on success.
    pub action: Option<RetryAction>,
}

/// The requests of one call, as judged; a successful response carries them as an extension.
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::Steps;
///
/// assert!(Steps::default().0.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Steps(pub Vec<Step>);

/// Why the last attempt failed.
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::Cause;
/// use std::time::Duration;
///
/// let c = Cause::Timeout(Duration::from_secs(30));
/// assert_eq!(c.to_string(), "no answer within 30s");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cause {
    /// QIWI answered with an error.
    Answer(StatusCode),
    /// No answer within the attempt timeout.
    Timeout(Duration),
    /// The connection failed or dropped.
    Transport(String),
    /// The answer's body was larger than the limit and was not read.
    BodyTooLarge(usize),
    /// The operation's status could not be learned (the probe said so, did not answer within
    /// its timeout, answered with an error of the status endpoint, or the next query was due
    /// beyond the wait limit).
    StatusUnknown,
    /// Nothing was sent: a capped decline's budget for this [`CapKey`](crate::CapKey) is spent
    /// in the current window.
    CapSpent,
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Answer(status) => write!(f, "HTTP {status}"),
            Cause::Timeout(t) => write!(f, "no answer within {t:?}"),
            Cause::Transport(e) => write!(f, "transport error: {e}"),
            Cause::BodyTooLarge(limit) => write!(f, "the answer is larger than {limit} bytes"),
            Cause::StatusUnknown => f.write_str("the status probe could not tell"),
            Cause::CapSpent => {
                f.write_str("the reattempt budget of this card or recipient is spent")
            }
        }
    }
}

/// A QIWI request that failed for good: the diagnosis, the retry decision that ended it, and
/// what the caller may conclude.
///
/// It travels inside [`reqwest_middleware::Error::Middleware`]; [`QiwiError::from_error`]
/// gets it back without any string matching.
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::QiwiError;
///
/// let e = reqwest_middleware::Error::middleware(std::io::Error::other("not ours"));
/// assert!(QiwiError::from_error(&e).is_none());
/// ```
#[derive(Debug)]
pub struct QiwiError {
    pub(crate) api: &'static str,
    pub(crate) cause: Cause,
    pub(crate) failure: Failure,
    pub(crate) diagnosis: Option<Diagnosis>,
    pub(crate) body: Option<String>,
    pub(crate) decision: RetryDecision,
    pub(crate) outcome: Outcome,
    pub(crate) attempts: u32,
    pub(crate) steps: Vec<Step>,
    pub(crate) status_query_in: Option<Duration>,
}

impl QiwiError {
    /// The `QiwiError` inside a middleware error, if that is what it is.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::QiwiError;
    ///
    /// let e = reqwest_middleware::Error::middleware(std::io::Error::other("x"));
    /// assert!(QiwiError::from_error(&e).is_none());
    /// ```
    pub fn from_error(error: &reqwest_middleware::Error) -> Option<&QiwiError> {
        match error {
            reqwest_middleware::Error::Middleware(e) => e.downcast_ref(),
            reqwest_middleware::Error::Reqwest(_) => None,
        }
    }

    /// The code that decided, from the knowledge base (the most specific one the answer
    /// carried, or the HTTP status of the API).
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// fn code_of(e: &QiwiError) -> Option<&'static str> {
    ///     e.entry().map(|entry| entry.code())
    /// }
    /// ```
    pub fn entry(&self) -> Option<Entry> {
        self.failure.entry
    }

    /// The decisive code as QIWI writes it (`"04"`, `"13"`, `"429"`).
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// fn is_busy(e: &QiwiError) -> bool {
    ///     e.code() == Some("13")
    /// }
    /// ```
    pub fn code(&self) -> Option<&'static str> {
        self.entry().map(Entry::code)
    }

    /// The family of the decisive code.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// use qiwi_errors::Family;
    /// fn card_network_said_no(e: &QiwiError) -> bool {
    ///     e.family() == Some(Family::PsError)
    /// }
    /// ```
    pub fn family(&self) -> Option<Family> {
        self.entry().map(Entry::family)
    }

    /// The HTTP status of the last answer, if there was one.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// fn rate_limited(e: &QiwiError) -> bool {
    ///     e.http_status() == Some(reqwest::StatusCode::TOO_MANY_REQUESTS)
    /// }
    /// ```
    pub fn http_status(&self) -> Option<StatusCode> {
        match self.cause {
            Cause::Answer(status) => Some(status),
            Cause::StatusUnknown | Cause::CapSpent => None,
            _ => self
                .steps
                .last()
                .and_then(|s| s.status)
                .and_then(|s| StatusCode::from_u16(s).ok()),
        }
    }

    /// Why the last attempt failed.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::{Cause, QiwiError};
    /// fn timed_out(e: &QiwiError) -> bool {
    ///     matches!(e.cause(), Cause::Timeout(_))
    /// }
    /// ```
    pub fn cause(&self) -> &Cause {
        &self.cause
    }

    /// What [`qiwi_errors::diagnose`] read in the last answer.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// fn messages(e: &QiwiError) -> Vec<String> {
    ///     e.diagnosis().map(|d| d.messages.clone()).unwrap_or_default()
    /// }
    /// ```
    pub fn diagnosis(&self) -> Option<&Diagnosis> {
        self.diagnosis.as_ref()
    }

    /// The last answer's body, as read (bounded).
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// fn body_len(e: &QiwiError) -> usize {
    ///     e.body().map_or(0, str::len)
    /// }
    /// ```
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// The failure as given to the [`RetryPolicy`](qiwi_errors::retry::RetryPolicy).
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// fn fatal(e: &QiwiError) -> bool {
    ///     e.failure().fatal == Some(true)
    /// }
    /// ```
    pub fn failure(&self) -> &Failure {
        &self.failure
    }

    /// The decision that ended the retries, with its reason.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// fn why(e: &QiwiError) -> &str {
    ///     &e.decision().reason
    /// }
    /// ```
    pub fn decision(&self) -> &RetryDecision {
        &self.decision
    }

    /// The decided action: `Never`, `AfterUserAction`, `CheckStatus`, or a repeat the
    /// middleware did not make itself (a delay beyond its wait limit, or a request whose body
    /// could not be copied): then the caller may repeat it later.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// use qiwi_errors::retry::RetryAction;
    /// fn final_answer(e: &QiwiError) -> bool {
    ///     e.action() == RetryAction::Never
    /// }
    /// ```
    pub fn action(&self) -> RetryAction {
        self.decision.action
    }

    /// What the caller may conclude about the operation.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::{Outcome, QiwiError};
    /// fn tell_user_it_failed(e: &QiwiError) -> bool {
    ///     e.outcome() == Outcome::Failed
    /// }
    /// ```
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// `true` when the operation may have gone through ([`Outcome::Unknown`](crate::Outcome::Unknown)).
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// fn must_query_status(e: &QiwiError) -> bool {
    ///     e.may_have_gone_through()
    /// }
    /// ```
    pub fn may_have_gone_through(&self) -> bool {
        self.outcome == Outcome::Unknown
    }

    /// How many times the request was sent.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// fn repeats(e: &QiwiError) -> u32 {
    ///     e.attempts().saturating_sub(1)
    /// }
    /// ```
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl QiwiError {
    /// Every request of the call, as judged, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// fn statuses(e: &QiwiError) -> Vec<Option<u16>> {
    ///     e.steps().iter().map(|s| s.status).collect()
    /// }
    /// ```
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// When the outcome is [`Unknown`](Outcome::Unknown): how long from the end of the call
    /// before the operation's status may be queried (for the XML protocol, no more than once in
    /// 600 s; zero when at once). `None` when the outcome is known.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::QiwiError;
    /// use std::time::Duration;
    /// fn next_query(e: &QiwiError) -> Option<Duration> {
    ///     e.query_status_in()
    /// }
    /// ```
    pub fn query_status_in(&self) -> Option<Duration> {
        self.status_query_in
    }
}

impl fmt::Display for QiwiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QIWI {} request failed: {}", self.api, self.cause)?;
        if let Some(entry) = self.entry() {
            write!(f, " ({})", entry.label())?;
        }
        write!(
            f,
            "; {} attempt(s); {}",
            self.attempts, self.decision.reason
        )?;
        if self.outcome == Outcome::Unknown {
            f.write_str("; it may have gone through: query its status")?;
            if let Some(wait) = self.status_query_in.filter(|w| !w.is_zero()) {
                write!(f, " in {} s at the earliest", wait.as_secs())?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for QiwiError {}

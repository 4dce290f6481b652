//! A [reqwest-middleware](https://docs.rs/reqwest-middleware) [`Middleware`] that repeats QIWI
//! API requests only when the documented rules allow it.
//!
//! [`QiwiRetry`] reads every error answer (and, for the XML protocol, every `200` answer too,
//! because `result-code` travels inside it), runs [`qiwi_errors::diagnose`] on the status line
//! and body, and asks one [`RetryPolicy`] per operation what to do:
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

use async_trait::async_trait;
use bytes::Bytes;
use http::Extensions;
use qiwi_errors::retry::{Failure, RetryAction, RetryConfig, RetryDecision, RetryPolicy};
use qiwi_errors::{diagnose, Diagnosis, Entry, Family, Severity};
use reqwest::{Method, Request, Response, ResponseBuilderExt, StatusCode, Url};
use reqwest_middleware::{Middleware, Next};
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

pub use qiwi_errors;

/// Which QIWI API a client talks to: how its HTTP statuses are read and whether a `2xx`
/// answer can still carry an error.
///
/// # Examples
///
/// ```
/// use qiwi_errors::Family;
/// use qiwi_errors_reqwest::Api;
///
/// assert_eq!(Api::wallet().http_family(), Some(Family::WalletHttp));
/// assert!(Api::xml().inspects_success_bodies());
/// assert!(!Api::wallet().inspect_success_bodies(false).inspects_success_bodies());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Api {
    name: &'static str,
    http_family: Option<Family>,
    inspect_success: bool,
}

impl Api {
    /// The QIWI Wallet API: HTTP statuses of the `wallet-http` family; `2xx` bodies are not read.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert_eq!(Api::wallet().name(), "wallet");
    /// ```
    pub const fn wallet() -> Api {
        Api {
            name: "wallet",
            http_family: Some(Family::WalletHttp),
            inspect_success: false,
        }
    }

    /// The payment-acceptance protocol: `payment-http` statuses (with the HTTP 500 empty-body
    /// rule); `2xx` bodies are read, since an operation object can carry `status.value`
    /// `DECLINED` with its `reasonCode` and `psErrorCode`.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::Family;
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert_eq!(Api::payment_protocol().http_family(), Some(Family::PaymentHttp));
    /// assert!(Api::payment_protocol().inspects_success_bodies());
    /// ```
    pub const fn payment_protocol() -> Api {
        Api {
            name: "payment-protocol",
            http_family: Some(Family::PaymentHttp),
            inspect_success: true,
        }
    }

    /// The XML top-up/payout protocol: `result-code`, `fatal` and `<payment status>` come
    /// inside `200` answers, so those are always read. The knowledge base has no HTTP-status
    /// table for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert_eq!(Api::xml().http_family(), None);
    /// ```
    pub const fn xml() -> Api {
        Api {
            name: "xml",
            http_family: None,
            inspect_success: true,
        }
    }

    /// The invoice (bill) API: errors come as `4xx`/`5xx` with an `errorCode` body; the
    /// knowledge base has no HTTP-status table for it; `2xx` bodies are not read.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert!(!Api::invoices().inspects_success_bodies());
    /// ```
    pub const fn invoices() -> Api {
        Api {
            name: "invoices",
            http_family: None,
            inspect_success: false,
        }
    }

    /// Any other API: a name for logs and the family its HTTP statuses belong to, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::Family;
    /// use qiwi_errors_reqwest::Api;
    ///
    /// let ident = Api::custom("identification", Some(Family::IdentHttp));
    /// assert_eq!(ident.name(), "identification");
    /// ```
    pub const fn custom(name: &'static str, http_family: Option<Family>) -> Api {
        Api {
            name,
            http_family,
            inspect_success: false,
        }
    }

    /// Whether `2xx` answers are read and diagnosed too.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert!(Api::wallet().inspect_success_bodies(true).inspects_success_bodies());
    /// ```
    pub const fn inspect_success_bodies(mut self, inspect: bool) -> Api {
        self.inspect_success = inspect;
        self
    }

    /// The name used in logs.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert_eq!(Api::xml().name(), "xml");
    /// ```
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The family of the API's HTTP statuses, if the knowledge base has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::Family;
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert_eq!(Api::payment_protocol().http_family(), Some(Family::PaymentHttp));
    /// ```
    pub const fn http_family(&self) -> Option<Family> {
        self.http_family
    }

    /// Whether `2xx` answers are read and diagnosed.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert!(Api::xml().inspects_success_bodies());
    /// ```
    pub const fn inspects_success_bodies(&self) -> bool {
        self.inspect_success
    }
}

/// The client-generated ID of an operation (payment ID, `transaction-number`), attached to a
/// request with `with_extension` so that a [`StatusProbe`] knows what to look for.
///
/// The middleware never changes the request: a repeat carries the same ID wherever the
/// request carries it (URL or body).
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::OperationId;
///
/// assert_eq!(OperationId::new("pay-42").as_str(), "pay-42");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OperationId(pub String);

impl OperationId {
    /// An operation ID.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::OperationId;
    ///
    /// assert_eq!(OperationId::new(String::from("x")).0, "x");
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        OperationId(id.into())
    }

    /// The ID as text.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::OperationId;
    ///
    /// assert_eq!(OperationId::new("7").as_str(), "7");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The operation a [`StatusProbe`] is asked about: its ID and the request that carried it.
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::Operation;
///
/// let op = Operation {
///     id: Some("pay-42".into()),
///     method: reqwest::Method::PUT,
///     url: "http://127.0.0.1/payments/pay-42".parse().unwrap(),
///     body: None,
/// };
/// assert_eq!(op.id.as_deref(), Some("pay-42"));
/// ```
#[derive(Clone, Debug)]
pub struct Operation {
    /// The [`OperationId`] the request was sent with, if any.
    pub id: Option<String>,
    /// The request's method.
    pub method: Method,
    /// The request's URL.
    pub url: Url,
    /// The request's body, when it was in memory.
    pub body: Option<Bytes>,
}

/// What a [`StatusProbe`] found out about an operation.
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::Probe;
///
/// assert!(matches!(Probe::NotFound, Probe::NotFound));
/// ```
#[derive(Debug)]
pub enum Probe {
    /// The API does not know the operation: the request did not go through, and may be sent
    /// again.
    NotFound,
    /// The operation exists; this is the status answer. It is read like an answer to the
    /// request itself: success is handed to the caller, a decline becomes a [`QiwiError`].
    Found(Response),
    /// The status could not be learned: nothing is repeated, the caller gets an error whose
    /// outcome is [`Outcome::Unknown`].
    Unknown,
}

/// The application's answer to "did operation X go through?", asked before any repeat of a
/// request that may have been processed.
///
/// Closures `Fn(Operation) -> impl Future<Output = Probe>` implement it.
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::{Api, Operation, Probe, QiwiRetry};
///
/// let probe = |op: Operation| async move {
///     // Query the API's status method for `op.id` here.
///     let _ = op.id;
///     Probe::Unknown
/// };
/// let _middleware = QiwiRetry::new(Api::payment_protocol()).with_probe(probe);
/// ```
#[async_trait]
pub trait StatusProbe: Send + Sync + 'static {
    /// Looks the operation up.
    async fn check(&self, operation: Operation) -> Probe;
}

#[async_trait]
impl<F, Fut> StatusProbe for F
where
    F: Fn(Operation) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Probe> + Send + 'static,
{
    async fn check(&self, operation: Operation) -> Probe {
        self(operation).await
    }
}

/// What the caller may conclude about the operation from a [`QiwiError`].
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
    /// QIWI answered, and the operation did not go through (declined, refused, not accepted,
    /// or a status query showed it absent).
    Failed,
    /// It may have gone through (no answer, a timeout, an answer that says so): query its
    /// status before telling anyone it failed.
    Unknown,
}

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
    /// The operation's status could not be learned.
    StatusUnknown,
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Answer(status) => write!(f, "HTTP {status}"),
            Cause::Timeout(t) => write!(f, "no answer within {t:?}"),
            Cause::Transport(e) => write!(f, "transport error: {e}"),
            Cause::BodyTooLarge(limit) => write!(f, "the answer is larger than {limit} bytes"),
            Cause::StatusUnknown => f.write_str("the status probe could not tell"),
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
    api: &'static str,
    cause: Cause,
    failure: Failure,
    diagnosis: Option<Diagnosis>,
    body: Option<String>,
    decision: RetryDecision,
    outcome: Outcome,
    attempts: u32,
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
    pub fn entry(&self) -> Option<&'static Entry> {
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
            _ => None,
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

    /// The failure as given to the [`RetryPolicy`].
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

    /// `true` when the operation may have gone through ([`Outcome::Unknown`]).
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
        }
        Ok(())
    }
}

impl std::error::Error for QiwiError {}

/// The middleware: one [`RetryPolicy`] per request (per operation), repeats only as the
/// documented rules allow.
///
/// Defaults that are this crate's own, not QIWI's: an attempt timeout of 30 s, a longest wait
/// inside one call of 15 minutes (the [`RetryConfig`] default `max_backoff`; a longer documented
/// delay, such as a day for `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY`, is handed back to the
/// caller as the error's [`action`](QiwiError::action)), and a body limit of
/// [`qiwi_errors::MAX_BODY_LEN`].
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::RetryConfig;
/// use qiwi_errors_reqwest::{Api, QiwiRetry};
/// use std::time::Duration;
///
/// let retry = QiwiRetry::new(Api::xml())
///     .config(RetryConfig { max_attempts: 3, ..RetryConfig::default() })
///     .attempt_timeout(Some(Duration::from_secs(10)))
///     .max_wait(Duration::from_secs(120));
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).with(retry).build();
/// # let _ = client;
/// ```
#[derive(Clone)]
pub struct QiwiRetry {
    api: Api,
    config: RetryConfig,
    probe: Option<Arc<dyn StatusProbe>>,
    attempt_timeout: Option<Duration>,
    max_wait: Duration,
    max_body_len: usize,
}

impl fmt::Debug for QiwiRetry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QiwiRetry")
            .field("api", &self.api)
            .field("config", &self.config)
            .field("probe", &self.probe.is_some())
            .field("attempt_timeout", &self.attempt_timeout)
            .field("max_wait", &self.max_wait)
            .field("max_body_len", &self.max_body_len)
            .finish()
    }
}

/// Our default attempt timeout (not a QIWI figure).
const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

impl QiwiRetry {
    /// The middleware for `api`, with the default [`RetryConfig`] and no status probe.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    ///
    /// let retry = QiwiRetry::new(Api::wallet());
    /// assert_eq!(retry.api(), Api::wallet());
    /// ```
    pub fn new(api: Api) -> Self {
        let config = RetryConfig::default();
        QiwiRetry {
            api,
            config,
            probe: None,
            attempt_timeout: Some(DEFAULT_ATTEMPT_TIMEOUT),
            max_wait: config.max_backoff,
            max_body_len: qiwi_errors::MAX_BODY_LEN,
        }
    }

    /// The limits of each operation's [`RetryPolicy`].
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::RetryConfig;
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    ///
    /// let config = RetryConfig { max_attempts: 2, ..RetryConfig::default() };
    /// assert_eq!(QiwiRetry::new(Api::xml()).config(config).retry_config().max_attempts, 2);
    /// ```
    pub fn config(mut self, config: RetryConfig) -> Self {
        self.config = config;
        self
    }

    /// Adds the status probe asked before repeating a request that may have gone through.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, Operation, Probe, QiwiRetry};
    ///
    /// let retry = QiwiRetry::new(Api::xml()).with_probe(|_op: Operation| async { Probe::NotFound });
    /// assert!(retry.has_probe());
    /// ```
    pub fn with_probe(mut self, probe: impl StatusProbe) -> Self {
        self.probe = Some(Arc::new(probe));
        self
    }

    /// The longest one attempt may take, reading the body included; `None` leaves it to the
    /// client's own timeout. Our default is 30 s.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    ///
    /// let _retry = QiwiRetry::new(Api::xml()).attempt_timeout(None);
    /// ```
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// The longest the middleware waits before one repeat; a longer delay ends the call with
    /// the decision in the error, for the caller to schedule. Our default: 15 minutes.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    /// use std::time::Duration;
    ///
    /// let _retry = QiwiRetry::new(Api::payment_protocol()).max_wait(Duration::from_secs(2 * 86400));
    /// ```
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// The largest body read from an answer; a larger one is not diagnosed.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    ///
    /// let _retry = QiwiRetry::new(Api::wallet()).max_body_len(64 * 1024);
    /// ```
    pub fn max_body_len(mut self, len: usize) -> Self {
        self.max_body_len = len.min(qiwi_errors::MAX_BODY_LEN);
        self
    }

    /// The API this middleware is set up for.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    ///
    /// assert_eq!(QiwiRetry::new(Api::invoices()).api().name(), "invoices");
    /// ```
    pub fn api(&self) -> Api {
        self.api
    }

    /// The limits given to each operation's policy.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    ///
    /// assert_eq!(QiwiRetry::new(Api::invoices()).retry_config().max_attempts, 5);
    /// ```
    pub fn retry_config(&self) -> RetryConfig {
        self.config
    }

    /// Whether a status probe is set.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    ///
    /// assert!(!QiwiRetry::new(Api::invoices()).has_probe());
    /// ```
    pub fn has_probe(&self) -> bool {
        self.probe.is_some()
    }
}

/// One failed attempt, as seen by the middleware.
struct Seen {
    cause: Cause,
    failure: Failure,
    diagnosis: Option<Diagnosis>,
    body: Option<String>,
    retry_after: Option<Duration>,
}

enum Observation {
    Success(Response),
    Failure(Box<Seen>),
}

impl Observation {
    fn without_answer(cause: Cause) -> Self {
        // Nothing is known: the policy's rule for an unknown failure applies (check status).
        Observation::Failure(Box::new(Seen {
            cause,
            failure: Failure::new(),
            diagnosis: None,
            body: None,
            retry_after: None,
        }))
    }
}

/// The HTTP-status families of the knowledge base.
fn is_http_family(family: Family) -> bool {
    matches!(
        family,
        Family::WalletHttp | Family::PaymentHttp | Family::IdentHttp
    )
}

/// How specific a finding is: a card network's code says more than a reason, a reason more
/// than an operation status, any code more than an HTTP status.
fn specificity(family: Family) -> u8 {
    match family {
        Family::PsError => 4,
        Family::PaymentReason | Family::XmlPaymentResult | Family::TopupResult => 3,
        f if is_http_family(f) => 1,
        _ => 2,
    }
}

/// Turns a diagnosis into the [`Failure`] the policy needs; `None` when nothing failed.
///
/// This mirrors what `diagnose` does for its own (stateless) advice, with two differences:
/// the HTTP status is read in the family of the configured API, and among the failing codes
/// the most specific one decides (so `psErrorCode 51` with reason
/// `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY` keeps its documented budget even though
/// `status.value` `DECLINED` is more severe).
fn failure_of(d: &Diagnosis, status: StatusCode, api: &Api) -> Option<Failure> {
    let failing = d
        .findings
        .iter()
        .filter_map(|f| f.entry)
        .filter(|e| !is_http_family(e.family()) && e.severity() > Severity::Info)
        .max_by_key(|e| (specificity(e.family()), e.severity()));
    let http_failed = status.as_u16() >= 400;
    if failing.is_none() && !http_failed {
        return None;
    }
    let mut failure = Failure::new();
    failure.entry = failing;
    if http_failed {
        failure.http_status = Some(status.as_u16());
        failure.http_family = api.http_family;
        failure.empty_body = Some(d.format == qiwi_errors::BodyFormat::Empty);
        if failure.entry.is_none() {
            failure.entry = api
                .http_family
                .and_then(|f| qiwi_errors::lookup(f, status.as_str()));
        }
    }
    failure.fatal = d.fatal;
    failure.payment_status = d
        .findings
        .iter()
        .filter(|f| f.family == Family::XmlPaymentStatus)
        .find_map(|f| f.value.parse().ok());
    Some(failure)
}

fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(http::header::RETRY_AFTER)?;
    let seconds: u64 = value.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds))
}

enum BodyError {
    TooLarge,
    Transport(String),
}

async fn read_bounded(response: &mut Response, limit: usize) -> Result<Vec<u8>, BodyError> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| BodyError::Transport(e.to_string()))?
    {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

impl QiwiRetry {
    /// Reads an answer: success passes through (rebuilt when its body was read), anything
    /// else becomes a [`Seen`] failure.
    async fn classify(&self, mut response: Response) -> Observation {
        let status = response.status();
        if status.is_success() && !self.api.inspect_success {
            return Observation::Success(response);
        }
        if !status.is_success() && status.as_u16() < 400 {
            return Observation::Success(response);
        }
        let after = retry_after(&response);
        let body = match read_bounded(&mut response, self.max_body_len).await {
            Ok(body) => body,
            Err(BodyError::Transport(e)) => {
                return Observation::without_answer(Cause::Transport(e));
            }
            Err(BodyError::TooLarge) if status.is_success() => {
                return Observation::without_answer(Cause::BodyTooLarge(self.max_body_len));
            }
            Err(BodyError::TooLarge) => {
                let mut failure = Failure::new();
                failure.http_status = Some(status.as_u16());
                failure.http_family = self.api.http_family;
                failure.empty_body = Some(false);
                failure.entry = self
                    .api
                    .http_family
                    .and_then(|f| qiwi_errors::lookup(f, status.as_str()));
                return Observation::Failure(Box::new(Seen {
                    cause: Cause::BodyTooLarge(self.max_body_len),
                    failure,
                    diagnosis: None,
                    body: None,
                    retry_after: after,
                }));
            }
        };
        let text = String::from_utf8_lossy(&body).into_owned();
        let pasted = format!(
            "HTTP/1.1 {} {}\r\n\r\n{}",
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            text
        );
        let diagnosis = diagnose(&pasted).ok();
        let failure = match &diagnosis {
            Some(d) => failure_of(d, status, &self.api),
            // Unreadable: a 2xx passes through to the caller, an error keeps its status.
            None if status.is_success() => None,
            None => {
                let mut f = Failure::new();
                f.http_status = Some(status.as_u16());
                f.http_family = self.api.http_family;
                f.empty_body = Some(text.trim().is_empty());
                f.entry = self
                    .api
                    .http_family
                    .and_then(|fam| qiwi_errors::lookup(fam, status.as_str()));
                Some(f)
            }
        };
        match failure {
            None => Observation::Success(rebuild(response, body)),
            Some(failure) => Observation::Failure(Box::new(Seen {
                cause: Cause::Answer(status),
                failure,
                diagnosis,
                body: Some(text),
                retry_after: after,
            })),
        }
    }

    async fn attempt(
        &self,
        request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> Observation {
        let exchange = async {
            match next.run(request, extensions).await {
                Ok(response) => self.classify(response).await,
                Err(e) => Observation::without_answer(Cause::Transport(e.to_string())),
            }
        };
        match self.attempt_timeout {
            Some(limit) => tokio::time::timeout(limit, exchange)
                .await
                .unwrap_or_else(|_| Observation::without_answer(Cause::Timeout(limit))),
            None => exchange.await,
        }
    }

    fn error(
        &self,
        seen: Seen,
        decision: RetryDecision,
        outcome: Outcome,
        attempts: u32,
    ) -> reqwest_middleware::Error {
        reqwest_middleware::Error::Middleware(anyhow::Error::new(QiwiError {
            api: self.api.name,
            cause: seen.cause,
            failure: seen.failure,
            diagnosis: seen.diagnosis,
            body: seen.body,
            decision,
            outcome,
            attempts,
        }))
    }
}

fn rebuild(response: Response, body: Vec<u8>) -> Response {
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version())
        .url(response.url().clone());
    if let Some(headers) = builder.headers_mut() {
        *headers = response.headers().clone();
        headers.remove(http::header::TRANSFER_ENCODING);
    }
    match builder.body(body) {
        Ok(rebuilt) => Response::from(rebuilt),
        // Unreachable: the parts come from a valid response.
        Err(_) => response,
    }
}

fn outcome_of(action: RetryAction) -> Outcome {
    if action == RetryAction::CheckStatus {
        Outcome::Unknown
    } else {
        Outcome::Failed
    }
}

#[async_trait]
impl Middleware for QiwiRetry {
    async fn handle(
        &self,
        request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let start = Instant::now();
        let mut policy = RetryPolicy::with_config(self.config);
        let operation = Operation {
            id: extensions.get::<OperationId>().map(|id| id.0.clone()),
            method: request.method().clone(),
            url: request.url().clone(),
            body: request
                .body()
                .and_then(reqwest::Body::as_bytes)
                .map(Bytes::copy_from_slice),
        };
        // Every repeat is a copy of this request: same method, URL, headers, body, and so the
        // same client-generated ID. A streaming body cannot be copied: then nothing is repeated.
        let template = request.try_clone();
        let mut sent = 1u32;
        let mut observation = self.attempt(request, extensions, next.clone()).await;
        let mut from_probe = false;
        loop {
            let seen = match observation {
                Observation::Success(response) => return Ok(response),
                Observation::Failure(seen) => *seen,
            };
            let decision = policy.decide(&seen.failure, start.elapsed());
            tracing::info!(
                api = self.api.name,
                operation = operation.id.as_deref().unwrap_or(""),
                attempt = sent,
                cause = %seen.cause,
                code = seen.failure.entry.map(Entry::code).unwrap_or(""),
                family = seen.failure.entry.map(|e| e.family().as_str()).unwrap_or(""),
                action = ?decision.action,
                reason = %decision.reason,
                "qiwi retry decision"
            );
            match decision.action {
                RetryAction::Now | RetryAction::After { .. } => {
                    let documented = decision.action.delay().unwrap_or_default();
                    let delay = documented.max(seen.retry_after.unwrap_or_default());
                    let copy = template.as_ref().and_then(Request::try_clone);
                    let Some(copy) = copy.filter(|_| delay <= self.max_wait) else {
                        tracing::info!(
                            api = self.api.name,
                            delay = ?delay,
                            "not repeating here: the delay is beyond max_wait or the body cannot be copied"
                        );
                        let decision = RetryDecision {
                            action: if delay > documented {
                                RetryAction::After {
                                    seconds: delay.as_secs(),
                                }
                            } else {
                                decision.action
                            },
                            ..decision
                        };
                        return Err(self.error(seen, decision, Outcome::Failed, sent));
                    };
                    tokio::time::sleep(delay).await;
                    sent += 1;
                    from_probe = false;
                    observation = self.attempt(copy, extensions, next.clone()).await;
                }
                RetryAction::CheckStatus => {
                    let probe = match &self.probe {
                        Some(probe) if !from_probe => probe,
                        _ => return Err(self.error(seen, decision, Outcome::Unknown, sent)),
                    };
                    match probe.check(operation.clone()).await {
                        Probe::NotFound => {
                            tracing::info!(api = self.api.name, "status probe: not found");
                            let copy = template.as_ref().and_then(Request::try_clone);
                            let copy = copy.filter(|_| sent < self.config.max_attempts);
                            let Some(copy) = copy else {
                                let decision = RetryDecision {
                                    action: RetryAction::Never,
                                    reason: format!(
                                        "{}; the status probe found no operation, but {} attempt(s) failed (limit {}) or the body cannot be copied",
                                        decision.reason, sent, self.config.max_attempts
                                    ),
                                    ..decision
                                };
                                return Err(self.error(seen, decision, Outcome::Failed, sent));
                            };
                            sent += 1;
                            observation = self.attempt(copy, extensions, next.clone()).await;
                        }
                        Probe::Found(response) => {
                            tracing::info!(api = self.api.name, "status probe: found");
                            from_probe = true;
                            observation = self.classify(response).await;
                        }
                        Probe::Unknown => {
                            tracing::info!(api = self.api.name, "status probe: unknown");
                            let seen = Seen {
                                cause: Cause::StatusUnknown,
                                ..seen
                            };
                            return Err(self.error(seen, decision, Outcome::Unknown, sent));
                        }
                    }
                }
                RetryAction::Never | RetryAction::AfterUserAction => {
                    let outcome = outcome_of(decision.action);
                    return Err(self.error(seen, decision, outcome, sent));
                }
            }
        }
    }
}

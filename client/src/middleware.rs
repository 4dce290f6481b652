//! [`QiwiRetry`], the middleware: one policy per request, repeats, sleeps, the probe.

use crate::api::Api;
use crate::operation::StatusProbe;
use qiwi_errors::retry::RetryConfig;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The middleware: one [`RetryPolicy`](qiwi_errors::retry::RetryPolicy) per request (per operation), repeats only as the
/// documented rules allow.
///
/// Defaults that are this crate's own, not QIWI's: an attempt timeout of 30 s, a longest wait
/// inside one call of 15 minutes (the [`RetryConfig`] default `max_backoff`; a longer documented
/// delay, such as a day for `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY`, is handed back to the
/// caller as the error's [`action`](crate::QiwiError::action)), and a body limit of
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
    pub(crate) api: Api,
    pub(crate) config: RetryConfig,
    pub(crate) probe: Option<Arc<dyn StatusProbe>>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) max_wait: Duration,
    pub(crate) max_body_len: usize,
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
pub(crate) const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

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

    /// The limits of each operation's [`RetryPolicy`](qiwi_errors::retry::RetryPolicy).
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

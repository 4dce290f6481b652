//! [`QiwiRetry`], the middleware: one policy per request, repeats, sleeps, the probe.

use crate::api::Api;
use crate::caps::CapLedger;
use crate::operation::StatusProbe;
use qiwi_errors::retry::RetryConfig;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The middleware: one [`RetryPolicy`](qiwi_errors::retry::RetryPolicy) per request (per operation), repeats only as the
/// documented rules allow.
///
/// Defaults that are this crate's own, not QIWI's: an attempt timeout of 30 s, a longest wait
/// before one repeat of 15 minutes (the [`RetryConfig`] default `max_backoff`; a longer delay
/// is handed back to the caller as the error's [`action`](crate::QiwiError::action), and the
/// one reattempt `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY` allows within a day is made after the
/// policy's labelled default wait, `RetryConfig::later`, 300 s), a body limit of
/// [`qiwi_errors::MAX_BODY_LEN`], a status probe timeout of 30 s and a settle delay of 60 s.
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
    pub(crate) probe_timeout: Duration,
    pub(crate) settle_delay: Duration,
    pub(crate) status_interval: Option<Duration>,
    pub(crate) caps: Option<Arc<dyn CapLedger>>,
    /// The wall-clock time and tokio's instant of the first call, for the cap ledger.
    pub(crate) anchor: Arc<std::sync::OnceLock<(std::time::SystemTime, tokio::time::Instant)>>,
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
            .field("probe_timeout", &self.probe_timeout)
            .field("settle_delay", &self.settle_delay)
            .field("status_interval", &self.status_interval)
            .field("caps", &self.caps.is_some())
            .finish()
    }
}

/// Our default attempt timeout (not a QIWI figure).
pub(crate) const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Our default limit on one status probe call (not a QIWI figure).
pub(crate) const DEFAULT_PROBE_TIMEOUT: Duration = Duration::from_secs(30);

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
            probe_timeout: DEFAULT_PROBE_TIMEOUT,
            // Ours, not a QIWI figure (the library's `retry::DEFAULT_SETTLE_DELAY`).
            settle_delay: qiwi_errors::retry::DEFAULT_SETTLE_DELAY,
            status_interval: None,
            caps: None,
            anchor: Arc::default(),
        }
    }

    /// The longest one status probe call may take; a probe that does not answer in time
    /// counts as [`Probe::Unknown`](crate::Probe::Unknown). Our default: 30 s.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    /// use std::time::Duration;
    ///
    /// let _retry = QiwiRetry::new(Api::wallet()).probe_timeout(Duration::from_secs(5));
    /// ```
    pub fn probe_timeout(mut self, timeout: Duration) -> Self {
        self.probe_timeout = timeout;
        self
    }

    /// How long after a request that may still be in flight (no answer, a timeout, a body cut
    /// off, a proxy's page) a status probe's `NotFound` is trusted: a `NotFound` sooner is
    /// asked again after this delay before anything is repeated. It should exceed the longest
    /// a request can wait in QIWI's queues. Our default: 60 s.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    /// use std::time::Duration;
    ///
    /// let _retry = QiwiRetry::new(Api::payment_protocol()).settle_delay(Duration::from_secs(120));
    /// ```
    pub fn settle_delay(mut self, delay: Duration) -> Self {
        self.settle_delay = delay;
        self
    }

    /// The least interval between two status queries of one call. By default the API's own:
    /// 600 s for the XML protocol ("no more than once in 10 minutes"), none for the others. A
    /// shorter value than the API's is not taken.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    /// use std::time::Duration;
    ///
    /// let retry = QiwiRetry::new(Api::xml()).status_interval(Duration::from_secs(1));
    /// assert_eq!(retry.status_query_interval(), Duration::from_secs(600));
    /// ```
    pub fn status_interval(mut self, interval: Duration) -> Self {
        self.status_interval = Some(interval);
        self
    }

    /// The least interval between two status queries in force.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, QiwiRetry};
    /// use std::time::Duration;
    ///
    /// assert_eq!(QiwiRetry::new(Api::wallet()).status_query_interval(), Duration::ZERO);
    /// ```
    pub fn status_query_interval(&self) -> Duration {
        // The API's documented interval (the XML protocol: once in 10 minutes).
        let api = self
            .api
            .kind
            .and_then(qiwi_errors::Api::status_interval_seconds)
            .map_or(Duration::ZERO, |s| Duration::from_secs(s.into()));
        self.status_interval.unwrap_or_default().max(api)
    }

    /// Keeps capped declines between calls, per [`CapKey`](crate::CapKey) (a request
    /// extension): a later call for the same key is refused once the window's budget is spent.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::{Api, MemoryCapLedger, QiwiRetry};
    /// use std::sync::Arc;
    ///
    /// let retry = QiwiRetry::new(Api::payment_protocol()).cap_ledger(Arc::new(MemoryCapLedger::default()));
    /// # let _ = retry;
    /// ```
    pub fn cap_ledger(mut self, ledger: Arc<dyn CapLedger>) -> Self {
        self.caps = Some(ledger);
        self
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
    /// With a probe, even the payment protocol's empty HTTP 500 is followed by a status query
    /// before a repeat ([`RetryConfig::trust_idempotence`] is turned off for each call).
    ///
    /// What the probe must guarantee: it answers about that operation ID only, and it reads
    /// its own writes (an operation QIWI has accepted is found; `NotFound` means QIWI has no
    /// such operation, not "not yet visible"). See the crate's README.
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

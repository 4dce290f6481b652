//! Operations and the status probe: the client-generated ID a request carries, and the
//! application's answer to "did operation X go through?".

use async_trait::async_trait;
use bytes::Bytes;
use reqwest::{Method, Response, Url};
use std::future::Future;

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
    /// request itself: success is handed to the caller, a decline becomes a [`QiwiError`](crate::QiwiError).
    Found(Response),
    /// The status could not be learned: nothing is repeated, the caller gets an error whose
    /// outcome is [`Outcome::Unknown`](crate::Outcome::Unknown).
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

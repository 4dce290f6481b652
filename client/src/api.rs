//! [`Api`]: which QIWI API a client talks to, and how its answers are read.

use qiwi_errors::Family;

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
    pub(crate) name: &'static str,
    pub(crate) http_family: Option<Family>,
    pub(crate) inspect_success: bool,
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

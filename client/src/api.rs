//! [`Api`]: which QIWI API a client talks to; a name for logs around the library's
//! [`qiwi_errors::Api`], which decides how answers are read.

use qiwi_errors::Family;

/// Which QIWI API a client talks to. It wraps the library's [`qiwi_errors::Api`]: that decides
/// how an answer is read ([`qiwi_errors::retry::judge`]), the family of its HTTP statuses
/// included; this adds a name for logs and whether `2xx` bodies are read at all.
///
/// # Examples
///
/// ```
/// use qiwi_errors::Family;
/// use qiwi_errors_reqwest::Api;
///
/// assert_eq!(Api::wallet().http_family(), Some(Family::WalletHttp));
/// assert_eq!(Api::xml().kind(), Some(qiwi_errors::Api::Xml));
/// assert!(Api::xml().inspects_success_bodies());
/// assert!(!Api::wallet().inspects_success_bodies());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Api {
    pub(crate) name: &'static str,
    pub(crate) kind: Option<qiwi_errors::Api>,
    pub(crate) inspect_success: bool,
}

impl Api {
    /// The API as the library knows it, `name` being its name; `2xx` bodies are read where the
    /// library reads them (every API but the wallet's, whose `2xx` answers carry data).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert_eq!(Api::of(qiwi_errors::Api::Pull).name(), "pull");
    /// assert_eq!(Api::of(qiwi_errors::Api::Wallet), Api::wallet());
    /// ```
    pub const fn of(kind: qiwi_errors::Api) -> Api {
        Api {
            name: kind.as_str(),
            kind: Some(kind),
            inspect_success: !matches!(kind, qiwi_errors::Api::Wallet),
        }
    }

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
        Api::of(qiwi_errors::Api::Wallet)
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
        Api::of(qiwi_errors::Api::PaymentProtocol)
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
        Api::of(qiwi_errors::Api::Xml)
    }

    /// The invoice (bill) API: errors come as `4xx`/`5xx` with an `errorCode` body; the
    /// knowledge base has no HTTP-status table for it. `2xx` bodies are read, as the library
    /// reads them.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert_eq!(Api::invoices().kind(), Some(qiwi_errors::Api::Invoice));
    /// assert_eq!(Api::invoices().name(), "invoices");
    /// ```
    pub const fn invoices() -> Api {
        Api {
            name: "invoices",
            ..Api::of(qiwi_errors::Api::Invoice)
        }
    }

    /// Any other API: a name for logs and the family its HTTP statuses belong to, if any (the
    /// API is that family's; with none, answers are read without an API, as the library's
    /// `judge` reads a [`Reply`](qiwi_errors::retry::Reply) without one).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::Family;
    /// use qiwi_errors_reqwest::Api;
    ///
    /// let ident = Api::custom("identification", Some(Family::IdentHttp));
    /// assert_eq!(ident.name(), "identification");
    /// assert_eq!(ident.kind(), Some(qiwi_errors::Api::Identification));
    /// ```
    pub const fn custom(name: &'static str, http_family: Option<Family>) -> Api {
        let kind = match http_family {
            Some(family) => Some(family.api()),
            None => None,
        };
        Api {
            name,
            kind,
            inspect_success: !matches!(kind, Some(qiwi_errors::Api::Wallet)),
        }
    }

    /// Whether `2xx` answers are read and judged too. Turning it off for an API whose `2xx`
    /// answers can carry an error makes the middleware take them for success, where the
    /// library's [`judge`](qiwi_errors::retry::judge) would not.
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

    /// The API as the library knows it, if it is one of them.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert_eq!(Api::custom("other", None).kind(), None);
    /// ```
    pub const fn kind(&self) -> Option<qiwi_errors::Api> {
        self.kind
    }

    /// The family of the API's HTTP statuses, if the knowledge base has one
    /// ([`qiwi_errors::Api::http_family`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::Family;
    /// use qiwi_errors_reqwest::Api;
    ///
    /// assert_eq!(Api::payment_protocol().http_family(), Some(Family::PaymentHttp));
    /// ```
    pub fn http_family(&self) -> Option<Family> {
        self.kind.and_then(qiwi_errors::Api::http_family)
    }

    /// Whether `2xx` answers are read and judged.
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

impl From<qiwi_errors::Api> for Api {
    fn from(kind: qiwi_errors::Api) -> Api {
        Api::of(kind)
    }
}

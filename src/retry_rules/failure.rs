//! What went wrong with one attempt.

use crate::entry::Entry;
use crate::kinds::{Api, Family};

/// What went wrong with one attempt: the code, and the context some rules need.
///
/// Build it from what the response carried; every part is optional.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::Failure;
/// use qiwi_errors::Family;
///
/// let f = Failure::http(Family::PaymentHttp, 500).empty_body(false);
/// assert_eq!(f.http_status, Some(500));
/// let f = Failure::code(Family::XmlPaymentResult, "300").fatal(false).payment_status(-1);
/// assert_eq!(f.entry.unwrap().code(), "300");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Failure {
    /// The code's entry, if the response carried a known code: of several, the most specific
    /// ([`Family::specificity`]).
    pub entry: Option<Entry>,
    /// A second code the same answer carried with [`entry`](Self::entry) (a psErrorCode's
    /// reasonCode). The stricter of the two verdicts wins, and a cap of either holds.
    pub paired: Option<Entry>,
    /// The API that answered, when known: it decides how an HTTP error without a code is read
    /// (only the payment protocol documents a repeat after an empty HTTP 500).
    pub api: Option<Api>,
    /// The HTTP status, if the failure came with one.
    pub http_status: Option<u16>,
    /// The HTTP family the status belongs to (the API called).
    pub http_family: Option<Family>,
    /// Whether the response body was empty (the payment protocol's 500 rule).
    pub empty_body: Option<bool>,
    /// The XML protocol's `fatal` attribute: `true` means a repeat gives the same result.
    pub fatal: Option<bool>,
    /// The XML protocol's payment `status` attribute.
    pub payment_status: Option<i64>,
    /// The answer was not the API's own (an HTML or plain-text page from a proxy in front of
    /// it, such as nginx's 502): it says nothing about the operation.
    pub foreign: bool,
}

impl Failure {
    /// A failure with nothing known about it yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    ///
    /// assert!(Failure::new().entry.is_none());
    /// ```
    pub const fn new() -> Self {
        Failure {
            entry: None,
            paired: None,
            api: None,
            http_status: None,
            http_family: None,
            empty_body: None,
            fatal: None,
            payment_status: None,
            foreign: false,
        }
    }

    /// A failure with a code of `family`; an unknown code leaves [`entry`](Self::entry) empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    /// use qiwi_errors::Family;
    ///
    /// assert!(Failure::code(Family::WalletError, "220").entry.is_some());
    /// assert!(Failure::code(Family::WalletError, "no such").entry.is_none());
    /// ```
    pub fn code(family: Family, code: &str) -> Self {
        Failure {
            entry: crate::lookup::lookup(family, code),
            ..Failure::new()
        }
    }

    /// A failure with an already known entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    /// use qiwi_errors::{lookup, Family};
    ///
    /// let entry = lookup(Family::PsError, "51").unwrap();
    /// assert_eq!(Failure::entry(entry).entry, Some(entry));
    /// ```
    pub const fn entry(entry: Entry) -> Self {
        Failure {
            entry: Some(entry),
            ..Failure::new()
        }
    }

    /// A failure with an HTTP status of the API `family` (`PaymentHttp`, `WalletHttp`, ...).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    /// use qiwi_errors::Family;
    ///
    /// assert_eq!(Failure::http(Family::WalletHttp, 423).entry.unwrap().code(), "423");
    /// ```
    pub fn http(family: Family, status: u16) -> Self {
        let mut buf = [0u8; 5];
        let code = format_u16(status, &mut buf);
        Failure {
            entry: crate::lookup::lookup(family, code),
            api: Some(family.api()),
            http_status: Some(status),
            http_family: Some(family),
            ..Failure::new()
        }
    }

    /// Records whether the response body was empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    /// use qiwi_errors::Family;
    ///
    /// assert_eq!(Failure::http(Family::PaymentHttp, 500).empty_body(true).empty_body, Some(true));
    /// ```
    pub const fn empty_body(mut self, empty: bool) -> Self {
        self.empty_body = Some(empty);
        self
    }

    /// Records the XML protocol's `fatal` flag.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    ///
    /// assert_eq!(Failure::new().fatal(true).fatal, Some(true));
    /// ```
    pub const fn fatal(mut self, fatal: bool) -> Self {
        self.fatal = Some(fatal);
        self
    }

    /// Records the second code the answer carried (a psErrorCode's reasonCode).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    /// use qiwi_errors::{lookup, Family};
    ///
    /// let reason = lookup(Family::PaymentReason, "ACQUIRING_INSUFFICIENT_FUNDS").unwrap();
    /// let f = Failure::code(Family::PsError, "51").paired(reason);
    /// assert_eq!(f.paired, Some(reason));
    /// ```
    pub const fn paired(mut self, entry: Entry) -> Self {
        self.paired = Some(entry);
        self
    }

    /// Records the API that answered.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    /// use qiwi_errors::Api;
    ///
    /// assert_eq!(Failure::new().api(Api::Xml).api, Some(Api::Xml));
    /// ```
    pub const fn api(mut self, api: Api) -> Self {
        self.api = Some(api);
        self
    }

    /// Records that the answer was not the API's own (a proxy's page).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    ///
    /// assert!(Failure::new().foreign(true).foreign);
    /// ```
    pub const fn foreign(mut self, foreign: bool) -> Self {
        self.foreign = foreign;
        self
    }

    /// Records the XML protocol's payment status.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Failure;
    ///
    /// assert_eq!(Failure::new().payment_status(-1).payment_status, Some(-1));
    /// ```
    pub const fn payment_status(mut self, status: i64) -> Self {
        self.payment_status = Some(status);
        self
    }
}

fn format_u16(n: u16, buf: &mut [u8; 5]) -> &str {
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

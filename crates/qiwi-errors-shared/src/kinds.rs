//! The small closed vocabularies of the knowledge base: families, severities, actors, retry
//! advice, languages. The data validator and the public API read the same definitions, so they
//! can never disagree about which values exist.

use serde::{Deserialize, Serialize};

/// Declares a closed vocabulary and its `ALL` list together, so that the list cannot miss a
/// value: a table sized `Vocabulary::ALL.len()` (the library's `Words`) stops compiling when a
/// value is added and not named.
macro_rules! vocabulary {
    ($(#[$meta:meta])* pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident, )* }) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            #[doc = concat!("Every `", stringify!($name), "`, in the order of declaration.")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use qiwi_errors_shared::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert!(!", stringify!($name), "::ALL.is_empty());")]
            /// ```
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
        }
    };
}

macro_rules! families {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $label_en:literal, $label_ru:literal,
        api: $api:ident, http: $http:literal, prefix: $prefix:literal, weight: $weight:literal,
        specificity: $specificity:literal; )*) => {
        /// A code family: the API and table a code belongs to.
        ///
        /// The same number means different things in different families (wallet errorCode
        /// `220` is "not enough funds", XML payment result `220` is the payout account's
        /// balance), so every code is keyed by `(Family, code)`.
        ///
        /// Every fact about a family is declared once, in its row of the table in this file
        /// (name, labels, API, whether it is an HTTP-status table, label prefix, weight for a
        /// bare code, specificity): a family cannot be added without all of them.
        ///
        /// # Examples
        ///
        /// ```
        /// use qiwi_errors_shared::Family;
        ///
        /// let family: Family = "ps-error".parse().unwrap();
        /// assert_eq!(family, Family::PsError);
        /// assert_eq!(family.as_str(), "ps-error");
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "build", derive(databake::Bake), databake(path = qiwi_errors_shared))]
        #[serde(rename_all = "kebab-case")]
        #[non_exhaustive]
        pub enum Family {
            $( $(#[$doc])* $variant, )*
        }

        impl Family {
            /// Every family, in the order of the data files.
            ///
            /// # Examples
            ///
            /// ```
            /// use qiwi_errors_shared::Family;
            ///
            /// assert!(Family::ALL.contains(&Family::WalletError));
            /// ```
            pub const ALL: &'static [Family] = &[ $( Family::$variant, )* ];

            /// The family's name, which is also the stem of its file in `data/`.
            ///
            /// # Examples
            ///
            /// ```
            /// use qiwi_errors_shared::Family;
            ///
            /// assert_eq!(Family::WalletError.as_str(), "wallet-error");
            /// ```
            pub const fn as_str(self) -> &'static str {
                match self { $( Family::$variant => $name, )* }
            }

            /// A short human name of the family in English or Russian.
            ///
            /// # Examples
            ///
            /// ```
            /// use qiwi_errors_shared::{Family, Lang};
            ///
            /// assert_eq!(Family::PsError.label(Lang::En), "payment protocol psErrorCode");
            /// ```
            pub const fn label(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $( Family::$variant => $label_en, )* },
                    Lang::Ru => match self { $( Family::$variant => $label_ru, )* },
                }
            }

            /// Finds a family by its name (`"wallet-error"`); `None` for an unknown name.
            ///
            /// # Examples
            ///
            /// ```
            /// use qiwi_errors_shared::Family;
            ///
            /// assert_eq!(Family::from_name("ident-error"), Some(Family::IdentError));
            /// assert_eq!(Family::from_name("nope"), None);
            /// ```
            pub fn from_name(name: &str) -> Option<Family> {
                match name { $( $name => Some(Family::$variant), )* _ => None }
            }

            /// The API whose answers carry this family's codes.
            ///
            /// # Examples
            ///
            /// ```
            /// use qiwi_errors_shared::{Api, Family};
            ///
            /// assert_eq!(Family::PsError.api(), Api::PaymentProtocol);
            /// assert_eq!(Family::TopupResult.api(), Api::Xml);
            /// ```
            pub const fn api(self) -> Api {
                match self { $( Family::$variant => Api::$api, )* }
            }

            /// `true` for the tables of HTTP statuses (`wallet-http`, `payment-http`,
            /// `ident-http`).
            ///
            /// # Examples
            ///
            /// ```
            /// use qiwi_errors_shared::Family;
            ///
            /// assert!(Family::PaymentHttp.is_http());
            /// assert!(!Family::PsError.is_http());
            /// ```
            pub const fn is_http(self) -> bool {
                match self { $( Family::$variant => $http, )* }
            }

            /// What goes before a code when it is shown as people see it (`QWPRC-`, `HTTP `,
            /// `psErrorCode `); empty for statuses, which are shown as they are.
            ///
            /// # Examples
            ///
            /// ```
            /// use qiwi_errors_shared::Family;
            ///
            /// assert_eq!(Family::WalletError.label_prefix(), "QWPRC-");
            /// assert_eq!(Family::PaymentStatus.label_prefix(), "");
            /// ```
            pub const fn label_prefix(self) -> &'static str {
                match self { $( Family::$variant => $prefix, )* }
            }

            /// How much the family is worth when a code is asked without one, 0–20: the
            /// families people paste most rank first. For an HTTP family this is its weight
            /// for a 4xx/5xx number; other numbers weigh 14 less there.
            ///
            /// # Examples
            ///
            /// ```
            /// use qiwi_errors_shared::Family;
            ///
            /// assert!(Family::WalletError.bare_weight() > Family::PsError.bare_weight());
            /// ```
            pub const fn bare_weight(self) -> u8 {
                match self { $( Family::$variant => $weight, )* }
            }

            /// How much a code of this family says about one failed operation, 1–4: a card
            /// network's code (`psErrorCode`) says more than a reason or an error code, an
            /// error code more than an operation status, a status more than an HTTP status.
            /// When one answer carries several codes, the most specific decides.
            ///
            /// # Examples
            ///
            /// ```
            /// use qiwi_errors_shared::Family;
            ///
            /// assert!(Family::PsError.specificity() > Family::PaymentReason.specificity());
            /// assert!(Family::PaymentStatus.specificity() > Family::PaymentHttp.specificity());
            /// ```
            pub const fn specificity(self) -> u8 {
                match self { $( Family::$variant => $specificity, )* }
            }
        }
    };
}

/// A QIWI API: the service an answer comes from, which decides how its HTTP statuses and
/// bodies are read.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::{Api, Family};
///
/// assert_eq!(Api::Wallet.http_family(), Some(Family::WalletHttp));
/// assert_eq!(Api::Xml.http_family(), None);
/// assert_eq!("payment-protocol".parse::<Api>(), Ok(Api::PaymentProtocol));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Api {
    /// The QIWI Wallet personal API (`edge.qiwi.com`, `/sinap/`, `/payment-history/`).
    Wallet,
    /// The payment-acceptance protocol (`api.qiwi.com/partner/payin`).
    PaymentProtocol,
    /// The XML top-up and payout protocol.
    Xml,
    /// The partner identification API.
    Identification,
    /// The invoice (bill payments) API, its v3 protocol and P2P invoices.
    Invoice,
    /// The Pull REST invoicing API.
    Pull,
    /// QIWI PAY card acquiring.
    QiwiPay,
}

impl Api {
    /// Every API.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::Api;
    ///
    /// assert_eq!(Api::ALL.len(), 7);
    /// ```
    pub const ALL: &'static [Api] = &[
        Api::Wallet,
        Api::PaymentProtocol,
        Api::Xml,
        Api::Identification,
        Api::Invoice,
        Api::Pull,
        Api::QiwiPay,
    ];

    /// The API's name: `wallet`, `payment-protocol`, `xml`, `identification`, `invoice`,
    /// `pull`, `qiwi-pay`.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::Api;
    ///
    /// assert_eq!(Api::QiwiPay.as_str(), "qiwi-pay");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Api::Wallet => "wallet",
            Api::PaymentProtocol => "payment-protocol",
            Api::Xml => "xml",
            Api::Identification => "identification",
            Api::Invoice => "invoice",
            Api::Pull => "pull",
            Api::QiwiPay => "qiwi-pay",
        }
    }

    /// The family of the API's HTTP statuses, when the knowledge base has a table of them.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::{Api, Family};
    ///
    /// assert_eq!(Api::Identification.http_family(), Some(Family::IdentHttp));
    /// ```
    pub fn http_family(self) -> Option<Family> {
        Family::ALL
            .iter()
            .copied()
            .find(|f| f.is_http() && f.api() == self)
    }

    /// The least time between two status queries of one operation that the API's
    /// documentation asks for, in seconds; `None` where it sets none. The XML protocol: "no
    /// more than once in 10 minutes" (topup-wallet-docs `_topup-status_en.html.md` L9,
    /// `_topup_card_ru.html.md` L54).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::Api;
    ///
    /// assert_eq!(Api::Xml.status_interval_seconds(), Some(600));
    /// assert_eq!(Api::Wallet.status_interval_seconds(), None);
    /// ```
    pub const fn status_interval_seconds(self) -> Option<u32> {
        match self {
            Api::Xml => Some(600),
            _ => None,
        }
    }

    /// The API's families, in the order of the data files.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::{Api, Family};
    ///
    /// assert!(Api::Xml.families().any(|f| f == Family::TopupResult));
    /// ```
    pub fn families(self) -> impl Iterator<Item = Family> {
        Family::ALL.iter().copied().filter(move |f| f.api() == self)
    }
}

impl core::str::FromStr for Api {
    type Err = ParseApiError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Api::ALL
            .iter()
            .copied()
            .find(|a| a.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| ParseApiError::new(s))
    }
}

impl core::fmt::Display for Api {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an [`Api`] from a name that is not one; it keeps the input.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Api;
///
/// let err = "soap".parse::<Api>().unwrap_err();
/// assert_eq!(err.input(), "soap");
/// assert!(err.to_string().starts_with("unknown API `soap`"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ParseApiError {
    input: String,
}

impl ParseApiError {
    fn new(input: &str) -> Self {
        ParseApiError {
            input: input.to_string(),
        }
    }

    /// The text that is not an API's name, as given.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::Api;
    ///
    /// assert_eq!("soap".parse::<Api>().unwrap_err().input(), "soap");
    /// ```
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl core::fmt::Display for ParseApiError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "unknown API `{}` (wallet, payment-protocol, xml, identification, invoice, pull, qiwi-pay)",
            self.input
        )
    }
}

impl std::error::Error for ParseApiError {}

// One row per family; every column is required. `weight`: see `Family::bare_weight`;
// `specificity`: see `Family::specificity`.
families! {
    /// HTTP statuses of the QIWI Wallet API; 404 means different things per API section.
    WalletHttp = "wallet-http", "wallet API HTTP status", "HTTP-статус API кошелька",
        api: Wallet, http: true, prefix: "HTTP ", weight: 19, specificity: 1;
    /// The wallet API's `errorCode`, shown to users as `QWPRC-N`.
    WalletError = "wallet-error", "wallet API errorCode (QWPRC)", "errorCode API кошелька (QWPRC)",
        api: Wallet, http: false, prefix: "QWPRC-", weight: 16, specificity: 3;
    /// Statuses of transactions in the wallet API's payment history.
    WalletTxnStatus = "wallet-txn-status", "wallet transaction status", "статус транзакции кошелька",
        api: Wallet, http: false, prefix: "", weight: 8, specificity: 2;
    /// Identification levels of a wallet in the wallet profile API (`SIMPLE` lives here).
    WalletIdentLevel = "wallet-ident-level", "wallet identification level", "уровень идентификации кошелька",
        api: Wallet, http: false, prefix: "", weight: 7, specificity: 2;
    /// HTTP statuses of the payment-acceptance protocol (incl. the 500 empty-body rule).
    PaymentHttp = "payment-http", "payment protocol HTTP status", "HTTP-статус протокола приёма платежей",
        api: PaymentProtocol, http: true, prefix: "HTTP ", weight: 20, specificity: 1;
    /// The payment protocol's `reasonCode` (`status.reason`): why an operation was declined.
    PaymentReason = "payment-reason", "payment protocol reasonCode", "reasonCode протокола приёма платежей",
        api: PaymentProtocol, http: false, prefix: "reasonCode ", weight: 15, specificity: 3;
    /// The payment protocol's `psErrorCode`: the card network's detail, a string (`"04"`).
    PsError = "ps-error", "payment protocol psErrorCode", "psErrorCode протокола приёма платежей",
        api: PaymentProtocol, http: false, prefix: "psErrorCode ", weight: 12, specificity: 4;
    /// Operation statuses of the payment protocol (`COMPLETED`, `DECLINE`, ...).
    PaymentStatus = "payment-status", "payment protocol operation status", "статус операции протокола приёма платежей",
        api: PaymentProtocol, http: false, prefix: "", weight: 8, specificity: 2;
    /// Operation types of the payment protocol (`PAYMENT`, `REFUND`, ...).
    PaymentOperationType = "payment-operation-type", "payment protocol operation type", "тип операции протокола приёма платежей",
        api: PaymentProtocol, http: false, prefix: "", weight: 7, specificity: 2;
    /// The `errorCode` of the payment protocol's own error body (`serviceName` `payin-core`):
    /// `validation.error`, `payin.resource.not.found`, `internal.error`.
    PayinError = "payin-error", "payment protocol error body errorCode (payin-core)", "errorCode тела ошибки протокола приёма платежей (payin-core)",
        api: PaymentProtocol, http: false, prefix: "errorCode ", weight: 9, specificity: 3;
    /// Payment statuses of the top-up/payout XML protocol (`status` of `<payment>`).
    XmlPaymentStatus = "xml-payment-status", "top-up/payout XML payment status", "статус платежа XML-протокола пополнений и выплат",
        api: Xml, http: false, prefix: "status ", weight: 9, specificity: 2;
    /// Payment result codes of the top-up/payout XML protocol (`result-code` of `<payment>`).
    XmlPaymentResult = "xml-payment-result", "top-up/payout XML payment result code", "код обработки платежа XML-протокола",
        api: Xml, http: false, prefix: "result-code ", weight: 10, specificity: 3;
    /// Request result codes of the top-up/payout XML protocol (`<result-code>`).
    XmlRequestResult = "xml-request-result", "top-up/payout XML request result code", "код обработки запроса XML-протокола",
        api: Xml, http: false, prefix: "result-code ", weight: 11, specificity: 2;
    /// HTTP statuses of the partner identification API.
    IdentHttp = "ident-http", "identification API HTTP status", "HTTP-статус API идентификации",
        api: Identification, http: true, prefix: "HTTP ", weight: 18, specificity: 1;
    /// The identification API's `errorCode` strings (`validation.error`, ...).
    IdentError = "ident-error", "identification API errorCode", "errorCode API идентификации",
        api: Identification, http: false, prefix: "errorCode ", weight: 15, specificity: 3;
    /// Reasons for the identification level obtained (`identificationLevelReasonCode`).
    IdentReason = "ident-reason", "identification level reason", "причина уровня идентификации",
        api: Identification, http: false, prefix: "", weight: 15, specificity: 3;
    /// Statuses of an identification application (`applicationStatus`).
    IdentStatus = "ident-status", "identification application status", "статус заявки на идентификацию",
        api: Identification, http: false, prefix: "", weight: 8, specificity: 2;
    /// Identification levels of the identification API (`SIMPLIFIED`, `FULL`, `NOT_VERIFIED`).
    IdentLevel = "ident-level", "identification API level", "уровень идентификации (API идентификации)",
        api: Identification, http: false, prefix: "", weight: 7, specificity: 2;
    /// The invoice API's `errorCode` strings (`api.invoice.not.found`, ...), without the `error.code.` prefix.
    BillError = "bill-error", "invoice API errorCode", "errorCode API счетов",
        api: Invoice, http: false, prefix: "errorCode ", weight: 9, specificity: 3;
    /// Invoice statuses of the invoice API and P2P invoices (`WAITING`, `PAID`, `REJECTED`, `EXPIRED`).
    BillStatus = "bill-status", "invoice status", "статус счёта",
        api: Invoice, http: false, prefix: "", weight: 7, specificity: 2;
    /// Refund statuses of the invoice API (`PARTIAL`, `FULL`).
    BillRefundStatus = "bill-refund-status", "invoice refund status", "статус возврата по счёту",
        api: Invoice, http: false, prefix: "", weight: 7, specificity: 2;
    /// `result_code` values of the legacy v3 invoice protocol (`AUTH_FAILED`, ...).
    BillResult = "bill-result", "invoice API v3 result_code", "result_code API счетов v3",
        api: Invoice, http: false, prefix: "result_code ", weight: 9, specificity: 3;
    /// Payment result codes of the wallet top-up XML protocol (service-id 99).
    TopupResult = "topup-result", "wallet top-up payment result code", "код обработки платежа протокола пополнения кошелька",
        api: Xml, http: false, prefix: "result-code ", weight: 10, specificity: 3;
    /// `result_code` values of the Pull REST invoicing API, with their fatal flag.
    PullError = "pull-error", "Pull REST API result code", "код результата Pull REST API",
        api: Pull, http: false, prefix: "result_code ", weight: 9, specificity: 3;
    /// Invoice statuses of the Pull REST API (lower case).
    PullStatus = "pull-status", "Pull REST API invoice status", "статус счёта Pull REST API",
        api: Pull, http: false, prefix: "", weight: 7, specificity: 2;
    /// Refund statuses of the Pull REST API (`processing`, `success`, `fail`).
    PullRefundStatus = "pull-refund-status", "Pull REST API refund status", "статус возврата Pull REST API",
        api: Pull, http: false, prefix: "", weight: 7, specificity: 2;
    /// Codes a provider's server answers a Pull REST API notification with.
    PullNotify = "pull-notify", "Pull REST API notification reply code", "код ответа на уведомление Pull REST API",
        api: Pull, http: false, prefix: "", weight: 7, specificity: 3;
    /// QIWI PAY card-acquiring `error_code` values (8001–8169).
    QiwipayError = "qiwipay-error", "QIWI PAY error code", "код ошибки QIWI PAY",
        api: QiwiPay, http: false, prefix: "error_code ", weight: 9, specificity: 3;
    /// QIWI PAY transaction statuses (`txn_status` 0–5).
    QiwipayStatus = "qiwipay-status", "QIWI PAY transaction status", "статус транзакции QIWI PAY",
        api: QiwiPay, http: false, prefix: "", weight: 7, specificity: 2;
    /// Restriction codes of a wallet (`restrictionCode`) in the wallet profile API.
    WalletRestriction = "wallet-restriction", "wallet restriction code", "код ограничения кошелька",
        api: Wallet, http: false, prefix: "", weight: 7, specificity: 2;
}

impl core::str::FromStr for Family {
    type Err = ParseFamilyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Family::from_name(s.trim()).ok_or_else(|| ParseFamilyError::new(s))
    }
}

/// The error of parsing a [`Family`] from a name that is not one; it keeps the input.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Family;
///
/// let err = "nope".parse::<Family>().unwrap_err();
/// assert_eq!(err.input(), "nope");
/// assert_eq!(err.to_string(), "unknown family `nope` (see `Family::ALL` for the names)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ParseFamilyError {
    input: String,
}

impl ParseFamilyError {
    fn new(input: &str) -> Self {
        ParseFamilyError {
            input: input.to_string(),
        }
    }

    /// The text that is not a family's name, as given.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::Family;
    ///
    /// assert_eq!(" nope ".parse::<Family>().unwrap_err().input(), " nope ");
    /// ```
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl core::fmt::Display for ParseFamilyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "unknown family `{}` (see `Family::ALL` for the names)",
            self.input
        )
    }
}

impl std::error::Error for ParseFamilyError {}

impl core::fmt::Display for Family {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

vocabulary! {
    /// How bad a code is for the operation it came with.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::Severity;
    ///
    /// assert!(Severity::Critical > Severity::Error);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "build", derive(databake::Bake), databake(path = qiwi_errors_shared))]
    #[serde(rename_all = "kebab-case")]
    #[non_exhaustive]
    pub enum Severity {
        /// Success, information, or an operation still in progress.
        Info,
        /// A temporary problem that is likely to pass.
        Warning,
        /// The operation was declined; something must change before it can succeed.
        Error,
        /// An account or card is blocked, or security is at stake.
        Critical,
    }
}

vocabulary! {
    /// Who has to do something about a code.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::Actor;
    ///
    /// assert_eq!(serde_json::to_string(&Actor::QiwiSupport).unwrap(), "\"qiwi-support\"");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "build", derive(databake::Bake), databake(path = qiwi_errors_shared))]
    #[serde(rename_all = "kebab-case")]
    #[non_exhaustive]
    pub enum Actor {
        /// The wallet owner or payer.
        Customer,
        /// The merchant or partner integrating the API (their developers and support).
        Merchant,
        /// QIWI's support or technical staff.
        QiwiSupport,
        /// The bank that issued the card.
        IssuingBank,
        /// The recipient of a transfer.
        Recipient,
    }
}

/// Whether and when a failed request may be repeated, as the documentation advises.
///
/// This is the static advice stored with each code; `qiwi_errors::retry::RetryPolicy` turns it
/// into a decision for one attempt.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Retry;
///
/// let retry: Retry = serde_json::from_str(r#"{"kind":"after","seconds":60}"#).unwrap();
/// assert_eq!(retry, Retry::After { seconds: 60 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "build", derive(databake::Bake), databake(path = qiwi_errors_shared))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Retry {
    /// Do not repeat: the outcome is final or a repeat gives the same result.
    Never,
    /// Repeat the same request at once.
    Now,
    /// Repeat the same request later: the documentation says so without giving a delay.
    Later,
    /// Repeat the same request after at least `seconds`, as the documentation states.
    After {
        /// The least delay before the repeat, in seconds.
        seconds: u32,
    },
    /// Repeat only after the user has changed something (topped up, fixed data, verified).
    AfterUserAction,
    /// Query the operation's status first: the first attempt may have gone through.
    CheckStatus,
    /// At most `max` repeats with the same data per `window_seconds`.
    Limited {
        /// The most repeats allowed in one window.
        max: u32,
        /// The window's length, in seconds.
        window_seconds: u32,
    },
}

vocabulary! {
    /// Where a record's facts come from.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::Provenance;
    ///
    /// assert_eq!(Provenance::default(), Provenance::Official);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
    #[cfg_attr(feature = "build", derive(databake::Bake), databake(path = qiwi_errors_shared))]
    #[serde(rename_all = "kebab-case")]
    #[non_exhaustive]
    pub enum Provenance {
        /// An official QIWI table.
        #[default]
        Official,
        /// Only a community list (the 2020 list of wallet codes), not an official table.
        Community,
        /// Our reading of the sources; the developer text says why.
        Inferred,
        /// Only an official example (a sample response), not the table: the same number in a
        /// family whose table lists it ranks first.
        Example,
    }
}

/// A language of the knowledge base's texts.
///
/// Russian is the default, as most people who meet QIWI codes read it.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Lang;
///
/// assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
/// assert_eq!(Lang::default(), Lang::Ru);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "build", derive(databake::Bake), databake(path = qiwi_errors_shared))]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    /// Russian.
    #[default]
    Ru,
    /// English.
    En,
}

impl core::str::FromStr for Lang {
    type Err = ParseLangError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ru" | "rus" | "russian" => Ok(Lang::Ru),
            "en" | "eng" | "english" => Ok(Lang::En),
            _ => Err(ParseLangError {
                input: s.to_string(),
            }),
        }
    }
}

/// The error of parsing a [`Lang`] from anything but `ru` or `en`; it keeps the input.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Lang;
///
/// let err = "de".parse::<Lang>().unwrap_err();
/// assert_eq!(err.input(), "de");
/// assert_eq!(err.to_string(), "unknown language `de` (expected `ru` or `en`)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ParseLangError {
    input: String,
}

impl ParseLangError {
    /// The text that is not a language, as given.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::Lang;
    ///
    /// assert_eq!("de".parse::<Lang>().unwrap_err().input(), "de");
    /// ```
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl core::fmt::Display for ParseLangError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "unknown language `{}` (expected `ru` or `en`)",
            self.input
        )
    }
}

impl std::error::Error for ParseLangError {}

//! The faults the simulated QIWI answers with, the API it speaks, and how it reads a repeat
//! of an operation ([`Reading`]); the delays it checks, read from the knowledge base.

use qiwi_errors::{lookup, Family, Retry};
use std::time::Duration;

/// The XML protocol's least interval between status queries of one payment: "no more than
/// once in 10 minutes" (topup-wallet-docs, `_topup-status_en.html.md` L9).
pub const XML_STATUS_INTERVAL: Duration = Duration::from_secs(600);
/// How long after arriving a queued request commits (ours): past a 30 s attempt timeout.
pub const QUEUE_DELAY: Duration = Duration::from_secs(40);
/// How long a lagging status replica keeps answering "not found" after a commit (ours): past
/// the middleware's 60 s settle delay.
pub const REPLICA_LAG: Duration = Duration::from_secs(300);

/// What a repeat of an operation (the same client-generated ID) does on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reading {
    /// The same ID is the same operation: a repeat of a charged one answers its success.
    Idempotent,
    /// Every request processed charges, a repeat of a charged operation too.
    ChargeAgain,
    /// A repeat of an operation already charged or in process is rejected as a duplicate.
    RejectDuplicate,
}

impl Reading {
    pub const ALL: [Reading; 3] = [
        Reading::Idempotent,
        Reading::ChargeAgain,
        Reading::RejectDuplicate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Reading::Idempotent => "idempotent",
            Reading::ChargeAgain => "charges again",
            Reading::RejectDuplicate => "rejects duplicate",
        }
    }
}

/// One day: the window of the documented `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY` budget.
pub fn temporary_window() -> Duration {
    match lookup(
        Family::PaymentReason,
        "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY",
    )
    .map(|e| e.retry())
    {
        Some(Retry::Limited { window_seconds, .. }) => Duration::from_secs(window_seconds.into()),
        other => panic!("the knowledge base changed: {other:?}"),
    }
}

/// The least wait the documentation states before a repeat; `None` where it says "later"
/// without a figure (then no repeat can be early).
pub(crate) fn documented_after(family: Family, code: &str) -> Option<Duration> {
    match lookup(family, code).map(|e| e.retry()) {
        Some(Retry::After { seconds }) => Some(Duration::from_secs(seconds.into())),
        Some(Retry::Later) => None,
        other => panic!("the knowledge base changed for {code}: {other:?}"),
    }
}

/// The API the simulated QIWI speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Proto {
    /// The payment-acceptance protocol (JSON, `PUT .../payments/{paymentId}`).
    Payment,
    /// The XML top-up/payout protocol (`transaction-number` in the body).
    Xml,
    /// The wallet API (JSON, `id` in the body).
    Wallet,
}

/// A scripted fault, applied to the next request that arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// The charge is committed, then the connection drops without an answer.
    DropAfterCommit,
    /// HTTP 500 with an empty body; nothing committed.
    Empty500,
    /// HTTP 500 with a body; committed or not.
    Body500 { committed: bool },
    /// HTTP 429 (wallet: 423), with or without `Retry-After`; nothing committed.
    RateLimited { retry_after: Option<u64> },
    /// XML `result-code` 13 in a 200 answer ("retry in a minute"); nothing committed.
    Busy13,
    /// XML `result-code` with `fatal="true"`: a final decline.
    Fatal,
    /// Payment protocol `psErrorCode` 04 with `REATTEMPT_NOT_PERMITTED_BY_PS`: a final decline.
    FinalDecline,
    /// Payment protocol `psErrorCode` 51 with `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY`.
    TemporaryDecline,
    /// XML `<payment status="-1">`: a temporary error, not registered.
    NotRegistered,
    /// The answer comes after the client's timeout; committed or not.
    Slow { committed: bool },
    /// A proxy in front of the API answers 502 or 503 with an HTML page or plain text, after
    /// the backend committed or without it.
    Proxy {
        status: u16,
        html: bool,
        committed: bool,
    },
    /// HTTP 500 with an empty body, after the backend committed.
    Empty500Committed,
    /// The request waits in a queue: no answer before the client's timeout, the charge lands
    /// [`QUEUE_DELAY`] after arrival (after a status query made at the timeout).
    Queued,
    /// HTTP 429 (wallet: 423) with `Retry-After` as an HTTP date; nothing committed.
    RetryAfterDate { seconds: u64 },
    /// A 200 whose body is cut off (the connection closes inside it), after the commit.
    CutBody,
    /// XML `<payment status="5x">`: accepted, in progress (committed).
    XmlInProgress { status: u8 },
}

impl Fault {
    /// A name for the statistics.
    pub fn kind(&self) -> &'static str {
        match self {
            Fault::DropAfterCommit => "connection drop after commit",
            Fault::Empty500 => "HTTP 500, empty body (not committed)",
            Fault::Body500 { committed: true } => "HTTP 500 with body, committed",
            Fault::Body500 { committed: false } => "HTTP 500 with body, not committed",
            Fault::RateLimited {
                retry_after: Some(_),
            } => "429/423 with Retry-After",
            Fault::RateLimited { retry_after: None } => "429/423 without Retry-After",
            Fault::Busy13 => "XML result-code 13",
            Fault::Fatal => "XML fatal=\"true\"",
            Fault::FinalDecline => "psErrorCode 04 (final decline)",
            Fault::TemporaryDecline => "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY",
            Fault::NotRegistered => "XML payment status -1",
            Fault::Slow { committed: true } => "slow answer past the timeout, committed",
            Fault::Slow { committed: false } => "slow answer past the timeout, not committed",
            Fault::Proxy {
                html: true,
                committed: true,
                ..
            } => "proxy 502/503 HTML page, committed",
            Fault::Proxy {
                html: true,
                committed: false,
                ..
            } => "proxy 502/503 HTML page, not committed",
            Fault::Proxy {
                html: false,
                committed: true,
                ..
            } => "proxy 502/503 plain text, committed",
            Fault::Proxy {
                html: false,
                committed: false,
                ..
            } => "proxy 502/503 plain text, not committed",
            Fault::Empty500Committed => "HTTP 500, empty body, committed",
            Fault::Queued => "queued: commits after the probe said not found",
            Fault::RetryAfterDate { .. } => "429/423 with Retry-After as an HTTP date",
            Fault::CutBody => "200 with its body cut off, committed",
            Fault::XmlInProgress { .. } => "XML payment status 50-59",
        }
    }
}

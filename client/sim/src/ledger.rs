//! The simulated QIWI's state: its ledger of operations (charges, arrivals, status queries),
//! the faults left in its script, and what the client did that it must not do.

use crate::fault::{Fault, Proto, Reading, XML_STATUS_INTERVAL};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// An HTTP answer after `delay`.
    Answer {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
        delay: Duration,
        /// Close the connection after this many bytes of the body.
        cut: Option<usize>,
    },
    /// Close the connection without an answer.
    Drop,
}

/// One answer as the client got it.
#[derive(Clone, Debug)]
pub struct Sent {
    pub id: String,
    /// `None`: nothing came back before the client's timeout, or the connection dropped.
    pub status: Option<u16>,
    /// The body as far as it came.
    pub body: String,
    /// The connection closed inside the body.
    pub cut: bool,
    pub retry_after: Option<String>,
}

/// What the ledger knows about one operation.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// How many times it was charged (more than one is a double charge).
    pub charges: u32,
    /// When each request for it arrived.
    pub arrivals: Vec<Duration>,
    /// The first request, to check that repeats are identical.
    pub first_request: Option<(String, String, String)>,
    /// A final decline was answered.
    pub final_decline: bool,
    /// The client must not come back before this time (Retry-After, documented delays).
    pub not_before: Option<Duration>,
    /// When each charge landed.
    pub charged_at: Vec<Duration>,
    /// When its status was queried.
    pub queries: Vec<Duration>,
}

/// The simulated QIWI.
#[derive(Debug)]
pub struct Sim {
    pub proto: Proto,
    pub script: VecDeque<Fault>,
    pub ledger: BTreeMap<String, Record>,
    /// Everything the client did that it must not do.
    pub violations: Vec<String>,
    /// Faults answered, by kind.
    pub injected: HashMap<&'static str, u32>,
    /// How late a `Slow` answer comes.
    pub slow_delay: Duration,
    pub reading: Reading,
    /// Queued requests: the operation and when it commits.
    pub queued: Vec<(String, Duration)>,
    /// The card's last temporary decline (one reattempt a day), over all operations.
    pub temporary_at: Option<Duration>,
    /// Requests for the card inside the day after it.
    pub reattempts_in_window: u32,
    /// Authorisations past the cap.
    pub past_cap: u32,
    /// Repeats before a `Retry-After` or a documented delay.
    pub early: u32,
    /// Status queries closer than the API allows.
    pub close_queries: u32,
    /// Status queries made.
    pub query_count: u32,
    /// Every answer sent: (operation, status or `None` for no answer in time, body, whether
    /// cut, Retry-After).
    pub answers: Vec<Sent>,
    pub start: Instant,
}

impl Sim {
    pub fn new(proto: Proto, script: Vec<Fault>, slow_delay: Duration) -> Sim {
        Sim {
            proto,
            script: script.into(),
            ledger: BTreeMap::new(),
            violations: Vec::new(),
            injected: HashMap::new(),
            slow_delay,
            reading: Reading::ChargeAgain,
            queued: Vec::new(),
            temporary_at: None,
            reattempts_in_window: 0,
            past_cap: 0,
            early: 0,
            close_queries: 0,
            query_count: 0,
            answers: Vec::new(),
            start: Instant::now(),
        }
    }

    pub fn with_reading(mut self, reading: Reading) -> Sim {
        self.reading = reading;
        self
    }

    /// The sim's clock: time since it was made, on tokio's (paused) clock.
    pub fn now(&self) -> Duration {
        self.start.elapsed()
    }

    /// Lands the queued charges due by `now`.
    pub fn settle(&mut self, now: Duration) {
        let due: Vec<String> = self
            .queued
            .iter()
            .filter(|(_, at)| *at <= now)
            .map(|(id, _)| id.clone())
            .collect();
        self.queued.retain(|(_, at)| *at > now);
        for id in due {
            let at = now;
            self.charge(&id, at);
        }
    }

    /// One charge of `id` under the sim's reading.
    pub(crate) fn charge(&mut self, id: &str, now: Duration) {
        let reading = self.reading;
        let record = self.ledger.entry(id.to_string()).or_default();
        if reading != Reading::ChargeAgain && record.charges > 0 {
            return;
        }
        record.charges += 1;
        record.charged_at.push(now);
    }

    pub(crate) fn duplicate_body(&self, id: &str) -> (u16, String) {
        match self.proto {
            Proto::Payment => (
                200,
                format!(
                    r#"{{"paymentId":"{id}","status":{{"value":"DECLINED","reasonCode":"INVALID_STATE"}}}}"#
                ),
            ),
            Proto::Xml => (
                200,
                r#"<response><result-code fatal="true">215</result-code></response>"#.into(),
            ),
            Proto::Wallet => (
                400,
                r#"{"code":"QWPRC-408","message":"Такой платёж уже есть"}"#.into(),
            ),
        }
    }

    /// The status method's answer at `now`, as a replica `lag` behind sees it; records the
    /// query and whether it came sooner than the API allows.
    pub fn query(&mut self, id: &str, lag: Duration) -> Option<(u16, String)> {
        let now = self.now();
        self.settle(now);
        self.query_count += 1;
        let xml = self.proto == Proto::Xml;
        let record = self.ledger.entry(id.to_string()).or_default();
        if xml
            && record
                .queries
                .last()
                .is_some_and(|t| now < *t + XML_STATUS_INTERVAL)
        {
            self.close_queries += 1;
            self.violations.push(format!(
                "{id}: status queried within {XML_STATUS_INTERVAL:?} of the last query"
            ));
        }
        let record = self.ledger.entry(id.to_string()).or_default();
        record.queries.push(now);
        let visible = record.charged_at.iter().any(|t| now >= *t + lag);
        if visible {
            Some((200, self.success_body(id)))
        } else if record.final_decline {
            Some((200, self.status_decline_body(id)))
        } else {
            None
        }
    }

    pub fn shared(self) -> Arc<Mutex<Sim>> {
        Arc::new(Mutex::new(self))
    }

    /// Total charges of `id`.
    pub fn charges(&self, id: &str) -> u32 {
        self.ledger.get(id).map_or(0, |r| r.charges)
    }

    /// Requests that arrived for `id`.
    pub fn arrivals(&self, id: &str) -> usize {
        self.ledger.get(id).map_or(0, |r| r.arrivals.len())
    }

    pub(crate) fn success_body(&self, id: &str) -> String {
        match self.proto {
            Proto::Payment => format!(r#"{{"paymentId":"{id}","status":{{"value":"COMPLETED"}}}}"#),
            Proto::Xml => format!(
                r#"<response><result-code fatal="false">0</result-code><payment status="60" transaction-number="{id}" final-status="true" fatal-error="false"/></response>"#
            ),
            Proto::Wallet => format!(
                r#"{{"id":"{id}","transaction":{{"id":"1","state":{{"code":"Accepted"}}}}}}"#
            ),
        }
    }

    pub(crate) fn decline_body(&self, id: &str) -> String {
        match self.proto {
            Proto::Payment => format!(
                r#"{{"paymentId":"{id}","status":{{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}}}"#
            ),
            _ => r#"<response><result-code fatal="true">300</result-code></response>"#.into(),
        }
    }

    /// The status method's answer for a declined operation: for the XML protocol a final
    /// payment status (160, "not completed or cancelled"), not the request-level error.
    pub(crate) fn status_decline_body(&self, id: &str) -> String {
        match self.proto {
            Proto::Xml => format!(
                r#"<response><result-code fatal="false">0</result-code><payment status="160" transaction-number="{id}" result-code="300" final-status="true" fatal-error="true"/></response>"#
            ),
            _ => self.decline_body(id),
        }
    }

    /// The answer of the API's status method: `None` when the operation is unknown.
    pub fn status_of(&mut self, id: &str) -> Option<(u16, String)> {
        let now = self.now();
        self.settle(now);
        let record = self.ledger.get(id)?;
        if record.charges > 0 {
            Some((200, self.success_body(id)))
        } else if record.final_decline {
            Some((200, self.status_decline_body(id)))
        } else {
            None
        }
    }

    pub(crate) fn violation(&mut self, text: String) {
        self.violations.push(text);
    }
}

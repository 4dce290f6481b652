//! One call across its requests and status queries: whether an earlier request may have gone
//! through unsettled, when a status probe's "not found" may be believed, when the status may
//! next be queried, and so what the call may honestly report at its end.
//!
//! A [`RetryPolicy`](crate::retry::RetryPolicy) judges answers; a [`Call`] remembers what those
//! judgments and the status queries leave open. The `qiwi-errors-reqwest` middleware and the
//! Python package's httpx transport both keep one per call, so they end calls alike.

use crate::judge::Outcome;
use crate::kinds::Api;
use std::time::Duration;

/// Our default wait, after a request that may still be in flight was given up, before a
/// status query's "not found" is believed: the original request may reach QIWI after the
/// query. qiwi-errors' figure, not QIWI's: no QIWI document gives one.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::{Call, DEFAULT_SETTLE_DELAY};
///
/// assert_eq!(Call::new().settle_delay_of(), DEFAULT_SETTLE_DELAY);
/// ```
pub const DEFAULT_SETTLE_DELAY: Duration = Duration::from_secs(60);

/// What a status query said about the operation.
///
/// # Examples
///
/// ```
/// use qiwi_errors::retry::{Call, Outcome, StatusAnswer};
/// use std::time::Duration;
///
/// let mut call = Call::new();
/// assert_eq!(call.record_status(StatusAnswer::Through, Duration::ZERO), Some(Outcome::Succeeded));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusAnswer {
    /// The status says the operation went through.
    Through,
    /// The status is a definite statement that the operation did not go through.
    NotThrough,
    /// QIWI has no such operation: it did not go through, unless the request is still on
    /// its way (see [`Call::trusts_not_found`]).
    NotFound,
    /// The status could not tell (not final, unreadable, no answer).
    Unknown,
}

/// The state of one call (one operation's requests, repeats and status queries) that decides
/// how the call may end: a call is `Failed` only when its last answer is definite and no
/// earlier request of it is unresolved (may have gone through, and no status query settled
/// it); otherwise its outcome is `Unknown` and the caller is told when to query the status.
///
/// Time is passed in, as everywhere in [`retry`](super): `now` is the call's own monotonic
/// clock.
///
/// # Examples
///
/// A timeout, then a definite decline of the repeat: the first request may have gone
/// through, so the call has not failed until a status query says so.
///
/// ```
/// use qiwi_errors::retry::{Call, Outcome, StatusAnswer};
/// use std::time::Duration;
///
/// let s = Duration::from_secs;
/// let mut call = Call::new();
/// call.record(Outcome::Unknown, true, s(30)); // no answer within 30 s
/// call.record(Outcome::Failed, false, s(31)); // the repeat is declined
/// assert_eq!(call.outcome(Outcome::Failed), Outcome::Unknown);
///
/// // QIWI knows no such operation, but the first request may still be on its way.
/// call.record_query(s(32));
/// assert_eq!(call.record_status(StatusAnswer::NotFound, s(32)), None);
/// assert_eq!(call.not_found_trusted_at(), Some(s(90)));
/// call.record_query(s(90));
/// assert_eq!(call.record_status(StatusAnswer::NotFound, s(90)), Some(Outcome::Failed));
/// assert_eq!(call.outcome(Outcome::Failed), Outcome::Failed);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    settle_delay: Duration,
    status_interval: Duration,
    /// A request of this call may have gone through, and no status query has settled it.
    unresolved: bool,
    /// When the last request that may still be in flight was given up.
    in_flight_at: Option<Duration>,
    /// When the status was last queried.
    last_query: Option<Duration>,
}

impl Default for Call {
    fn default() -> Self {
        Call::new()
    }
}

impl Call {
    /// A call with nothing sent yet, our [`DEFAULT_SETTLE_DELAY`] and no least interval
    /// between status queries.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Call;
    /// use std::time::Duration;
    ///
    /// let call = Call::new();
    /// assert!(!call.is_unresolved());
    /// assert_eq!(call.status_interval_of(), Duration::ZERO);
    /// ```
    pub const fn new() -> Self {
        Call {
            settle_delay: DEFAULT_SETTLE_DELAY,
            status_interval: Duration::ZERO,
            unresolved: false,
            in_flight_at: None,
            last_query: None,
        }
    }

    /// A call to `api`: its status queries are spaced as the API's documentation asks
    /// ([`Api::status_interval_seconds`]; the XML protocol: once in 10 minutes).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Call;
    /// use qiwi_errors::Api;
    /// use std::time::Duration;
    ///
    /// assert_eq!(Call::for_api(Api::Xml).status_interval_of(), Duration::from_secs(600));
    /// assert_eq!(Call::for_api(Api::Wallet).status_interval_of(), Duration::ZERO);
    /// ```
    pub fn for_api(api: Api) -> Self {
        let interval = api
            .status_interval_seconds()
            .map_or(Duration::ZERO, |s| Duration::from_secs(s.into()));
        Call {
            status_interval: interval,
            ..Call::new()
        }
    }

    /// How long after a request that may still be in flight a "not found" is believed.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Call;
    /// use std::time::Duration;
    ///
    /// let call = Call::new().settle_delay(Duration::from_secs(120));
    /// assert_eq!(call.settle_delay_of(), Duration::from_secs(120));
    /// ```
    pub const fn settle_delay(mut self, delay: Duration) -> Self {
        self.settle_delay = delay;
        self
    }

    /// A least interval between two status queries, longer than the API's; a shorter one is
    /// ignored, since the API's documented interval stands.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Call;
    /// use qiwi_errors::Api;
    /// use std::time::Duration;
    ///
    /// let s = Duration::from_secs;
    /// assert_eq!(Call::new().status_interval(s(5)).status_interval_of(), s(5));
    /// assert_eq!(Call::for_api(Api::Xml).status_interval(s(5)).status_interval_of(), s(600));
    /// ```
    pub fn status_interval(mut self, interval: Duration) -> Self {
        self.status_interval = self.status_interval.max(interval);
        self
    }

    /// The settle delay in use.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Call, DEFAULT_SETTLE_DELAY};
    ///
    /// assert_eq!(Call::new().settle_delay_of(), DEFAULT_SETTLE_DELAY);
    /// ```
    pub const fn settle_delay_of(&self) -> Duration {
        self.settle_delay
    }

    /// The least interval between two status queries in use.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Call;
    /// use std::time::Duration;
    ///
    /// assert_eq!(Call::new().status_interval_of(), Duration::ZERO);
    /// ```
    pub const fn status_interval_of(&self) -> Duration {
        self.status_interval
    }

    /// Records one request's judged answer, received (or given up) at `now`. `in_flight`: the
    /// request may still be on its way behind this answer (nothing came back, the body was cut
    /// off, a proxy answered in the API's place; see
    /// [`Reply::may_be_in_flight`](crate::retry::Reply::may_be_in_flight)). Only an `Unknown`
    /// outcome leaves the request unresolved; a definite answer ends it.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Call, Outcome};
    /// use std::time::Duration;
    ///
    /// let mut call = Call::new();
    /// call.record(Outcome::Failed, false, Duration::ZERO);
    /// assert!(!call.is_unresolved());
    /// call.record(Outcome::Unknown, true, Duration::from_secs(3));
    /// assert!(call.is_unresolved());
    /// ```
    pub fn record(&mut self, outcome: Outcome, in_flight: bool, now: Duration) {
        if outcome == Outcome::Unknown {
            self.unresolved = true;
            if in_flight {
                self.in_flight_at = Some(now);
            }
        }
    }

    /// Records that the status was queried at `now`: the next query waits the interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Call;
    /// use qiwi_errors::Api;
    /// use std::time::Duration;
    ///
    /// let mut call = Call::for_api(Api::Xml);
    /// call.record_query(Duration::from_secs(10));
    /// assert_eq!(call.next_query_at(Duration::from_secs(20)), Duration::from_secs(610));
    /// ```
    pub fn record_query(&mut self, now: Duration) {
        self.last_query = Some(now);
    }

    /// Records what a status query answered at `now`, and returns what it settles: the
    /// operation went through (`Succeeded`) or did not (`Failed`); `None` when it settles
    /// nothing: the status could not tell, or a "not found" came while a request may still be
    /// in flight (ask again at [`not_found_trusted_at`](Self::not_found_trusted_at)).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Call, Outcome, StatusAnswer};
    /// use std::time::Duration;
    ///
    /// let mut call = Call::new();
    /// call.record(Outcome::Unknown, false, Duration::ZERO); // an HTTP 500 came back
    /// assert_eq!(call.record_status(StatusAnswer::Unknown, Duration::ZERO), None);
    /// assert!(call.is_unresolved());
    /// assert_eq!(call.record_status(StatusAnswer::NotFound, Duration::ZERO), Some(Outcome::Failed));
    /// assert!(!call.is_unresolved());
    /// ```
    pub fn record_status(&mut self, answer: StatusAnswer, now: Duration) -> Option<Outcome> {
        let settled = match answer {
            StatusAnswer::Through => Outcome::Succeeded,
            StatusAnswer::NotThrough => Outcome::Failed,
            StatusAnswer::NotFound if self.trusts_not_found(now) => Outcome::Failed,
            StatusAnswer::NotFound | StatusAnswer::Unknown => return None,
        };
        self.unresolved = false;
        Some(settled)
    }

    /// Whether a request of this call may have gone through with no status query settling it.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Call;
    ///
    /// assert!(!Call::new().is_unresolved());
    /// ```
    pub const fn is_unresolved(&self) -> bool {
        self.unresolved
    }

    /// When a status query's "not found" may be believed: the settle delay after the last
    /// request that may still be in flight; `None` when none was (then at once).
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Call, Outcome};
    /// use std::time::Duration;
    ///
    /// let mut call = Call::new().settle_delay(Duration::from_secs(10));
    /// assert_eq!(call.not_found_trusted_at(), None);
    /// call.record(Outcome::Unknown, true, Duration::from_secs(5));
    /// assert_eq!(call.not_found_trusted_at(), Some(Duration::from_secs(15)));
    /// ```
    pub fn not_found_trusted_at(&self) -> Option<Duration> {
        self.in_flight_at.map(|t| t + self.settle_delay)
    }

    /// Whether a "not found" at `now` may be believed.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Call, Outcome};
    /// use std::time::Duration;
    ///
    /// let mut call = Call::new();
    /// call.record(Outcome::Unknown, true, Duration::ZERO);
    /// assert!(!call.trusts_not_found(Duration::from_secs(59)));
    /// assert!(call.trusts_not_found(Duration::from_secs(60)));
    /// ```
    pub fn trusts_not_found(&self, now: Duration) -> bool {
        self.not_found_trusted_at().is_none_or(|at| now >= at)
    }

    /// The earliest time, `now` or later, the status may be queried.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Call;
    /// use std::time::Duration;
    ///
    /// let s = Duration::from_secs;
    /// let mut call = Call::new().status_interval(s(30));
    /// assert_eq!(call.next_query_at(s(1)), s(1));
    /// call.record_query(s(1));
    /// assert_eq!(call.next_query_at(s(2)), s(31));
    /// assert_eq!(call.next_query_at(s(40)), s(40));
    /// ```
    pub fn next_query_at(&self, now: Duration) -> Duration {
        match self.last_query {
            Some(last) => now.max(last + self.status_interval),
            None => now,
        }
    }

    /// How long from `now` until the status may be queried: what a call that ends `Unknown`
    /// tells its caller.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::Call;
    /// use qiwi_errors::Api;
    /// use std::time::Duration;
    ///
    /// let mut call = Call::for_api(Api::Xml);
    /// assert_eq!(call.query_status_in(Duration::from_secs(5)), Duration::ZERO);
    /// call.record_query(Duration::from_secs(5));
    /// assert_eq!(call.query_status_in(Duration::from_secs(5)), Duration::from_secs(600));
    /// ```
    pub fn query_status_in(&self, now: Duration) -> Duration {
        self.next_query_at(now) - now
    }

    /// The call's honest outcome when it ends on an answer judged `last`: `Failed` only if
    /// `last` is and no earlier request is unresolved; `Unknown` in its place otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors::retry::{Call, Outcome};
    /// use std::time::Duration;
    ///
    /// let mut call = Call::new();
    /// assert_eq!(call.outcome(Outcome::Failed), Outcome::Failed);
    /// call.record(Outcome::Unknown, false, Duration::ZERO);
    /// assert_eq!(call.outcome(Outcome::Failed), Outcome::Unknown);
    /// assert_eq!(call.outcome(Outcome::Succeeded), Outcome::Succeeded);
    /// ```
    pub fn outcome(&self, last: Outcome) -> Outcome {
        match last {
            Outcome::Failed if self.unresolved => Outcome::Unknown,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn a_not_found_waits_for_the_last_request_in_flight() {
        let mut call = Call::new();
        call.record(Outcome::Unknown, true, S(10));
        call.record(Outcome::Unknown, true, S(40));
        assert_eq!(call.record_status(StatusAnswer::NotFound, S(70)), None);
        assert!(call.is_unresolved());
        assert_eq!(
            call.record_status(StatusAnswer::NotFound, S(100)),
            Some(Outcome::Failed)
        );
    }

    #[test]
    fn an_answer_that_is_not_in_flight_lets_a_not_found_be_believed_at_once() {
        let mut call = Call::new();
        call.record(Outcome::Unknown, false, S(10));
        assert!(call.trusts_not_found(S(10)));
        // A definite answer never starts the settle delay.
        call.record(Outcome::Failed, true, S(20));
        assert_eq!(call.not_found_trusted_at(), None);
    }

    #[test]
    fn a_decline_read_in_the_status_settles_the_call() {
        let mut call = Call::new();
        call.record(Outcome::Unknown, true, S(0));
        assert_eq!(
            call.record_status(StatusAnswer::NotThrough, S(1)),
            Some(Outcome::Failed)
        );
        assert_eq!(call.outcome(Outcome::Failed), Outcome::Failed);
    }

    fn outcome() -> impl Strategy<Value = Outcome> {
        prop_oneof![
            Just(Outcome::Succeeded),
            Just(Outcome::Failed),
            Just(Outcome::Unknown)
        ]
    }

    fn status() -> impl Strategy<Value = StatusAnswer> {
        prop_oneof![
            Just(StatusAnswer::Through),
            Just(StatusAnswer::NotThrough),
            Just(StatusAnswer::NotFound),
            Just(StatusAnswer::Unknown)
        ]
    }

    #[derive(Clone, Debug)]
    enum Event {
        Answer(Outcome, bool),
        Query(StatusAnswer),
    }

    proptest! {
        /// Whatever happens in a call, it ends `Failed` only if every request that may have
        /// gone through was later settled by a status query, and a "not found" settles only
        /// once the settle delay after the last request in flight has passed.
        #[test]
        fn failed_only_when_nothing_is_left_open(
            events in prop::collection::vec(
                (prop_oneof![
                    (outcome(), any::<bool>()).prop_map(|(o, f)| Event::Answer(o, f)),
                    status().prop_map(Event::Query),
                ], 0u64..120),
                0..12,
            ),
            interval in 0u64..700,
        ) {
            let mut call = Call::new().status_interval(S(interval));
            let mut now = Duration::ZERO;
            let mut open = false;
            let mut in_flight_at = None;
            for (event, step) in events {
                now += S(step);
                match event {
                    Event::Answer(o, in_flight) => {
                        call.record(o, in_flight, now);
                        if o == Outcome::Unknown {
                            open = true;
                            if in_flight {
                                in_flight_at = Some(now);
                            }
                        }
                    }
                    Event::Query(answer) => {
                        prop_assert!(call.next_query_at(now) >= now);
                        call.record_query(now);
                        prop_assert_eq!(call.query_status_in(now), S(interval));
                        let settled = call.record_status(answer, now);
                        let believed = in_flight_at.is_none_or(|t: Duration| now >= t + DEFAULT_SETTLE_DELAY);
                        if answer == StatusAnswer::NotFound {
                            prop_assert_eq!(settled.is_some(), believed);
                        }
                        if settled.is_some() {
                            open = false;
                        }
                    }
                }
                prop_assert_eq!(call.is_unresolved(), open);
                prop_assert_eq!(call.outcome(Outcome::Failed) == Outcome::Failed, !open);
            }
        }
    }
}

//! Each fault of the simulated QIWI as a named test with its expected outcome, over both
//! transports: in-process (the sim as the last middleware) and loopback (the sim served on
//! 127.0.0.1), on tokio's paused clock.

use qiwi_errors_sim as sim;

use qiwi_errors::retry::RetryAction;
use qiwi_errors_reqwest::{Api, CapKey, Cause, MemoryCapLedger, Outcome, QiwiError, QiwiRetry};
use reqwest_middleware::ClientBuilder;
use sim::{
    ledger_probe, payment_request, told, Fault, ProbeMode, Proto, Reading, Sim, SimTransport, Told,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Transport {
    InProcess,
    Loopback,
}

const BOTH: [Transport; 2] = [Transport::InProcess, Transport::Loopback];

fn api_of(proto: Proto) -> Api {
    match proto {
        Proto::Payment => Api::payment_protocol(),
        Proto::Xml => Api::xml(),
        Proto::Wallet => Api::wallet(),
    }
}

/// What one call came to.
#[derive(Debug)]
struct Ended {
    told: Told,
    outcome: Option<Outcome>,
    action: Option<RetryAction>,
    cause: Option<Cause>,
    reason: String,
    query_status_in: Option<Duration>,
    elapsed: Duration,
}

struct Bench {
    sim: Arc<Mutex<Sim>>,
    transport: Transport,
    base: String,
    server: Option<tokio::task::JoinHandle<()>>,
    proto: Proto,
}

impl Bench {
    async fn new(
        transport: Transport,
        proto: Proto,
        reading: Reading,
        script: Vec<Fault>,
    ) -> Bench {
        let sim = Sim::new(proto, script, Duration::from_secs(45))
            .with_reading(reading)
            .shared();
        let (base, server) = match transport {
            Transport::InProcess => ("http://127.0.0.1:9".to_string(), None),
            Transport::Loopback => {
                let (base, server) = sim::serve(sim.clone()).await.expect("a loopback server");
                (base, Some(server))
            }
        };
        Bench {
            sim,
            transport,
            base,
            server,
            proto,
        }
    }

    fn retry(&self, probe: ProbeMode) -> QiwiRetry {
        let retry = QiwiRetry::new(api_of(self.proto));
        match probe {
            ProbeMode::None => retry,
            mode => retry.with_probe(ledger_probe(self.sim.clone(), mode)),
        }
    }

    async fn call(&self, retry: QiwiRetry, id: &str, card: Option<&str>) -> Ended {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        let builder = ClientBuilder::new(http).with(retry);
        let client = match self.transport {
            Transport::InProcess => builder
                .with(SimTransport {
                    sim: self.sim.clone(),
                })
                .build(),
            Transport::Loopback => builder.build(),
        };
        let mut request = payment_request(&client, &self.base, self.proto, id);
        if let Some(card) = card {
            request = request.with_extension(CapKey::new(card));
        }
        let start = Instant::now();
        let result = tokio::time::timeout(Duration::from_secs(7 * 86_400), request.send())
            .await
            .expect("the call returned");
        let elapsed = start.elapsed();
        let (outcome, action, cause, reason, query_status_in) = match &result {
            Err(e) => match QiwiError::from_error(e) {
                Some(q) => (
                    Some(q.outcome()),
                    Some(q.action()),
                    Some(q.cause().clone()),
                    q.decision().reason.clone(),
                    q.query_status_in(),
                ),
                None => (None, None, None, e.to_string(), None),
            },
            Ok(_) => (None, None, None, String::new(), None),
        };
        Ended {
            told: told(result).await,
            outcome,
            action,
            cause,
            reason,
            query_status_in,
            elapsed,
        }
    }

    fn charges(&self, id: &str) -> u32 {
        let mut sim = self.sim.lock().unwrap();
        let now = sim.now() + Duration::from_secs(3600);
        sim.settle(now);
        sim.charges(id)
    }

    fn arrivals(&self, id: &str) -> Vec<Duration> {
        let sim = self.sim.lock().unwrap();
        sim.ledger
            .get(id)
            .map(|r| r.arrivals.clone())
            .unwrap_or_default()
    }

    fn queries(&self, id: &str) -> Vec<Duration> {
        let sim = self.sim.lock().unwrap();
        sim.ledger
            .get(id)
            .map(|r| r.queries.clone())
            .unwrap_or_default()
    }

    fn violations(&self) -> Vec<String> {
        self.sim.lock().unwrap().violations.clone()
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

const ID: &str = "pay-1";

#[tokio::test(start_paused = true)]
async fn proxy_502_html_after_commit_is_found_by_the_probe_and_never_resent() {
    for t in BOTH {
        let fault = Fault::Proxy {
            status: 502,
            html: true,
            committed: true,
        };
        let b = Bench::new(t, Proto::Payment, Reading::ChargeAgain, vec![fault]).await;
        let e = b.call(b.retry(ProbeMode::Reliable), ID, None).await;
        assert_eq!(e.told, Told::Success, "{t:?} {e:?}");
        assert_eq!((b.charges(ID), b.arrivals(ID).len()), (1, 1), "{t:?}");
        // Without a probe: unknown, not failed, and not resent.
        let b = Bench::new(t, Proto::Payment, Reading::ChargeAgain, vec![fault]).await;
        let e = b.call(b.retry(ProbeMode::None), ID, None).await;
        assert_eq!(e.told, Told::Unknown, "{t:?} {e:?}");
        assert_eq!(e.action, Some(RetryAction::CheckStatus));
        assert_eq!(b.arrivals(ID).len(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn proxy_503_plain_text_not_committed_is_resent_after_a_settled_not_found() {
    for t in BOTH {
        let fault = Fault::Proxy {
            status: 503,
            html: false,
            committed: false,
        };
        let b = Bench::new(t, Proto::Wallet, Reading::ChargeAgain, vec![fault]).await;
        let e = b.call(b.retry(ProbeMode::Reliable), ID, None).await;
        assert_eq!(e.told, Told::Success, "{t:?} {e:?}");
        let arrivals = b.arrivals(ID);
        assert_eq!((b.charges(ID), arrivals.len()), (1, 2), "{t:?}");
        // A proxy's page: the request may still be in flight, so one "not found" is not enough.
        assert!(
            arrivals[1] - arrivals[0] >= Duration::from_secs(60),
            "{arrivals:?}"
        );
        assert_eq!(b.queries(ID).len(), 2, "asked twice");
    }
}

#[tokio::test(start_paused = true)]
async fn empty_500_after_commit_under_each_reading() {
    for t in BOTH {
        // With a probe the documented repeat waits for the status: one charge whatever a
        // repeat would do.
        for reading in Reading::ALL {
            let b = Bench::new(t, Proto::Payment, reading, vec![Fault::Empty500Committed]).await;
            let e = b.call(b.retry(ProbeMode::Reliable), ID, None).await;
            assert_eq!(e.told, Told::Success, "{t:?} {reading:?} {e:?}");
            assert_eq!(
                (b.charges(ID), b.arrivals(ID).len()),
                (1, 1),
                "{t:?} {reading:?}"
            );
        }
        // Without one, the documented advice ("repeat with the same parameters") is followed,
        // and what it costs depends on the reading.
        let b = Bench::new(
            t,
            Proto::Payment,
            Reading::Idempotent,
            vec![Fault::Empty500Committed],
        )
        .await;
        let e = b.call(b.retry(ProbeMode::None), ID, None).await;
        assert_eq!((e.told, b.charges(ID)), (Told::Success, 1), "{t:?}");
        let b = Bench::new(
            t,
            Proto::Payment,
            Reading::ChargeAgain,
            vec![Fault::Empty500Committed],
        )
        .await;
        let e = b.call(b.retry(ProbeMode::None), ID, None).await;
        assert_eq!(
            (e.told, b.charges(ID)),
            (Told::Success, 2),
            "{t:?}: the documented repeat charges twice if the API does not deduplicate"
        );
        let b = Bench::new(
            t,
            Proto::Payment,
            Reading::RejectDuplicate,
            vec![Fault::Empty500Committed],
        )
        .await;
        let e = b.call(b.retry(ProbeMode::None), ID, None).await;
        assert_eq!(
            (e.told, b.charges(ID)),
            (Told::Unknown, 1),
            "{t:?}: a duplicate's rejection after an unresolved 500 is not a decline: {e:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_queued_request_that_commits_after_the_probe_said_not_found_is_not_resent() {
    for t in BOTH {
        for reading in Reading::ALL {
            let b = Bench::new(t, Proto::Payment, reading, vec![Fault::Queued]).await;
            let e = b.call(b.retry(ProbeMode::Reliable), ID, None).await;
            assert_eq!(e.told, Told::Success, "{t:?} {reading:?} {e:?}");
            assert_eq!(
                (b.charges(ID), b.arrivals(ID).len()),
                (1, 1),
                "{t:?} {reading:?}"
            );
            let queries = b.queries(ID);
            assert_eq!(
                queries.len(),
                2,
                "not found at the timeout, found after the settle delay"
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_lagging_status_replica_breaks_the_probe_contract_and_charges_twice() {
    // The probe must read its own writes; a replica that says "not found" for five minutes
    // after a commit makes the middleware resend (a limitation, measured in the simulation).
    for t in BOTH {
        let b = Bench::new(
            t,
            Proto::Payment,
            Reading::ChargeAgain,
            vec![Fault::DropAfterCommit],
        )
        .await;
        let e = b.call(b.retry(ProbeMode::Lagging), ID, None).await;
        assert_eq!(e.told, Told::Success, "{t:?} {e:?}");
        assert_eq!(b.charges(ID), 2, "{t:?}");
        // Idempotent API: no harm.
        let b = Bench::new(
            t,
            Proto::Payment,
            Reading::Idempotent,
            vec![Fault::DropAfterCommit],
        )
        .await;
        b.call(b.retry(ProbeMode::Lagging), ID, None).await;
        assert_eq!(b.charges(ID), 1, "{t:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_hanging_probe_is_bounded_by_its_timeout_and_gives_unknown() {
    for t in BOTH {
        let b = Bench::new(
            t,
            Proto::Payment,
            Reading::ChargeAgain,
            vec![Fault::DropAfterCommit],
        )
        .await;
        let retry = b
            .retry(ProbeMode::Hanging)
            .probe_timeout(Duration::from_secs(10));
        let e = b.call(retry, ID, None).await;
        assert_eq!(e.told, Told::Unknown, "{t:?} {e:?}");
        assert_eq!(e.cause, Some(Cause::StatusUnknown));
        assert!(
            e.reason.contains("did not answer within 10 s"),
            "{}",
            e.reason
        );
        assert!(e.elapsed <= Duration::from_secs(11), "{:?}", e.elapsed);
        assert_eq!(b.arrivals(ID).len(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn a_probe_wrapping_the_status_endpoints_error_in_found_leads_to_no_repeat() {
    for t in BOTH {
        for proto in [Proto::Payment, Proto::Xml, Proto::Wallet] {
            // Nothing committed: the status endpoint answers its "no such payment" error, which
            // this probe hands over as `Found`.
            let b = Bench::new(
                t,
                proto,
                Reading::ChargeAgain,
                vec![Fault::Body500 { committed: false }],
            )
            .await;
            let e = b.call(b.retry(ProbeMode::WrapsErrors), ID, None).await;
            assert_eq!(e.told, Told::Unknown, "{t:?} {proto:?} {e:?}");
            assert_eq!(b.arrivals(ID).len(), 1, "{t:?} {proto:?}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn retry_after_as_an_http_date_is_honoured() {
    for t in BOTH {
        let b = Bench::new(
            t,
            Proto::Payment,
            Reading::ChargeAgain,
            vec![Fault::RetryAfterDate { seconds: 120 }],
        )
        .await;
        let e = b.call(b.retry(ProbeMode::None), ID, None).await;
        assert_eq!(e.told, Told::Success, "{t:?} {e:?}");
        let arrivals = b.arrivals(ID);
        assert_eq!(arrivals.len(), 2);
        assert!(
            arrivals[1] - arrivals[0] >= Duration::from_secs(120),
            "{arrivals:?}"
        );
        assert!(b.violations().is_empty(), "{:?}", b.violations());
    }
}

#[tokio::test(start_paused = true)]
async fn a_200_cut_off_mid_body_is_unknown_not_success() {
    for t in BOTH {
        let b = Bench::new(
            t,
            Proto::Payment,
            Reading::ChargeAgain,
            vec![Fault::CutBody],
        )
        .await;
        let e = b.call(b.retry(ProbeMode::None), ID, None).await;
        assert_eq!(e.told, Told::Unknown, "{t:?} {e:?}");
        assert_eq!(b.arrivals(ID).len(), 1);
        let b = Bench::new(
            t,
            Proto::Payment,
            Reading::ChargeAgain,
            vec![Fault::CutBody],
        )
        .await;
        let e = b.call(b.retry(ProbeMode::Reliable), ID, None).await;
        assert_eq!(e.told, Told::Success, "{t:?} {e:?}");
        assert_eq!((b.charges(ID), b.arrivals(ID).len()), (1, 1));
    }
}

#[tokio::test(start_paused = true)]
async fn xml_fatal_true_is_never_resent() {
    for t in BOTH {
        let b = Bench::new(t, Proto::Xml, Reading::ChargeAgain, vec![Fault::Fatal]).await;
        let e = b.call(b.retry(ProbeMode::None), ID, None).await;
        assert_eq!(e.action, Some(RetryAction::Never), "{t:?} {e:?}");
        // The library reads a request-level result-code as leaving the payment unknown.
        assert_eq!(e.told, Told::Unknown, "{t:?} {e:?}");
        assert_eq!(b.arrivals(ID).len(), 1);
        // A correct probe settles it: the status method shows the payment final, not paid.
        let b = Bench::new(t, Proto::Xml, Reading::ChargeAgain, vec![Fault::Fatal]).await;
        let e = b.call(b.retry(ProbeMode::Reliable), ID, None).await;
        assert_eq!(e.told, Told::Failed, "{t:?} {e:?}");
        assert_eq!(e.outcome, Some(Outcome::Failed));
        assert_eq!(b.arrivals(ID).len(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn xml_payment_statuses_50_to_59_are_in_progress_and_queried_not_resent() {
    for t in BOTH {
        for status in 50..=59u8 {
            let b = Bench::new(
                t,
                Proto::Xml,
                Reading::ChargeAgain,
                vec![Fault::XmlInProgress { status }],
            )
            .await;
            let e = b.call(b.retry(ProbeMode::None), ID, None).await;
            assert_eq!(e.told, Told::Unknown, "{t:?} {status} {e:?}");
            assert_eq!(e.action, Some(RetryAction::CheckStatus), "{status}");
            assert_eq!(e.query_status_in, Some(Duration::ZERO));
            let b = Bench::new(
                t,
                Proto::Xml,
                Reading::ChargeAgain,
                vec![Fault::XmlInProgress { status }],
            )
            .await;
            let e = b.call(b.retry(ProbeMode::Reliable), ID, None).await;
            assert_eq!(e.told, Told::Success, "{t:?} {status} {e:?}");
            assert_eq!((b.charges(ID), b.arrivals(ID).len()), (1, 1));
        }
    }
}

#[tokio::test(start_paused = true)]
async fn xml_status_queries_are_at_least_600_s_apart() {
    for t in BOTH {
        let b = Bench::new(t, Proto::Xml, Reading::ChargeAgain, vec![Fault::Queued]).await;
        let e = b.call(b.retry(ProbeMode::Reliable), ID, None).await;
        assert_eq!(e.told, Told::Success, "{t:?} {e:?}");
        let queries = b.queries(ID);
        assert_eq!(queries.len(), 2, "{queries:?}");
        assert!(
            queries[1] - queries[0] >= Duration::from_secs(600),
            "{queries:?}"
        );
        // With a wait limit shorter than the interval: unknown, and when to ask next.
        let b = Bench::new(t, Proto::Xml, Reading::ChargeAgain, vec![Fault::Queued]).await;
        let retry = b
            .retry(ProbeMode::Reliable)
            .max_wait(Duration::from_secs(300));
        let e = b.call(retry, ID, None).await;
        assert_eq!(e.told, Told::Unknown, "{t:?} {e:?}");
        let next = e.query_status_in.expect("when to ask");
        assert!(
            next > Duration::from_secs(300) && next <= Duration::from_secs(600),
            "{next:?}"
        );
        assert_eq!(b.arrivals(ID).len(), 1);
        assert!(b.violations().is_empty(), "{:?}", b.violations());
    }
}

#[tokio::test(start_paused = true)]
async fn a_dropped_connection_after_commit_under_each_reading_is_charged_once() {
    for t in BOTH {
        for reading in Reading::ALL {
            let b = Bench::new(t, Proto::Wallet, reading, vec![Fault::DropAfterCommit]).await;
            let e = b.call(b.retry(ProbeMode::Reliable), ID, None).await;
            assert_eq!(e.told, Told::Success, "{t:?} {reading:?} {e:?}");
            assert_eq!((b.charges(ID), b.arrivals(ID).len()), (1, 1));
        }
    }
}

#[tokio::test(start_paused = true)]
async fn the_daily_cap_holds_across_calls_with_the_cap_ledger() {
    for t in BOTH {
        let script = vec![Fault::TemporaryDecline, Fault::TemporaryDecline];
        let b = Bench::new(t, Proto::Payment, Reading::ChargeAgain, script.clone()).await;
        let retry = b
            .retry(ProbeMode::None)
            .cap_ledger(Arc::new(MemoryCapLedger::default()));
        let first = b.call(retry.clone(), "pay-1", Some("card-1")).await;
        assert_eq!(first.told, Told::Failed, "{t:?} {first:?}");
        assert_eq!(b.arrivals("pay-1").len(), 2, "the one reattempt of the day");
        // A later call for the same card, a new operation: refused without sending.
        let second = b.call(retry.clone(), "pay-2", Some("card-1")).await;
        assert_eq!(second.cause, Some(Cause::CapSpent), "{t:?} {second:?}");
        assert_eq!(second.outcome, Some(Outcome::Failed), "nothing was sent");
        assert!(
            second.reason.contains("no more attempts in this window"),
            "{}",
            second.reason
        );
        assert_eq!(b.arrivals("pay-2").len(), 0);
        assert!(b.violations().is_empty(), "{:?}", b.violations());

        // Without the ledger the second call goes past the cap.
        let b = Bench::new(t, Proto::Payment, Reading::ChargeAgain, script).await;
        b.call(b.retry(ProbeMode::None), "pay-1", Some("card-1"))
            .await;
        b.call(b.retry(ProbeMode::None), "pay-2", Some("card-1"))
            .await;
        assert_eq!(b.sim.lock().unwrap().past_cap, 1, "{t:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_spent_cap_with_a_short_wait_limit_says_no_more_attempts_not_a_300_s_wait() {
    for t in BOTH {
        let script = vec![Fault::TemporaryDecline, Fault::TemporaryDecline];
        let b = Bench::new(t, Proto::Payment, Reading::ChargeAgain, script).await;
        let retry = b
            .retry(ProbeMode::None)
            .cap_ledger(Arc::new(MemoryCapLedger::default()))
            .max_wait(Duration::from_secs(150));
        let first = b.call(retry.clone(), "pay-1", Some("card-1")).await;
        // The cap allows one more attempt: the wait is handed back.
        assert_eq!(
            first.action,
            Some(RetryAction::After { seconds: 300 }),
            "{t:?} {first:?}"
        );
        assert_eq!(first.told, Told::Failed);
        // The application tries again with a new operation for the same card: that is the
        // one reattempt; declined again, the budget is spent.
        let second = b.call(retry, "pay-2", Some("card-1")).await;
        assert_eq!(second.action, Some(RetryAction::Never), "{t:?} {second:?}");
        assert!(
            second.reason.contains("no more attempts in this window"),
            "{}",
            second.reason
        );
        assert!(b.violations().is_empty(), "{:?}", b.violations());
    }
}

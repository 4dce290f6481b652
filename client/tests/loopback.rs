//! Scenario tests over real sockets: the middleware in a reqwest client against the simulated
//! QIWI served on 127.0.0.1, on tokio's paused clock (server and client share it, so a
//! minute's wait or a day's takes no real time).

use qiwi_errors_sim as sim;

use qiwi_errors::retry::{RetryAction, RetryConfig};
use qiwi_errors::Family;
use qiwi_errors_reqwest::{Api, Cause, Outcome, QiwiError, QiwiRetry};
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};
use sim::{http_probe, payment_request, Fault, Proto, Sim};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ID: &str = "pay-1";

struct Setup {
    sim: Arc<Mutex<Sim>>,
    base: String,
    server: tokio::task::JoinHandle<()>,
}

async fn start(proto: Proto, script: Vec<Fault>) -> Setup {
    let sim = Sim::new(proto, script, Duration::from_secs(45)).shared();
    let (base, server) = sim::serve(sim.clone()).await.expect("a loopback server");
    Setup { sim, base, server }
}

fn client(retry: QiwiRetry) -> ClientWithMiddleware {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    ClientBuilder::new(http).with(retry).build()
}

async fn pay(
    setup: &Setup,
    proto: Proto,
    retry: QiwiRetry,
) -> reqwest_middleware::Result<reqwest::Response> {
    payment_request(&client(retry), &setup.base, proto, ID)
        .send()
        .await
}

fn qiwi(result: &reqwest_middleware::Result<reqwest::Response>) -> &QiwiError {
    let e = result.as_ref().expect_err("an error");
    QiwiError::from_error(e).unwrap_or_else(|| panic!("not a QiwiError: {e}"))
}

impl Setup {
    fn check(&self) -> (u32, Vec<Duration>) {
        let sim = self.sim.lock().unwrap();
        assert!(sim.violations.is_empty(), "{:?}", sim.violations);
        let arrivals = sim
            .ledger
            .get(ID)
            .map(|r| r.arrivals.clone())
            .unwrap_or_default();
        self.server.abort();
        (sim.charges(ID), arrivals)
    }
}

#[tokio::test(start_paused = true)]
async fn http_500_with_an_empty_body_is_repeated_with_the_same_id() {
    let s = start(Proto::Payment, vec![Fault::Empty500]).await;
    let result = pay(&s, Proto::Payment, QiwiRetry::new(Api::payment_protocol())).await;
    let response = result.expect("paid on the repeat");
    assert!(response.status().is_success());
    assert!(response.text().await.unwrap().contains("COMPLETED"));
    let (charges, arrivals) = s.check();
    assert_eq!((charges, arrivals.len()), (1, 2));
}

#[tokio::test(start_paused = true)]
async fn a_dropped_connection_is_not_repeated_without_a_probe() {
    let s = start(Proto::Payment, vec![Fault::DropAfterCommit]).await;
    let result = pay(&s, Proto::Payment, QiwiRetry::new(Api::payment_protocol())).await;
    let e = qiwi(&result);
    assert_eq!(e.outcome(), Outcome::Unknown);
    assert!(e.may_have_gone_through());
    assert_eq!(e.action(), RetryAction::CheckStatus);
    assert!(matches!(e.cause(), Cause::Transport(_)), "{:?}", e.cause());
    let (charges, arrivals) = s.check();
    assert_eq!((charges, arrivals.len()), (1, 1));
}

#[tokio::test(start_paused = true)]
async fn a_dropped_connection_is_resolved_by_the_status_probe() {
    let s = start(Proto::Payment, vec![Fault::DropAfterCommit]).await;
    let retry = QiwiRetry::new(Api::payment_protocol()).with_probe(http_probe(s.base.clone()));
    let response = pay(&s, Proto::Payment, retry).await.expect("found paid");
    assert!(response.text().await.unwrap().contains("COMPLETED"));
    let (charges, arrivals) = s.check();
    assert_eq!((charges, arrivals.len()), (1, 1), "never sent again");
}

#[tokio::test(start_paused = true)]
async fn http_500_with_a_body_is_repeated_only_after_the_probe_found_nothing() {
    let s = start(Proto::Payment, vec![Fault::Body500 { committed: false }]).await;
    let retry = QiwiRetry::new(Api::payment_protocol()).with_probe(http_probe(s.base.clone()));
    pay(&s, Proto::Payment, retry).await.expect("paid");
    let (charges, arrivals) = s.check();
    assert_eq!((charges, arrivals.len()), (1, 2));
}

#[tokio::test(start_paused = true)]
async fn a_slow_answer_times_out_and_the_probe_finds_the_charge() {
    let s = start(Proto::Payment, vec![Fault::Slow { committed: true }]).await;
    let retry = QiwiRetry::new(Api::payment_protocol())
        .attempt_timeout(Some(Duration::from_secs(30)))
        .with_probe(http_probe(s.base.clone()));
    pay(&s, Proto::Payment, retry).await.expect("found paid");
    let (charges, arrivals) = s.check();
    assert_eq!((charges, arrivals.len()), (1, 1));
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured() {
    let s = start(
        Proto::Payment,
        vec![Fault::RateLimited {
            retry_after: Some(120),
        }],
    )
    .await;
    pay(&s, Proto::Payment, QiwiRetry::new(Api::payment_protocol()))
        .await
        .expect("paid");
    let (charges, arrivals) = s.check();
    assert_eq!((charges, arrivals.len()), (1, 2));
    assert!(arrivals[1] - arrivals[0] >= Duration::from_secs(120));
}

#[tokio::test(start_paused = true)]
async fn xml_result_code_13_waits_then_fatal_stops() {
    let s = start(Proto::Xml, vec![Fault::Busy13, Fault::Fatal]).await;
    let result = pay(&s, Proto::Xml, QiwiRetry::new(Api::xml())).await;
    let e = qiwi(&result);
    assert_eq!(e.family(), Some(Family::XmlRequestResult));
    assert_eq!(e.code(), Some("300"));
    assert_eq!(e.failure().fatal, Some(true));
    assert_eq!(e.action(), RetryAction::Never);
    // The library reads an XML request error (result-code other than 0) as leaving the
    // payment's status unknown: never repeated, never reported as declined.
    assert_eq!(e.outcome(), Outcome::Unknown);
    assert_eq!(
        e.http_status(),
        Some(reqwest::StatusCode::OK),
        "inside a 200"
    );
    assert_eq!(e.attempts(), 2);
    let (charges, arrivals) = s.check();
    assert_eq!((charges, arrivals.len()), (0, 2));
    // The documented "retry in a minute".
    assert!(arrivals[1] - arrivals[0] >= Duration::from_secs(60));
}

#[tokio::test(start_paused = true)]
async fn a_final_decline_is_typed_and_never_sent_again() {
    let s = start(Proto::Payment, vec![Fault::FinalDecline]).await;
    let result = pay(&s, Proto::Payment, QiwiRetry::new(Api::payment_protocol())).await;
    let e = qiwi(&result);
    assert_eq!((e.family(), e.code()), (Some(Family::PsError), Some("04")));
    assert_eq!(e.outcome(), Outcome::Failed);
    assert!(e.to_string().contains("04"), "{e}");
    let (charges, arrivals) = s.check();
    assert_eq!((charges, arrivals.len()), (0, 1));
}

#[tokio::test(start_paused = true)]
async fn the_daily_reattempt_is_made_once_within_the_day_then_never() {
    // REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY allows one more attempt within the day and says
    // nothing of when: the middleware makes it after the policy's labelled default wait.
    let s = start(
        Proto::Payment,
        vec![Fault::TemporaryDecline, Fault::TemporaryDecline],
    )
    .await;
    let result = pay(&s, Proto::Payment, QiwiRetry::new(Api::payment_protocol())).await;
    let e = qiwi(&result);
    assert_eq!((e.family(), e.code()), (Some(Family::PsError), Some("51")));
    assert_eq!(e.action(), RetryAction::Never);
    let (charges, arrivals) = s.check();
    assert_eq!((charges, arrivals.len()), (0, 2));
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= RetryConfig::default().later, "{gap:?}");
    assert!(gap < sim::temporary_window(), "{gap:?}");
}

#[tokio::test(start_paused = true)]
async fn a_wait_beyond_the_limit_is_handed_back_to_the_caller() {
    let s = start(Proto::Payment, vec![Fault::TemporaryDecline]).await;
    let limit = RetryConfig::default().later / 2;
    let retry = QiwiRetry::new(Api::payment_protocol()).max_wait(limit);
    let result = pay(&s, Proto::Payment, retry).await;
    let e = qiwi(&result);
    assert_eq!(
        e.action(),
        RetryAction::After {
            seconds: u32::try_from(RetryConfig::default().later.as_secs()).unwrap()
        }
    );
    assert_eq!(e.outcome(), Outcome::Failed);
    let (charges, arrivals) = s.check();
    assert_eq!((charges, arrivals.len()), (0, 1));
}

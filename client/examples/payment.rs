//! A payment with retries: the middleware in a reqwest client, against the simulated QIWI on
//! 127.0.0.1 that first answers HTTP 500 with an empty body (with a status probe configured,
//! the probe is asked first; it finds nothing, so the same request is repeated with the same
//! payment ID), then drops the connection after charging (ask the status probe, do not resend).
//!
//! ```sh
//! cargo run -p qiwi-errors-reqwest --example payment
//! ```

use qiwi_errors_reqwest::{Api, OperationId, QiwiError, QiwiRetry};
use qiwi_errors_sim as sim;
use reqwest_middleware::ClientBuilder;
use sim::{Fault, Proto, Sim};
use std::time::Duration;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let script = vec![Fault::Empty500, Fault::DropAfterCommit];
    let qiwi = Sim::new(Proto::Payment, script, Duration::from_secs(45)).shared();
    let (base, _server) = sim::serve(qiwi.clone()).await?;

    // The dozen lines an application writes:
    let retry = QiwiRetry::new(Api::payment_protocol()).with_probe(sim::http_probe(base.clone()));
    let client = ClientBuilder::new(reqwest::Client::new())
        .with(retry)
        .build();
    let answer = client
        .put(format!("{base}/payin/v1/sites/site-1/payments/pay-42"))
        .with_extension(OperationId::new("pay-42"))
        .body(r#"{"amount":{"value":"10.00","currency":"RUB"}}"#)
        .send()
        .await;
    match answer {
        Ok(response) => println!("paid: {}", response.text().await?),
        Err(e) => match QiwiError::from_error(&e) {
            Some(q) if q.may_have_gone_through() => println!("unknown yet, query status: {q}"),
            Some(q) => println!(
                "failed: {:?} {:?}: {}",
                q.family(),
                q.code(),
                q.decision().reason
            ),
            None => println!("error: {e}"),
        },
    }

    let qiwi = qiwi.lock().unwrap();
    println!(
        "the simulated QIWI saw {} request(s) for pay-42 and charged it {} time(s)",
        qiwi.arrivals("pay-42"),
        qiwi.charges("pay-42")
    );
    Ok(())
}

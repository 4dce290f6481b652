//! Status probes of the simulated QIWI: on its ledger (correct, unavailable, lagging,
//! hanging, wrapping errors) or over the loopback server.

use crate::fault::{Proto, REPLICA_LAG};
use crate::ledger::Sim;
use crate::transport::http_response;
use qiwi_errors_reqwest::{Operation, Probe};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Whether the client has a status probe, and how it behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProbeMode {
    None,
    /// Reads its own writes, answers about that operation only.
    Reliable,
    /// Always "could not tell".
    Unavailable,
    /// A status replica [`REPLICA_LAG`] behind: "not found" for a while after a commit.
    Lagging,
    /// Never answers.
    Hanging,
    /// Wraps the status endpoint's error answer ("no such payment") in `Found`.
    WrapsErrors,
}

impl ProbeMode {
    pub const ALL: [ProbeMode; 6] = [
        ProbeMode::None,
        ProbeMode::Reliable,
        ProbeMode::Unavailable,
        ProbeMode::Lagging,
        ProbeMode::Hanging,
        ProbeMode::WrapsErrors,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ProbeMode::None => "no probe",
            ProbeMode::Reliable => "correct probe",
            ProbeMode::Unavailable => "unavailable probe",
            ProbeMode::Lagging => "lagging probe",
            ProbeMode::Hanging => "hanging probe",
            ProbeMode::WrapsErrors => "probe wrapping errors",
        }
    }
}

/// The status endpoint's error answer for an operation it does not know.
fn not_found_answer(proto: Proto) -> (u16, String) {
    match proto {
        Proto::Payment => (404, r#"{"serviceName":"payin-core","errorCode":"payin.resource.not.found","description":"Resource not found","userMessage":"Resource not found"}"#.into()),
        Proto::Xml => (200, r#"<response><result-code fatal="false">210</result-code></response>"#.into()),
        Proto::Wallet => (404, r#"{"code":"QWPRC-404","message":"Not found"}"#.into()),
    }
}

/// What a status probe of the sim returns.
pub type ProbeFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Probe> + Send>>;

/// A status probe that asks the sim's ledger directly.
pub fn ledger_probe(
    sim: Arc<Mutex<Sim>>,
    mode: ProbeMode,
) -> impl Fn(Operation) -> ProbeFuture + Send + Sync + 'static {
    move |op: Operation| {
        let ready = |p: Probe| -> ProbeFuture { Box::pin(std::future::ready(p)) };
        match mode {
            ProbeMode::Unavailable => return ready(Probe::Unknown),
            ProbeMode::Hanging => {
                sim.lock().unwrap().query_count += 1;
                return Box::pin(std::future::pending());
            }
            _ => {}
        }
        let id = op.id.unwrap_or_default();
        let lag = if mode == ProbeMode::Lagging {
            REPLICA_LAG
        } else {
            Duration::ZERO
        };
        let (answer, proto) = {
            let mut sim = sim.lock().unwrap();
            (sim.query(&id, lag), sim.proto)
        };
        ready(match answer {
            None if mode == ProbeMode::WrapsErrors => {
                let (status, body) = not_found_answer(proto);
                Probe::Found(http_response(status, &[], body, &op.url))
            }
            None => Probe::NotFound,
            Some((status, body)) => Probe::Found(http_response(status, &[], body, &op.url)),
        })
    }
}

/// A status probe that asks the loopback server's `GET /status/{id}`.
pub fn http_probe(base: String) -> impl Fn(Operation) -> ProbeFuture + Send + Sync + 'static {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("a client");
    move |op: Operation| {
        let url = format!("{base}/status/{}", op.id.unwrap_or_default());
        let client = client.clone();
        Box::pin(async move {
            match client.get(url).send().await {
                Ok(r) if r.status() == reqwest::StatusCode::NOT_FOUND => Probe::NotFound,
                Ok(r) if r.status().is_success() => Probe::Found(r),
                _ => Probe::Unknown,
            }
        })
    }
}

//! A simulated QIWI for tests and the example: a ledger of operations keyed by the client's
//! operation ID, a script of faults, and checks of what the client did.
//!
//! Modelling choices that are ours, not QIWI's. What a repeat of an operation does is one of
//! three readings ([`Reading`]): the same ID is the same operation (idempotent: a repeat of a
//! charged operation answers its stored success and charges nothing), every request charges
//! (a client that resends a request that went through charges twice), or a repeat of an
//! operation already charged or in process is rejected as a duplicate. Answers the library's
//! rules call "not processed" (`result-code` 13, payment status -1, 429/423) charge nothing;
//! an empty HTTP 500, a proxy's 502/503 and a cut-off 200 come in committed and uncommitted
//! kinds. Every operation of one sim is paid with the same card: the daily reattempt cap after
//! `REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY` is counted per card, across operations and calls.
//! Delays the sim checks (`result-code` 13, status -1) and the XML status-query interval are
//! read from the knowledge base or the documentation, never guessed.
//!
//! Used by the middleware's tests (in-process transport and a loopback server), its
//! `payment` example, and `python/sim-server`, which serves it to the Python package's tests.

mod answer;
mod fault;
mod ledger;
mod probe;
mod server;
mod transport;

pub use fault::{
    temporary_window, Fault, Proto, Reading, QUEUE_DELAY, REPLICA_LAG, XML_STATUS_INTERVAL,
};
pub use ledger::{Record, Reply, Sent, Sim};
pub use probe::{http_probe, ledger_probe, ProbeFuture, ProbeMode};
pub use server::serve;
pub use transport::{http_response, id_of, payment_request, told, SimTransport, Told};

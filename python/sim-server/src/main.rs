//! The fault simulator the `qiwi-errors-reqwest` middleware is tested against
//! (the `qiwi-errors-sim` crate, `client/sim`), served on 127.0.0.1 so that the Python
//! package's tests face the same simulated QIWI.
//!
//! The clock is tokio's, paused: it moves only when the client says so (`POST /_sim/advance`)
//! or when an answer comes later than the client's attempt timeout (then the clock moves by
//! the timeout and the connection closes without an answer, which is what the client sees).
//! Nothing sleeps, so a day's wait takes no time.
//!
//! - `POST /_sim/reset` `{"proto": "payment"|"xml"|"wallet", "script": ["empty-500", ...],
//!   "reading": "charge-again"|"idempotent"|"reject-duplicate", "timeout": 30}`: a new sim;
//! - `GET /_sim/now`: the sim's clock in seconds;
//! - `POST /_sim/advance` `{"seconds": 1.5}`: moves it;
//! - `GET /_sim/report`: the ledger, the faults injected, the violations and the counters;
//! - `GET /status/{id}`: the API's status method (404 when the operation is unknown);
//! - anything else: a request of the API, answered by the sim.
//!
//! Prints `http://127.0.0.1:PORT` on its first line, then serves until stdin closes.
#![forbid(unsafe_code)]

use qiwi_errors_sim as sim;
use serde_json::{json, Value};
use sim::{Fault, Proto, Reading, Reply, Sim};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

struct State {
    sim: Sim,
    timeout: Duration,
}

fn fault(name: &str) -> Result<Fault, String> {
    let (head, arg) = name.split_once(':').unwrap_or((name, ""));
    let number = |default: u64| arg.parse::<u64>().unwrap_or(default);
    Ok(match head {
        "drop-after-commit" => Fault::DropAfterCommit,
        "empty-500" => Fault::Empty500,
        "empty-500-committed" => Fault::Empty500Committed,
        "body-500-committed" => Fault::Body500 { committed: true },
        "body-500-not-committed" => Fault::Body500 { committed: false },
        "rate-limited" => Fault::RateLimited { retry_after: None },
        "rate-limited-retry-after" => Fault::RateLimited {
            retry_after: Some(number(30)),
        },
        "retry-after-date" => Fault::RetryAfterDate {
            seconds: number(30),
        },
        "busy-13" => Fault::Busy13,
        "fatal" => Fault::Fatal,
        "final-decline-04" => Fault::FinalDecline,
        "temporary-decline-51" => Fault::TemporaryDecline,
        "not-registered" => Fault::NotRegistered,
        "slow-committed" => Fault::Slow { committed: true },
        "slow-not-committed" => Fault::Slow { committed: false },
        "queued" => Fault::Queued,
        "cut-body" => Fault::CutBody,
        "xml-in-progress" => Fault::XmlInProgress {
            status: u8::try_from(number(50)).unwrap_or(50),
        },
        "proxy" => {
            // proxy:STATUS:html|text:committed|not-committed
            let parts: Vec<&str> = arg.split(':').collect();
            Fault::Proxy {
                status: parts.first().and_then(|s| s.parse().ok()).unwrap_or(502),
                html: parts.get(1) != Some(&"text"),
                committed: parts.get(2) == Some(&"committed"),
            }
        }
        other => return Err(format!("unknown fault `{other}`")),
    })
}

fn reset(body: &str) -> Result<State, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let proto = match v["proto"].as_str().unwrap_or("payment") {
        "payment" => Proto::Payment,
        "xml" => Proto::Xml,
        "wallet" => Proto::Wallet,
        other => return Err(format!("unknown proto `{other}`")),
    };
    let reading = match v["reading"].as_str().unwrap_or("charge-again") {
        "charge-again" => Reading::ChargeAgain,
        "idempotent" => Reading::Idempotent,
        "reject-duplicate" => Reading::RejectDuplicate,
        other => return Err(format!("unknown reading `{other}`")),
    };
    let script = v["script"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(fault).collect())
        .unwrap_or(Ok(Vec::new()))?;
    let timeout = Duration::from_secs_f64(v["timeout"].as_f64().unwrap_or(30.0));
    // A slow answer comes well after the client's timeout.
    let sim = Sim::new(proto, script, timeout + Duration::from_secs(15)).with_reading(reading);
    Ok(State { sim, timeout })
}

fn report(state: &State) -> Value {
    let sim = &state.sim;
    let ledger: serde_json::Map<String, Value> = sim
        .ledger
        .iter()
        .map(|(id, r)| {
            (
                id.clone(),
                json!({"charges": r.charges, "arrivals": r.arrivals.len(), "final_decline": r.final_decline}),
            )
        })
        .collect();
    json!({
        "now": sim.now().as_secs_f64(),
        "ledger": ledger,
        "violations": sim.violations,
        "injected": sim.injected,
        "past_cap": sim.past_cap,
        "early": sim.early,
        "close_queries": sim.close_queries,
        "queries": sim.query_count,
    })
}

/// The sim's clock in seconds, for the `X-Sim-Now` header every answer carries.
fn now_of(state: &Rc<RefCell<Option<State>>>) -> String {
    state
        .borrow()
        .as_ref()
        .map_or(0.0, |s| s.sim.now().as_secs_f64())
        .to_string()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn read_request(stream: &mut TcpStream) -> Option<(String, String, String)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(at) = find(&buf, b"\r\n\r\n") {
            break at + 4;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let path = words.next().unwrap_or("").to_string();
    let length: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0)
        .min(1 << 20);
    while buf.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned();
    Some((method, path, body))
}

async fn write(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, String)],
    body: &str,
    cut: Option<usize>,
) {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(cut.map_or(body, |n| &body[..n]));
    let _ = stream.write_all(out.as_bytes()).await;
    let _ = stream.shutdown().await;
}

async fn connection(mut stream: TcpStream, state: Rc<RefCell<Option<State>>>) {
    let Some((method, path, body)) = read_request(&mut stream).await else {
        return;
    };
    let control = |result: Result<Value, String>| match result {
        Ok(v) => (200, v.to_string()),
        Err(e) => (400, json!({ "error": e }).to_string()),
    };
    let (status, text) = match (method.as_str(), path.as_str()) {
        ("POST", "/_sim/reset") => control(reset(&body).map(|s| {
            *state.borrow_mut() = Some(s);
            json!({"ok": true})
        })),
        ("GET", "/_sim/now") => control(
            state
                .borrow()
                .as_ref()
                .map(|s| json!({"now": s.sim.now().as_secs_f64()}))
                .ok_or_else(|| "no scenario".to_string()),
        ),
        ("POST", "/_sim/advance") => {
            let seconds = serde_json::from_str::<Value>(&body)
                .ok()
                .and_then(|v| v["seconds"].as_f64())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .unwrap_or(0.0);
            tokio::time::advance(Duration::from_secs_f64(seconds)).await;
            control(
                state
                    .borrow()
                    .as_ref()
                    .map(|s| json!({"now": s.sim.now().as_secs_f64()}))
                    .ok_or_else(|| "no scenario".to_string()),
            )
        }
        ("GET", "/_sim/report") => control(
            state
                .borrow()
                .as_ref()
                .map(report)
                .ok_or_else(|| "no scenario".to_string()),
        ),
        _ => {
            if state.borrow().is_none() {
                return write(&mut stream, 503, &[], "no scenario", None).await;
            }
            let reply = {
                let mut guard = state.borrow_mut();
                let Some(s) = guard.as_mut() else {
                    return;
                };
                if let Some(id) = path.strip_prefix("/status/") {
                    match s.sim.query(id, Duration::ZERO) {
                        Some((status, body)) => Ok((status, body)),
                        None => Ok((404, String::new())),
                    }
                } else {
                    let id = sim::id_of(&path, &body);
                    let now = s.sim.now();
                    Err((
                        s.sim.handle(&id, now, (method, path.clone(), body)),
                        s.timeout,
                    ))
                }
            };
            match reply {
                Ok((status, body)) => (status, body),
                Err((Reply::Drop, _)) => return,
                Err((
                    Reply::Answer {
                        status,
                        headers,
                        body,
                        delay,
                        cut,
                    },
                    timeout,
                )) => {
                    if delay >= timeout {
                        // The client gives up at its timeout: no answer.
                        tokio::time::advance(timeout).await;
                        return;
                    }
                    tokio::time::advance(delay).await;
                    let mut headers: Vec<(&str, String)> = headers.into_iter().collect();
                    headers.push(("X-Sim-Now", now_of(&state)));
                    return write(&mut stream, status, &headers, &body, cut).await;
                }
            }
        }
    };
    let headers = [
        ("Content-Type", "application/json".to_string()),
        ("X-Sim-Now", now_of(&state)),
    ];
    let headers: &[(&str, String)] = if path.starts_with("/_sim/") {
        &headers
    } else {
        &headers[1..]
    };
    write(&mut stream, status, headers, &text, None).await;
}

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        println!("http://{}", listener.local_addr()?);
        let state: Rc<RefCell<Option<State>>> = Rc::new(RefCell::new(None));
        let mut stdin = tokio::io::stdin();
        let mut sink = [0u8; 64];
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    if let Ok((stream, _)) = accepted {
                        // One at a time: the sim's clock and ledger are the client's, in order.
                        connection(stream, state.clone()).await;
                    }
                }
                read = stdin.read(&mut sink) => {
                    if matches!(read, Ok(0) | Err(_)) {
                        return Ok(());
                    }
                }
            }
        }
    })
}

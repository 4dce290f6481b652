//! The requests a client sends to the simulated QIWI, the answers it gets back in process
//! ([`SimTransport`]), and what the caller was told ([`told`]).

use crate::fault::Proto;
use crate::ledger::{Reply, Sim};
use qiwi_errors_reqwest::{OperationId, QiwiError};
use reqwest_middleware::{ClientWithMiddleware, Middleware, Next};
use std::sync::{Arc, Mutex};

/// The operation ID as the server reads it from the request: XML `transaction-number`, the
/// wallet's `"id"`, or the last segment of the payment protocol's path.
pub fn id_of(path: &str, body: &str) -> String {
    if let Some(start) = body.find("<transaction-number>") {
        let rest = &body[start + "<transaction-number>".len()..];
        return rest.split('<').next().unwrap_or("").to_string();
    }
    if let Some(start) = body.find(r#""id":""#) {
        let rest = &body[start + r#""id":""#.len()..];
        return rest.split('"').next().unwrap_or("").to_string();
    }
    path.rsplit('/').next().unwrap_or("").to_string()
}

/// The request a client sends for operation `id` of `proto` to `base` (`http://127.0.0.1:PORT`).
pub fn payment_request(
    client: &ClientWithMiddleware,
    base: &str,
    proto: Proto,
    id: &str,
) -> reqwest_middleware::RequestBuilder {
    let builder = match proto {
        Proto::Payment => client
            .put(format!("{base}/payin/v1/sites/sim/payments/{id}"))
            .header("content-type", "application/json")
            .body(r#"{"amount":{"value":"10.00","currency":"RUB"}}"#),
        Proto::Xml => client.post(format!("{base}/xml")).body(format!(
            "<request><request-type>pay</request-type><auth><payment><transaction-number>{id}</transaction-number><from><amount>10.00</amount></from></payment></auth></request>"
        )),
        Proto::Wallet => client
            .post(format!("{base}/sinap/api/v2/terms/99/payments"))
            .header("content-type", "application/json")
            .body(format!(r#"{{"id":"{id}","sum":{{"amount":10,"currency":"643"}}}}"#)),
    };
    builder.with_extension(OperationId::new(id))
}

/// A body that yields its first part, then fails: a connection closed inside the body.
struct CutBody(Option<bytes::Bytes>);

impl http_body::Body for CutBody {
    type Data = bytes::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, std::io::Error>>> {
        std::task::Poll::Ready(Some(match self.0.take() {
            Some(part) => Ok(http_body::Frame::data(part)),
            None => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the simulated QIWI closed the connection inside the body",
            )),
        }))
    }
}

pub fn http_response(
    status: u16,
    headers: &[(&'static str, String)],
    body: String,
    url: &reqwest::Url,
) -> reqwest::Response {
    cut_response(status, headers, body, None, url)
}

fn cut_response(
    status: u16,
    headers: &[(&'static str, String)],
    body: String,
    cut: Option<usize>,
    url: &reqwest::Url,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt;
    let mut builder = http::Response::builder().status(status).url(url.clone());
    for (name, value) in headers {
        builder = builder.header(*name, value);
    }
    let body = match cut {
        Some(n) => reqwest::Body::wrap(CutBody(Some(bytes::Bytes::from(body[..n].to_string())))),
        None => reqwest::Body::from(body),
    };
    reqwest::Response::from(builder.body(body).expect("a valid response"))
}

/// The in-process transport: the last middleware of a chain, answering from the sim instead of
/// the network, on tokio's (paused) clock.
pub struct SimTransport {
    pub sim: Arc<Mutex<Sim>>,
}

#[async_trait::async_trait]
impl Middleware for SimTransport {
    async fn handle(
        &self,
        request: reqwest::Request,
        _extensions: &mut http::Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let body = request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let path = request.url().path().to_string();
        let id = id_of(&path, &body);
        let key = (request.method().to_string(), path.clone(), body.clone());
        let reply = {
            let mut sim = self.sim.lock().unwrap();
            let now = sim.now();
            sim.handle(&id, now, key)
        };
        match reply {
            Reply::Drop => Err(reqwest_middleware::Error::middleware(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "the simulated QIWI closed the connection",
            ))),
            Reply::Answer {
                status,
                headers,
                body,
                delay,
                cut,
            } => {
                tokio::time::sleep(delay).await;
                Ok(cut_response(status, &headers, body, cut, request.url()))
            }
        }
    }
}

/// What the caller was told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Told {
    Success,
    Failed,
    Unknown,
}

/// Reads what a middleware client returned.
pub async fn told(result: reqwest_middleware::Result<reqwest::Response>) -> Told {
    match result {
        Ok(response) if response.status().is_success() => Told::Success,
        Ok(_) => Told::Failed,
        Err(e) => match QiwiError::from_error(&e) {
            Some(q) if q.may_have_gone_through() => Told::Unknown,
            Some(_) => Told::Failed,
            None => Told::Unknown,
        },
    }
}

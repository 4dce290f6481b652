//! The simulated QIWI served on 127.0.0.1 over plain HTTP/1.1, one request per connection.

use crate::ledger::{Reply, Sim};
use crate::transport::id_of;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Serves the sim on 127.0.0.1 (a free port), over plain HTTP/1.1 with one request per
/// connection; `GET /status/{id}` is the status method. Returns the base URL.
pub async fn serve(sim: Arc<Mutex<Sim>>) -> std::io::Result<(String, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr: SocketAddr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(connection(stream, sim.clone()));
        }
    });
    Ok((format!("http://{addr}"), task))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn connection(mut stream: tokio::net::TcpStream, sim: Arc<Mutex<Sim>>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(at) = find(&buf, b"\r\n\r\n") {
            break at + 4;
        }
        if buf.len() > 64 * 1024 {
            return;
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
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned();
    let reply = if let Some(id) = path.strip_prefix("/status/") {
        let (status, body) = sim
            .lock()
            .unwrap()
            .query(id, Duration::ZERO)
            .unwrap_or((404, String::new()));
        Reply::Answer {
            status,
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
            cut: None,
        }
    } else {
        let id = id_of(&path, &body);
        let mut sim = sim.lock().unwrap();
        let now = sim.now();
        sim.handle(&id, now, (method, path, body))
    };
    match reply {
        Reply::Drop => drop(stream),
        Reply::Answer {
            status,
            headers,
            body,
            delay,
            cut,
        } => {
            tokio::time::sleep(delay).await;
            let mut out = format!(
                "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                http::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or(""),
                body.len()
            );
            for (name, value) in headers {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
            out.push_str("\r\n");
            match cut {
                Some(n) => out.push_str(&body[..n]),
                None => out.push_str(&body),
            }
            let _ = stream.write_all(out.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    }
}

//! A tiny HTTP/1.1 client for the few REST calls loadgen makes (log in,
//! open tickets, readiness): one request per TCP connection, always to
//! 127.0.0.1, with a timeout. Kept dependency-free on purpose (reqwest is a
//! dev-dependency of the package).

use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TIMEOUT: Duration = Duration::from_secs(15);

/// Sends one request and returns the status and the body (JSON, or
/// `Value::Null` when the body is empty or not JSON).
pub async fn request(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> anyhow::Result<(u16, Value)> {
    let (status, bytes) =
        tokio::time::timeout(TIMEOUT, request_inner(port, method, path, token, body))
            .await
            .with_context(|| format!("{method} {path}: no answer within {TIMEOUT:?}"))??;
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

/// GETs a text resource (e.g. /metrics with its bearer token).
pub async fn get_text(port: u16, path: &str, token: Option<&str>) -> anyhow::Result<(u16, String)> {
    let (status, bytes) =
        tokio::time::timeout(TIMEOUT, request_inner(port, "GET", path, token, None))
            .await
            .with_context(|| format!("GET {path}: no answer within {TIMEOUT:?}"))??;
    Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
}

async fn request_inner(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> anyhow::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .with_context(|| format!("connecting to 127.0.0.1:{port}"))?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nAccept: application/json\r\nUser-Agent: faena-loadgen\r\n"
    );
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if !body.is_empty() || method != "GET" {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("malformed HTTP answer (no header end)")?;
    let headers = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut payload = raw[split + 4..].to_vec();
    let status: u16 = headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("malformed HTTP status line")?;
    let chunked = headers.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    if chunked {
        payload = dechunk(&payload)?;
    }
    Ok((status, payload))
}

fn dechunk(mut data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    // Bounded: every round consumes at least the size line.
    for _ in 0..100_000 {
        let Some(eol) = data.windows(2).position(|w| w == b"\r\n") else {
            bail!("malformed chunked body");
        };
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .context("malformed chunk size")?;
        data = &data[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size {
            bail!("truncated chunk");
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
    bail!("too many chunks")
}

/// POSTs JSON and requires `expect` as the status.
pub async fn post_json(
    port: u16,
    path: &str,
    token: Option<&str>,
    body: &Value,
    expect: u16,
) -> anyhow::Result<Value> {
    let (status, value) = request(port, "POST", path, token, Some(body)).await?;
    if status != expect {
        bail!("POST {path}: status {status} (expected {expect}): {value}");
    }
    Ok(value)
}

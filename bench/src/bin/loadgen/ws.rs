//! A lean Centrifuge-protocol client over tokio-tungstenite, built for many
//! thousands of connections in one process: small buffers, no JSON tree for
//! pushes unless asked, every wait bounded by a deadline, protocol pings
//! (`{}`) answered with pongs (`{}`) as centrifuge-js does.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// What one read produced.
pub enum Recv {
    /// A text frame (one or more lines, protocol pings removed) and when it
    /// was read from the socket.
    Frame(String, Instant),
    /// The deadline passed first.
    Timeout,
    /// The server closed the connection (WebSocket close code, if any) or
    /// the transport failed.
    Closed(Option<u16>),
}

pub struct Conn {
    ws: WebSocketStream<TcpStream>,
    next_id: u32,
    pub close_code: Option<u16>,
    pub closed: bool,
    /// Lines that arrived while waiting for a reply (pushes, other replies).
    pub backlog: Vec<String>,
}

/// How long loadgen waits for any single step (handshake, reply).
pub const STEP_TIMEOUT: Duration = Duration::from_secs(30);

impl Conn {
    /// TCP connect to 127.0.0.1:`port` and WebSocket upgrade, within `STEP_TIMEOUT`.
    pub async fn open(port: u16) -> anyhow::Result<Conn> {
        tokio::time::timeout(STEP_TIMEOUT, Self::open_inner(port))
            .await
            .context("WebSocket open timed out")?
    }

    async fn open_inner(port: u16) -> anyhow::Result<Conn> {
        let tcp = TcpStream::connect(("127.0.0.1", port))
            .await
            .context("TCP connect")?;
        tcp.set_nodelay(true)?;
        let config = WebSocketConfig::default()
            .read_buffer_size(4096)
            .write_buffer_size(0);
        let url = format!("ws://127.0.0.1:{port}/connection/websocket");
        let (ws, _) = tokio_tungstenite::client_async_with_config(url, tcp, Some(config))
            .await
            .context("WebSocket upgrade")?;
        Ok(Conn {
            ws,
            next_id: 0,
            close_code: None,
            closed: false,
            backlog: Vec::new(),
        })
    }

    /// The next command id.
    pub fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    pub async fn send_text(&mut self, text: String) -> anyhow::Result<()> {
        if self.closed {
            bail!("connection closed ({:?})", self.close_code);
        }
        match tokio::time::timeout(STEP_TIMEOUT, self.ws.send(Message::Text(text.into()))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                self.closed = true;
                Err(e).context("WebSocket send")
            }
            Err(_) => {
                self.closed = true;
                bail!("WebSocket send timed out")
            }
        }
    }

    /// Reads until a text frame with something other than pings arrives,
    /// the deadline passes, or the connection closes.
    pub async fn recv(&mut self, deadline: Instant) -> Recv {
        // Bounded: every round either returns or consumes one message.
        loop {
            if self.closed {
                return Recv::Closed(self.close_code);
            }
            let msg = match tokio::time::timeout_at(deadline.into(), self.ws.next()).await {
                Err(_) => return Recv::Timeout,
                Ok(None) | Ok(Some(Err(_))) => {
                    self.closed = true;
                    return Recv::Closed(self.close_code);
                }
                Ok(Some(Ok(msg))) => msg,
            };
            let at = Instant::now();
            match msg {
                Message::Text(text) => {
                    let text = text.as_str();
                    if !text.contains("{}") {
                        return Recv::Frame(text.to_string(), at);
                    }
                    // A protocol ping is the empty reply `{}` on a line of its own.
                    let mut rest = String::new();
                    let mut ping = false;
                    for line in text.split('\n') {
                        let l = line.trim();
                        if l == "{}" {
                            ping = true;
                        } else if !l.is_empty() {
                            if !rest.is_empty() {
                                rest.push('\n');
                            }
                            rest.push_str(l);
                        }
                    }
                    if ping {
                        let _ = self.send_text("{}".to_string()).await;
                    }
                    if !rest.is_empty() {
                        return Recv::Frame(rest, at);
                    }
                }
                Message::Close(frame) => {
                    self.close_code = frame.map(|f| u16::from(f.code));
                    self.closed = true;
                    return Recv::Closed(self.close_code);
                }
                _ => {}
            }
        }
    }

    /// Sends `commands` (JSON objects without ids) in one frame, one per
    /// line, and waits for all their replies; returns them in order. Other
    /// lines go to `backlog`.
    pub async fn batch(&mut self, commands: &[Value]) -> anyhow::Result<Vec<Value>> {
        let mut ids = Vec::with_capacity(commands.len());
        let mut lines = Vec::with_capacity(commands.len());
        for c in commands {
            let id = self.id();
            let mut c = c.clone();
            c["id"] = Value::from(id);
            ids.push(id);
            lines.push(c.to_string());
        }
        self.send_text(lines.join("\n")).await?;
        let mut replies: Vec<Option<Value>> = vec![None; ids.len()];
        let deadline = Instant::now() + STEP_TIMEOUT;
        while replies.iter().any(Option::is_none) {
            match self.recv(deadline).await {
                Recv::Frame(text, _) => {
                    for line in text.split('\n') {
                        if let Some(slot) =
                            reply_id(line).and_then(|id| ids.iter().position(|&x| x == id))
                        {
                            replies[slot] =
                                Some(serde_json::from_str(line).context("bad reply JSON")?);
                        } else {
                            self.backlog.push(line.to_string());
                        }
                    }
                }
                Recv::Timeout => bail!("no reply within {STEP_TIMEOUT:?}"),
                Recv::Closed(code) => bail!("closed by the server (code {code:?}) before replying"),
            }
        }
        Ok(replies
            .into_iter()
            .map(|r| r.unwrap_or(Value::Null))
            .collect())
    }

    /// One command and its reply.
    pub async fn command(&mut self, command: Value) -> anyhow::Result<Value> {
        Ok(self.batch(&[command]).await?.remove(0))
    }

    /// Closes politely (close frame), bounded in time; then drops.
    pub async fn close(mut self) {
        if !self.closed {
            let _ = tokio::time::timeout(Duration::from_secs(2), self.ws.close(None)).await;
        }
    }
}

/// The `id` of a reply line (`{"id":N,...}`); `None` for pushes. The server
/// writes `id` first in compact JSON, so this does not parse the line.
pub fn reply_id(line: &str) -> Option<u32> {
    let rest = line.strip_prefix("{\"id\":")?;
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    rest[..end].parse().ok()
}

/// The error code of a reply line, if it is an error.
pub fn error_code(line: &str) -> Option<u32> {
    let at = line.find("\"error\":{")?;
    let rest = &line[at..];
    let code_at = rest.find("\"code\":")? + "\"code\":".len();
    let rest = &rest[code_at..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// The string value of `"key":"..."` (no escapes expected), searching from the end.
pub fn string_field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let pattern = format!("\"{key}\":\"");
    let at = line.rfind(&pattern)? + pattern.len();
    let rest = &line[at..];
    let end = rest.find('"')?;
    Some(&rest[..end])
}

/// The number value of `"key":N`, searching from the end.
pub fn number_field(line: &str, key: &str) -> Option<u64> {
    let pattern = format!("\"{key}\":");
    let at = line.rfind(&pattern)? + pattern.len();
    let rest = &line[at..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let push = r#"{"push":{"channel":"ticket:1","pub":{"data":{"type":"chat.message","text":"x","client_msg_id":"f-12","sent_at":"2024"},"offset":7}}}"#;
        assert_eq!(string_field(push, "client_msg_id"), Some("f-12"));
        assert_eq!(number_field(push, "offset"), Some(7));
        assert_eq!(reply_id(push), None);
        assert_eq!(reply_id(r#"{"id":42,"publish":{}}"#), Some(42));
        assert_eq!(
            error_code(r#"{"id":3,"error":{"code":103,"message":"permission denied"}}"#),
            Some(103)
        );
    }
}

//! A minimal Centrifuge-protocol WebSocket client for the tests
//! (tokio-tungstenite): send commands, wait for the reply with an id, collect
//! pushes, observe the close code.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::{Session, TestApp, json_ok};

pub struct Ws {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Pushes received while waiting for replies.
    pushes: VecDeque<Value>,
    /// Replies that arrived while waiting for another one (replies to
    /// concurrent commands may come in any order).
    early_replies: std::collections::HashMap<u64, Value>,
    /// The close frame's code, once closed.
    pub close_code: Option<u16>,
}

/// How long a test waits for anything from the server.
pub const PATIENCE: Duration = Duration::from_secs(10);

impl Ws {
    /// Opens a socket (no protocol connect yet), optionally with a cookie.
    pub async fn open(app: &TestApp, cookie: Option<&str>) -> Ws {
        Ws::open_at(&app.address, cookie).await
    }

    /// Opens a socket whose kernel receive buffer is tiny, for a client that
    /// will stop reading (the slow-consumer test).
    pub async fn open_small_buffer(app: &TestApp) -> Ws {
        let addr: std::net::SocketAddr = app.address.trim_start_matches("http://").parse().unwrap();
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        let stream = socket.connect(addr).await.unwrap();
        let url = format!("ws://{addr}/connection/websocket");
        let (socket, _) = tokio_tungstenite::client_async(url, MaybeTlsStream::Plain(stream))
            .await
            .expect("websocket upgrade");
        Ws {
            socket,
            next_id: 0,
            pushes: VecDeque::new(),
            early_replies: Default::default(),
            close_code: None,
        }
    }

    /// Opens a socket to the server at `address` (http://host:port).
    pub async fn open_at(address: &str, cookie: Option<&str>) -> Ws {
        let url = format!(
            "{}/connection/websocket",
            address.replace("http://", "ws://")
        );
        let mut request =
            tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url)
                .unwrap();
        if let Some(cookie) = cookie {
            // A browser on the site's own pages sends its Origin.
            request
                .headers_mut()
                .insert("cookie", cookie.parse().unwrap());
            request
                .headers_mut()
                .insert("origin", address.parse().unwrap());
        }
        let (socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("websocket upgrade");
        Ws {
            socket,
            next_id: 0,
            pushes: VecDeque::new(),
            early_replies: Default::default(),
            close_code: None,
        }
    }

    /// Opens a socket and connects with a fresh connection token for `session`.
    pub async fn connect_as(app: &TestApp, session: &Session) -> Ws {
        Ws::connect_as_at(&app.address, session).await
    }

    /// Connects to the server at `address` with a token obtained through `session`.
    pub async fn connect_as_at(address: &str, session: &Session) -> Ws {
        let token = json_ok(session.post("/api/v1/realtime/token", json!({})).await, 200).await;
        let mut ws = Ws::open_at(address, None).await;
        let reply = ws
            .command(json!({"connect": {"token": token["token"]}}))
            .await;
        assert!(reply.get("connect").is_some(), "connect failed: {reply}");
        ws
    }

    /// Opens an anonymous connection (QR holders).
    pub async fn connect_anonymous(app: &TestApp) -> Ws {
        let mut ws = Ws::open(app, None).await;
        let reply = ws.command(json!({"connect": {}})).await;
        assert!(reply.get("connect").is_some(), "connect failed: {reply}");
        ws
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.socket.send(Message::Text(text.into())).await.unwrap();
    }

    /// Sends one command (an id is added) and returns its reply.
    pub async fn command(&mut self, mut command: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        command["id"] = json!(id);
        self.send_raw(&command.to_string()).await;
        self.reply(id).await
    }

    /// Sends without waiting; returns the id.
    pub async fn send(&mut self, mut command: Value) -> u64 {
        self.next_id += 1;
        command["id"] = json!(self.next_id);
        self.send_raw(&command.to_string()).await;
        self.next_id
    }

    /// Reads frames until the reply with `id`, keeping pushes aside.
    pub async fn reply(&mut self, id: u64) -> Value {
        loop {
            if let Some(reply) = self.early_replies.remove(&id) {
                return reply;
            }
            let frame = self
                .next_frame()
                .await
                .unwrap_or_else(|| panic!("closed ({:?}) before reply {id}", self.close_code));
            for line in frame {
                if line.get("push").is_some() {
                    self.pushes.push_back(line["push"].clone());
                } else if let Some(other) = line["id"].as_u64() {
                    self.early_replies.insert(other, line);
                }
            }
        }
    }

    /// The next push (publication, join, leave, ...).
    pub async fn push(&mut self) -> Value {
        loop {
            if let Some(p) = self.pushes.pop_front() {
                return p;
            }
            let frame = self
                .next_frame()
                .await
                .unwrap_or_else(|| panic!("closed ({:?}) waiting for a push", self.close_code));
            for line in frame {
                if line.get("push").is_some() {
                    self.pushes.push_back(line["push"].clone());
                }
            }
        }
    }

    /// Data of the next publication push (skipping other pushes).
    pub async fn publication(&mut self) -> Value {
        loop {
            let push = self.push().await;
            if push.get("pub").is_some() {
                return push;
            }
        }
    }

    /// The data of the next publication whose `type` is `kind` (skipping
    /// others); panics after [`PATIENCE`] without one.
    pub async fn next_of_type(&mut self, kind: &str) -> Value {
        loop {
            let push = tokio::time::timeout(PATIENCE, self.publication())
                .await
                .unwrap_or_else(|_| panic!("no {kind} publication"));
            let data = push["pub"]["data"].clone();
            if data["type"] == kind {
                return data;
            }
        }
    }

    /// Every reply (not push) until the server closes the socket.
    pub async fn replies_until_closed(&mut self) -> Vec<Value> {
        let mut replies = Vec::new();
        while let Some(frame) = self.next_frame().await {
            replies.extend(frame.into_iter().filter(|l| l.get("id").is_some()));
        }
        replies
    }

    /// Waits for the server to close; returns the close code.
    pub async fn closed(&mut self) -> Option<u16> {
        while self.next_frame().await.is_some() {}
        self.close_code
    }

    /// Whether a push arrives within `wait` (used to prove something is NOT delivered).
    pub async fn push_within(&mut self, wait: Duration) -> Option<Value> {
        if let Some(p) = self.pushes.pop_front() {
            return Some(p);
        }
        tokio::time::timeout(wait, self.push()).await.ok()
    }

    /// Reads one text frame, answering server pings; `None` once closed.
    async fn next_frame(&mut self) -> Option<Vec<Value>> {
        loop {
            let msg = match tokio::time::timeout(PATIENCE, self.socket.next()).await {
                Ok(Some(Ok(msg))) => msg,
                Ok(_) => return None,
                Err(_) => panic!("nothing from the server for {PATIENCE:?}"),
            };
            match msg {
                Message::Text(text) => {
                    let lines: Vec<Value> = text
                        .split('\n')
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| serde_json::from_str(l).unwrap())
                        .collect();
                    // Answer protocol pings ({}), like centrifuge-js does.
                    if lines
                        .iter()
                        .any(|l| l.as_object().is_some_and(|o| o.is_empty()))
                    {
                        let _ = self.socket.send(Message::Text("{}".into())).await;
                    }
                    return Some(lines);
                }
                Message::Close(frame) => {
                    self.close_code = frame.map(|f| u16::from(f.code));
                    return None;
                }
                _ => continue,
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}

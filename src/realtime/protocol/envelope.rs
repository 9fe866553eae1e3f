//! The command and reply envelopes: one request or one result (or an error) under an id.

use super::*;

// ---------------------------------------------------------------------------
// Command / Reply envelopes
// ---------------------------------------------------------------------------

/// A command exactly as it appears on the wire. [`decode_frame`] turns it into
/// a [`DecodedCommand`]. This type is public for encoding commands, for
/// example in test clients ([`encode_commands`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Command {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connect: Option<ConnectRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscribe: Option<SubscribeRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsubscribe: Option<UnsubscribeRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish: Option<PublishRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence: Option<PresenceRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence_stats: Option<PresenceStatsRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ping: Option<PingRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send: Option<SendRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rpc: Option<RpcRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh: Option<RefreshRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_refresh: Option<SubRefreshRequest>,
}

impl Command {
    /// Takes the first non-null request in proto field order.
    pub(super) fn take_request(self) -> Option<Request> {
        let Command {
            id: _,
            connect,
            subscribe,
            unsubscribe,
            publish,
            presence,
            presence_stats,
            history,
            ping,
            send,
            rpc,
            refresh,
            sub_refresh,
        } = self;
        connect
            .map(Request::Connect)
            .or_else(|| subscribe.map(Request::Subscribe))
            .or_else(|| unsubscribe.map(Request::Unsubscribe))
            .or_else(|| publish.map(Request::Publish))
            .or_else(|| presence.map(Request::Presence))
            .or_else(|| presence_stats.map(Request::PresenceStats))
            .or_else(|| history.map(Request::History))
            .or_else(|| ping.map(Request::Ping))
            .or_else(|| send.map(Request::Send))
            .or_else(|| rpc.map(Request::Rpc))
            .or_else(|| refresh.map(Request::Refresh))
            .or_else(|| sub_refresh.map(Request::SubRefresh))
    }
}

/// The request of a decoded command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Connect(ConnectRequest),
    Subscribe(SubscribeRequest),
    Unsubscribe(UnsubscribeRequest),
    Publish(PublishRequest),
    Presence(PresenceRequest),
    PresenceStats(PresenceStatsRequest),
    History(HistoryRequest),
    /// Client-to-server ping (legacy; centrifuge-js relies on server pings).
    /// Answer with [`Reply::ping_result`].
    Ping(PingRequest),
    /// No reply expected.
    Send(SendRequest),
    Rpc(RpcRequest),
    Refresh(RefreshRequest),
    SubRefresh(SubRefreshRequest),
    /// The client's answer to a server ping (`{}`). No reply expected.
    Pong,
}

impl Request {
    /// The wire name of the request field, or `"pong"`. Useful for logs and
    /// metrics.
    pub fn method_name(&self) -> &'static str {
        match self {
            Request::Connect(_) => "connect",
            Request::Subscribe(_) => "subscribe",
            Request::Unsubscribe(_) => "unsubscribe",
            Request::Publish(_) => "publish",
            Request::Presence(_) => "presence",
            Request::PresenceStats(_) => "presence_stats",
            Request::History(_) => "history",
            Request::Ping(_) => "ping",
            Request::Send(_) => "send",
            Request::Rpc(_) => "rpc",
            Request::Refresh(_) => "refresh",
            Request::SubRefresh(_) => "sub_refresh",
            Request::Pong => "pong",
        }
    }

    /// Whether the server must answer with a reply carrying the command id.
    pub fn expects_reply(&self) -> bool {
        !matches!(self, Request::Send(_) | Request::Pong)
    }
}

/// A validated command: `id` is non-zero unless the request is
/// [`Request::Send`] or [`Request::Pong`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedCommand {
    pub id: u32,
    pub request: Request,
}

impl From<DecodedCommand> for Command {
    fn from(cmd: DecodedCommand) -> Self {
        let mut out = Command {
            id: cmd.id,
            ..Command::default()
        };
        match cmd.request {
            Request::Connect(r) => out.connect = Some(r),
            Request::Subscribe(r) => out.subscribe = Some(r),
            Request::Unsubscribe(r) => out.unsubscribe = Some(r),
            Request::Publish(r) => out.publish = Some(r),
            Request::Presence(r) => out.presence = Some(r),
            Request::PresenceStats(r) => out.presence_stats = Some(r),
            Request::History(r) => out.history = Some(r),
            Request::Ping(r) => out.ping = Some(r),
            Request::Send(r) => out.send = Some(r),
            Request::Rpc(r) => out.rpc = Some(r),
            Request::Refresh(r) => out.refresh = Some(r),
            Request::SubRefresh(r) => out.sub_refresh = Some(r),
            Request::Pong => out.id = 0,
        }
        out
    }
}

/// Error body of a reply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyError {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub code: u32,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub message: String,
    /// Temporary errors make clients retry (e.g. connect, refresh).
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub temporary: bool,
}

impl ReplyError {
    /// A custom error. Applications should use codes 400–1999; 0–399 are
    /// reserved by Centrifuge.
    pub fn new(code: u32, message: impl Into<String>, temporary: bool) -> Self {
        Self {
            code,
            message: message.into(),
            temporary,
        }
    }
}

impl From<ErrorCode> for ReplyError {
    fn from(code: ErrorCode) -> Self {
        Self {
            code: code.code(),
            message: code.message().to_owned(),
            temporary: code.temporary(),
        }
    }
}

/// A server → client message: a reply to a command (`id` > 0), a push
/// (`id` 0, `push` set) or a ping (everything empty, encoded as `{}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reply {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ReplyError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push: Option<Push>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connect: Option<ConnectResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscribe: Option<SubscribeResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsubscribe: Option<UnsubscribeResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish: Option<PublishResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence: Option<PresenceResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence_stats: Option<PresenceStatsResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ping: Option<PingResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rpc: Option<RpcResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh: Option<RefreshResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_refresh: Option<SubRefreshResult>,
}

impl Reply {
    /// The server's ping, encoded as `{}`.
    pub fn ping() -> Self {
        Self::default()
    }

    /// Whether this is a server ping (an entirely empty reply).
    pub fn is_ping(&self) -> bool {
        *self == Self::default()
    }

    /// Error reply with one of the built-in codes.
    pub fn error(id: u32, code: ErrorCode) -> Self {
        Self::with_error(id, code.into())
    }

    /// Error reply with a custom error body.
    pub fn with_error(id: u32, error: ReplyError) -> Self {
        Self {
            id,
            error: Some(error),
            ..Self::default()
        }
    }

    pub fn push(push: Push) -> Self {
        Self {
            push: Some(push),
            ..Self::default()
        }
    }

    /// Disconnect push, sent just before closing the transport.
    pub fn disconnect(disconnect: impl Into<Disconnect>) -> Self {
        Self::push(Push::disconnect(disconnect))
    }

    pub fn connect(id: u32, result: ConnectResult) -> Self {
        Self {
            id,
            connect: Some(result),
            ..Self::default()
        }
    }

    pub fn subscribe(id: u32, result: SubscribeResult) -> Self {
        Self {
            id,
            subscribe: Some(result),
            ..Self::default()
        }
    }

    pub fn unsubscribe(id: u32) -> Self {
        Self {
            id,
            unsubscribe: Some(UnsubscribeResult {}),
            ..Self::default()
        }
    }

    pub fn publish(id: u32) -> Self {
        Self {
            id,
            publish: Some(PublishResult {}),
            ..Self::default()
        }
    }

    pub fn presence(id: u32, result: PresenceResult) -> Self {
        Self {
            id,
            presence: Some(result),
            ..Self::default()
        }
    }

    pub fn presence_stats(id: u32, result: PresenceStatsResult) -> Self {
        Self {
            id,
            presence_stats: Some(result),
            ..Self::default()
        }
    }

    pub fn history(id: u32, result: HistoryResult) -> Self {
        Self {
            id,
            history: Some(result),
            ..Self::default()
        }
    }

    /// Reply to a client `ping` command (not the server ping, see
    /// [`Reply::ping`]).
    pub fn ping_result(id: u32) -> Self {
        Self {
            id,
            ping: Some(PingResult {}),
            ..Self::default()
        }
    }

    pub fn rpc(id: u32, result: RpcResult) -> Self {
        Self {
            id,
            rpc: Some(result),
            ..Self::default()
        }
    }

    pub fn refresh(id: u32, result: RefreshResult) -> Self {
        Self {
            id,
            refresh: Some(result),
            ..Self::default()
        }
    }

    pub fn sub_refresh(id: u32, result: SubRefreshResult) -> Self {
        Self {
            id,
            sub_refresh: Some(result),
            ..Self::default()
        }
    }
}

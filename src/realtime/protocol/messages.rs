//! Messages shared by commands and replies, the client's requests and the server's results.

use super::*;

// ---------------------------------------------------------------------------
// Shared messages
// ---------------------------------------------------------------------------

/// Information about a client connection (publisher, presence member, joiner).
/// `user` and `client` are always written, even when empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientInfo {
    #[serde(deserialize_with = "nullable")]
    pub user: String,
    #[serde(deserialize_with = "nullable")]
    pub client: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conn_info: Option<RawJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chan_info: Option<RawJson>,
}

impl ClientInfo {
    pub fn new(user: impl Into<String>, client: impl Into<String>) -> Self {
        Self {
            user: user.into(),
            client: client.into(),
            ..Self::default()
        }
    }
}

/// A publication in a channel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Publication {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub info: Option<ClientInfo>,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub offset: u64,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub tags: BTreeMap<String, String>,
}

impl Publication {
    pub fn new(data: RawJson) -> Self {
        Self {
            data: Some(data),
            ..Self::default()
        }
    }
}

/// A position in a channel's history stream.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StreamPosition {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub offset: u64,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub epoch: String,
}

// ---------------------------------------------------------------------------
// Requests (client → server)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectRequest {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
    /// Server-side subscriptions to recover, keyed by channel.
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub subs: BTreeMap<String, SubscribeRequest>,
    /// Client SDK name (centrifuge-js sends `"js"`).
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub name: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub version: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshRequest {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub token: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeRequest {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub channel: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub token: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub recover: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub epoch: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub offset: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub positioned: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub recoverable: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub join_leave: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubRefreshRequest {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub channel: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub token: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnsubscribeRequest {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub channel: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishRequest {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub channel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PresenceRequest {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub channel: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PresenceStatsRequest {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub channel: String,
}

/// History query. With `limit` 0 (the default) only the current stream
/// position is returned and no publications.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryRequest {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub channel: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub limit: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<StreamPosition>,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub reverse: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PingRequest {}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub method: String,
}

/// Asynchronous message to the server. It gets no reply and may come without
/// an id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SendRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
}

// ---------------------------------------------------------------------------
// Results (server → client, in replies to commands)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectResult {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub client: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub version: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub expires: bool,
    /// Seconds until the connection must be refreshed (when `expires`).
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub ttl: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
    /// Server-side subscriptions, keyed by channel.
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub subs: BTreeMap<String, SubscribeResult>,
    /// Server ping interval in seconds (0: the server does not ping).
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub ping: u32,
    /// Whether the client must answer pings with pongs (`{}`).
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub pong: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub session: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub node: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshResult {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub client: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub version: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub expires: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub ttl: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeResult {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub expires: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub ttl: u32,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub recoverable: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub epoch: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub publications: Vec<Publication>,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub recovered: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub offset: u64,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub positioned: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub was_recovering: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubRefreshResult {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub expires: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub ttl: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeResult {}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishResult {}

/// Presence map keyed by client id. Always written, even when empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PresenceResult {
    #[serde(deserialize_with = "nullable")]
    pub presence: BTreeMap<String, ClientInfo>,
}

/// Both counters are always written, even when zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PresenceStatsResult {
    #[serde(deserialize_with = "nullable")]
    pub num_clients: u32,
    #[serde(deserialize_with = "nullable")]
    pub num_users: u32,
}

/// All three fields are always written, even when empty or zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryResult {
    #[serde(deserialize_with = "nullable")]
    pub publications: Vec<Publication>,
    #[serde(deserialize_with = "nullable")]
    pub epoch: String,
    #[serde(deserialize_with = "nullable")]
    pub offset: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PingResult {}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
}

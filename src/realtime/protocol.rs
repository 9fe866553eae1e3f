//! Wire codec for the Centrifuge client protocol v2, JSON encoding.
//!
//! Faena's real-time endpoint speaks the protocol of Centrifugo / the Go
//! `centrifuge` library, so the stock `centrifuge` npm client (centrifuge-js)
//! can talk to it unchanged. This module only turns text frames into typed
//! commands and typed replies into text frames. It does not handle
//! connections, authentication or channels.
//!
//! # Framing
//!
//! One transport message (a WebSocket text frame, say) is a *frame*. A frame
//! holds one or more JSON objects, one per line, separated by `\n`:
//!
//! * client → server: each line is a [`Command`]. centrifuge-js batches
//!   commands by `JSON.stringify`-ing each one and joining them with `"\n"`.
//!   It does this for the `connect` command and the `subscribe` commands it
//!   sends right after the socket opens, for example. [`decode_frame`] splits
//!   on `\n` and skips lines that are empty or hold only whitespace, so
//!   `\r\n` line ends and a trailing newline are fine. Each line must be one
//!   complete JSON object.
//! * server → client: each line is a [`Reply`]. centrifuge-js splits the
//!   frame on `\n`, skips empty lines and `JSON.parse`s each line.
//!   [`encode_replies`] joins replies with `\n`, with no trailing newline.
//!   Because `\n` is the delimiter, no encoded reply may contain a raw
//!   newline. serde_json's compact output never has one, and [`RawJson`]
//!   removes layout whitespace from pretty-printed payloads (see below).
//!
//! A command has a numeric `id` and exactly one request field (`connect`,
//! `subscribe`, …). The server answers with a reply that carries the same `id`
//! and either the matching result field or `error`. Replies with `id` 0
//! (the key is left out) are asynchronous *pushes* (`{"push":{…}}`).
//! Several request fields may be present. As in the Go server, the first
//! non-null one in proto field order wins: connect, subscribe, unsubscribe,
//! publish, presence, presence_stats, history, ping, send, rpc, refresh,
//! sub_refresh. Unknown keys are ignored, for forward compatibility.
//!
//! # Ping / pong
//!
//! The server sends an empty reply, the frame `{}` ([`PING_FRAME`],
//! [`Reply::ping`]), every ping interval. It advertises the interval in
//! seconds in `ConnectResult.ping` (0 means no pings). If
//! `ConnectResult.pong` is `true`, the client answers every ping with an
//! empty command, `{}`. centrifuge-js restarts a timer whenever any frame
//! arrives. If nothing arrives within `ping` seconds plus its
//! `maxServerPingDelay` (10 s by default), it drops the connection with
//! "no ping" and reconnects.
//!
//! The rule that decides what a pong is comes from the Go server: *a command
//! with `id` 0 and no `send` request is a pong*. `send` is the only request
//! that may go without an id, because it gets no reply. [`decode_frame`]
//! applies the rule strictly:
//!
//! * `{}` or `{"id":0}` → [`Request::Pong`];
//! * `{"send":{…}}` (with or without an id) → [`Request::Send`];
//! * id 0 with any other request → [`ProtocolError::MissingId`]. The Go
//!   server would take such a command for a pong, and centrifuge-js never
//!   sends one;
//! * id ≠ 0 with no request → [`ProtocolError::NoRequest`].
//!
//! The Go server disconnects with [`DisconnectReason::BAD_REQUEST`] when a
//! pong arrives that it did not ask for (no ping outstanding). It disconnects
//! with [`DisconnectReason::NO_PONG`] when no pong arrives within its
//! configured pong timeout. Those decisions are connection state, not codec,
//! so they belong to the caller.
//!
//! # Why `data` is raw JSON
//!
//! In the proto schema every payload (`data`, `conn_info`, `chan_info`) is
//! `bytes`. Protobuf clients get opaque bytes. In the JSON encoding the
//! bytes *are* JSON and are embedded verbatim, not base64-encoded:
//! `{"publish":{"channel":"c","data":{"text":"hi"}}}`. The server never needs
//! to look inside these payloads, so they are held as [`RawJson`] (a checked
//! `Box<serde_json::value::RawValue>`). This has three effects:
//!
//! * nothing is parsed into a tree and serialised again, so a publication
//!   fanned out to many subscribers costs only a copy;
//! * the payload is passed on byte for byte, so numbers such as
//!   `123456789012345678901234567890` or `1e400` keep their exact text and
//!   the order of object keys does not change;
//! * arbitrarily deep payloads do not recurse. serde_json skips raw values
//!   with an explicit stack and no recursion limit.
//!
//! This needs serde_json's `raw_value` feature.
//!
//! A JSON `null` payload is treated the same as an absent one: it decodes to
//! `None`.
//!
//! # Omitted defaults
//!
//! Like the Go server, the encoder leaves out fields that hold their zero
//! value (`0`, `false`, `""`, empty maps and lists, `None`). The decoder
//! accepts missing fields and `null` in their place. There are exceptions,
//! which the Go server keeps for JSON backwards compatibility (see
//! `generate.sh` in `centrifugal/protocol`). These fields are always
//! written: `ClientInfo.user`, `ClientInfo.client`, `PresenceResult.presence`,
//! `PresenceStatsResult.num_clients`/`num_users`, and
//! `HistoryResult.publications`/`epoch`/`offset`.
//!
//! Offsets are `uint64` and are written as JSON numbers. JavaScript clients
//! lose precision above 2^53, which is not a practical concern for stream
//! offsets.
//!
//! # Disconnects and WebSocket close codes
//!
//! To close a connection, the server first writes a push with a `disconnect`
//! field (`{"push":{"disconnect":{"code":3001,"reason":"shutdown"}}}`), if
//! the transport still accepts writes. It then closes the transport. On
//! WebSocket it uses the disconnect code as the WebSocket close code and the
//! plain reason text as the close reason. That text is not JSON in protocol
//! v2, and it must be at most 123 bytes, the control-frame limit. The client
//! decides whether to reconnect from the code alone. Codes 3500–3999 and
//! 4500–4999 are terminal; everything else means "reconnect". See
//! [`DisconnectReason`].

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// The server's application-level ping: an empty reply.
pub const PING_FRAME: &str = "{}";

// ---------------------------------------------------------------------------
// Raw JSON payloads
// ---------------------------------------------------------------------------

/// A JSON value that is carried through the codec verbatim: a validated
/// `Box<RawValue>`.
///
/// Construction guarantees that the text is valid JSON and holds no newline
/// or carriage return, so it is safe inside newline-delimited frames. The
/// constructors strip insignificant whitespace when the input contains line
/// breaks, for example pretty-printed JSON. Two `RawJson` values are equal
/// when their texts are equal.
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// Validates `json` and wraps it.
    pub fn from_string(json: String) -> Result<Self, serde_json::Error> {
        RawValue::from_string(json).map(Self::from_raw)
    }

    /// Serialises `value` compactly and wraps the result.
    pub fn from_value<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(Self::from_raw)
    }

    /// Wraps an existing raw value, removing any line breaks.
    pub fn from_raw(raw: Box<RawValue>) -> Self {
        if !raw.get().contains(['\n', '\r']) {
            return Self(raw);
        }
        let compact = strip_insignificant_whitespace(raw.get());
        match RawValue::from_string(compact) {
            Ok(compact) => Self(compact),
            // Unreachable: removing whitespace outside strings keeps valid JSON
            // valid. Keep the original rather than panic.
            Err(_) => Self(raw),
        }
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Parses the payload into a typed value.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.get())
    }

    /// Unwraps the inner raw value.
    pub fn into_inner(self) -> Box<RawValue> {
        self.0
    }
}

/// Removes JSON whitespace outside string literals. Valid JSON cannot contain
/// raw control characters inside strings, so this removes every `\n` and `\r`.
fn strip_insignificant_whitespace(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for ch in json.chars() {
        if in_string {
            out.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
            }
        } else {
            match ch {
                ' ' | '\t' | '\n' | '\r' => {}
                '"' => {
                    in_string = true;
                    out.push(ch);
                }
                _ => out.push(ch),
            }
        }
    }
    out
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({})", self.get())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl FromStr for RawJson {
    type Err = serde_json::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_string(s.to_owned())
    }
}

impl From<Box<RawValue>> for RawJson {
    fn from(raw: Box<RawValue>) -> Self {
        Self::from_raw(raw)
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(Self::from_raw)
    }
}

// ---------------------------------------------------------------------------
// serde helpers
// ---------------------------------------------------------------------------

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Accepts `null` wherever a scalar, map or list is expected and treats it as
/// the default, like the Go server's JSON decoder.
fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

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

// ---------------------------------------------------------------------------
// Push payloads (server → client, asynchronous)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Join {
    #[serde(deserialize_with = "nullable")]
    pub info: ClientInfo,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Leave {
    #[serde(deserialize_with = "nullable")]
    pub info: ClientInfo,
}

/// Server-side unsubscribe of a channel. Codes below 2500 leave the
/// subscription unsubscribed; codes of 2500 and above make the client
/// resubscribe. See [`UnsubscribeReason`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Unsubscribe {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub code: u32,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub reason: String,
}

/// Asynchronous message to the client (not tied to a channel).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Message {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
}

/// Server-side subscription established while the client is connected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Subscribe {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub recoverable: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub epoch: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub offset: u64,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub positioned: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
}

/// Connect push, used by unidirectional transports; same fields as
/// [`ConnectResult`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Connect {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub client: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub subs: BTreeMap<String, SubscribeResult>,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub expires: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub ttl: u32,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub ping: u32,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub pong: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub session: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub node: String,
}

/// Disconnect advice. In protocol v2 the Go server sends only `code` and
/// `reason`, and clients derive reconnection from the code range (see
/// [`DisconnectReason::reconnect_for_code`]). The `reconnect` field is still
/// part of the schema and is written when `true`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Disconnect {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub code: u32,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub reason: String,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub reconnect: bool,
}

impl Disconnect {
    /// A custom disconnect. Use codes 4000–4499 (reconnect) or 4500–4999
    /// (terminal) for application-defined reasons. `reconnect` is derived
    /// from the code.
    pub fn new(code: u32, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
            reconnect: DisconnectReason::reconnect_for_code(code),
        }
    }
}

impl From<DisconnectReason> for Disconnect {
    fn from(d: DisconnectReason) -> Self {
        Self {
            code: d.code,
            reason: d.reason.to_owned(),
            reconnect: d.reconnect,
        }
    }
}

/// Connection refresh push (unidirectional transports).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Refresh {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub expires: bool,
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub ttl: u32,
}

/// An asynchronous server → client message. Exactly one payload field
/// should be set. `channel` is empty for `message`, `connect` and
/// `disconnect`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Push {
    #[serde(deserialize_with = "nullable", skip_serializing_if = "is_default")]
    pub channel: String,
    /// JSON key `pub`.
    #[serde(rename = "pub", skip_serializing_if = "Option::is_none")]
    pub publication: Option<Publication>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<Join>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leave: Option<Leave>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsubscribe: Option<Unsubscribe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscribe: Option<Subscribe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connect: Option<Connect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnect: Option<Disconnect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh: Option<Refresh>,
}

impl Push {
    pub fn publication(channel: impl Into<String>, publication: Publication) -> Self {
        Self {
            channel: channel.into(),
            publication: Some(publication),
            ..Self::default()
        }
    }

    pub fn join(channel: impl Into<String>, info: ClientInfo) -> Self {
        Self {
            channel: channel.into(),
            join: Some(Join { info }),
            ..Self::default()
        }
    }

    pub fn leave(channel: impl Into<String>, info: ClientInfo) -> Self {
        Self {
            channel: channel.into(),
            leave: Some(Leave { info }),
            ..Self::default()
        }
    }

    /// `Push::unsubscribe("news", UnsubscribeReason::SERVER)`, or pass an
    /// [`Unsubscribe`] with a custom code.
    pub fn unsubscribe(channel: impl Into<String>, unsubscribe: impl Into<Unsubscribe>) -> Self {
        Self {
            channel: channel.into(),
            unsubscribe: Some(unsubscribe.into()),
            ..Self::default()
        }
    }

    pub fn message(data: RawJson) -> Self {
        Self {
            message: Some(Message { data: Some(data) }),
            ..Self::default()
        }
    }

    pub fn subscribe(channel: impl Into<String>, subscribe: Subscribe) -> Self {
        Self {
            channel: channel.into(),
            subscribe: Some(subscribe),
            ..Self::default()
        }
    }

    pub fn connect(connect: Connect) -> Self {
        Self {
            connect: Some(connect),
            ..Self::default()
        }
    }

    /// `Push::disconnect(DisconnectReason::SHUTDOWN)`, or pass a custom
    /// [`Disconnect`].
    pub fn disconnect(disconnect: impl Into<Disconnect>) -> Self {
        Self {
            disconnect: Some(disconnect.into()),
            ..Self::default()
        }
    }

    pub fn refresh(expires: bool, ttl: u32) -> Self {
        Self {
            refresh: Some(Refresh { expires, ttl }),
            ..Self::default()
        }
    }
}

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
    fn take_request(self) -> Option<Request> {
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

// ---------------------------------------------------------------------------
// Error codes
// ---------------------------------------------------------------------------

/// Built-in reply error codes. Numbers, messages and temporary flags match
/// `errors.go` of github.com/centrifugal/centrifuge (and Centrifugo's "Client
/// protocol codes" documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ErrorCode {
    /// Server-side failure; the client is not at fault. Temporary.
    Internal = 100,
    Unauthorized = 101,
    UnknownChannel = 102,
    PermissionDenied = 103,
    MethodNotFound = 104,
    AlreadySubscribed = 105,
    LimitExceeded = 106,
    /// Malformed request; retrying makes no sense.
    BadRequest = 107,
    NotAvailable = 108,
    /// Connection or subscription token expired; the client fetches a new
    /// token (centrifuge-js treats 109 specially).
    TokenExpired = 109,
    /// Connection expired (no token involved).
    Expired = 110,
    /// Rate limited. Temporary.
    TooManyRequests = 111,
    /// History does not hold the requested stream position (wrong epoch,
    /// expired, trimmed).
    UnrecoverablePosition = 112,
    /// Token revoked (newer centrifuge versions).
    TokenRevoked = 113,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 14] = [
        ErrorCode::Internal,
        ErrorCode::Unauthorized,
        ErrorCode::UnknownChannel,
        ErrorCode::PermissionDenied,
        ErrorCode::MethodNotFound,
        ErrorCode::AlreadySubscribed,
        ErrorCode::LimitExceeded,
        ErrorCode::BadRequest,
        ErrorCode::NotAvailable,
        ErrorCode::TokenExpired,
        ErrorCode::Expired,
        ErrorCode::TooManyRequests,
        ErrorCode::UnrecoverablePosition,
        ErrorCode::TokenRevoked,
    ];

    pub const fn code(self) -> u32 {
        self as u32
    }

    pub const fn message(self) -> &'static str {
        match self {
            ErrorCode::Internal => "internal server error",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::UnknownChannel => "unknown channel",
            ErrorCode::PermissionDenied => "permission denied",
            ErrorCode::MethodNotFound => "method not found",
            ErrorCode::AlreadySubscribed => "already subscribed",
            ErrorCode::LimitExceeded => "limit exceeded",
            ErrorCode::BadRequest => "bad request",
            ErrorCode::NotAvailable => "not available",
            ErrorCode::TokenExpired => "token expired",
            ErrorCode::Expired => "expired",
            ErrorCode::TooManyRequests => "too many requests",
            ErrorCode::UnrecoverablePosition => "unrecoverable position",
            ErrorCode::TokenRevoked => "token revoked",
        }
    }

    /// Temporary errors are retried by clients.
    pub const fn temporary(self) -> bool {
        matches!(self, ErrorCode::Internal | ErrorCode::TooManyRequests)
    }

    pub fn from_code(code: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

// ---------------------------------------------------------------------------
// Disconnect and unsubscribe codes
// ---------------------------------------------------------------------------

/// A built-in disconnect code, from `disconnect.go` of
/// github.com/centrifugal/centrifuge.
///
/// Code ranges: 0–2999 are reserved for transports and client-side use.
/// 3000–3499 mean "reconnect", 3500–3999 are terminal, 4000–4499 are
/// application-defined "reconnect" codes and 4500–4999 are
/// application-defined terminal codes. 5000 and above are reserved and mean
/// "reconnect". `reconnect` always equals
/// [`DisconnectReason::reconnect_for_code`] of `code`.
///
/// On WebSocket the server closes with close code = `code` and close reason =
/// `reason` after writing the disconnect push (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DisconnectReason {
    pub code: u32,
    pub reason: &'static str,
    pub reconnect: bool,
}

impl DisconnectReason {
    const fn new(code: u32, reason: &'static str) -> Self {
        Self {
            code,
            reason,
            reconnect: Self::reconnect_for_code(code),
        }
    }

    /// Connection closed without server advice (client went away). Used for
    /// bookkeeping only and never sent to a client.
    pub const CONNECTION_CLOSED: Self = Self::new(3000, "connection closed");

    // Non-terminal: the client reconnects.
    /// The node is shutting down.
    pub const SHUTDOWN: Self = Self::new(3001, "shutdown");
    /// Internal server error.
    pub const SERVER_ERROR: Self = Self::new(3004, "internal server error");
    /// Connection expired (credentials not refreshed in time).
    pub const EXPIRED: Self = Self::new(3005, "connection expired");
    /// A subscription expired.
    pub const SUB_EXPIRED: Self = Self::new(3006, "subscription expired");
    /// Client does not read fast enough (send queue overflow).
    pub const SLOW: Self = Self::new(3008, "slow");
    /// Writing to the connection failed.
    pub const WRITE_ERROR: Self = Self::new(3009, "write error");
    /// Lost or misordered publications detected; the client reconnects and
    /// recovers.
    pub const INSUFFICIENT_STATE: Self = Self::new(3010, "insufficient state");
    /// Server-initiated disconnect with reconnect.
    pub const FORCE_RECONNECT: Self = Self::new(3011, "force reconnect");
    /// No pong received for a server ping in time.
    pub const NO_PONG: Self = Self::new(3012, "no pong");
    /// The client sends too many commands.
    pub const TOO_MANY_REQUESTS: Self = Self::new(3013, "too many requests");

    // Terminal: the client does not reconnect.
    pub const INVALID_TOKEN: Self = Self::new(3500, "invalid token");
    /// Malformed frames, a command before `connect`, an unexpected pong, etc.
    pub const BAD_REQUEST: Self = Self::new(3501, "bad request");
    /// The connection did not authenticate in time after dialling.
    pub const STALE: Self = Self::new(3502, "stale");
    pub const FORCE_NO_RECONNECT: Self = Self::new(3503, "force disconnect");
    pub const CONNECTION_LIMIT: Self = Self::new(3504, "connection limit");
    pub const CHANNEL_LIMIT: Self = Self::new(3505, "channel limit");
    /// The connection format cannot carry the data (e.g. binary for JSON).
    pub const INAPPROPRIATE_PROTOCOL: Self = Self::new(3506, "inappropriate protocol");
    pub const PERMISSION_DENIED: Self = Self::new(3507, "permission denied");
    /// E.g. a `send` with no message handler on the server.
    pub const NOT_AVAILABLE: Self = Self::new(3508, "not available");
    pub const TOO_MANY_ERRORS: Self = Self::new(3509, "too many errors");

    pub const ALL: [DisconnectReason; 21] = [
        Self::CONNECTION_CLOSED,
        Self::SHUTDOWN,
        Self::SERVER_ERROR,
        Self::EXPIRED,
        Self::SUB_EXPIRED,
        Self::SLOW,
        Self::WRITE_ERROR,
        Self::INSUFFICIENT_STATE,
        Self::FORCE_RECONNECT,
        Self::NO_PONG,
        Self::TOO_MANY_REQUESTS,
        Self::INVALID_TOKEN,
        Self::BAD_REQUEST,
        Self::STALE,
        Self::FORCE_NO_RECONNECT,
        Self::CONNECTION_LIMIT,
        Self::CHANNEL_LIMIT,
        Self::INAPPROPRIATE_PROTOCOL,
        Self::PERMISSION_DENIED,
        Self::NOT_AVAILABLE,
        Self::TOO_MANY_ERRORS,
    ];

    /// The reconnect rule shared by centrifuge and centrifuge-js: terminal
    /// codes are 3500–3999 and 4500–4999; every other code reconnects.
    pub const fn reconnect_for_code(code: u32) -> bool {
        !((code >= 3500 && code < 4000) || (code >= 4500 && code < 5000))
    }

    /// The WebSocket close code to use (disconnect codes are below 65536).
    pub fn ws_close_code(&self) -> u16 {
        u16::try_from(self.code).unwrap_or(u16::MAX)
    }

    /// The push to send just before closing.
    pub fn push(self) -> Push {
        Push::disconnect(self)
    }

    /// The disconnect push wrapped in a reply, ready for [`encode_replies`].
    pub fn reply(self) -> Reply {
        Reply::disconnect(self)
    }
}

impl fmt::Display for DisconnectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.reason)
    }
}

/// Built-in unsubscribe codes (server → client `unsubscribe` push), from
/// `unsubscribe.go` of github.com/centrifugal/centrifuge. Codes below 2500
/// leave the subscription unsubscribed; 2500 and above make the client
/// resubscribe. Codes 0 (client) and 1 (disconnect) exist server-side only
/// and are never sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnsubscribeReason {
    pub code: u32,
    pub reason: &'static str,
}

impl UnsubscribeReason {
    /// Explicit server-side unsubscribe. No resubscribe.
    pub const SERVER: Self = Self {
        code: 2000,
        reason: "server unsubscribe",
    };
    /// Stream state lost; the client resubscribes and recovers.
    pub const INSUFFICIENT_STATE: Self = Self {
        code: 2500,
        reason: "insufficient state",
    };
    /// Subscription expired; the client resubscribes with a fresh token.
    pub const EXPIRED: Self = Self {
        code: 2501,
        reason: "subscription expired",
    };

    /// Whether the client resubscribes after this code.
    pub const fn resubscribe_for_code(code: u32) -> bool {
        code >= 2500
    }
}

impl From<UnsubscribeReason> for Unsubscribe {
    fn from(u: UnsubscribeReason) -> Self {
        Self {
            code: u.code,
            reason: u.reason.to_owned(),
        }
    }
}

// ---------------------------------------------------------------------------
// Decoding / encoding
// ---------------------------------------------------------------------------

/// Why a frame could not be decoded. `index` counts the non-empty lines
/// (commands) of the frame, starting at 0.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    /// The line is not a JSON object of the command shape: bad syntax, wrong
    /// types, an id outside u32, nesting over serde_json's limit of 128, etc.
    #[error("command {index} of the frame is malformed: {source}")]
    Malformed {
        index: usize,
        #[source]
        source: serde_json::Error,
    },
    /// A command with an id but without any request field. The Go server
    /// disconnects with `bad request` here. [`ProtocolError::reply`] offers a
    /// 107 error reply instead.
    #[error("command {index} (id {id}) has no request")]
    NoRequest { index: usize, id: u32 },
    /// A request other than `send` with id 0. Only `send` and the pong may
    /// go without an id.
    #[error("command {index} ({method}) has no id")]
    MissingId { index: usize, method: &'static str },
    /// The frame holds more commands than the caller allows.
    #[error("frame holds more than {limit} commands")]
    TooManyCommands { limit: usize },
}

impl ProtocolError {
    /// An error reply to send, if the error names a command id. For
    /// `NoRequest` this is `{"id":…,"error":{"code":107,"message":"bad request"}}`.
    pub fn reply(&self) -> Option<Reply> {
        match self {
            ProtocolError::NoRequest { id, .. } => Some(Reply::error(*id, ErrorCode::BadRequest)),
            _ => None,
        }
    }

    /// The disconnect the Go server would issue for this error. All frame
    /// errors are `bad request` (3501, terminal), except too many commands,
    /// which is `too many requests` (3013, reconnect).
    pub fn disconnect(&self) -> DisconnectReason {
        match self {
            ProtocolError::TooManyCommands { .. } => DisconnectReason::TOO_MANY_REQUESTS,
            _ => DisconnectReason::BAD_REQUEST,
        }
    }
}

fn is_json_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Decodes one client frame: newline-separated JSON commands.
///
/// Lines that are empty or hold only whitespace are skipped, so a frame of
/// only whitespace gives `Ok(vec![])`. Unknown keys are ignored, and `null`
/// counts as an absent field. Each line must be a JSON object. The first
/// non-null request field wins. The rules for the `id` are in the module
/// docs.
///
/// The frame is all-or-nothing: the first bad command rejects it, and with
/// more than `max_commands` commands it fails before any further parsing.
/// The Go server handles the commands before a bad one and then
/// disconnects. A simple policy that is compatible with it: send
/// `err.reply()` if present, then close with `err.disconnect()`.
pub fn decode_frame(text: &str, max_commands: usize) -> Result<Vec<DecodedCommand>, ProtocolError> {
    let mut commands = Vec::new();
    for line in text.split('\n') {
        let trimmed = line.trim_matches(is_json_whitespace);
        if trimmed.is_empty() {
            continue;
        }
        let index = commands.len();
        if index >= max_commands {
            return Err(ProtocolError::TooManyCommands {
                limit: max_commands,
            });
        }
        if !trimmed.starts_with('{') {
            // serde's derived struct visitor would accept a JSON array
            // positionally; the wire format only has objects.
            return Err(ProtocolError::Malformed {
                index,
                source: <serde_json::Error as serde::de::Error>::custom(
                    "command must be a JSON object",
                ),
            });
        }
        let command: Command = serde_json::from_str(trimmed)
            .map_err(|source| ProtocolError::Malformed { index, source })?;
        let id = command.id;
        let request = match (command.take_request(), id) {
            (None, 0) => Request::Pong,
            (None, id) => return Err(ProtocolError::NoRequest { index, id }),
            (Some(request @ Request::Send(_)), _) => request,
            (Some(request), 0) => {
                return Err(ProtocolError::MissingId {
                    index,
                    method: request.method_name(),
                });
            }
            (Some(request), _) => request,
        };
        commands.push(DecodedCommand { id, request });
    }
    Ok(commands)
}

/// Appends the compact JSON of `value`. Serialising these types cannot fail
/// (all map keys are strings and raw payloads are valid JSON). If it ever
/// did, `fallback` would be written instead.
fn write_json<T: Serialize>(out: &mut Vec<u8>, value: &T, fallback: impl FnOnce() -> Reply) {
    let start = out.len();
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.truncate(start);
        // A Reply with an ErrorCode body always serialises.
        let _ = serde_json::to_writer(&mut *out, &fallback());
    }
}

fn into_string(bytes: Vec<u8>) -> String {
    // serde_json only writes UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Encodes replies as one newline-delimited frame (no trailing newline).
/// An empty slice gives an empty string, which callers should not send.
pub fn encode_replies(replies: &[Reply]) -> String {
    let mut out = Vec::with_capacity(replies.len() * 64);
    for (i, reply) in replies.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        write_json(&mut out, reply, || {
            Reply::error(reply.id, ErrorCode::Internal)
        });
    }
    into_string(out)
}

/// Encodes one reply (a one-reply frame).
pub fn encode_reply(reply: &Reply) -> String {
    encode_replies(std::slice::from_ref(reply))
}

/// Encodes commands as a client would (newline-delimited). Meant for test
/// clients and tooling.
pub fn encode_commands(commands: &[Command]) -> String {
    let mut out = Vec::with_capacity(commands.len() * 64);
    for (i, command) in commands.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        write_json(&mut out, command, Reply::default);
    }
    into_string(out)
}

/// Decodes a server frame as a client would: splits on `\n` and skips
/// whitespace-only lines. Meant for test clients and tooling.
pub fn decode_replies(text: &str) -> Result<Vec<Reply>, serde_json::Error> {
    text.split('\n')
        .filter(|line| !line.trim_matches(is_json_whitespace).is_empty())
        .map(serde_json::from_str)
        .collect()
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> RawJson {
        s.parse().expect("valid JSON")
    }

    fn one(text: &str) -> DecodedCommand {
        let mut cmds = decode_frame(text, 16).expect("decodes");
        assert_eq!(cmds.len(), 1, "one command in {text:?}");
        cmds.remove(0)
    }

    fn roundtrip_command(cmd: DecodedCommand) {
        let text = encode_commands(&[cmd.clone().into()]);
        assert!(!text.contains('\n'), "no newline in {text}");
        let decoded = decode_frame(&text, 1).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(decoded, vec![cmd], "roundtrip of {text}");
    }

    fn roundtrip_reply(reply: Reply) {
        let text = encode_reply(&reply);
        assert!(!text.contains('\n'), "no newline in {text}");
        let decoded = decode_replies(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(decoded, vec![reply], "roundtrip of {text}");
    }

    fn sample_info() -> ClientInfo {
        ClientInfo {
            user: "u1".into(),
            client: "c1".into(),
            conn_info: Some(raw(r#"{"name":"Ana"}"#)),
            chan_info: Some(raw(r#"{"role":"tech"}"#)),
        }
    }

    fn sample_publication() -> Publication {
        Publication {
            data: Some(raw(r#"{"text":"hi","n":1}"#)),
            info: Some(sample_info()),
            offset: 42,
            tags: BTreeMap::from([("k".to_owned(), "v".to_owned())]),
        }
    }

    fn sample_subscribe_result() -> SubscribeResult {
        SubscribeResult {
            expires: true,
            ttl: 60,
            recoverable: true,
            epoch: "ep".into(),
            publications: vec![sample_publication()],
            recovered: true,
            offset: 7,
            positioned: true,
            data: Some(raw("[1,2]")),
            was_recovering: true,
        }
    }

    // ----- round trips of every message type -----

    #[test]
    fn roundtrip_every_request_type() {
        let sub = SubscribeRequest {
            channel: "news".into(),
            token: "t".into(),
            recover: true,
            epoch: "e".into(),
            offset: u64::MAX,
            data: Some(raw(r#"{"a":null}"#)),
            positioned: true,
            recoverable: true,
            join_leave: true,
        };
        let requests = vec![
            Request::Connect(ConnectRequest {
                token: "jwt".into(),
                data: Some(raw(r#"{"x":[1,2,3]}"#)),
                subs: BTreeMap::from([("news".to_owned(), sub.clone())]),
                name: "js".into(),
                version: "5.0.0".into(),
            }),
            Request::Connect(ConnectRequest::default()),
            Request::Subscribe(sub),
            Request::Subscribe(SubscribeRequest::default()),
            Request::Unsubscribe(UnsubscribeRequest {
                channel: "news".into(),
            }),
            Request::Publish(PublishRequest {
                channel: "chat".into(),
                data: Some(raw(r#""text""#)),
            }),
            Request::Presence(PresenceRequest {
                channel: "p".into(),
            }),
            Request::PresenceStats(PresenceStatsRequest {
                channel: "p".into(),
            }),
            Request::History(HistoryRequest {
                channel: "h".into(),
                limit: -1,
                since: Some(StreamPosition {
                    offset: 3,
                    epoch: "x".into(),
                }),
                reverse: true,
            }),
            Request::History(HistoryRequest {
                channel: "h".into(),
                since: Some(StreamPosition::default()),
                ..HistoryRequest::default()
            }),
            Request::Ping(PingRequest {}),
            Request::Rpc(RpcRequest {
                data: Some(raw("1.5e300")),
                method: "m".into(),
            }),
            Request::Refresh(RefreshRequest { token: "t2".into() }),
            Request::SubRefresh(SubRefreshRequest {
                channel: "c".into(),
                token: "t3".into(),
            }),
        ];
        for (i, request) in requests.into_iter().enumerate() {
            roundtrip_command(DecodedCommand {
                id: i as u32 + 1,
                request,
            });
        }
        roundtrip_command(DecodedCommand {
            id: 0,
            request: Request::Send(SendRequest {
                data: Some(raw("{}")),
            }),
        });
        roundtrip_command(DecodedCommand {
            id: 9,
            request: Request::Send(SendRequest::default()),
        });
        roundtrip_command(DecodedCommand {
            id: 0,
            request: Request::Pong,
        });
    }

    #[test]
    fn roundtrip_every_reply_and_push_type() {
        let replies = vec![
            Reply::ping(),
            Reply::error(1, ErrorCode::Internal),
            Reply::with_error(2, ReplyError::new(4001, "custom", false)),
            Reply::connect(
                3,
                ConnectResult {
                    client: "abc".into(),
                    version: "0.0.1".into(),
                    expires: true,
                    ttl: 3600,
                    data: Some(raw(r#"{"welcome":true}"#)),
                    subs: BTreeMap::from([("srv".to_owned(), sample_subscribe_result())]),
                    ping: 25,
                    pong: true,
                    session: "s".into(),
                    node: "n".into(),
                },
            ),
            Reply::subscribe(4, sample_subscribe_result()),
            Reply::subscribe(4, SubscribeResult::default()),
            Reply::unsubscribe(5),
            Reply::publish(6),
            Reply::presence(
                7,
                PresenceResult {
                    presence: BTreeMap::from([("c1".to_owned(), sample_info())]),
                },
            ),
            Reply::presence(7, PresenceResult::default()),
            Reply::presence_stats(
                8,
                PresenceStatsResult {
                    num_clients: 3,
                    num_users: 2,
                },
            ),
            Reply::history(
                9,
                HistoryResult {
                    publications: vec![sample_publication()],
                    epoch: "e".into(),
                    offset: 9,
                },
            ),
            Reply::history(9, HistoryResult::default()),
            Reply::ping_result(10),
            Reply::rpc(
                11,
                RpcResult {
                    data: Some(raw(r#"{"ok":true}"#)),
                },
            ),
            Reply::rpc(11, RpcResult::default()),
            Reply::refresh(
                12,
                RefreshResult {
                    client: "abc".into(),
                    version: "1".into(),
                    expires: true,
                    ttl: 10,
                },
            ),
            Reply::sub_refresh(
                13,
                SubRefreshResult {
                    expires: true,
                    ttl: 20,
                },
            ),
            Reply::push(Push::publication("news", sample_publication())),
            Reply::push(Push::publication("news", Publication::default())),
            Reply::push(Push::join("news", sample_info())),
            Reply::push(Push::leave("news", ClientInfo::new("u", "c"))),
            Reply::push(Push::unsubscribe("news", UnsubscribeReason::SERVER)),
            Reply::push(Push::unsubscribe(
                "news",
                Unsubscribe {
                    code: 2600,
                    reason: "x".into(),
                },
            )),
            Reply::push(Push::message(raw(r#"{"m":1}"#))),
            Reply::push(Push::subscribe(
                "srv",
                Subscribe {
                    recoverable: true,
                    epoch: "e".into(),
                    offset: 1,
                    positioned: true,
                    data: Some(raw("true")),
                },
            )),
            Reply::push(Push::connect(Connect {
                client: "abc".into(),
                version: "1".into(),
                data: Some(raw("{}")),
                subs: BTreeMap::from([("srv".to_owned(), SubscribeResult::default())]),
                expires: true,
                ttl: 5,
                ping: 25,
                pong: true,
                session: "s".into(),
                node: "n".into(),
            })),
            Reply::disconnect(DisconnectReason::SHUTDOWN),
            Reply::disconnect(DisconnectReason::BAD_REQUEST),
            Reply::disconnect(Disconnect::new(4501, "kicked")),
            Reply::push(Push::refresh(true, 30)),
        ];
        for reply in replies.iter().cloned() {
            roundtrip_reply(reply);
        }
        let frame = encode_replies(&replies);
        assert_eq!(frame.matches('\n').count(), replies.len() - 1);
        assert!(!frame.ends_with('\n'));
        assert_eq!(decode_replies(&frame).unwrap(), replies);
    }

    // ----- exact JSON as centrifuge-js expects it -----

    #[test]
    fn exact_reply_json() {
        let cases: Vec<(Reply, &str)> = vec![
            (
                Reply::connect(
                    1,
                    ConnectResult {
                        client: "abc".into(),
                        version: "0.0.1".into(),
                        ping: 25,
                        pong: true,
                        ..ConnectResult::default()
                    },
                ),
                r#"{"id":1,"connect":{"client":"abc","version":"0.0.1","ping":25,"pong":true}}"#,
            ),
            (Reply::ping(), "{}"),
            (
                Reply::error(3, ErrorCode::BadRequest),
                r#"{"id":3,"error":{"code":107,"message":"bad request"}}"#,
            ),
            (
                Reply::error(2, ErrorCode::Internal),
                r#"{"id":2,"error":{"code":100,"message":"internal server error","temporary":true}}"#,
            ),
            (
                Reply::subscribe(
                    2,
                    SubscribeResult {
                        recoverable: true,
                        epoch: "abc".into(),
                        offset: 10,
                        positioned: true,
                        ..SubscribeResult::default()
                    },
                ),
                r#"{"id":2,"subscribe":{"recoverable":true,"epoch":"abc","offset":10,"positioned":true}}"#,
            ),
            (
                Reply::subscribe(2, SubscribeResult::default()),
                r#"{"id":2,"subscribe":{}}"#,
            ),
            (Reply::publish(7), r#"{"id":7,"publish":{}}"#),
            (Reply::unsubscribe(8), r#"{"id":8,"unsubscribe":{}}"#),
            (
                Reply::presence_stats(5, PresenceStatsResult::default()),
                r#"{"id":5,"presence_stats":{"num_clients":0,"num_users":0}}"#,
            ),
            (
                Reply::presence(5, PresenceResult::default()),
                r#"{"id":5,"presence":{"presence":{}}}"#,
            ),
            (
                Reply::history(6, HistoryResult::default()),
                r#"{"id":6,"history":{"publications":[],"epoch":"","offset":0}}"#,
            ),
            (
                Reply::push(Push::publication(
                    "news",
                    Publication {
                        data: Some(raw(r#"{"x":1}"#)),
                        offset: 5,
                        ..Publication::default()
                    },
                )),
                r#"{"push":{"channel":"news","pub":{"data":{"x":1},"offset":5}}}"#,
            ),
            (
                Reply::push(Push::join("chat", ClientInfo::new("", "c1"))),
                r#"{"push":{"channel":"chat","join":{"info":{"user":"","client":"c1"}}}}"#,
            ),
            (
                Reply::push(Push::unsubscribe("chat", UnsubscribeReason::SERVER)),
                r#"{"push":{"channel":"chat","unsubscribe":{"code":2000,"reason":"server unsubscribe"}}}"#,
            ),
            (
                Reply::disconnect(DisconnectReason::SHUTDOWN),
                r#"{"push":{"disconnect":{"code":3001,"reason":"shutdown","reconnect":true}}}"#,
            ),
            (
                Reply::disconnect(DisconnectReason::BAD_REQUEST),
                r#"{"push":{"disconnect":{"code":3501,"reason":"bad request"}}}"#,
            ),
            (
                Reply::push(Push::message(raw(r#""hello""#))),
                r#"{"push":{"message":{"data":"hello"}}}"#,
            ),
            (
                Reply::rpc(
                    4,
                    RpcResult {
                        data: Some(raw("[1]")),
                    },
                ),
                r#"{"id":4,"rpc":{"data":[1]}}"#,
            ),
        ];
        for (reply, expected) in cases {
            assert_eq!(encode_reply(&reply), expected);
        }
        assert_eq!(encode_reply(&Reply::ping()), PING_FRAME);
        assert!(Reply::ping().is_ping());
        assert!(!Reply::publish(1).is_ping());
    }

    #[test]
    fn encode_replies_is_newline_delimited() {
        let frame = encode_replies(&[Reply::publish(1), Reply::ping(), Reply::unsubscribe(2)]);
        assert_eq!(
            frame,
            "{\"id\":1,\"publish\":{}}\n{}\n{\"id\":2,\"unsubscribe\":{}}"
        );
        assert_eq!(encode_replies(&[]), "");
    }

    // ----- decoding what centrifuge-js sends -----

    #[test]
    fn decodes_centrifuge_js_connect_batch() {
        // On open, centrifuge-js batches connect and subscribe commands. It
        // builds the command first and sets `id` afterwards, so the id
        // comes last.
        let frame = concat!(
            r#"{"connect":{"token":"jwt","data":{"device":"tablet"},"name":"js","version":"5.1.0","subs":{"srv":{"recover":true,"offset":12,"epoch":"ep"}}},"id":1}"#,
            "\n",
            r#"{"subscribe":{"channel":"jobs:42","recover":true,"offset":3,"epoch":"e1","join_leave":true},"id":2}"#,
            "\n",
            r#"{"subscribe":{"channel":"chat:7","data":{"since":"now"}},"id":3}"#
        );
        let cmds = decode_frame(frame, 8).unwrap();
        assert_eq!(cmds.len(), 3);
        assert_eq!(cmds[0].id, 1);
        let Request::Connect(connect) = &cmds[0].request else {
            panic!("connect expected")
        };
        assert_eq!(connect.token, "jwt");
        assert_eq!(connect.name, "js");
        assert_eq!(connect.version, "5.1.0");
        assert_eq!(
            connect.data.as_ref().unwrap().get(),
            r#"{"device":"tablet"}"#
        );
        let srv = &connect.subs["srv"];
        assert!(srv.recover);
        assert_eq!((srv.offset, srv.epoch.as_str()), (12, "ep"));
        assert_eq!(
            cmds[1],
            DecodedCommand {
                id: 2,
                request: Request::Subscribe(SubscribeRequest {
                    channel: "jobs:42".into(),
                    recover: true,
                    offset: 3,
                    epoch: "e1".into(),
                    join_leave: true,
                    ..SubscribeRequest::default()
                }),
            }
        );
        let Request::Subscribe(s) = &cmds[2].request else {
            panic!("subscribe expected")
        };
        assert_eq!(s.data.as_ref().unwrap().get(), r#"{"since":"now"}"#);
    }

    #[test]
    fn decodes_other_centrifuge_js_commands() {
        let cmd = one(
            r#"{"history":{"channel":"c","since":{"offset":0},"limit":10,"reverse":true},"id":5}"#,
        );
        assert_eq!(
            cmd.request,
            Request::History(HistoryRequest {
                channel: "c".into(),
                limit: 10,
                since: Some(StreamPosition::default()),
                reverse: true,
            })
        );
        let cmd = one(r#"{"presence_stats":{"channel":"c"},"id":6}"#);
        assert_eq!(
            cmd.request,
            Request::PresenceStats(PresenceStatsRequest {
                channel: "c".into()
            })
        );
        let cmd = one(r#"{"rpc":{"method":"getJob","data":{"id":9}},"id":7}"#);
        assert_eq!(cmd.request.method_name(), "rpc");
        let cmd = one(r#"{"refresh":{"token":"new"},"id":8}"#);
        assert_eq!(
            cmd.request,
            Request::Refresh(RefreshRequest {
                token: "new".into()
            })
        );
        let cmd = one(r#"{"sub_refresh":{"channel":"c","token":"t"},"id":9}"#);
        assert_eq!(cmd.request.method_name(), "sub_refresh");
        // centrifuge-js sends `send` without an id.
        let cmd = one(r#"{"send":{"data":{"typing":true}}}"#);
        assert_eq!(cmd.id, 0);
        assert!(!cmd.request.expects_reply());
        let Request::Send(send) = cmd.request else {
            panic!("send expected")
        };
        assert_eq!(send.data.unwrap().get(), r#"{"typing":true}"#);
    }

    #[test]
    fn empty_object_is_pong() {
        assert_eq!(
            one("{}"),
            DecodedCommand {
                id: 0,
                request: Request::Pong
            }
        );
        assert_eq!(one(r#"{"id":0}"#).request, Request::Pong);
        assert_eq!(one(r#"{"id":null,"connect":null}"#).request, Request::Pong);
        assert_eq!(one(r#"  {"future_field":[1,2]}  "#).request, Request::Pong);
        assert!(!Request::Pong.expects_reply());
    }

    #[test]
    fn multi_command_frame_with_blank_lines_and_crlf() {
        let frame = "\n{\"id\":1,\"publish\":{\"channel\":\"a\",\"data\":1}}\r\n\r\n  \n{}\r\n{\"id\":2,\"unsubscribe\":{\"channel\":\"a\"}}\n";
        let cmds = decode_frame(frame, 3).unwrap();
        assert_eq!(cmds.len(), 3);
        assert_eq!(cmds[0].request.method_name(), "publish");
        assert_eq!(cmds[1].request, Request::Pong);
        assert_eq!(
            cmds[2],
            DecodedCommand {
                id: 2,
                request: Request::Unsubscribe(UnsubscribeRequest {
                    channel: "a".into()
                })
            }
        );
        assert_eq!(decode_frame("", 4).unwrap(), vec![]);
        assert_eq!(decode_frame(" \r\n\t\n", 0).unwrap(), vec![]);
    }

    #[test]
    fn first_non_null_request_wins_and_unknown_fields_are_ignored() {
        let cmd = one(
            r#"{"id":4,"connect":null,"publish":{"channel":"p","extra":1},"subscribe":{"channel":"s"},"method":7,"params":{}}"#,
        );
        // Proto order: subscribe (5) comes before publish (7).
        assert_eq!(
            cmd.request,
            Request::Subscribe(SubscribeRequest {
                channel: "s".into(),
                ..Default::default()
            })
        );
        let cmd = one(r#"{"id":4,"ping":{},"rpc":{"method":"m"}}"#);
        assert_eq!(cmd.request, Request::Ping(PingRequest {}));
        let cmd = one(
            r#"{"id":4,"subscribe":{"channel":"s","delta":"fossil","tf":{"op":"and"},"flag":3}}"#,
        );
        assert_eq!(
            cmd.request,
            Request::Subscribe(SubscribeRequest {
                channel: "s".into(),
                ..Default::default()
            })
        );
    }

    #[test]
    fn null_scalars_are_defaults() {
        let cmd = one(
            r#"{"id":1,"subscribe":{"channel":null,"token":null,"recover":null,"offset":null,"data":null,"epoch":null}}"#,
        );
        assert_eq!(cmd.request, Request::Subscribe(SubscribeRequest::default()));
        let cmd = one(r#"{"id":1,"connect":{"subs":null,"data":null}}"#);
        assert_eq!(cmd.request, Request::Connect(ConnectRequest::default()));
    }

    // ----- errors -----

    #[test]
    fn malformed_json_is_rejected_with_its_index() {
        for bad in [
            "{",
            r#"{"id":1,"subscribe":{"channel":"ne"#,
            r#"{"id":1}{"id":2}"#,
            r#"{"id":"1","ping":{}}"#,
            r#"{"id":-1,"ping":{}}"#,
            r#"{"id":4294967296,"ping":{}}"#,
            r#"{"id":1.5,"ping":{}}"#,
            r#"{"id":1,"history":{"channel":"c","limit":2147483648}}"#,
            r#"{"id":1,"history":{"since":{"offset":18446744073709551616}}}"#,
            r#"{"id":1,"subscribe":{"recover":"yes"}}"#,
            r#"{"id":1,"id":2,"ping":{}}"#,
            r#"{"id":1,"connect":{"data":}}"#,
            r#"{"id":1,"publish":{"data":{"a":1,}}}"#,
            "[1]",
            "[]",
            "null",
            "42",
            "\"str\"",
            "\u{feff}{}",
            "{'id':1}",
        ] {
            match decode_frame(bad, 4) {
                Err(err @ ProtocolError::Malformed { index: 0, .. }) => {
                    assert_eq!(err.disconnect(), DisconnectReason::BAD_REQUEST);
                    assert!(err.reply().is_none());
                }
                other => panic!("{bad:?}: expected Malformed, got {other:?}"),
            }
        }
        let frame = "{}\n{\"id\":1,\"ping\":{}}\n{oops";
        assert!(matches!(
            decode_frame(frame, 4),
            Err(ProtocolError::Malformed { index: 2, .. })
        ));
    }

    #[test]
    fn command_without_request_is_bad_request() {
        let err = decode_frame(r#"{"id":5}"#, 4).unwrap_err();
        assert!(matches!(err, ProtocolError::NoRequest { index: 0, id: 5 }));
        assert_eq!(
            encode_reply(&err.reply().unwrap()),
            r#"{"id":5,"error":{"code":107,"message":"bad request"}}"#
        );
        assert_eq!(err.disconnect(), DisconnectReason::BAD_REQUEST);
        // A protocol v1 command has no v2 request field.
        let err = decode_frame(
            "{}\n{\"id\":9,\"method\":1,\"params\":{\"channel\":\"c\"}}",
            4,
        )
        .unwrap_err();
        assert!(matches!(err, ProtocolError::NoRequest { index: 1, id: 9 }));
        let err = decode_frame(r#"{"id":6,"connect":null}"#, 4).unwrap_err();
        assert!(matches!(err, ProtocolError::NoRequest { id: 6, .. }));
    }

    #[test]
    fn request_without_id_is_rejected() {
        let err = decode_frame(r#"{"subscribe":{"channel":"x"}}"#, 4).unwrap_err();
        assert!(matches!(
            err,
            ProtocolError::MissingId {
                index: 0,
                method: "subscribe"
            }
        ));
        assert_eq!(err.disconnect(), DisconnectReason::BAD_REQUEST);
        let err = decode_frame(r#"{"id":0,"connect":{}}"#, 4).unwrap_err();
        assert!(matches!(
            err,
            ProtocolError::MissingId {
                method: "connect",
                ..
            }
        ));
    }

    #[test]
    fn too_many_commands() {
        let frame = ["{}"; 5].join("\n");
        assert_eq!(decode_frame(&frame, 5).unwrap().len(), 5);
        let err = decode_frame(&frame, 4).unwrap_err();
        assert!(matches!(err, ProtocolError::TooManyCommands { limit: 4 }));
        assert_eq!(err.disconnect(), DisconnectReason::TOO_MANY_REQUESTS);
        assert!(err.to_string().contains('4'));
        // The limit applies before parsing: garbage after the limit is never
        // looked at.
        let frame = "{}\n{}\n{{{{";
        assert!(matches!(
            decode_frame(frame, 2),
            Err(ProtocolError::TooManyCommands { .. })
        ));
        assert!(matches!(
            decode_frame("{}", 0),
            Err(ProtocolError::TooManyCommands { limit: 0 })
        ));
    }

    // ----- raw payloads -----

    #[test]
    fn raw_payloads_are_kept_verbatim() {
        let data = r#"{"big":123456789012345678901234567890,"huge":1e400,"z":1,"a":2,"s":"\u00e9\ud83d\ude9c","t":"čñ🚜"}"#;
        let cmd = one(&format!(
            r#"{{"id":1,"publish":{{"channel":"c","data":{data}}}}}"#
        ));
        let Request::Publish(publish) = cmd.request else {
            panic!("publish expected")
        };
        let payload = publish.data.unwrap();
        assert_eq!(payload.get(), data);
        // And out again, byte for byte.
        let out = encode_reply(&Reply::push(Push::publication(
            "c",
            Publication::new(payload),
        )));
        assert_eq!(
            out,
            format!(r#"{{"push":{{"channel":"c","pub":{{"data":{data}}}}}}}"#)
        );
    }

    #[test]
    fn raw_json_strips_line_breaks_only_outside_strings() {
        let pretty = "{\n  \"a\": [1, 2],\r\n  \"b\": \"x  y\\n\"\n}";
        let r = RawJson::from_string(pretty.to_owned()).unwrap();
        assert_eq!(r.get(), r#"{"a":[1,2],"b":"x  y\n"}"#);
        // Strings with escaped quotes and backslashes survive.
        let tricky = "[\"a\\\"b\\\\\",\n \"c d\"]";
        assert_eq!(
            RawJson::from_string(tricky.to_owned()).unwrap().get(),
            r#"["a\"b\\","c d"]"#
        );
        // Without line breaks the text is kept exactly.
        assert_eq!(
            RawJson::from_string("{ \"a\" : 1 }".to_owned())
                .unwrap()
                .get(),
            "{ \"a\" : 1 }"
        );
        assert!(RawJson::from_string("{".to_owned()).is_err());
        assert!("".parse::<RawJson>().is_err());
        let v = RawJson::from_value(&serde_json::json!({"k": [true, null]})).unwrap();
        assert_eq!(v.get(), r#"{"k":[true,null]}"#);
        assert_eq!(
            v.parse::<serde_json::Value>().unwrap(),
            serde_json::json!({"k": [true, null]})
        );
        assert_eq!(v.to_string(), v.get());
        assert_eq!(RawJson::from(v.clone().into_inner()), v);
        let frame = encode_replies(&[
            Reply::push(Push::message(
                RawJson::from_string(pretty.to_owned()).unwrap(),
            )),
            Reply::ping(),
        ]);
        assert_eq!(frame.matches('\n').count(), 1);
    }

    #[test]
    fn null_payload_is_absent() {
        let cmd = one(r#"{"id":1,"rpc":{"method":"m","data":null}}"#);
        assert_eq!(
            cmd.request,
            Request::Rpc(RpcRequest {
                data: None,
                method: "m".into()
            })
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // Inside a raw payload: skipped iteratively, accepted.
        let depth = 100_000;
        let data = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let cmd = one(&format!(
            r#"{{"id":1,"publish":{{"channel":"c","data":{data}}}}}"#
        ));
        let Request::Publish(p) = cmd.request else {
            panic!("publish expected")
        };
        assert_eq!(p.data.unwrap().get().len(), 2 * depth);
        // In a typed position: serde_json's recursion limit rejects it.
        let frame = format!(
            r#"{{"id":1,"connect":{{"subs":{{"a":{}{}}}}}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert!(matches!(
            decode_frame(&frame, 1),
            Err(ProtocolError::Malformed { .. })
        ));
        let frame = format!(
            r#"{{"id":1,"x":{}1{},"ping":{{}}}}"#,
            "{\"a\":".repeat(depth),
            "}".repeat(depth)
        );
        assert!(
            decode_frame(&frame, 1).is_ok(),
            "unknown fields are skipped iteratively too"
        );
    }

    // ----- code tables -----

    #[test]
    fn error_code_table() {
        let expected: [(u32, &str, bool); 14] = [
            (100, "internal server error", true),
            (101, "unauthorized", false),
            (102, "unknown channel", false),
            (103, "permission denied", false),
            (104, "method not found", false),
            (105, "already subscribed", false),
            (106, "limit exceeded", false),
            (107, "bad request", false),
            (108, "not available", false),
            (109, "token expired", false),
            (110, "expired", false),
            (111, "too many requests", true),
            (112, "unrecoverable position", false),
            (113, "token revoked", false),
        ];
        for (code, (num, msg, temporary)) in ErrorCode::ALL.into_iter().zip(expected) {
            assert_eq!(
                (code.code(), code.message(), code.temporary()),
                (num, msg, temporary)
            );
            assert_eq!(ErrorCode::from_code(num), Some(code));
            let body = ReplyError::from(code);
            assert_eq!(
                (body.code, body.message.as_str(), body.temporary),
                (num, msg, temporary)
            );
        }
        assert_eq!(ErrorCode::from_code(99), None);
        assert_eq!(ErrorCode::BadRequest.to_string(), "107: bad request");
    }

    #[test]
    fn disconnect_code_table() {
        let expected: [(u32, &str, bool); 21] = [
            (3000, "connection closed", true),
            (3001, "shutdown", true),
            (3004, "internal server error", true),
            (3005, "connection expired", true),
            (3006, "subscription expired", true),
            (3008, "slow", true),
            (3009, "write error", true),
            (3010, "insufficient state", true),
            (3011, "force reconnect", true),
            (3012, "no pong", true),
            (3013, "too many requests", true),
            (3500, "invalid token", false),
            (3501, "bad request", false),
            (3502, "stale", false),
            (3503, "force disconnect", false),
            (3504, "connection limit", false),
            (3505, "channel limit", false),
            (3506, "inappropriate protocol", false),
            (3507, "permission denied", false),
            (3508, "not available", false),
            (3509, "too many errors", false),
        ];
        for (d, (code, reason, reconnect)) in DisconnectReason::ALL.into_iter().zip(expected) {
            assert_eq!((d.code, d.reason, d.reconnect), (code, reason, reconnect));
            assert_eq!(d.reconnect, DisconnectReason::reconnect_for_code(d.code));
            assert!(d.reason.len() <= 123, "fits a WebSocket close frame");
            assert_eq!(u32::from(d.ws_close_code()), d.code);
            assert_eq!(d.push().disconnect.unwrap(), Disconnect::from(d));
            assert_eq!(d.reply(), Reply::push(d.push()));
        }
        let mut codes: Vec<u32> = DisconnectReason::ALL.iter().map(|d| d.code).collect();
        codes.dedup();
        assert_eq!(
            codes.len(),
            DisconnectReason::ALL.len(),
            "codes are unique and sorted"
        );
        // Application ranges.
        assert!(DisconnectReason::reconnect_for_code(4000));
        assert!(DisconnectReason::reconnect_for_code(4499));
        assert!(!DisconnectReason::reconnect_for_code(4500));
        assert!(!DisconnectReason::reconnect_for_code(4999));
        assert!(DisconnectReason::reconnect_for_code(5000));
        assert!(!Disconnect::new(4501, "kicked").reconnect);
        assert!(Disconnect::new(4001, "moved").reconnect);
        assert!(!UnsubscribeReason::resubscribe_for_code(
            UnsubscribeReason::SERVER.code
        ));
        assert!(UnsubscribeReason::resubscribe_for_code(
            UnsubscribeReason::INSUFFICIENT_STATE.code
        ));
        assert!(UnsubscribeReason::resubscribe_for_code(
            UnsubscribeReason::EXPIRED.code
        ));
    }

    // ----- seed corpus -----

    const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/protocol_corpus");

    /// Decodes every corpus file without panicking. Files named `ok_*` must
    /// decode and `err_*` must fail; other files may do either.
    #[test]
    fn corpus_never_panics() {
        let mut entries: Vec<_> = std::fs::read_dir(CORPUS_DIR)
            .unwrap_or_else(|e| panic!("corpus dir {CORPUS_DIR}: {e}"))
            .map(|entry| entry.expect("dir entry").path())
            .filter(|path| path.is_file())
            .collect();
        entries.sort();
        assert!(entries.len() >= 10, "corpus has files");
        for path in entries {
            let bytes = std::fs::read(&path).expect("read corpus file");
            let text = String::from_utf8_lossy(&bytes);
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let result = decode_frame(&text, 64);
            if name.starts_with("ok_") {
                let cmds = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                // Valid commands re-encode and decode to the same values.
                let again =
                    encode_commands(&cmds.iter().cloned().map(Command::from).collect::<Vec<_>>());
                assert_eq!(decode_frame(&again, 64).unwrap(), cmds, "{name}");
            } else if name.starts_with("err_") {
                assert!(result.is_err(), "{name} should fail, got {result:?}");
            }
            let _ = decode_replies(&text);
        }
    }

    // ----- property tests -----

    mod props {
        use super::*;
        use proptest::prelude::*;
        use serde_json::Value;

        fn config() -> ProptestConfig {
            // No regression files are written next to the source file. The
            // case count defaults to 256 (override with PROPTEST_CASES).
            ProptestConfig {
                failure_persistence: None,
                ..ProptestConfig::default()
            }
        }

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                "[a-z0-9:_-]{0,8}",
                "(?s).{0,10}",
                Just("\"\\\n\r\t\u{0}\u{2028}🚜é".to_owned()),
            ]
        }

        fn json_value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                any::<f64>()
                    .prop_filter("finite", |f| f.is_finite())
                    .prop_map(Value::from),
                text().prop_map(Value::String),
            ];
            leaf.prop_recursive(4, 24, 5, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                    prop::collection::btree_map(text(), inner, 0..5)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        /// Non-null payloads (a `null` payload decodes as absent), sometimes
        /// pretty-printed so that line-break stripping is exercised.
        fn raw_json() -> impl Strategy<Value = RawJson> {
            (
                json_value().prop_filter("null payload is absent", |v| !v.is_null()),
                any::<bool>(),
            )
                .prop_map(|(v, pretty)| {
                    if pretty {
                        RawJson::from_string(serde_json::to_string_pretty(&v).unwrap()).unwrap()
                    } else {
                        RawJson::from_value(&v).unwrap()
                    }
                })
        }

        fn opt_raw() -> impl Strategy<Value = Option<RawJson>> {
            prop::option::of(raw_json())
        }

        fn client_info() -> impl Strategy<Value = ClientInfo> {
            (text(), text(), opt_raw(), opt_raw()).prop_map(
                |(user, client, conn_info, chan_info)| ClientInfo {
                    user,
                    client,
                    conn_info,
                    chan_info,
                },
            )
        }

        fn publication() -> impl Strategy<Value = Publication> {
            (
                opt_raw(),
                prop::option::of(client_info()),
                any::<u64>(),
                prop::collection::btree_map(text(), text(), 0..3),
            )
                .prop_map(|(data, info, offset, tags)| Publication {
                    data,
                    info,
                    offset,
                    tags,
                })
        }

        fn subscribe_request() -> impl Strategy<Value = SubscribeRequest> {
            (
                text(),
                text(),
                any::<bool>(),
                text(),
                any::<u64>(),
                opt_raw(),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            )
                .prop_map(
                    |(
                        channel,
                        token,
                        recover,
                        epoch,
                        offset,
                        data,
                        positioned,
                        recoverable,
                        join_leave,
                    )| {
                        SubscribeRequest {
                            channel,
                            token,
                            recover,
                            epoch,
                            offset,
                            data,
                            positioned,
                            recoverable,
                            join_leave,
                        }
                    },
                )
        }

        fn subscribe_result() -> impl Strategy<Value = SubscribeResult> {
            (
                any::<bool>(),
                any::<u32>(),
                any::<bool>(),
                text(),
                prop::collection::vec(publication(), 0..3),
                any::<bool>(),
                any::<u64>(),
                any::<bool>(),
                opt_raw(),
                any::<bool>(),
            )
                .prop_map(
                    |(
                        expires,
                        ttl,
                        recoverable,
                        epoch,
                        publications,
                        recovered,
                        offset,
                        positioned,
                        data,
                        was_recovering,
                    )| {
                        SubscribeResult {
                            expires,
                            ttl,
                            recoverable,
                            epoch,
                            publications,
                            recovered,
                            offset,
                            positioned,
                            data,
                            was_recovering,
                        }
                    },
                )
        }

        fn request_with_id() -> impl Strategy<Value = Request> {
            prop_oneof![
                (
                    text(),
                    opt_raw(),
                    prop::collection::btree_map(text(), subscribe_request(), 0..3),
                    text(),
                    text()
                )
                    .prop_map(|(token, data, subs, name, version)| {
                        Request::Connect(ConnectRequest {
                            token,
                            data,
                            subs,
                            name,
                            version,
                        })
                    }),
                subscribe_request().prop_map(Request::Subscribe),
                text().prop_map(|channel| Request::Unsubscribe(UnsubscribeRequest { channel })),
                (text(), opt_raw())
                    .prop_map(|(channel, data)| Request::Publish(PublishRequest { channel, data })),
                text().prop_map(|channel| Request::Presence(PresenceRequest { channel })),
                text().prop_map(|channel| Request::PresenceStats(PresenceStatsRequest { channel })),
                (
                    text(),
                    any::<i32>(),
                    prop::option::of((any::<u64>(), text())),
                    any::<bool>()
                )
                    .prop_map(|(channel, limit, since, reverse)| Request::History(
                        HistoryRequest {
                            channel,
                            limit,
                            since: since.map(|(offset, epoch)| StreamPosition { offset, epoch }),
                            reverse,
                        }
                    )),
                Just(Request::Ping(PingRequest {})),
                (opt_raw(), text())
                    .prop_map(|(data, method)| Request::Rpc(RpcRequest { data, method })),
                text().prop_map(|token| Request::Refresh(RefreshRequest { token })),
                (text(), text()).prop_map(|(channel, token)| Request::SubRefresh(
                    SubRefreshRequest { channel, token }
                )),
            ]
        }

        fn decoded_command() -> impl Strategy<Value = DecodedCommand> {
            prop_oneof![
                6 => (1..=u32::MAX, request_with_id()).prop_map(|(id, request)| DecodedCommand { id, request }),
                1 => (any::<u32>(), opt_raw())
                    .prop_map(|(id, data)| DecodedCommand { id, request: Request::Send(SendRequest { data }) }),
                1 => Just(DecodedCommand { id: 0, request: Request::Pong }),
            ]
        }

        fn push() -> impl Strategy<Value = Push> {
            prop_oneof![
                (text(), publication()).prop_map(|(c, p)| Push::publication(c, p)),
                (text(), client_info()).prop_map(|(c, i)| Push::join(c, i)),
                (text(), client_info()).prop_map(|(c, i)| Push::leave(c, i)),
                (text(), any::<u32>(), text()).prop_map(|(c, code, reason)| Push::unsubscribe(
                    c,
                    Unsubscribe { code, reason }
                )),
                raw_json().prop_map(Push::message),
                (
                    text(),
                    any::<bool>(),
                    text(),
                    any::<u64>(),
                    any::<bool>(),
                    opt_raw()
                )
                    .prop_map(
                        |(c, recoverable, epoch, offset, positioned, data)| Push::subscribe(
                            c,
                            Subscribe {
                                recoverable,
                                epoch,
                                offset,
                                positioned,
                                data
                            }
                        )
                    ),
                (
                    text(),
                    text(),
                    opt_raw(),
                    any::<u32>(),
                    any::<bool>(),
                    text()
                )
                    .prop_map(|(client, version, data, ping, pong, node)| {
                        Push::connect(Connect {
                            client,
                            version,
                            data,
                            ping,
                            pong,
                            node,
                            ..Connect::default()
                        })
                    }),
                (any::<u32>(), text())
                    .prop_map(|(code, reason)| Push::disconnect(Disconnect::new(code, reason))),
                (any::<bool>(), any::<u32>()).prop_map(|(e, t)| Push::refresh(e, t)),
            ]
        }

        fn reply() -> impl Strategy<Value = Reply> {
            prop_oneof![
                Just(Reply::ping()),
                push().prop_map(Reply::push),
                (1..=u32::MAX, any::<u32>(), text(), any::<bool>()).prop_map(
                    |(id, code, msg, temp)| Reply::with_error(id, ReplyError::new(code, msg, temp))
                ),
                (
                    1..=u32::MAX,
                    text(),
                    text(),
                    any::<u32>(),
                    opt_raw(),
                    prop::collection::btree_map(text(), subscribe_result(), 0..2)
                )
                    .prop_map(|(id, client, version, ping, data, subs)| {
                        Reply::connect(
                            id,
                            ConnectResult {
                                client,
                                version,
                                ping,
                                pong: ping > 0,
                                data,
                                subs,
                                ..ConnectResult::default()
                            },
                        )
                    }),
                (1..=u32::MAX, subscribe_result()).prop_map(|(id, r)| Reply::subscribe(id, r)),
                (1..=u32::MAX).prop_map(Reply::publish),
                (1..=u32::MAX).prop_map(Reply::unsubscribe),
                (
                    1..=u32::MAX,
                    prop::collection::btree_map(text(), client_info(), 0..3)
                )
                    .prop_map(|(id, presence)| Reply::presence(id, PresenceResult { presence })),
                (1..=u32::MAX, any::<u32>(), any::<u32>()).prop_map(
                    |(id, num_clients, num_users)| Reply::presence_stats(
                        id,
                        PresenceStatsResult {
                            num_clients,
                            num_users
                        }
                    )
                ),
                (
                    1..=u32::MAX,
                    prop::collection::vec(publication(), 0..3),
                    text(),
                    any::<u64>()
                )
                    .prop_map(|(id, publications, epoch, offset)| Reply::history(
                        id,
                        HistoryResult {
                            publications,
                            epoch,
                            offset
                        }
                    )),
                (1..=u32::MAX, opt_raw()).prop_map(|(id, data)| Reply::rpc(id, RpcResult { data })),
                (1..=u32::MAX, text(), any::<bool>(), any::<u32>()).prop_map(
                    |(id, client, expires, ttl)| Reply::refresh(
                        id,
                        RefreshResult {
                            client,
                            expires,
                            ttl,
                            ..RefreshResult::default()
                        }
                    )
                ),
                (1..=u32::MAX, any::<bool>(), any::<u32>()).prop_map(|(id, expires, ttl)| {
                    Reply::sub_refresh(id, SubRefreshResult { expires, ttl })
                }),
            ]
        }

        proptest! {
            #![proptest_config(config())]

            /// (a) Arbitrary text never panics the decoder.
            #[test]
            fn arbitrary_strings_never_panic(s in any::<String>(), limit in 0usize..8) {
                let _ = decode_frame(&s, limit);
                let _ = decode_replies(&s);
            }

            /// (a) Arbitrary bytes, read as lossy UTF-8 the way a transport
            /// might, never panic the decoder.
            #[test]
            fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
                let _ = decode_frame(&String::from_utf8_lossy(&bytes), 16);
            }

            /// (a) Valid frames that are cut short or spliced never panic.
            /// If they still decode, every command is valid.
            #[test]
            fn mutated_frames_never_panic(
                cmds in prop::collection::vec(decoded_command(), 1..4),
                cut in any::<usize>(),
                resume in any::<usize>(),
                insert in "(?s).{0,4}",
            ) {
                let frame = encode_commands(&cmds.into_iter().map(Command::from).collect::<Vec<_>>());
                let floor = |mut i: usize| { i %= frame.len() + 1; while !frame.is_char_boundary(i) { i -= 1; } i };
                let (a, b) = (floor(cut), floor(resume));
                let (a, b) = (a.min(b), a.max(b));
                for mutated in [format!("{}{}{}", &frame[..a], insert, &frame[b..]), frame[..a].to_owned()] {
                    if let Ok(decoded) = decode_frame(&mutated, 16) {
                        for cmd in decoded {
                            let id_ok = cmd.id != 0 || matches!(cmd.request, Request::Send(_) | Request::Pong);
                            prop_assert!(id_ok, "{:?}", cmd);
                        }
                    }
                }
            }

            /// (b) Generated commands survive encode → decode unchanged.
            #[test]
            fn commands_roundtrip(cmds in prop::collection::vec(decoded_command(), 1..6)) {
                let frame = encode_commands(&cmds.iter().cloned().map(Command::from).collect::<Vec<_>>());
                prop_assert_eq!(frame.matches('\n').count(), cmds.len() - 1);
                let decoded = decode_frame(&frame, cmds.len());
                prop_assert!(decoded.is_ok(), "{}: {:?}", frame, decoded);
                prop_assert_eq!(decoded.unwrap(), cmds);
            }

            /// Generated replies survive encode → decode unchanged, one line
            /// each.
            #[test]
            fn replies_roundtrip(replies in prop::collection::vec(reply(), 1..6)) {
                let frame = encode_replies(&replies);
                prop_assert_eq!(frame.matches('\n').count(), replies.len() - 1);
                let decoded = decode_replies(&frame);
                prop_assert!(decoded.is_ok(), "{}: {:?}", frame, decoded);
                prop_assert_eq!(decoded.unwrap(), replies);
            }
        }
    }
}

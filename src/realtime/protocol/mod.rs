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
//!
//! # Files
//!
//! `json` (payloads passed through unchanged), `messages` (requests and
//! results), `push` (asynchronous pushes), `envelope` (commands and replies),
//! `codes` (error, disconnect and unsubscribe codes), `codec` (frames).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

mod codec;
mod codes;
mod envelope;
mod json;
mod messages;
mod push;
#[cfg(test)]
mod tests;

pub use codec::*;
pub use codes::*;
pub use envelope::*;
pub use json::*;
pub use messages::*;
pub use push::*;

use json::{is_default, nullable};

/// The server's application-level ping: an empty reply.
pub const PING_FRAME: &str = "{}";

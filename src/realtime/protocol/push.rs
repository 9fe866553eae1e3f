//! Push payloads: what the server sends without being asked.

use super::*;

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

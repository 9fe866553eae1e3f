//! Error codes, disconnect reasons and unsubscribe reasons, with their numbers on the wire.

use super::*;

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

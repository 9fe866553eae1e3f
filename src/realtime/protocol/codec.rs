//! Turning text frames into commands and replies into text frames.

use super::*;

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

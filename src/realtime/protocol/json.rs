//! Raw JSON payloads carried through unchanged, and the serde helpers the messages share.

use super::*;

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

pub(super) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Accepts `null` wherever a scalar, map or list is expected and treats it as
/// the default, like the Go server's JSON decoder.
pub(super) fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

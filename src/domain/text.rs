//! The one cleaning rule for text people type (names, subjects, notes,
//! comments, chat messages).
//!
//! - A NUL byte is refused, never stored: PostgreSQL cannot store it and
//!   SQLite would keep it invisibly ([`TextError::Nul`], 422 at the edge).
//! - ANSI escape sequences (`ESC [ … m`, `ESC ] … BEL`, …) are removed whole,
//!   so a terminal reading a log or an export never obeys them.
//! - Other control characters are removed, except line breaks and tabs in
//!   multi-line text ([`Lines::Multi`]); in single-line text they become a
//!   space. `\r\n` and a lone `\r` become `\n`.
//! - Bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//!   U+2066–U+2069) are removed: they can make `exe.txt` look like `txt.exe`.
//!   The plain marks (U+200E/U+200F) are harmless and kept.
//! - Leading and trailing whitespace is trimmed.

/// Whether a field allows line breaks and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Single,
    Multi,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("the text contains a NUL character")]
    Nul,
}

/// True for the bidirectional formatting characters that reorder text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Applies the cleaning rule (see the module documentation).
pub fn clean_text(raw: &str, lines: Lines) -> Result<String, TextError> {
    if raw.contains('\0') {
        return Err(TextError::Nul);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // The 8-bit CSI: its parameters and final byte go with it.
            '\u{9b}' => skip_csi(&mut chars),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                push_break(&mut out, '\n', lines);
            }
            '\n' | '\t' => push_break(&mut out, c, lines),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    Ok(out.trim().to_string())
}

fn push_break(out: &mut String, c: char, lines: Lines) {
    match lines {
        Lines::Multi => out.push(c),
        Lines::Single => out.push(' '),
    }
}

/// Skips what follows an ESC: a CSI (`[` params final), an OSC/DCS/APC/PM
/// string (up to BEL or `ESC \`), or one more character.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | '_' | '^' | 'X') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        _ => {}
    }
}

/// Skips CSI parameter and intermediate bytes up to and including the final
/// byte (`@`–`~`).
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        if ('\u{20}'..='\u{3f}').contains(&c) {
            chars.next();
        } else {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                chars.next();
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn multi(s: &str) -> String {
        clean_text(s, Lines::Multi).unwrap()
    }
    fn single(s: &str) -> String {
        clean_text(s, Lines::Single).unwrap()
    }

    #[test]
    fn nul_is_refused() {
        assert_eq!(clean_text("a\0b", Lines::Multi), Err(TextError::Nul));
        assert_eq!(clean_text("\0", Lines::Single), Err(TextError::Nul));
    }

    #[test]
    fn ansi_escapes_go_whole() {
        assert_eq!(multi("\u{1b}[31mred\u{1b}[0m text"), "red text");
        assert_eq!(multi("\u{1b}[2J\u{1b}[1;1Hclear"), "clear");
        assert_eq!(multi("a\u{1b}]0;title\u{7}b"), "ab");
        assert_eq!(multi("a\u{1b}]8;;http://x\u{1b}\\link"), "alink");
        assert_eq!(multi("a\u{9b}31mb"), "ab");
        assert_eq!(multi("a\u{1b}cb"), "ab");
    }

    #[test]
    fn controls_and_bidi_overrides_go() {
        assert_eq!(single("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(single("a\u{2066}b\u{2069}c\u{7}d\u{7f}e\u{85}f"), "abcdef");
        // Marks and joiners are ordinary text.
        assert_eq!(single("a\u{200F}b👨\u{200D}🔧"), "a\u{200F}b👨\u{200D}🔧");
        assert_eq!(single("  Ñandú  "), "Ñandú");
    }

    #[test]
    fn line_breaks_and_tabs_only_where_multi_line() {
        assert_eq!(
            multi("one\r\ntwo\rthree\n\tfour"),
            "one\ntwo\nthree\n\tfour"
        );
        assert_eq!(single("one\r\ntwo\tthree"), "one two three");
    }
}

//! Chat attachments: files uploaded into a channel (a ticket or order room)
//! and referenced from chat messages.
//!
//! Access follows the channel: uploading needs the right to publish in it,
//! downloading the right to subscribe to it. The type is decided by sniffing
//! the content, never from the client's name or header: PNG, JPEG, WebP and
//! GIF images (which must decode), PDF documents (`%PDF-`) and UTF-8 plain
//! text named `.txt`. Anything else is refused with `unsupported_media_type`.
//! Files are stored under the uploads folder with a generated name; the
//! uploader's file name is kept only for display and download.

use std::path::PathBuf;
use std::str::FromStr;

use image::ImageFormat;

use super::realtime::ChannelAction;
use super::{Principal, Services};
pub use crate::domain::attachment::AttachmentInfo;
use crate::domain::channel::Channel;
use crate::domain::{AttachmentId, Timestamp};
use crate::error::{AppError, AppResult, Context, ErrorCode};
use crate::store::attachments::Attachment;

/// Subfolder of the uploads folder holding attachments.
const FOLDER: &str = "attachments";
/// Longest file name kept, in characters.
const MAX_NAME_CHARS: usize = 150;

impl From<Attachment> for AttachmentInfo {
    fn from(a: Attachment) -> Self {
        AttachmentInfo {
            url: format!("/api/v1/attachments/{}", a.id),
            id: a.id,
            channel: a.channel,
            file_name: a.file_name,
            content_type: a.content_type,
            size_bytes: a.size_bytes,
            uploader_id: a.uploader_id,
            created_at: a.created_at,
        }
    }
}

/// The kinds of file accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Png,
    Jpeg,
    Webp,
    Gif,
    Pdf,
    Text,
}

impl FileKind {
    /// Recognizes `bytes` by their content; `file_name` only matters for
    /// text, which has no magic number and is accepted only as `.txt`.
    pub fn sniff(bytes: &[u8], file_name: &str) -> Option<FileKind> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(FileKind::Gif)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(FileKind::Webp)
        } else if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if file_name.to_lowercase().ends_with(".txt") && is_plain_text(bytes) {
            Some(FileKind::Text)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Webp => "image/webp",
            FileKind::Gif => "image/gif",
            FileKind::Pdf => "application/pdf",
            FileKind::Text => "text/plain; charset=utf-8",
        }
    }

    /// File name extensions of this kind; the first is used for stored files.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Png => &["png"],
            FileKind::Jpeg => &["jpg", "jpeg"],
            FileKind::Webp => &["webp"],
            FileKind::Gif => &["gif"],
            FileKind::Pdf => &["pdf"],
            FileKind::Text => &["txt"],
        }
    }

    fn image_format(self) -> Option<ImageFormat> {
        match self {
            FileKind::Png => Some(ImageFormat::Png),
            FileKind::Jpeg => Some(ImageFormat::Jpeg),
            FileKind::Webp => Some(ImageFormat::WebP),
            FileKind::Gif => Some(ImageFormat::Gif),
            FileKind::Pdf | FileKind::Text => None,
        }
    }
}

/// UTF-8 (an optional BOM allowed) with no control characters but tab, line
/// breaks and form feed: what a person would call a text file.
fn is_plain_text(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).is_ok_and(|text| {
        text.chars()
            .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0C'))
    })
}

/// The uploader's file name without any folder, control characters or
/// quotes, at most [`MAX_NAME_CHARS`], ending in an extension of its real
/// kind (so `photo.exe` holding a PNG is offered as `photo.exe.png`).
pub fn clean_file_name(raw: &str, kind: FileKind) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(MAX_NAME_CHARS)
        .collect();
    name = name.trim().trim_start_matches('.').trim().to_string();
    if name.is_empty() {
        name = "attachment".into();
    }
    let lower = name.to_lowercase();
    if !kind
        .extensions()
        .iter()
        .any(|ext| lower.ends_with(&format!(".{ext}")))
    {
        name.push('.');
        name.push_str(kind.extensions()[0]);
    }
    name
}

impl Services {
    /// Parses a channel name given by a client; unknown names are `not_found`.
    fn attachment_channel(name: &str) -> AppResult<Channel> {
        Channel::from_str(name)
            .map_err(|_| AppError::new(ErrorCode::NotFound, "no such channel").field("channel"))
    }

    /// Checks that `who` may upload into `channel` before any bytes are read.
    pub async fn authorize_attachment_upload(
        &self,
        who: &Principal,
        channel: &str,
    ) -> AppResult<()> {
        let channel = Self::attachment_channel(channel)?;
        self.authorize_channel(Some(who), &channel, ChannelAction::Publish)
            .await
    }

    /// Stores an uploaded file for `channel` and records it.
    pub async fn upload_attachment(
        &self,
        who: &Principal,
        channel: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> AppResult<AttachmentInfo> {
        let channel = Self::attachment_channel(channel)?;
        self.authorize_channel(Some(who), &channel, ChannelAction::Publish)
            .await?;
        let max = self.settings.uploads.max_attachment_bytes;
        if bytes.len() > max {
            return Err(AppError::new(
                ErrorCode::PayloadTooLarge,
                format!("attachments may be at most {max} bytes"),
            ));
        }
        if bytes.is_empty() {
            return Err(AppError::validation("file", "the file is empty"));
        }
        let kind = FileKind::sniff(&bytes, file_name).ok_or_else(|| {
            AppError::new(
                ErrorCode::UnsupportedMediaType,
                "attach a PNG, JPEG, WebP or GIF image, a PDF document or a .txt text file",
            )
        })?;
        let bytes = match kind.image_format() {
            Some(format) => verify_image(bytes, format).await?,
            None => bytes,
        };

        let dir = self.settings.uploads.dir.join(FOLDER);
        tokio::fs::create_dir_all(&dir)
            .await
            .context("creating the attachments folder")?;
        let id = AttachmentId::new();
        let stored_name = format!("{id}.{}", kind.extensions()[0]);
        let path = dir.join(&stored_name);
        tokio::fs::write(&path, &bytes)
            .await
            .context("saving the attachment")?;
        let attachment = Attachment {
            id,
            channel: channel.to_string(),
            uploader_id: who.user.id,
            file_name: clean_file_name(file_name, kind),
            content_type: kind.content_type().to_string(),
            size_bytes: bytes.len() as i64,
            stored_name,
            created_at: Timestamp::now(),
        };
        let recorded = async {
            let mut tx = self.begin().await?;
            tx.insert_attachment(&attachment).await?;
            tx.commit().await
        }
        .await;
        if let Err(e) = recorded {
            // Best effort: a file nobody references is only wasted space.
            let _ = tokio::fs::remove_file(&path).await;
            return Err(e);
        }
        Ok(attachment.into())
    }

    /// An attachment and the path of its file, for someone who may subscribe
    /// to its channel; anyone else gets `not_found`, as if it did not exist.
    pub async fn attachment_file(
        &self,
        who: &Principal,
        id: AttachmentId,
    ) -> AppResult<(AttachmentInfo, PathBuf)> {
        let not_found = || AppError::not_found("attachment");
        let attachment = self
            .store
            .conn()
            .await?
            .attachment(id)
            .await?
            .ok_or_else(not_found)?;
        let channel = Channel::from_str(&attachment.channel).map_err(|_| not_found())?;
        match self
            .authorize_channel(Some(who), &channel, ChannelAction::Subscribe)
            .await
        {
            Ok(()) => {}
            Err(e) if matches!(e.code, ErrorCode::Forbidden | ErrorCode::NotFound) => {
                return Err(not_found());
            }
            Err(e) => return Err(e),
        }
        let path = self
            .settings
            .uploads
            .dir
            .join(FOLDER)
            .join(&attachment.stored_name);
        Ok((attachment.into(), path))
    }
}

/// Decodes the whole image to prove it is one (CPU-heavy: runs on the
/// blocking pool). The bytes are kept as uploaded.
async fn verify_image(bytes: Vec<u8>, format: ImageFormat) -> AppResult<Vec<u8>> {
    tokio::task::spawn_blocking(
        move || match image::load_from_memory_with_format(&bytes, format) {
            Ok(_) => Ok(bytes),
            Err(_) => Err(AppError::new(
                ErrorCode::InvalidImage,
                "the file is not a readable image",
            )),
        },
    )
    .await
    .context("image task")?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_name() {
        assert_eq!(
            FileKind::sniff(b"\x89PNG\r\n\x1a\nrest", "x.txt"),
            Some(FileKind::Png)
        );
        assert_eq!(
            FileKind::sniff(b"%PDF-1.7\n...", "a.bin"),
            Some(FileKind::Pdf)
        );
        assert_eq!(
            FileKind::sniff(b"RIFF\0\0\0\0WEBPVP8 ", "w"),
            Some(FileKind::Webp)
        );
        assert_eq!(
            FileKind::sniff("hola, ñandú\n".as_bytes(), "nota.TXT"),
            Some(FileKind::Text)
        );
        // Text must be named .txt, and be text.
        assert_eq!(FileKind::sniff(b"#!/bin/sh\nrm -rf /\n", "run.sh"), None);
        assert_eq!(FileKind::sniff(b"\x7fELF\x02\x01\x01\0", "a.txt"), None);
        assert_eq!(FileKind::sniff(b"PK\x03\x04\x14\0", "a.zip"), None);
        assert_eq!(FileKind::sniff(b"MZ\x90\0", "setup.exe"), None);
    }

    #[test]
    fn file_names_are_cleaned_and_get_their_real_extension() {
        assert_eq!(
            clean_file_name("C:\\fotos\\grúa.PNG", FileKind::Png),
            "grúa.PNG"
        );
        assert_eq!(
            clean_file_name("../../etc/passwd", FileKind::Text),
            "passwd.txt"
        );
        assert_eq!(clean_file_name("photo.exe", FileKind::Png), "photo.exe.png");
        assert_eq!(clean_file_name("foto.jpeg", FileKind::Jpeg), "foto.jpeg");
        assert_eq!(clean_file_name("", FileKind::Pdf), "attachment.pdf");
        assert_eq!(clean_file_name("a\"b\n.pdf", FileKind::Pdf), "ab.pdf");
        assert!(
            clean_file_name(&"x".repeat(500), FileKind::Pdf)
                .chars()
                .count()
                <= 155
        );
    }
}

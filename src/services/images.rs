//! Uploaded images (profile photos, logos): the bytes are decoded, checked,
//! scaled down and re-encoded, so what we store and serve is always a clean
//! image of ours — never the uploaded file with its metadata or a payload
//! disguised as an image.

use std::io::Cursor;
use std::path::Path;

use image::{ImageFormat, ImageReader};

use crate::error::{AppError, AppResult, Context, ErrorCode};

/// What an image is re-encoded to.
#[derive(Debug, Clone, Copy)]
pub enum StoredImage {
    /// Photos: small, no transparency needed.
    Jpeg,
    /// Logos: keep transparency.
    Png,
}

impl StoredImage {
    pub fn extension(self) -> &'static str {
        match self {
            StoredImage::Jpeg => "jpg",
            StoredImage::Png => "png",
        }
    }
    pub fn mime(self) -> &'static str {
        match self {
            StoredImage::Jpeg => "image/jpeg",
            StoredImage::Png => "image/png",
        }
    }
}

/// Decodes `bytes` (PNG, JPEG, WebP or GIF), scales it to fit `max_side`,
/// and re-encodes it. CPU-heavy: runs on the blocking pool.
pub async fn reencode(
    bytes: Vec<u8>,
    max_bytes: usize,
    max_side: u32,
    target: StoredImage,
) -> AppResult<Vec<u8>> {
    if bytes.len() > max_bytes {
        return Err(AppError::new(
            ErrorCode::PayloadTooLarge,
            format!("images may be at most {max_bytes} bytes"),
        ));
    }
    tokio::task::spawn_blocking(move || {
        let reader = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .context("reading the upload")?;
        match reader.format() {
            Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP | ImageFormat::Gif) => {}
            _ => {
                return Err(AppError::new(
                    ErrorCode::UnsupportedMediaType,
                    "upload a PNG, JPEG, WebP or GIF image",
                ));
            }
        }
        let image = reader.decode().map_err(|_| {
            AppError::new(ErrorCode::InvalidImage, "the file is not a readable image")
        })?;
        let image = if image.width() > max_side || image.height() > max_side {
            image.thumbnail(max_side, max_side)
        } else {
            image
        };
        let mut out = Cursor::new(Vec::new());
        match target {
            StoredImage::Jpeg => image.to_rgb8().write_to(&mut out, ImageFormat::Jpeg),
            StoredImage::Png => image.write_to(&mut out, ImageFormat::Png),
        }
        .context("encoding the image")?;
        Ok(out.into_inner())
    })
    .await
    .context("image task")?
}

/// Writes `bytes` under `dir` with a fresh name; returns the file name.
pub async fn save(dir: &Path, bytes: &[u8], kind: StoredImage) -> AppResult<String> {
    tokio::fs::create_dir_all(dir)
        .await
        .context("creating the uploads folder")?;
    let name = format!("{}.{}", uuid::Uuid::now_v7(), kind.extension());
    tokio::fs::write(dir.join(&name), bytes)
        .await
        .context("saving the upload")?;
    Ok(name)
}

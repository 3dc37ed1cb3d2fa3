//! Thumbnails of image attachments, made once at upload.

use crate::server::media::{decode_bounded, flatten_on_white};

/// The longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIDE: u32 = 320;

/// A JPEG thumbnail fitting `THUMBNAIL_SIDE` square, or `None` if the bytes
/// are not a decodable image. CPU-bound: call from a blocking task.
pub fn make_thumbnail(bytes: &[u8]) -> Option<Vec<u8>> {
    let image = decode_bounded(bytes)?.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    let flat = flatten_on_white(&image);
    let mut jpeg = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80);
    flat.write_with_encoder(encoder).ok()?;
    Some(jpeg)
}

//! Avatars: untrusted bytes in, two clean square JPEGs out.
//!
//! Invariants: the format is read from the bytes, never from a name or a
//! header, and only PNG, JPEG and WebP are accepted; decoding is bounded
//! (size and dimensions) so a crafted file cannot exhaust memory; the output
//! is re-encoded from pixels, so no metadata (EXIF, GPS, ICC text) survives;
//! stored names are generated here, never taken from the client; image
//! work runs off the async threads, at most one per core at a time
//! (`image_work`).

use image::imageops::FilterType;
use image::{DynamicImage, GenericImageView, ImageFormat, ImageReader, Limits, Rgb, RgbImage};
use std::io::Cursor;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

pub const AVATAR_MAX_BYTES: usize = 5 * 1024 * 1024;
pub const AVATAR_SIZES: [u32; 2] = [256, 64];
const MAX_DIMENSION: u32 = 8_000;

/// Why an upload was refused; each maps to a field-error code.
#[derive(Debug, PartialEq, Eq)]
pub enum AvatarProblem {
    TooLarge,
    NotAnImage,
    BadCrop,
}

impl AvatarProblem {
    pub fn code(&self) -> &'static str {
        match self {
            AvatarProblem::TooLarge => "image_too_large",
            AvatarProblem::NotAnImage => "not_an_image",
            AvatarProblem::BadCrop => "bad_crop",
        }
    }
}

/// A square in source pixels; `None` means the centred largest square.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crop {
    pub x: u32,
    pub y: u32,
    pub size: u32,
}

/// Image work (decoding, scaling, encoding) running at once in this
/// process: one per core, so pictures never take every blocking thread
/// and at most this many decoders hold their memory (`decode_bounded`'s
/// allocation limit each) at a time.
static IMAGE_SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZero::get))
});

/// Runs CPU-bound image `work` on a blocking thread once a slot is free;
/// the async threads never decode. `None` if the work panicked.
pub async fn image_work<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let _slot = IMAGE_SLOTS.acquire().await.ok()?;
    tokio::task::spawn_blocking(work).await.ok()
}

/// Decodes, crops and scales; returns the JPEG bytes for each of
/// `AVATAR_SIZES`. CPU-bound: call from a blocking task.
pub fn process_avatar(
    bytes: &[u8],
    crop: Option<Crop>,
) -> Result<Vec<(u32, Vec<u8>)>, AvatarProblem> {
    if bytes.len() > AVATAR_MAX_BYTES {
        return Err(AvatarProblem::TooLarge);
    }
    let image = decode_bounded(bytes).ok_or(AvatarProblem::NotAnImage)?;
    let (width, height) = (image.width(), image.height());
    let crop = crop.unwrap_or_else(|| {
        let size = width.min(height);
        Crop {
            x: (width - size) / 2,
            y: (height - size) / 2,
            size,
        }
    });
    let inside = crop.size > 0
        && crop
            .x
            .checked_add(crop.size)
            .is_some_and(|right| right <= width)
        && crop
            .y
            .checked_add(crop.size)
            .is_some_and(|bottom| bottom <= height);
    if !inside {
        return Err(AvatarProblem::BadCrop);
    }
    // Scaled from a view of the decoded picture, so no full-size copy is
    // made; only the small results are flattened.
    let square = image.view(crop.x, crop.y, crop.size, crop.size);
    AVATAR_SIZES
        .iter()
        .map(|&size| {
            let scaled = DynamicImage::ImageRgba8(image::imageops::resize(
                &*square,
                size,
                size,
                FilterType::Lanczos3,
            ));
            let scaled = flatten_on_white(&scaled);
            let mut jpeg = Vec::new();
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85);
            scaled
                .write_with_encoder(encoder)
                .map_err(|_| AvatarProblem::NotAnImage)?;
            Ok((size, jpeg))
        })
        .collect()
}

/// Decodes a PNG, JPEG or WebP within fixed dimension and memory limits, so
/// a small file that claims a huge picture cannot exhaust memory.
pub(crate) fn decode_bounded(bytes: &[u8]) -> Option<DynamicImage> {
    let format = image::guess_format(bytes).ok()?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
    ) {
        return None;
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().ok()
}

/// JPEG has no transparency: composite transparent pixels onto white.
pub(crate) fn flatten_on_white(image: &DynamicImage) -> RgbImage {
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let alpha = f32::from(a) / 255.0;
        let blend = |c: u8| (f32::from(c) * alpha + 255.0 * (1.0 - alpha)).round() as u8;
        Rgb([blend(r), blend(g), blend(b)])
    })
}

/// The stored name of avatar `key` at `size` (`storage::Storage::avatar_key`
/// makes it a key); `None` for keys and sizes we never generate, so a
/// request path cannot name anything else.
pub fn avatar_name(key: &str, size: u32) -> Option<String> {
    let generated = !key.is_empty()
        && key.len() <= 64
        && key.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    (generated && AVATAR_SIZES.contains(&size)).then(|| format!("{key}-{size}.jpg"))
}

/// The stored name a file name from a URL or a folder stands for
/// (`<key>-<size>.jpg`), if it is one we generate.
pub fn avatar_name_of(file: &str) -> Option<String> {
    let (key, size) = file.strip_suffix(".jpg")?.rsplit_once('-')?;
    avatar_name(key, size.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = RgbImage::from_fn(width, height, |x, _| Rgb([(x % 256) as u8, 100, 50]));
        let mut bytes = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .expect("png");
        bytes
    }

    #[test]
    fn a_png_becomes_two_square_jpegs() {
        let out = process_avatar(&png(400, 300), None).expect("processed");
        for (size, jpeg) in out {
            let decoded =
                image::load_from_memory_with_format(&jpeg, ImageFormat::Jpeg).expect("jpeg");
            assert_eq!((decoded.width(), decoded.height()), (size, size));
        }
    }

    #[test]
    fn bytes_that_are_not_an_image_are_refused_whatever_they_claim() {
        assert_eq!(
            process_avatar(b"GIF89a not really", None),
            Err(AvatarProblem::NotAnImage)
        );
        assert_eq!(
            process_avatar(b"<svg xmlns=...>", None),
            Err(AvatarProblem::NotAnImage)
        );
        let mut truncated = png(50, 50);
        truncated.truncate(60);
        assert_eq!(
            process_avatar(&truncated, None),
            Err(AvatarProblem::NotAnImage)
        );
    }

    #[test]
    fn a_crop_outside_the_image_is_refused() {
        let crop = Some(Crop {
            x: 350,
            y: 0,
            size: 100,
        });
        assert_eq!(
            process_avatar(&png(400, 300), crop),
            Err(AvatarProblem::BadCrop)
        );
        let empty = Some(Crop {
            x: 0,
            y: 0,
            size: 0,
        });
        assert_eq!(
            process_avatar(&png(400, 300), empty),
            Err(AvatarProblem::BadCrop)
        );
    }

    #[test]
    fn oversized_uploads_are_refused_before_decoding() {
        let big = vec![0u8; AVATAR_MAX_BYTES + 1];
        assert_eq!(process_avatar(&big, None), Err(AvatarProblem::TooLarge));
    }

    #[test]
    fn only_generated_keys_and_known_sizes_name_files() {
        assert_eq!(
            avatar_name("12-ab34", 256).as_deref(),
            Some("12-ab34-256.jpg")
        );
        assert!(avatar_name("../secret", 256).is_none());
        assert!(avatar_name("12-ab34", 1000).is_none());
        assert_eq!(
            avatar_name_of("12-ab34-64.jpg").as_deref(),
            Some("12-ab34-64.jpg")
        );
        assert!(avatar_name_of("12-ab34-64.png").is_none());
    }
}

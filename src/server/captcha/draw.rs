//! Drawing the click-captcha picture with the `image` crate.
//!
//! Invariants: everything is generated here (no remote images); the glyphs
//! are drawn from the bundled DejaVu Sans Bold (licence beside it) and never
//! overlap (centres at least `MIN_GAP` apart); the returned points are the
//! glyph centres in image pixels.

use ab_glyph::{Font, FontRef, PxScale};
use image::{ImageFormat, Rgb, RgbImage};
use rand::Rng;
use rand::seq::IndexedRandom;
use std::io::Cursor;

pub const WIDTH: u32 = 320;
pub const HEIGHT: u32 = 200;
/// Glyphs that cannot be confused with one another (no 0/O, 1/I, 2/Z, 5/S...).
const ALPHABET: &[char] = &[
    'A', 'C', 'D', 'E', 'F', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'T', 'U', 'V', 'W', 'X', 'Y',
    '3', '4', '7', '8',
];
const GLYPHS: usize = 4;
const MIN_GAP: f32 = 62.0;
const MARGIN: f32 = 34.0;

static FONT_BYTES: &[u8] = include_bytes!("font/DejaVuSans-Bold.ttf");

/// A drawn challenge: the PNG, the glyphs in the order to click, and where
/// each one's centre is.
pub struct Drawn {
    pub png: Vec<u8>,
    pub glyphs: Vec<char>,
    pub points: Vec<(f32, f32)>,
}

/// Draws a new challenge. CPU-bound: call from a blocking task.
pub fn draw(rng: &mut impl Rng) -> Result<Drawn, String> {
    let font = FontRef::try_from_slice(FONT_BYTES).map_err(|e| e.to_string())?;
    let mut canvas = background(rng);
    let glyphs: Vec<char> = ALPHABET.choose_multiple(rng, GLYPHS).copied().collect();
    let points = spread_points(rng, GLYPHS);
    for (&glyph, &(x, y)) in glyphs.iter().zip(&points) {
        let size = rng.random_range(34.0..50.0);
        let angle = rng.random_range(-0.6f32..0.6);
        let colour = Rgb([
            rng.random_range(20..140),
            rng.random_range(20..140),
            rng.random_range(20..140),
        ]);
        draw_glyph(&mut canvas, &font, glyph, size, angle, (x, y), colour);
    }
    noise(&mut canvas, rng);
    let mut png = Vec::new();
    canvas
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(Drawn {
        png,
        glyphs,
        points,
    })
}

fn background(rng: &mut impl Rng) -> RgbImage {
    let from: [f32; 3] = std::array::from_fn(|_| rng.random_range(200.0..250.0));
    let to: [f32; 3] = std::array::from_fn(|_| rng.random_range(200.0..250.0));
    let mut canvas = RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let t = (x + y) as f32 / (WIDTH + HEIGHT) as f32;
        Rgb(std::array::from_fn(|i| {
            (from[i] + (to[i] - from[i]) * t) as u8
        }))
    });
    // Soft blobs so the background is not a clean gradient.
    for _ in 0..6 {
        let (cx, cy) = (
            rng.random_range(0.0..WIDTH as f32),
            rng.random_range(0.0..HEIGHT as f32),
        );
        let radius = rng.random_range(15.0..45.0f32);
        let tint: [f32; 3] = std::array::from_fn(|_| rng.random_range(170.0..235.0));
        blend_disc(&mut canvas, (cx, cy), radius, tint, 0.35);
    }
    canvas
}

fn blend_disc(
    canvas: &mut RgbImage,
    (cx, cy): (f32, f32),
    radius: f32,
    tint: [f32; 3],
    alpha: f32,
) {
    let (x0, x1) = (
        (cx - radius).max(0.0) as u32,
        (cx + radius).min(WIDTH as f32 - 1.0) as u32,
    );
    let (y0, y1) = (
        (cy - radius).max(0.0) as u32,
        (cy + radius).min(HEIGHT as f32 - 1.0) as u32,
    );
    for y in y0..=y1 {
        for x in x0..=x1 {
            if (x as f32 - cx).hypot(y as f32 - cy) <= radius {
                blend(canvas, x, y, tint, alpha);
            }
        }
    }
}

fn blend(canvas: &mut RgbImage, x: u32, y: u32, colour: [f32; 3], alpha: f32) {
    let pixel = canvas.get_pixel_mut(x, y);
    for (channel, target) in pixel.0.iter_mut().zip(colour) {
        *channel = (*channel as f32 * (1.0 - alpha) + target * alpha) as u8;
    }
}

/// `count` points inside the margins, pairwise at least `MIN_GAP` apart.
fn spread_points(rng: &mut impl Rng, count: usize) -> Vec<(f32, f32)> {
    loop {
        let mut points: Vec<(f32, f32)> = Vec::with_capacity(count);
        for _ in 0..200 {
            let candidate = (
                rng.random_range(MARGIN..WIDTH as f32 - MARGIN),
                rng.random_range(MARGIN..HEIGHT as f32 - MARGIN),
            );
            if points
                .iter()
                .all(|p| (p.0 - candidate.0).hypot(p.1 - candidate.1) >= MIN_GAP)
            {
                points.push(candidate);
                if points.len() == count {
                    return points;
                }
            }
        }
    }
}

/// Rasterises `glyph` and composites it rotated by `angle` around `centre`,
/// sampling the upright coverage at the inversely rotated position.
fn draw_glyph(
    canvas: &mut RgbImage,
    font: &FontRef<'_>,
    glyph: char,
    size: f32,
    angle: f32,
    centre: (f32, f32),
    colour: Rgb<u8>,
) {
    let scaled = font.glyph_id(glyph).with_scale(PxScale::from(size));
    let Some(outline) = font.outline_glyph(scaled) else {
        return;
    };
    let bounds = outline.px_bounds();
    let (w, h) = (
        bounds.width().ceil() as usize + 1,
        bounds.height().ceil() as usize + 1,
    );
    let mut coverage = vec![0f32; w * h];
    outline.draw(|x, y, c| {
        if let Some(cell) = coverage.get_mut(y as usize * w + x as usize) {
            *cell = c;
        }
    });
    let (sin, cos) = angle.sin_cos();
    let reach = (w as f32).hypot(h as f32) / 2.0;
    let target = colour.0.map(f32::from);
    let x_range =
        (centre.0 - reach).max(0.0) as u32..=(centre.0 + reach).min(WIDTH as f32 - 1.0) as u32;
    for y in (centre.1 - reach).max(0.0) as u32..=(centre.1 + reach).min(HEIGHT as f32 - 1.0) as u32
    {
        for x in x_range.clone() {
            let (dx, dy) = (x as f32 - centre.0, y as f32 - centre.1);
            let gx = cos * dx + sin * dy + w as f32 / 2.0;
            let gy = -sin * dx + cos * dy + h as f32 / 2.0;
            if gx < 0.0 || gy < 0.0 || gx >= w as f32 || gy >= h as f32 {
                continue;
            }
            let alpha = coverage[gy as usize * w + gx as usize];
            if alpha > 0.0 {
                blend(canvas, x, y, target, alpha.min(1.0));
            }
        }
    }
}

/// Lines and dots across everything, glyphs included.
fn noise(canvas: &mut RgbImage, rng: &mut impl Rng) {
    for _ in 0..5 {
        let (mut x, mut y) = (
            rng.random_range(0.0..WIDTH as f32),
            rng.random_range(0.0..HEIGHT as f32),
        );
        let angle = rng.random_range(0.0..std::f32::consts::TAU);
        let colour: [f32; 3] = std::array::from_fn(|_| rng.random_range(60.0..180.0));
        for _ in 0..rng.random_range(80..220) {
            if (0.0..WIDTH as f32).contains(&x) && (0.0..HEIGHT as f32).contains(&y) {
                blend(canvas, x as u32, y as u32, colour, 0.6);
            }
            x += angle.cos();
            y += angle.sin();
        }
    }
    for _ in 0..260 {
        let (x, y) = (rng.random_range(0..WIDTH), rng.random_range(0..HEIGHT));
        let colour: [f32; 3] = std::array::from_fn(|_| rng.random_range(40.0..220.0));
        blend(canvas, x, y, colour, 0.7);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_has_four_distinct_glyphs_far_apart_inside_the_picture() {
        let drawn = draw(&mut rand::rng()).expect("drawn");
        let mut glyphs = drawn.glyphs.clone();
        glyphs.dedup();
        assert_eq!(glyphs.len(), 4);
        for (i, a) in drawn.points.iter().enumerate() {
            assert!(
                a.0 >= MARGIN
                    && a.0 <= WIDTH as f32 - MARGIN
                    && a.1 >= MARGIN
                    && a.1 <= HEIGHT as f32 - MARGIN
            );
            for b in &drawn.points[i + 1..] {
                assert!((a.0 - b.0).hypot(a.1 - b.1) >= MIN_GAP);
            }
        }
    }

    #[test]
    fn the_picture_is_a_png_of_the_stated_size() {
        let drawn = draw(&mut rand::rng()).expect("drawn");
        let decoded =
            image::load_from_memory_with_format(&drawn.png, ImageFormat::Png).expect("png");
        assert_eq!((decoded.width(), decoded.height()), (WIDTH, HEIGHT));
    }

    #[test]
    fn glyphs_are_actually_painted_at_their_points() {
        let drawn = draw(&mut rand::rng()).expect("drawn");
        let picture = image::load_from_memory(&drawn.png).expect("png").to_rgb8();
        for &(x, y) in &drawn.points {
            // Some pixel near the centre is dark (glyph colours are <= 140).
            let dark = (-8i32..=8)
                .flat_map(|dy| (-8i32..=8).map(move |dx| (dx, dy)))
                .any(|(dx, dy)| {
                    let pixel = picture.get_pixel((x as i32 + dx) as u32, (y as i32 + dy) as u32);
                    pixel.0.iter().map(|&c| u32::from(c)).sum::<u32>() < 3 * 150
                });
            assert!(dark, "no glyph ink near ({x}, {y})");
        }
    }
}

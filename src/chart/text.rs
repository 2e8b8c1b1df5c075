//! Text in the embedded font: measured, cut to fit and drawn with `ab_glyph`, pixel by pixel
//! through the plotters backend. Not plotters' own `ab_glyph` text: it drops each glyph's side
//! bearing and snaps it to a whole pixel, which spaces letters unevenly ("Met a").

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use plotters::style::Color;

use super::ChartError;
use super::ELLIPSIS;
use super::draw::{Area, colour, draw_error};

/// The embedded font: DejaVu Sans, one weight (see `assets/fonts/README.md` for where it came
/// from and `assets/fonts/LICENSE-DejaVu.txt` for its licence).
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Cap height as a share of the font size, to centre text on a bar: DejaVu Sans has 1493 units
/// of cap height in 1901 + 483 of ascent and descent.
pub(super) const CAP_HEIGHT: f64 = 0.626;
/// Ascent as a share of the font size (1901 / 2384), to put the title's accents inside the margin.
pub(super) const ASCENT: f64 = 0.797;
/// Shades of anti-aliasing at the edges of text: indistinguishable from more at these sizes, and
/// few enough that the whole chart fits a 256-colour palette, which makes the PNG much smaller.
const COVERAGE_LEVELS: f32 = 16.0;

/// Where text sits against the `x` it is drawn at.
#[derive(Debug, Clone, Copy)]
pub(super) enum Align {
    Left,
    Centre,
    Right,
}

/// Measures and draws text in the embedded font.
#[derive(Clone, Copy)]
pub(super) struct Pen {
    font: &'static FontRef<'static>,
}

impl Pen {
    /// The embedded font, parsed once per process.
    pub(super) fn new() -> Result<Pen, ChartError> {
        static PARSED: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
        let font = PARSED.get_or_init(|| FontRef::try_from_slice(FONT).ok());
        font.as_ref()
            .map(|font| Pen { font })
            .ok_or(ChartError::Font)
    }

    /// Calls `each` with every glyph of `text` at size `px` and its kerned offset from the start;
    /// returns the whole advance.
    fn walk(self, text: &str, px: i32, mut each: impl FnMut(GlyphId, f32)) -> f32 {
        let font = self.font.as_scaled(PxScale::from(px as f32));
        let (mut caret, mut previous) = (0.0, None);
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(previous) = previous {
                caret += font.kern(previous, id);
            }
            each(id, caret);
            caret += font.h_advance(id);
            previous = Some(id);
        }
        caret
    }

    /// Width of `text` in whole pixels at size `px`.
    pub(super) fn width(self, text: &str, px: i32) -> i32 {
        self.walk(text, px, |_, _| {}).ceil() as i32
    }

    /// `text` as is when it fits in `max` pixels, else its longest prefix that fits with "…".
    pub(super) fn fit(self, text: &str, px: i32, max: i32) -> String {
        if text.is_empty() || self.width(text, px) <= max {
            return text.to_owned();
        }
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let cut = |n: usize| format!("{}{ELLIPSIS}", text[..cuts[n]].trim_end());
        // Binary search for the most characters that fit; none (just "…") is the floor.
        let (mut fits, mut fails) = (0, cuts.len());
        while fails - fits > 1 {
            let mid = fits + (fails - fits) / 2;
            if self.width(&cut(mid), px) <= max {
                fits = mid;
            } else {
                fails = mid;
            }
        }
        cut(fits)
    }

    /// Draws `text` at size `px` with its baseline at `baseline`, aligned on `x`, anti-aliased.
    pub(super) fn text(
        self,
        area: &Area,
        text: &str,
        (px, hex): (i32, u32),
        (x, baseline): (i32, i32),
        align: Align,
    ) -> Result<(), ChartError> {
        let width = self.width(text, px);
        let left = match align {
            Align::Left => x,
            Align::Centre => x - width / 2,
            Align::Right => x - width,
        } as f32;
        let (fill, scale, mut drawn) = (colour(hex), PxScale::from(px as f32), Ok(()));
        self.walk(text, px, |id, caret| {
            let glyph = id.with_scale_and_position(scale, point(left + caret, baseline as f32));
            let Some(outline) = self.font.outline_glyph(glyph) else {
                return; // a space, or a glyph with no outline
            };
            let corner = outline.px_bounds().min;
            outline.draw(|gx, gy, coverage| {
                let at = (corner.x as i32 + gx as i32, corner.y as i32 + gy as i32);
                if drawn.is_ok() {
                    let coverage = (coverage.clamp(0.0, 1.0) * COVERAGE_LEVELS).round();
                    drawn = area.draw_pixel(at, &fill.mix(f64::from(coverage / COVERAGE_LEVELS)));
                }
            });
        });
        drawn.map_err(draw_error)
    }
}

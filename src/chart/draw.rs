//! The layout and the drawing: title, rows of label, bar and count, grid lines and tick figures.

use std::fmt::Display;

use plotters::backend::BitMapBackend;
use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, IntoDrawingArea};
use plotters::element::Rectangle;
use plotters::style::{Color, RGBColor};

use super::text::{ASCENT, Align, CAP_HEIGHT, Pen};
use super::{BAR_COLOUR, ChartError, HEIGHT, HOME_COLOUR, Kind, OTHERS_COLOUR, Row, WIDTH};
use super::{clean, group_digits};

/// Discord's dark-theme background, so the picture sits naturally in the chat.
const BACKGROUND: u32 = 0x31_33_38;
/// Title, labels and counts: Discord's dark-theme text colour.
pub(super) const TEXT: u32 = 0xF2_F3_F5;
/// Tick figures and the unit: secondary, Discord's muted text.
const MUTED: u32 = 0xB5_BA_C1;
/// Grid lines: visible, but quieter than the bars.
const GRID: u32 = 0x4E_50_58;

/// Empty border all round, in pixels, so nothing touches the edge after Discord rounds the corners.
const MARGIN: i32 = 36;
/// Space between a label and its bar, a bar and its count, and the title and the bars.
const GAP: i32 = 14;
/// Font sizes in pixels (ab_glyph's scale: ascent to descent); readable when Discord halves them.
const TITLE_PX: i32 = 38;
pub(super) const LABEL_PX: i32 = 24;
const COUNT_PX: i32 = 24;
const TICK_PX: i32 = 18;
/// Rows never get thicker than this, so one or two bars don't become slabs.
const MAX_ROW_PX: i32 = 50;
/// Share of a row its bar fills; the rest is air between bars.
const BAR_SHARE: f64 = 0.68;
/// Share of the width the labels may take; the bars keep the rest.
const MAX_LABEL_SHARE: f64 = 0.36;
/// The bars' area never gets narrower than this, whatever the counts' width.
const MIN_BAR_SPAN: i32 = 120;
/// A non-zero count always shows as at least this many pixels of bar.
const MIN_BAR_PX: i32 = 3;
/// Tick figures at most; more would only crowd the axis.
const MAX_TICKS: u128 = 6;

/// The tick step: 1, 2 or 5 times a power of ten, the smallest giving at most `most` steps up
/// to `max`.
pub(super) fn tick_step(max: u128, most: u128) -> u128 {
    let most = most.max(1);
    let mut magnitude: u128 = 1;
    loop {
        for m in [1, 2, 5] {
            let step = magnitude.saturating_mul(m);
            if max / step <= most {
                return step;
            }
        }
        match magnitude.checked_mul(10) {
            Some(next) => magnitude = next,
            None => return magnitude,
        }
    }
}

/// A `0xRRGGBB` constant as plotters' colour.
pub(super) fn colour(hex: u32) -> RGBColor {
    let [_, r, g, b] = hex.to_be_bytes();
    RGBColor(r, g, b)
}

/// A plotters error, which is generic over the backend, as ours.
pub(super) fn draw_error(error: impl Display) -> ChartError {
    ChartError::Draw(error.to_string())
}

/// The whole picture, in pixels from the top left corner.
pub(super) type Area<'b> = DrawingArea<BitMapBackend<'b>, Shift>;

/// Where things go, in pixels: worked out once from the rows and the fonts.
struct Layout {
    /// Labels end here (right-aligned).
    label_right: i32,
    /// Bars start here.
    plot_left: i32,
    /// Pixels per unit of count.
    scale: f64,
    /// Top of the first row.
    top: i32,
    row_px: i32,
    rows: i32,
    /// Baselines of the tick figures and of the unit under them.
    ticks_baseline: i32,
    unit_baseline: i32,
    tick_step: u128,
    max_count: usize,
}

impl Layout {
    fn new(pen: Pen, labels: &[String], rows: &[Row], unit: &str) -> Layout {
        let width = WIDTH as i32;
        let label_width = labels.iter().map(|label| pen.width(label, LABEL_PX)).max();
        let label_right = MARGIN + label_width.unwrap_or(0).min(max_label_width());
        let plot_left = if labels.is_empty() {
            MARGIN
        } else {
            label_right + GAP
        };
        let max_count = rows.iter().map(|row| row.count).max().unwrap_or(0);
        let widest = group_digits(max_count as u128);
        let span = width - MARGIN - plot_left - GAP - pen.width(&widest, COUNT_PX);
        let span = span.max(MIN_BAR_SPAN);
        let scale = f64::from(span) / max_count.max(1) as f64;
        let tick_room = pen.width(&widest, TICK_PX) + 3 * GAP;
        let most_ticks = (span / tick_room).max(1) as u128;

        // Vertically: the title, then the rows, the tick figures and the unit as one block,
        // centred in the space left.
        let body_top = MARGIN + TITLE_PX + GAP * 2;
        let unit_px = if unit.is_empty() {
            0
        } else {
            GAP / 2 + TICK_PX
        };
        let axis_px = GAP + TICK_PX + unit_px;
        let room = HEIGHT as i32 - MARGIN - body_top;
        let n = rows.len() as i32; // at most MAX_BARS
        let row_px = ((room - axis_px) / n.max(1)).min(MAX_ROW_PX);
        let top = body_top + (room - row_px * n - axis_px) / 2;
        let bottom = top + row_px * n;
        Layout {
            label_right,
            plot_left,
            scale,
            top,
            row_px,
            rows: n,
            ticks_baseline: bottom + GAP + cap_offset(TICK_PX) * 2,
            unit_baseline: bottom + axis_px,
            tick_step: tick_step(max_count as u128, most_ticks.min(MAX_TICKS)),
            max_count,
        }
    }

    fn bottom(&self) -> i32 {
        self.top + self.row_px * self.rows
    }

    fn x(&self, count: u128) -> i32 {
        self.plot_left + (count as f64 * self.scale).round() as i32
    }
}

fn max_label_width() -> i32 {
    (f64::from(WIDTH) * MAX_LABEL_SHARE) as i32
}

/// Half the cap height of a `px` font: from a text's baseline to its visual middle.
fn cap_offset(px: i32) -> i32 {
    (f64::from(px) * CAP_HEIGHT / 2.0).round() as i32
}

/// Fills the rectangle from `(x0, y0)` to `(x1, y1)`, both ends included.
fn fill(
    area: &Area,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    hex: u32,
) -> Result<(), ChartError> {
    // plotters leaves out the far edge of a filled rectangle.
    let far = (x1.saturating_add(1), y1.saturating_add(1));
    area.draw(&Rectangle::new([(x0, y0), far], colour(hex).filled()))
        .map_err(draw_error)
}

/// Draws the whole chart on `rgb`, [`WIDTH`] x [`HEIGHT`] 8-bit RGB.
pub(super) fn draw(
    rgb: &mut [u8],
    pen: Pen,
    title: &str,
    unit: &str,
    rows: &[Row],
) -> Result<(), ChartError> {
    let area = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    area.fill(&colour(BACKGROUND)).map_err(draw_error)?;

    let title = pen.fit(&clean(title), TITLE_PX, WIDTH as i32 - 2 * MARGIN);
    let title_baseline = MARGIN + (f64::from(TITLE_PX) * ASCENT).round() as i32;
    let at = (MARGIN, title_baseline);
    pen.text(&area, &title, (TITLE_PX, TEXT), at, Align::Left)?;
    if rows.is_empty() {
        // An axis with nothing on it would only be clutter.
        return area.present().map_err(draw_error);
    }

    let labels: Vec<String> = rows
        .iter()
        .map(|row| pen.fit(&row.label, LABEL_PX, max_label_width()))
        .collect();
    let unit = pen.fit(&clean(unit), TICK_PX, WIDTH as i32 - 2 * MARGIN);
    let layout = Layout::new(pen, &labels, rows, &unit);
    draw_axis(&area, pen, &layout, &unit)?;
    for (i, (row, label)) in rows.iter().zip(&labels).enumerate() {
        draw_row(&area, pen, &layout, i as i32, row, label)?;
    }
    area.present().map_err(draw_error)
}

/// The grid lines and their figures, and the unit under them.
fn draw_axis(area: &Area, pen: Pen, layout: &Layout, unit: &str) -> Result<(), ChartError> {
    let (top, bottom) = (layout.top, layout.bottom().max(layout.top + 1));
    let mut tick: u128 = 0;
    loop {
        let x = layout.x(tick);
        let line = if tick == 0 { MUTED } else { GRID };
        fill(area, (x, top), (x, bottom), line)?;
        let figure = group_digits(tick);
        let at = (x, layout.ticks_baseline);
        pen.text(area, &figure, (TICK_PX, MUTED), at, Align::Centre)?;
        match tick.checked_add(layout.tick_step) {
            Some(next) if next <= layout.max_count as u128 => tick = next,
            _ => break,
        }
    }
    if !unit.is_empty() {
        let middle = (layout.plot_left + WIDTH as i32 - MARGIN) / 2;
        let at = (middle, layout.unit_baseline);
        pen.text(area, unit, (TICK_PX, MUTED), at, Align::Centre)?;
    }
    Ok(())
}

/// Row `i`: label, bar, count.
fn draw_row(
    area: &Area,
    pen: Pen,
    layout: &Layout,
    i: i32,
    row: &Row,
    label: &str,
) -> Result<(), ChartError> {
    let middle = layout.top + layout.row_px * i + layout.row_px / 2;
    let label_at = (layout.label_right, middle + cap_offset(LABEL_PX));
    pen.text(area, label, (LABEL_PX, TEXT), label_at, Align::Right)?;

    let bar_px = (f64::from(layout.row_px) * BAR_SHARE).round() as i32;
    let y0 = middle - bar_px / 2;
    let mut end = layout.x(row.count as u128);
    if row.count > 0 {
        end = end.max(layout.plot_left + MIN_BAR_PX);
        let hex = match row.kind {
            Kind::Home => HOME_COLOUR,
            Kind::Company => BAR_COLOUR,
            Kind::Others => OTHERS_COLOUR,
        };
        fill(area, (layout.plot_left, y0), (end, y0 + bar_px - 1), hex)?;
    }
    let count_at = (end + GAP, middle + cap_offset(COUNT_PX));
    let count = group_digits(row.count as u128);
    pen.text(area, &count, (COUNT_PX, TEXT), count_at, Align::Left)
}

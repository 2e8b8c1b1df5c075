//! The `/stats` picture, "Where the LLaMA authors went": people per company as horizontal bars
//! (company names of any length read best on the left), the count at each bar's end.
//!
//! Plain data in, PNG bytes out, no Discord types. The caller passes the text already in its
//! language (English or French) and the bars most-first; [`render`] keeps that order, lays the
//! rows out and draws them ([`draw`]) with `plotters` on an RGB buffer, the text in the embedded
//! DejaVu Sans through `ab_glyph` ([`text`]: no system font, no C library), then encodes the PNG
//! with the `png` crate ([`encode`]), so the same input always gives the same bytes.
//!
//! Any input renders, nothing panics: no bars gives the title alone (one code path for the
//! caller, and still a true picture); more than [`MAX_BARS`] bars keep the first ones, and
//! every "home" bar, and fold the rest into one "N others" bar; a label too wide is cut with "…";
//! a character the font lacks (emoji, CJK) draws as the font's empty box.

mod draw;
mod encode;
#[cfg(test)]
mod tests;
mod text;

use text::Pen;

/// The name the attachment goes by, for the embed's `attachment://` image.
pub const FILE_NAME: &str = "where-they-went.png";
/// 16:9, the shape Discord shows whole in an embed; big enough to stay sharp when it scales down.
pub const WIDTH: u32 = 960;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 540;

/// Rows drawn at most, the folded "N others" row included: ten still read at a glance in a
/// Discord embed, and the shipped dataset's eight companies all fit.
pub const MAX_BARS: usize = 10;

/// The "still at Meta" bar: Meta's own blue.
pub const HOME_COLOUR: u32 = 0x08_66_FF;
/// Every other company: the bot's green, which the `/stats` embed takes too, so picture and embed
/// match.
pub const BAR_COLOUR: u32 = 0x57_F2_87;
/// The folded "N others" bar: Discord's neutral grey, as it is no one company.
pub const OTHERS_COLOUR: u32 = 0x94_9B_A4;
/// Characters of a label kept before measuring: bounds the work on a huge label, and no more
/// than this fits in the label column anyway.
const MAX_LABEL_CHARS: usize = 120;
/// What ends a cut label.
const ELLIPSIS: char = '…';
/// Groups the digits of big counts (10 000 000): a narrow no-break space, right in English and
/// French alike, and it keeps a figure on one line.
const DIGIT_GROUP: char = '\u{202F}';

/// One bar: a company and how many authors are there now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Drawn as given, left of the bar; cut with "…" when too wide.
    pub label: String,
    pub count: usize,
    /// The "still at Meta" bar, drawn in [`HOME_COLOUR`] and never folded into "others".
    pub home: bool,
}

/// What to draw. All text comes from the caller, already in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct Chart<'a> {
    /// Above the bars: "Where the LLaMA authors went".
    pub title: &'a str,
    /// Most first; drawn top to bottom in this order.
    pub bars: &'a [Bar],
    /// Under the axis, what the counts count: "people"; empty for nothing.
    pub unit: &'a str,
    /// The folded bar's word after its number: "others" gives "992 others".
    pub others: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded chart font could not be loaded")]
    Font,
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the chart as PNG failed: {0}")]
    Encode(#[from] png::EncodingError),
}

/// The chart as PNG bytes, [`WIDTH`] x [`HEIGHT`], 8-bit indexed colour (RGB in the odd case of
/// more than 256 colours). The same chart gives the same bytes.
pub fn render(chart: &Chart) -> Result<Vec<u8>, ChartError> {
    let pen = Pen::new()?;
    let rows = rows(chart);
    let mut rgb = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    draw::draw(&mut rgb, pen, chart.title, chart.unit, &rows)?;
    encode::encode(&rgb)
}

/// What a row stands for, which sets its bar's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Home,
    Company,
    Others,
}

/// A bar as drawn: its label cleaned, perhaps the folded rest.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    label: String,
    count: usize,
    kind: Kind,
}

impl Row {
    fn of(bar: &Bar) -> Row {
        let kind = if bar.home { Kind::Home } else { Kind::Company };
        Row {
            label: clean(&bar.label),
            count: bar.count,
            kind,
        }
    }
}

/// The rows to draw: every bar when they fit, else the first ones (and every home bar, which is
/// the picture's point) with the rest folded into one "N others" row.
fn rows(chart: &Chart) -> Vec<Row> {
    let bars = chart.bars;
    if bars.len() <= MAX_BARS {
        return bars.iter().map(Row::of).collect();
    }
    let slots = MAX_BARS - 1;
    let mut home_room = bars.iter().filter(|bar| bar.home).count().min(slots);
    let mut company_room = slots - home_room;
    let mut rows = Vec::with_capacity(MAX_BARS);
    let (mut folded, mut folded_count) = (0u128, 0usize);
    for bar in bars {
        let room = if bar.home {
            &mut home_room
        } else {
            &mut company_room
        };
        if *room > 0 {
            *room -= 1;
            rows.push(Row::of(bar));
        } else {
            folded += 1;
            folded_count = folded_count.saturating_add(bar.count);
        }
    }
    let label = format!("{} {}", group_digits(folded), clean(chart.others));
    rows.push(Row {
        label: label.trim_end().to_owned(),
        count: folded_count,
        kind: Kind::Others,
    });
    rows
}

/// A label as drawn: control characters (newlines, tabs) as spaces, at most [`MAX_LABEL_CHARS`].
fn clean(text: &str) -> String {
    let mut chars = text.chars().map(|c| if c.is_control() { ' ' } else { c });
    let mut out: String = chars.by_ref().take(MAX_LABEL_CHARS).collect();
    if chars.next().is_some() {
        out.push(ELLIPSIS);
    }
    out
}

/// `n` with its digits in groups of three: 10 000 000.
fn group_digits(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(DIGIT_GROUP);
        }
        out.push(digit);
    }
    out
}

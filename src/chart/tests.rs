//! The chart end to end: PNG shape, determinism, colours, and every awkward input.

use super::draw::{LABEL_PX, TEXT, tick_step};
use super::encode::{encode, palette};
use super::text::Pen;
use super::*;

/// The PNG's size budget: a few tens of KB keeps the Discord upload quick.
const MAX_PNG_BYTES: usize = 60 * 1024;

fn bar(label: &str, count: usize, home: bool) -> Bar {
    Bar {
        label: label.to_owned(),
        count,
        home,
    }
}

/// The shipped dataset's shape: Mistral AI 5, Meta 3 still there, six companies with one each.
fn shipped() -> Vec<Bar> {
    let mut bars = vec![bar("Mistral AI", 5, false), bar("still at Meta", 3, true)];
    for company in [
        "Anthropic",
        "Cohere",
        "Google DeepMind",
        "Kyutai",
        "Microsoft AI",
    ] {
        bars.push(bar(company, 1, false));
    }
    bars.push(bar("Thinking Machines Lab", 1, false));
    bars
}

fn chart(bars: &[Bar]) -> Chart<'_> {
    Chart {
        title: "Where the LLaMA authors went",
        bars,
        unit: "people",
        others: "others",
    }
}

/// Decodes `png`, checks its shape, and returns its colour type and its pixels as RGB.
fn decode(png: &[u8]) -> (png::ColorType, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let colour_type = reader.info().color_type;
    assert!(matches!(
        colour_type,
        png::ColorType::Indexed | png::ColorType::Rgb
    ));
    assert_eq!(
        reader.output_color_type(),
        (png::ColorType::Rgb, png::BitDepth::Eight)
    );
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(3)
        .map(|p| [p[0], p[1], p[2]]);
    (colour_type, pixels.collect())
}

fn has_colour(pixels: &[[u8; 3]], hex: u32) -> bool {
    let [_, r, g, b] = hex.to_be_bytes();
    pixels.contains(&[r, g, b])
}

/// Renders, checks the PNG decodes to the chart's shape within budget, returns the pixels.
fn rendered(chart: &Chart) -> Vec<[u8; 3]> {
    let png = render(chart).unwrap();
    assert!(png.len() < MAX_PNG_BYTES, "{} bytes", png.len());
    decode(&png).1
}

#[test]
fn shipped_shape_decodes_small_with_both_colours() {
    let bars = shipped();
    let png = render(&chart(&bars)).unwrap();
    assert!(png.len() < MAX_PNG_BYTES, "{} bytes", png.len());
    let (colour_type, pixels) = decode(&png);
    assert_eq!(
        colour_type,
        png::ColorType::Indexed,
        "few enough colours for a palette"
    );
    assert!(has_colour(&pixels, HOME_COLOUR));
    assert!(has_colour(&pixels, BAR_COLOUR));
    assert!(
        !has_colour(&pixels, OTHERS_COLOUR),
        "no folded bar for 8 companies"
    );
}

#[test]
fn same_input_same_bytes_other_input_other_bytes() {
    let bars = shipped();
    let first = render(&chart(&bars)).unwrap();
    assert_eq!(first, render(&chart(&bars)).unwrap());
    let mut changed = bars.clone();
    changed[0].count = 6;
    assert_ne!(first, render(&chart(&changed)).unwrap());
    let french = Chart {
        title: "Où sont allés les auteurs de LLaMA",
        ..chart(&bars)
    };
    assert_ne!(first, render(&french).unwrap());
}

#[test]
fn no_bars_renders_the_title_alone() {
    let pixels = rendered(&chart(&[]));
    assert!(!has_colour(&pixels, HOME_COLOUR) && !has_colour(&pixels, BAR_COLOUR));
    assert!(has_colour(&pixels, TEXT), "the title is drawn");
}

#[test]
fn one_bar() {
    assert!(has_colour(
        &rendered(&chart(&[bar("still at Meta", 14, true)])),
        HOME_COLOUR
    ));
    assert!(has_colour(
        &rendered(&chart(&[bar("Mistral AI", 1, false)])),
        BAR_COLOUR
    ));
}

#[test]
fn thousands_of_companies_fold_into_others() {
    let mut bars: Vec<Bar> = (0..5_000)
        .map(|i| bar(&format!("Company {i}"), 5_000 - i, false))
        .collect();
    bars.push(bar("still at Meta", 1, true));
    let pixels = rendered(&chart(&bars));
    assert!(
        has_colour(&pixels, HOME_COLOUR),
        "the home bar is never folded"
    );
    assert!(has_colour(&pixels, OTHERS_COLOUR));

    let rows = rows(&chart(&bars));
    assert_eq!(rows.len(), MAX_BARS);
    assert_eq!(rows[MAX_BARS - 2].kind, Kind::Home);
    let others = &rows[MAX_BARS - 1];
    let shown: usize = (0..MAX_BARS - 2).map(|i| 5_000 - i).sum();
    let all: usize = (1..=5_000).sum();
    assert_eq!(others.label, "4\u{202F}992 others");
    assert_eq!((others.kind, others.count), (Kind::Others, all - shown));
}

#[test]
fn more_home_bars_than_rows_still_fit() {
    let bars: Vec<Bar> = (0..40).map(|i| bar("b", 1, i % 2 == 0)).collect();
    let rows = rows(&chart(&bars));
    assert_eq!(rows.len(), MAX_BARS);
    assert!(
        rows[..MAX_BARS - 1]
            .iter()
            .all(|row| row.kind == Kind::Home)
    );
    assert_eq!(
        (rows[MAX_BARS - 1].kind, rows[MAX_BARS - 1].count),
        (Kind::Others, 31)
    );
    rendered(&chart(&bars));
}

#[test]
fn counts_in_the_millions_and_beyond() {
    let bars = [
        bar("still at Meta", 10_000_000, true),
        bar("Mistral AI", 3_456_789, false),
    ];
    rendered(&chart(&bars));
    let huge = [
        bar("a", usize::MAX, false),
        bar("b", usize::MAX, false),
        bar("c", 0, true),
    ];
    rendered(&chart(&huge));
    let folded: Vec<Bar> = (0..50).map(|_| bar("x", usize::MAX, false)).collect();
    assert_eq!(
        rows(&chart(&folded))[MAX_BARS - 1].count,
        usize::MAX,
        "saturates"
    );
    rendered(&chart(&folded));
    rendered(&chart(&[bar("zero", 0, false), bar("also zero", 0, true)]));
}

#[test]
fn awkward_labels_render() {
    let long = "L".repeat(1_000);
    let bars = [
        bar(&long, 3, true),
        bar("🦙🚀 emoji", 2, false),
        bar("中文公司 深度求索", 2, false),
        bar("**bold** _it_ `code` [link](x) <@123> @everyone", 1, false),
        bar("line\nbreak\ttab\u{0}", 1, false),
        bar("", 1, false),
        bar("e\u{301}\u{301}\u{301} combining, \u{202E}bidi", 1, false),
    ];
    rendered(&chart(&bars));
    let odd = Chart {
        title: &"Où sont allés 🦙 ".repeat(100),
        bars: &bars,
        unit: &long,
        others: &long,
    };
    rendered(&odd);
}

#[test]
fn long_labels_are_cut_to_fit() {
    let pen = Pen::new().unwrap();
    let label = pen.fit(&clean(&"Ω".repeat(1_000)), LABEL_PX, 300);
    assert!(label.ends_with(ELLIPSIS));
    assert!(pen.width(&label, LABEL_PX) <= 300);
    assert!(
        pen.width(&label, LABEL_PX) > 250,
        "not cut more than needed"
    );
    assert_eq!(pen.fit("Kyutai", LABEL_PX, 300), "Kyutai");
    assert_eq!(pen.fit("Kyutai", LABEL_PX, 0), "…");
    assert_eq!(pen.fit("", LABEL_PX, -1), "");
}

#[test]
fn many_colours_encode_as_rgb() {
    let rgb: Vec<u8> = (0..WIDTH * HEIGHT)
        .flat_map(|i| [(i % 251) as u8, (i / 251 % 7) as u8, 9])
        .collect();
    assert!(palette(&rgb).is_none());
    let png = encode(&rgb).unwrap();
    let (colour_type, pixels) = decode(&png);
    assert_eq!(colour_type, png::ColorType::Rgb);
    assert_eq!(pixels.concat(), rgb);
}

#[test]
fn digits_group_by_three() {
    assert_eq!(group_digits(0), "0");
    assert_eq!(group_digits(999), "999");
    assert_eq!(group_digits(1_000), "1\u{202F}000");
    assert_eq!(group_digits(10_000_000), "10\u{202F}000\u{202F}000");
}

#[test]
fn ticks_step_by_one_two_or_five() {
    assert_eq!(tick_step(0, 6), 1);
    assert_eq!(tick_step(5, 6), 1);
    assert_eq!(tick_step(14, 6), 5);
    assert_eq!(tick_step(10_000_000, 5), 2_000_000);
    assert_eq!(tick_step(u128::MAX, 6), 5 * 10u128.pow(37));
    assert_eq!(tick_step(7, 0), 5);
}

/// `cargo test --lib chart::tests::preview -- --ignored` writes the shipped-shape chart to
/// the temporary directory, to look at after changing the design.
#[test]
#[ignore = "writes a file to look at"]
fn preview() {
    let bars = shipped();
    let path = std::env::temp_dir().join(FILE_NAME);
    std::fs::write(&path, render(&chart(&bars)).unwrap()).unwrap();
    println!("{}", path.display());
}

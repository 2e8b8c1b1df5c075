//! The PNG: the RGB buffer encoded with fixed settings, as a palette when it fits in one.

use std::collections::HashMap;

use super::{ChartError, HEIGHT, WIDTH};

/// The RGB buffer as a PNG with fixed settings and no timestamp or other varying chunk, so the
/// same pixels give the same bytes: 8-bit indexed when the picture has at most 256 colours (it
/// does, unless odd text piles glyphs on each other), else 8-bit RGB.
pub(super) fn encode(rgb: &[u8]) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_depth(png::BitDepth::Eight);
    // Flat colours and palettes compress best unfiltered; `Balanced` deflate gives 10-20 KB.
    encoder.set_compression(png::Compression::Balanced);
    encoder.set_filter(png::Filter::NoFilter);
    let writer = match palette(rgb) {
        Some((palette, indices)) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(palette);
            let mut writer = encoder.write_header()?;
            writer.write_image_data(&indices)?;
            writer
        }
        None => {
            encoder.set_color(png::ColorType::Rgb);
            let mut writer = encoder.write_header()?;
            writer.write_image_data(rgb)?;
            writer
        }
    };
    writer.finish()?;
    Ok(out)
}

/// The RGB pixels as a palette (colours in order of first appearance, so always the same) and
/// one index per pixel; `None` past 256 colours.
pub(super) fn palette(rgb: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut palette = Vec::new();
    // Only looked up, never iterated: its order cannot reach the bytes.
    let mut index_of = HashMap::new();
    let mut indices = Vec::with_capacity(rgb.len() / 3);
    let mut last = None;
    for pixel in rgb.chunks_exact(3) {
        let colour = [pixel[0], pixel[1], pixel[2]];
        let index = match last {
            // Runs of one colour are the rule: skip the map for them.
            Some((last_colour, index)) if last_colour == colour => index,
            _ => {
                let next = index_of.len();
                let index = *index_of.entry(colour).or_insert_with(|| {
                    palette.extend_from_slice(&colour);
                    u8::try_from(next).ok()
                });
                let index = index?;
                last = Some((colour, index));
                index
            }
        };
        indices.push(index);
    }
    Some((palette, indices))
}

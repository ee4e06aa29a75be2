//! Grouped bars: a comparison's periods side by side, a benchmark's areas.

use crate::model::convert::to_i32;
use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Bars, DARK, FONT, MIN_TEXT, axis_number, label_x_axis, shade};

/// The height of the key above the bars, in pixels.
const KEY: u32 = 30;

/// The key above the plot (never over a bar): each series' swatch, outlined as its bars are,
/// with its name.
fn draw_key<DB: DrawingBackend>(strip: &DrawingArea<DB, Shift>, b: &Bars) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| anyhow!("drawing the chart: {e}");
    let k = b.series.len().max(1);
    let mut x = 96i32;
    for (s, (name, _)) in b.series.iter().enumerate() {
        let colour = shade(s, k);
        strip
            .draw(&Rectangle::new([(x, 8), (x + 16, 22)], colour.filled()))
            .map_err(|e| fail(&e))?;
        strip
            .draw(&Rectangle::new(
                [(x, 8), (x + 16, 22)],
                DARK.stroke_width(1),
            ))
            .map_err(|e| fail(&e))?;
        strip
            .draw(&Text::new(
                name.clone(),
                (x + 24, 7),
                (FONT, MIN_TEXT).into_font().color(&DARK),
            ))
            .map_err(|e| fail(&e))?;
        x += 24 + 9 * to_i32(name.chars().count()) + 28;
    }
    Ok(())
}

pub(super) fn draw_bars<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, b: &Bars) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| anyhow!("drawing the chart: {e}");
    let (strip, area) = area.split_vertically(KEY);
    draw_key(&strip, b)?;
    let area = &area;
    let n = b.categories.len().max(1);
    let k = b.series.len().max(1);
    let top = b
        .series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .fold(0.0f64, |m, v| m.max(*v))
        .max(1.0)
        * 1.18;
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .margin(12)
        .build_cartesian_2d(0.0..n as f64, 0.0..top)
        .map_err(|e| fail(&e))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_label_formatter(&|y| axis_number(*y))
        .y_desc(b.y_label.clone())
        .x_desc("Measure")
        .label_style((FONT, 15).into_font().color(&DARK))
        .axis_desc_style((FONT, 16).into_font().color(&DARK))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(|e| fail(&e))?;
    let width = 0.8 / k as f64;
    for (s, (name, values)) in b.series.iter().enumerate() {
        let colour = shade(s, k);
        let corners: Vec<[(f64, f64); 2]> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let v = (*v)?;
                let x0 = i as f64 + 0.1 + width * s as f64;
                Some([(x0, 0.0), (x0 + width * 0.92, v)])
            })
            .collect();
        let bars = corners.iter().map(|&c| Rectangle::new(c, colour.filled()));
        // Every bar outlined in the dark ink, so that a light bar stands out from the white
        // page by far more than the 3:1 graphics need (WCAG 1.4.11).
        let outlines = corners
            .iter()
            .map(|&c| Rectangle::new(c, DARK.stroke_width(1)));
        let _ = name;
        chart.draw_series(bars).map_err(|e| fail(&e))?;
        chart.draw_series(outlines).map_err(|e| fail(&e))?;
        // Absent values: a `c` (withheld) or `[x]` (no data) where the bar would be.
        let hidden: Vec<Text<(f64, f64), String>> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_none())
            .map(|(i, _)| {
                let x = i as f64 + 0.1 + width * s as f64 + width * 0.3;
                Text::new(
                    b.symbol(s, i).to_string(),
                    (x, top * 0.03),
                    (FONT, 15).into_font().color(&DARK),
                )
            })
            .collect();
        chart.draw_series(hidden).map_err(|e| fail(&e))?;
    }
    let notes: Vec<Text<(f64, f64), String>> = b
        .notes
        .iter()
        .enumerate()
        .map(|(i, note)| {
            let high = b
                .series
                .iter()
                .filter_map(|(_, v)| v.get(i).copied().flatten())
                .fold(0.0f64, f64::max);
            Text::new(
                note.clone(),
                (i as f64 + 0.38, high + top * 0.06),
                (FONT, 16).into_font().style(FontStyle::Bold).color(&DARK),
            )
        })
        .collect();
    chart.draw_series(notes).map_err(|e| fail(&e))?;
    label_x_axis(
        area,
        &chart,
        b.categories
            .iter()
            .enumerate()
            .map(|(i, c)| (i as f64 + 0.5, c.as_str())),
        15,
    )?;
    Ok(())
}

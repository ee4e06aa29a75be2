//! Small panels of lines: a monthly table's two years, a trend's areas. Each line has its own
//! colour, width, dash pattern and marker, and the legend shows them as drawn, so the chart
//! reads in greyscale.

use crate::model::convert::{round_u64, to_i32, to_usize};
use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::{DARK, FONT, LineStyles, Lines, MID, MIN_TEXT, Panel, axis_number, label_x_axis};

/// A limit line as runs: broken where it changes (a new phase) or is missing.
fn limit_runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut last: Option<f64> = None;
    for (i, v) in values.iter().enumerate() {
        match (v, last) {
            (Some(v), Some(l)) if (v - l).abs() < 1e-9 => {
                if let Some(run) = runs.last_mut() {
                    run.push((i as f64, *v));
                }
            }
            (Some(v), _) => runs.push(vec![(i as f64, *v)]),
            (None, _) => {}
        }
        last = *v;
    }
    // A single month of a phase is drawn as a short tick.
    runs.into_iter()
        .map(|run| match run.as_slice() {
            [(x, y)] => vec![(x - 0.3, *y), (x + 0.3, *y)],
            _ => run,
        })
        .collect()
}

/// The points of a line as unbroken runs: a month with no figure breaks the line rather than
/// being bridged.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    values
        .split(Option::is_none)
        .scan(0usize, |start, run| {
            let first = *start;
            *start += run.len() + 1;
            Some(
                run.iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|v| ((first + i) as f64, v)))
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|run| !run.is_empty())
        .collect()
}

pub(super) fn draw_lines<'a, DB: DrawingBackend + 'a>(
    area: &'a DrawingArea<DB, Shift>,
    l: &Lines,
) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| anyhow!("drawing the chart: {e}");
    // One legend for every panel, above them, so that no legend covers a line.
    let (strip, area) = area.split_vertically(LEGEND);
    draw_key(&strip, l)?;
    let columns = l.columns.max(1);
    let rows = l.panels.len().div_ceil(columns).max(1);
    let panels = area.split_evenly((rows, columns));
    let n = l.x_labels.len().max(1);
    for (
        panel,
        Panel {
            title,
            y_label,
            lines,
            limits,
            signals,
        },
    ) in panels.iter().zip(&l.panels)
    {
        let top = lines
            .iter()
            .flatten()
            .flatten()
            .copied()
            .chain(limits.iter().flatten().map(|l| l.2))
            .fold(0.0f64, f64::max)
            .max(1.0)
            * 1.15;
        let mut chart = ChartBuilder::on(panel)
            .caption(
                title.clone(),
                (FONT, 18).into_font().style(FontStyle::Bold).color(&DARK),
            )
            .x_label_area_size(28)
            .y_label_area_size(56)
            .margin(10)
            .build_cartesian_2d(-0.3..(n as f64 - 0.7).max(1.0), 0.0..top)
            .map_err(|e| fail(&e))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_label_formatter(&|y| axis_number(*y))
            .y_desc(*y_label)
            .label_style((FONT, MIN_TEXT).into_font().color(&DARK))
            .axis_desc_style((FONT, MIN_TEXT).into_font().color(&DARK))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(|e| fail(&e))?;
        // Control limits first, under the data: the centre line solid, the limits dotted, each
        // broken where a phase starts or no limits apply.
        for (pick, dash) in [(0, None), (1, Some((2, 3))), (2, Some((2, 3)))] {
            let values: Vec<Option<f64>> = limits
                .iter()
                .map(|l| {
                    l.map(|(c, lo, hi)| match pick {
                        0 => c,
                        1 => lo,
                        _ => hi,
                    })
                })
                .collect();
            let stroke = MID.stroke_width(1);
            for run in limit_runs(&values) {
                match dash {
                    Some((on, off)) => chart
                        .draw_series(DashedLineSeries::new(run, on, off, stroke))
                        .map(|_| ()),
                    None => chart.draw_series(LineSeries::new(run, stroke)).map(|_| ()),
                }
                .map_err(|e| fail(&e))?;
            }
        }
        for (s, values) in lines.iter().enumerate() {
            let points: Vec<(f64, f64)> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
                .collect();
            let runs = runs(values);
            let style = LineStyle::of(l.styles, s);
            let stroke = style.colour.stroke_width(style.width);
            for run in &runs {
                match style.dash {
                    Some((on, off)) => chart
                        .draw_series(DashedLineSeries::new(run.clone(), on, off, stroke))
                        .map(|_| ()),
                    None => chart
                        .draw_series(LineSeries::new(run.clone(), stroke))
                        .map(|_| ()),
                }
                .map_err(|e| fail(&e))?;
            }
            style.marker.draw(&mut chart, &points, style.colour)?;
            // Signals on the last line: a ring round the point.
            if s + 1 == lines.len() {
                let rings: Vec<(f64, f64)> = points
                    .iter()
                    .filter(|(x, _)| {
                        signals
                            .get(to_usize(round_u64(x.floor())))
                            .copied()
                            .unwrap_or(false)
                    })
                    .copied()
                    .collect();
                chart
                    .draw_series(
                        rings
                            .iter()
                            .map(|p| Circle::new(*p, 8, DARK.stroke_width(2))),
                    )
                    .map_err(|e| fail(&e))?;
            }
        }
        // Every label when they fit (about 7 pixels a character), else every other one.
        let room = panel.dim_in_pixel().0.saturating_sub(80) as usize;
        let widest = l
            .x_labels
            .iter()
            .map(|x| x.chars().count())
            .max()
            .unwrap_or(1);
        let step = (n * (widest * 7 + 6)).div_ceil(room.max(1)).max(1);
        label_x_axis(
            panel,
            &chart,
            l.x_labels
                .iter()
                .enumerate()
                .filter(|(i, _)| (n - 1 - i).is_multiple_of(step))
                .map(|(i, m)| (i as f64, m.as_str())),
            MIN_TEXT,
        )?;
    }
    Ok(())
}

/// The height of the key above the panels, in pixels.
pub(super) const LEGEND: u32 = 36;

/// The key: each line's sample, as drawn, with its name; then the control lines when any
/// panel has them.
fn draw_key<DB: DrawingBackend>(strip: &DrawingArea<DB, Shift>, l: &Lines) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| anyhow!("drawing the chart: {e}");
    let font = (FONT, MIN_TEXT).into_font().color(&DARK);
    let mut x = 14i32;
    let y = 16i32;
    let mut entries: Vec<(String, LineStyle)> = l
        .series_names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), LineStyle::of(l.styles, i)))
        .collect();
    if l.panels
        .iter()
        .any(|p| p.limits.iter().any(Option::is_some))
    {
        let thin = |dash| LineStyle {
            colour: MID,
            width: 1,
            dash,
            marker: Marker::Plain,
        };
        entries.push(("Centre line".to_string(), thin(None)));
        entries.push(("Control limits".to_string(), thin(Some((2, 3)))));
    }
    for (name, style) in entries {
        strip
            .draw(&LegendSample { at: (x, y), style })
            .map_err(|e| fail(&e))?;
        strip
            .draw(&Text::new(name.clone(), (x + 28, y - 8), font.clone()))
            .map_err(|e| fail(&e))?;
        x += 28 + 9 * to_i32(name.chars().count()) + 24;
    }
    Ok(())
}

/// One line's look: colour, width, dash pattern and marker.
#[derive(Debug, Clone, Copy)]
struct LineStyle {
    colour: RGBColor,
    width: u32,
    dash: Option<(u32, u32)>,
    marker: Marker,
}

impl LineStyle {
    fn of(styles: LineStyles, index: usize) -> LineStyle {
        let (dark, grey) = (
            LineStyle {
                colour: DARK,
                width: 3,
                dash: None,
                marker: Marker::Circle,
            },
            LineStyle {
                colour: MID,
                width: 2,
                dash: Some((6, 4)),
                marker: Marker::Triangle,
            },
        );
        match (styles, index) {
            (LineStyles::YearOnYear, 0) => grey,
            (LineStyles::YearOnYear, _) => dark,
            (LineStyles::FirstEmphasised, 0) => dark,
            // Each comparator in a colour of its own (every one at least 3:1 against white),
            // with its own dash and marker, so that no line is told apart by shade alone.
            (LineStyles::FirstEmphasised, 1) => LineStyle {
                colour: RGBColor(0x12, 0x43, 0x6D),
                ..grey
            },
            (LineStyles::FirstEmphasised, 2) => LineStyle {
                colour: RGBColor(0x80, 0x16, 0x50),
                dash: Some((2, 3)),
                marker: Marker::Cross,
                ..grey
            },
            (LineStyles::FirstEmphasised, _) => LineStyle {
                colour: RGBColor(0x28, 0xA1, 0x97),
                dash: Some((10, 3)),
                marker: Marker::Square,
                ..grey
            },
        }
    }
}

/// A point's marker.
#[derive(Debug, Clone, Copy)]
enum Marker {
    Circle,
    Triangle,
    Cross,
    Square,
    /// No marker: a control line in the key.
    Plain,
}

impl Marker {
    /// The marker's outline around (0, 0), in pixels; empty for a cross, drawn as strokes.
    fn outline(self) -> Vec<(i32, i32)> {
        match self {
            Marker::Circle => [
                (4, 0),
                (3, 3),
                (0, 4),
                (-3, 3),
                (-4, 0),
                (-3, -3),
                (0, -4),
                (3, -3),
            ]
            .to_vec(),
            Marker::Triangle => vec![(0, -5), (5, 4), (-5, 4)],
            Marker::Square => vec![(-3, -3), (3, -3), (3, 3), (-3, 3)],
            Marker::Cross | Marker::Plain => Vec::new(),
        }
    }

    /// Draws the marker at each point.
    fn draw<DB: DrawingBackend>(
        self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
        points: &[(f64, f64)],
        colour: RGBColor,
    ) -> Result<()> {
        let fail = |e: &dyn std::fmt::Display| anyhow!("drawing the chart: {e}");
        let fill = colour.filled();
        let points = points.iter().copied();
        match self {
            Marker::Circle => chart
                .draw_series(points.map(|p| Circle::new(p, 4, fill)))
                .map(|_| ()),
            Marker::Triangle => chart
                .draw_series(points.map(|p| TriangleMarker::new(p, 5, fill)))
                .map(|_| ()),
            Marker::Cross => chart
                .draw_series(points.map(|p| Cross::new(p, 4, colour.stroke_width(2))))
                .map(|_| ()),
            Marker::Square => chart
                .draw_series(
                    points.map(|p| EmptyElement::at(p) + Rectangle::new([(-3, -3), (3, 3)], fill)),
                )
                .map(|_| ()),
            Marker::Plain => Ok(()),
        }
        .map_err(|e| fail(&e))
    }
}

/// A legend's sample of a line, as drawn: its dash pattern with its marker on it.
#[derive(Debug, Clone, Copy)]
struct LegendSample {
    at: (i32, i32),
    style: LineStyle,
}

impl<'a> plotters::element::PointCollection<'a, (i32, i32)> for &'a LegendSample {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;

    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> plotters::element::Drawable<DB> for LegendSample {
    fn draw<I: Iterator<Item = (i32, i32)>>(
        &self,
        mut pos: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), plotters_backend::DrawingErrorKind<DB::ErrorType>> {
        let Some((x, y)) = pos.next() else {
            return Ok(());
        };
        let style = self.style;
        let stroke = style.colour.stroke_width(style.width);
        let (on, off) = style
            .dash
            .map_or((20, 0), |(on, off)| (to_i32(on), to_i32(off)));
        let mut start = 0;
        while start < 20 {
            let end = (start + on).min(20);
            backend.draw_line((x + start, y), (x + end, y), &stroke)?;
            start = end + off;
        }
        let centre = (x + 10, y);
        let outline: Vec<(i32, i32)> = style
            .marker
            .outline()
            .into_iter()
            .map(|(dx, dy)| (centre.0 + dx, centre.1 + dy))
            .collect();
        if matches!(style.marker, Marker::Plain) {
        } else if outline.is_empty() {
            let cross = style.colour.stroke_width(2);
            backend.draw_line((centre.0 - 4, y - 4), (centre.0 + 4, y + 4), &cross)?;
            backend.draw_line((centre.0 - 4, y + 4), (centre.0 + 4, y - 4), &cross)?;
        } else {
            backend.fill_polygon(outline, &style.colour.filled())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_months_without_a_figure() {
        let values = [Some(50.0), Some(100.0), None, None, Some(0.0), None];
        assert_eq!(
            runs(&values),
            vec![vec![(0.0, 50.0), (1.0, 100.0)], vec![(4.0, 0.0)]]
        );
        assert!(runs(&[None, None]).is_empty());
    }
}

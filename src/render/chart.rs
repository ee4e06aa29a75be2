//! Charts for committee papers (plotters), as SVG (also inlined in the HTML report) or PNG.
//!
//! A comparison is paired bars per measure, the earlier period beside the later, with the
//! change above each pair. A monthly table is one small panel per measure, a line for each
//! year across the months. Both read in greyscale: dark against light bars, a solid line with
//! circles against a dashed one with triangles. Withheld counts draw no bar or point (a bar's
//! height would give the count away) and are labelled `c`.

use std::sync::Once;

use anyhow::{Context, Result, anyhow};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::Document;
use crate::model::number::format_change_pct;

const WIDTH: u32 = 960;
const DARK: RGBColor = RGBColor(29, 29, 27);
const MID: RGBColor = RGBColor(120, 120, 120);
const LIGHT: RGBColor = RGBColor(190, 190, 190);
const FONT: &str = "sans-serif";

static FONT_ONCE: Once = Once::new();

/// The bundled DejaVu Sans (see assets/fonts/DejaVu-LICENSE.txt), so PNG charts look the
/// same on every machine.
fn register_font() {
    FONT_ONCE.call_once(|| {
        let bytes: &'static [u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, bytes);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, bytes);
    });
}

/// A chart, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Bars(Bars),
    Lines(Lines),
}

/// Paired (or grouped) bars: one group per category, one bar per series.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub title: String,
    pub subtitle: String,
    pub y_label: String,
    pub categories: Vec<String>,
    /// (name, value per category); `None` draws no bar.
    pub series: Vec<(String, Vec<Option<f64>>)>,
    /// A label above each category (the change), if any.
    pub notes: Vec<String>,
}

/// Small panels of lines across the same x labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    pub title: String,
    pub subtitle: String,
    pub x_labels: Vec<String>,
    pub series_names: Vec<String>,
    pub panels: Vec<Panel>,
    /// How the lines are told apart.
    pub styles: LineStyles,
}

/// How the lines of a [`Lines`] chart are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStyles {
    /// A year against the year before: the earlier dashed and grey with triangles, the later
    /// solid and dark with circles.
    YearOnYear,
    /// An authority against its comparators: the authority solid, dark and thick with
    /// circles; each comparator grey, dashed in its own pattern, with its own marker.
    FirstEmphasised,
}

/// One small chart of [`Lines`]: a measure's (or rate's) months.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub title: String,
    /// What the y axis measures: `Count` or `Percent`.
    pub y_label: &'static str,
    /// One line of values per series.
    pub lines: Vec<Vec<Option<f64>>>,
}

impl Chart {
    /// The chart a document gets, if any.
    pub fn of(document: Document) -> Option<Chart> {
        match document {
            Document::Compare(c) => {
                let rows: Vec<&crate::compare::comparison::Row> = c
                    .rows
                    .iter()
                    .filter(|r| {
                        r.group.is_none()
                            && r.unit
                                .is_none_or(|u| u == crate::model::units::Unit::Events)
                    })
                    .collect();
                if rows.is_empty() {
                    return None;
                }
                Some(Chart::Bars(Bars {
                    title: c.title.clone(),
                    subtitle: format!("{} against {}", c.current.label, c.baseline.label),
                    y_label: "Count".to_string(),
                    categories: rows.iter().map(|r| short(&r.label)).collect(),
                    series: vec![
                        (
                            c.baseline.label.clone(),
                            rows.iter().map(|r| r.baseline.map(|v| v as f64)).collect(),
                        ),
                        (
                            c.current.label.clone(),
                            rows.iter().map(|r| r.current.map(|v| v as f64)).collect(),
                        ),
                    ],
                    notes: rows
                        .iter()
                        .map(|r| {
                            r.pair().map_or_else(
                                || "c".to_string(),
                                |(b, n)| format_change_pct(b, n, 0),
                            )
                        })
                        .collect(),
                }))
            }
            Document::Monthly(m) => {
                let mut panels = Vec::new();
                for series in super::series(&m.rows) {
                    let Some(first) = series.first() else {
                        continue;
                    };
                    if first.group.is_some()
                        || first
                            .unit
                            .is_some_and(|u| u == crate::model::units::Unit::Children)
                    {
                        continue;
                    }
                    panels.push(Panel {
                        title: first.short_label.clone(),
                        y_label: "Count",
                        lines: vec![
                            series
                                .iter()
                                .map(|r| r.previous_year_count.map(|v| v as f64))
                                .collect(),
                            series.iter().map(|r| r.count.map(|v| v as f64)).collect(),
                        ],
                    });
                }
                // Rates (`--rates`) after the counts, on their own percent scale.
                for series in super::rate_series(&m.rates) {
                    let Some(first) = series.first() else {
                        continue;
                    };
                    panels.push(Panel {
                        title: first.one.label.clone(),
                        y_label: "Percent",
                        lines: vec![
                            series.iter().map(|r| r.one.baseline).collect(),
                            series.iter().map(|r| r.one.current).collect(),
                        ],
                    });
                }
                if panels.is_empty() {
                    return None;
                }
                let x_labels = m
                    .months
                    .iter()
                    .map(|m| m.short_name().to_string())
                    .collect();
                Some(Chart::Lines(Lines {
                    title: m.title.clone(),
                    subtitle: format!(
                        "{} to {}, against the same months a year earlier",
                        m.from, m.to
                    ),
                    x_labels,
                    series_names: vec![m.previous_label.clone(), m.current_label.clone()],
                    panels,
                    styles: LineStyles::YearOnYear,
                }))
            }
            Document::Trend(t) => {
                // The areas, as the first measure lists them (every measure lists the same).
                let first = t.series.first().map(|s| s.measure.as_str());
                let names: Vec<String> = t
                    .series
                    .iter()
                    .filter(|s| Some(s.measure.as_str()) == first)
                    .map(|s| s.area.clone())
                    .collect();
                let mut panels: Vec<Panel> = Vec::new();
                for series in &t.series {
                    let title = short(&series.label);
                    if panels.last().is_none_or(|p| p.title != title) {
                        panels.push(Panel {
                            title,
                            y_label: if series.unit == "percent" {
                                "Percent"
                            } else {
                                "Rate per 10,000"
                            },
                            lines: Vec::new(),
                        });
                    }
                    if let Some(panel) = panels.last_mut() {
                        panel
                            .lines
                            .push(series.points.iter().map(|p| p.value).collect());
                    }
                }
                if panels.is_empty() {
                    return None;
                }
                Some(Chart::Lines(Lines {
                    title: t.title.clone(),
                    subtitle: format!(
                        "{} to {}: rates per 10,000 children aged 0 to 17, and percentages",
                        t.year_labels.first().cloned().unwrap_or_default(),
                        t.year_labels.last().cloned().unwrap_or_default()
                    ),
                    // `2015/16` as `15/16`, so ten years fit under a small panel.
                    x_labels: t
                        .year_labels
                        .iter()
                        .map(|l| l.get(2..).unwrap_or(l).to_string())
                        .collect(),
                    series_names: names,
                    panels,
                    styles: LineStyles::FirstEmphasised,
                }))
            }
            Document::Benchmark(b) => {
                let authority: Vec<&crate::compare::benchmark::BenchmarkRow> = b
                    .rows
                    .iter()
                    .filter(|r| r.area_kind == crate::compare::benchmark::AreaKind::Authority)
                    .filter(|r| r.unit.is_none())
                    .collect();
                let kinds = [
                    (
                        crate::compare::benchmark::AreaKind::Authority,
                        b.authority.name.clone(),
                    ),
                    (
                        crate::compare::benchmark::AreaKind::Region,
                        b.region
                            .as_ref()
                            .map_or("Region".to_string(), |r| r.name.clone()),
                    ),
                    (
                        crate::compare::benchmark::AreaKind::England,
                        "England".to_string(),
                    ),
                    (
                        crate::compare::benchmark::AreaKind::Neighbours,
                        "Statistical neighbours".to_string(),
                    ),
                ];
                let series = kinds
                    .iter()
                    .map(|(kind, name)| {
                        let values = authority
                            .iter()
                            .map(|a| {
                                b.rows
                                    .iter()
                                    .find(|r| r.measure == a.measure && r.area_kind == *kind)
                                    .and_then(|r| r.current_rate)
                            })
                            .collect();
                        (name.clone(), values)
                    })
                    .collect();

                Some(Chart::Bars(Bars {
                    title: b.title.clone(),
                    subtitle: format!("Rates per 10,000 children aged 0 to 17, {}", b.year_label),
                    y_label: "Rate per 10,000".to_string(),
                    categories: authority.iter().map(|r| short(&r.label)).collect(),
                    series,
                    notes: Vec::new(),
                }))
            }
        }
    }

    /// A sentence describing the chart, for screen readers and the text alternative.
    pub fn description(&self) -> String {
        match self {
            Chart::Bars(b) => {
                let parts: Vec<String> = b
                    .categories
                    .iter()
                    .enumerate()
                    .map(|(i, category)| {
                        let values: Vec<String> = b
                            .series
                            .iter()
                            .map(|(name, values)| {
                                let v = values.get(i).copied().flatten();
                                format!("{name} {}", v.map_or("c".to_string(), trim_number))
                            })
                            .collect();
                        let note = b
                            .notes
                            .get(i)
                            .map(|n| format!(" ({n})"))
                            .unwrap_or_default();
                        format!("{category}: {}{note}", values.join(", "))
                    })
                    .collect();
                format!("Bar chart. {}. {}.", b.subtitle, parts.join("; "))
            }
            Chart::Lines(l) => format!(
                "Line charts, one per measure ({}), comparing {} across {} months.",
                l.panels
                    .iter()
                    .map(|p| p.title.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                l.series_names.join(" and "),
                l.x_labels.len()
            ),
        }
    }

    fn height(&self) -> u32 {
        match self {
            Chart::Bars(_) => 540,
            Chart::Lines(l) => 140 + 230 * l.panels.len().div_ceil(2) as u32,
        }
    }

    /// The chart as an SVG document.
    pub fn svg(&self) -> Result<String> {
        register_font();
        let mut text = String::new();
        {
            let root =
                SVGBackend::with_string(&mut text, (WIDTH, self.height())).into_drawing_area();
            self.draw(&root)?;
            root.present()
                .map_err(|e| anyhow!("drawing the chart: {e}"))?;
        }
        Ok(text)
    }

    /// The chart as a PNG image.
    pub fn png(&self) -> Result<Vec<u8>> {
        register_font();
        let (w, h) = (WIDTH, self.height());
        let mut pixels = vec![0u8; (w * h * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
            self.draw(&root)?;
            root.present()
                .map_err(|e| anyhow!("drawing the chart: {e}"))?;
        }
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, w, h);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder
                .write_header()
                .context("encoding the chart as PNG")?;
            writer
                .write_image_data(&pixels)
                .context("encoding the chart as PNG")?;
        }
        Ok(out)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let fail = |e: &dyn std::fmt::Display| anyhow!("drawing the chart: {e}");
        root.fill(&WHITE).map_err(|e| fail(&e))?;
        let (title, subtitle) = match self {
            Chart::Bars(b) => (&b.title, &b.subtitle),
            Chart::Lines(l) => (&l.title, &l.subtitle),
        };
        root.draw(&Text::new(
            title.clone(),
            (24, 16),
            (FONT, 26).into_font().style(FontStyle::Bold).color(&DARK),
        ))
        .map_err(|e| fail(&e))?;
        root.draw(&Text::new(
            subtitle.clone(),
            (24, 50),
            (FONT, 17).into_font().color(&DARK),
        ))
        .map_err(|e| fail(&e))?;
        let body = root.margin(84, 10, 10, 10);
        match self {
            Chart::Bars(b) => draw_bars(&body, b),
            Chart::Lines(l) => draw_lines(&body, l),
        }
    }
}

/// Labels short enough for an axis.
fn short(label: &str) -> String {
    match label {
        "Initial Child Protection Conferences" => "ICPCs".to_string(),
        "Child Protection Plan Starts" => "CP Plan Starts".to_string(),
        "Strategy Discussions" => "Strategy Disc.".to_string(),
        other => other.to_string(),
    }
}

/// Writes `labels` under the x axis, each centred on its x position.
fn label_x_axis<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ChartContext<
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    labels: impl Iterator<Item = (f64, &'a str)>,
    size: u32,
) -> Result<()> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let (base_x, base_y) = area.get_base_pixel();
    let style = (FONT, size)
        .into_font()
        .color(&DARK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (x, label) in labels {
        let (px, py) = chart.backend_coord(&(x, 0.0));
        area.draw(&Text::new(
            label.to_string(),
            (px - base_x, py - base_y + 8),
            style.clone(),
        ))
        .map_err(|e| anyhow!("drawing the chart: {e}"))?;
    }
    Ok(())
}

/// An axis value: whole numbers with thousands separators, else one decimal.
fn axis_number(v: f64) -> String {
    if v.fract().abs() < 1e-9 && v >= 0.0 {
        super::thousands(v as u64)
    } else {
        format!("{v:.1}")
    }
}

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Fill shades for up to four series, darkest last (the current period).
fn shade(i: usize, n: usize) -> RGBColor {
    match (n, i) {
        (2, 0) => LIGHT,
        (2, _) => DARK,
        (_, 0) => DARK,
        (_, 1) => MID,
        (_, 2) => LIGHT,
        _ => RGBColor(80, 80, 80),
    }
}

fn draw_bars<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, b: &Bars) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| anyhow!("drawing the chart: {e}");
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
        let bars: Vec<Rectangle<(f64, f64)>> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let v = (*v)?;
                let x0 = i as f64 + 0.1 + width * s as f64;
                Some(Rectangle::new(
                    [(x0, 0.0), (x0 + width * 0.92, v)],
                    colour.filled(),
                ))
            })
            .collect();
        chart
            .draw_series(bars)
            .map_err(|e| fail(&e))?
            .label(name.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled()));
        // Withheld values: a `c` where the bar would be.
        let hidden: Vec<Text<(f64, f64), String>> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_none())
            .map(|(i, _)| {
                let x = i as f64 + 0.1 + width * s as f64 + width * 0.3;
                Text::new(
                    "c".to_string(),
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
    draw_legend(&mut chart, SeriesLabelPosition::UpperRight, 15)?;
    Ok(())
}

/// The series' names in a box, in the house style.
fn draw_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    position: SeriesLabelPosition,
    size: u32,
) -> Result<()> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(MID)
        .label_font((FONT, size).into_font().color(&DARK))
        .draw()
        .map_err(|e| anyhow!("drawing the chart: {e}"))
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

fn draw_lines<'a, DB: DrawingBackend + 'a>(
    area: &'a DrawingArea<DB, Shift>,
    l: &Lines,
) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| anyhow!("drawing the chart: {e}");
    let rows = l.panels.len().div_ceil(2).max(1);
    let panels = area.split_evenly((rows, 2));
    let n = l.x_labels.len().max(1);
    for (
        panel,
        Panel {
            title,
            y_label,
            lines,
        },
    ) in panels.iter().zip(&l.panels)
    {
        let top = lines
            .iter()
            .flatten()
            .flatten()
            .fold(0.0f64, |m, v| m.max(*v))
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
            .label_style((FONT, 12).into_font().color(&DARK))
            .axis_desc_style((FONT, 13).into_font().color(&DARK))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(|e| fail(&e))?;
        for (s, values) in lines.iter().enumerate() {
            let points: Vec<(f64, f64)> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
                .collect();
            let runs = runs(values);
            let name = l.series_names.get(s).cloned().unwrap_or_default();
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
            // The legend shows the line as drawn: its dash and its marker.
            chart
                .draw_series(LineSeries::new(Vec::new(), stroke))
                .map_err(|e| fail(&e))?
                .label(name)
                .legend(move |at| LegendSample { at, style });
            style.marker.draw(&mut chart, &points, style.colour)?;
        }
        label_x_axis(
            panel,
            &chart,
            l.x_labels
                .iter()
                .enumerate()
                .map(|(i, m)| (i as f64, m.as_str())),
            12,
        )?;
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 12)?;
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
            (LineStyles::FirstEmphasised, 1) => grey,
            (LineStyles::FirstEmphasised, 2) => LineStyle {
                dash: Some((2, 3)),
                marker: Marker::Cross,
                ..grey
            },
            (LineStyles::FirstEmphasised, _) => LineStyle {
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
            Marker::Cross => Vec::new(),
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
            .map_or((20, 0), |(on, off)| (on as i32, off as i32));
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
        if outline.is_empty() {
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

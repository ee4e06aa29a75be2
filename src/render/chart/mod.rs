//! Charts for committee papers (plotters), as SVG (also inlined in the HTML report) or PNG.
//!
//! A comparison is paired bars per measure, the earlier period beside the later, with the
//! change above each pair. A monthly table is one small panel per measure, a line for each
//! year across the months. Both read in greyscale: dark against light bars, a solid line with
//! circles against a dashed one with triangles. Withheld counts draw no bar or point (a bar's
//! height would give the count away) and are labelled `c`.

use crate::model::convert::{round_i64, round_u64, to_i32, to_u32};
use std::sync::Once;

use anyhow::{Context, Result, anyhow};
use plotters::coord::Shift;
use plotters::prelude::*;

mod bars;
mod lines;

use super::Document;
use crate::compare::document::NO_DATA_MARK;
use crate::model::number::format_change_pct;

const WIDTH: u32 = 960;
const DARK: RGBColor = RGBColor(29, 29, 27);
const MID: RGBColor = RGBColor(120, 120, 120);
const LIGHT: RGBColor = RGBColor(190, 190, 190);
const FONT: &str = "sans-serif";

/// The smallest text a chart draws, in plotters' units (about 0.8 of a pixel each): 15 is
/// 12 pixels, 9 points where the chart is placed at its own size (a Word landscape page,
/// 10 inches at 96 to the inch), the least a printed paper should carry.
const MIN_TEXT: u32 = 15;

static FONT_ONCE: Once = Once::new();

/// The bundled DejaVu Sans (see assets/fonts/DejaVu-LICENSE.txt), so PNG charts look the
/// same on every machine.
fn register_font() {
    FONT_ONCE.call_once(|| {
        let bytes: &'static [u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, bytes);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, bytes);
    });
}

/// A chart, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Chart {
    Bars(Bars),
    Lines(Lines),
}

/// Paired (or grouped) bars: one group per category, one bar per series.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bars {
    pub title: String,
    pub subtitle: String,
    pub y_label: String,
    pub categories: Vec<String>,
    /// (name, value per category); `None` draws no bar.
    pub series: Vec<(String, Vec<Option<f64>>)>,
    /// A label above each category (the change), if any.
    pub notes: Vec<String>,
    /// Per series, the symbol drawn where a value is `None`: `c` for a withheld count,
    /// `[x]` for a span with no data. Empty: `c` everywhere.
    pub symbols: Vec<Vec<&'static str>>,
}

impl Bars {
    /// What series `s` shows for category `i` when it has no value: `[x]` for no data, else
    /// `c` (withheld).
    pub(crate) fn symbol(&self, s: usize, i: usize) -> &'static str {
        self.symbols
            .get(s)
            .and_then(|marks| marks.get(i))
            .copied()
            .unwrap_or("c")
    }
}

/// Small panels of lines across the same x labels.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lines {
    pub title: String,
    pub subtitle: String,
    pub x_labels: Vec<String>,
    pub series_names: Vec<String>,
    pub panels: Vec<Panel>,
    /// How the lines are told apart.
    pub styles: LineStyles,
    /// What a point on the x axis is, for the text alternative: `months` or `years`.
    pub points_are: &'static str,
    /// Panels side by side: 2, or more where the chart must be shorter (a Word page).
    pub columns: usize,
    /// The height of a row of panels, in pixels: 230, down to 200 where the chart must be
    /// shorter.
    pub row_height: u32,
}

/// How the lines of a [`Lines`] chart are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineStyles {
    /// A year against the year before: the earlier dashed and grey with triangles, the later
    /// solid and dark with circles.
    YearOnYear,
    /// An authority against its comparators: the authority solid, dark and thick with
    /// circles; each comparator grey, dashed in its own pattern, with its own marker.
    FirstEmphasised,
}

/// One small chart of [`Lines`]: a measure's (or rate's) months.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Panel {
    pub title: String,
    /// What the y axis measures: `Count` or `Percent`.
    pub y_label: &'static str,
    /// One line of values per series.
    pub lines: Vec<Vec<Option<f64>>>,
    /// Control limits per point of the last line (centre, lower, upper), when charted.
    pub limits: Vec<Option<(f64, f64, f64)>>,
    /// Points of the last line that are signals, ringed.
    pub signals: Vec<bool>,
}

impl Chart {
    /// The chart a document gets, if any.
    pub(crate) fn of(document: Document) -> Option<Chart> {
        match document {
            Document::Compare(c) => Chart::compare(c),
            Document::Monthly(m) => Chart::monthly(m),
            Document::Trend(t) => Chart::trend(t),
            Document::Benchmark(b) => Chart::benchmark(b),
        }
    }

    /// A comparison's bars: each measure's total events, the baseline beside the period.
    fn compare(c: &crate::compare::document::Comparison) -> Option<Chart> {
        let rows: Vec<&crate::compare::document::Row> = c
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
            subtitle: format!(
                "{} against {}{}",
                c.current.label,
                c.baseline.label,
                totals_only(c.by.as_deref())
            ),
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
                .map(|r| match r.change_pair() {
                    _ if r.has_no_data() => NO_DATA_MARK.to_string(),
                    Some((b, n)) => format_change_pct(b, n, 0),
                    None => "c".to_string(),
                })
                .collect(),
            symbols: vec![
                rows.iter().map(|r| symbol(r.baseline_status)).collect(),
                rows.iter().map(|r| symbol(r.current_status)).collect(),
            ],
        }))
    }

    /// A monthly table's lines: a panel per measure's events (and per rate), this year against the year before.
    fn monthly(m: &crate::compare::document::Monthly) -> Option<Chart> {
        let mut panels = Vec::new();
        for series in super::sheet::series(&m.rows) {
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
                limits: series
                    .iter()
                    .map(|r| r.spc.as_ref().map(|s| (s.centre, s.lower, s.upper)))
                    .collect(),
                signals: series
                    .iter()
                    .map(|r| r.spc.as_ref().is_some_and(|s| s.signal.is_some()))
                    .collect(),
            });
        }
        // Rates (`--rates`) after the counts, on their own percent scale.
        for series in super::sheet::rate_series(&m.rates) {
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
                limits: Vec::new(),
                signals: Vec::new(),
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
                "{} to {}, against the same months a year earlier{}",
                m.from,
                m.to,
                totals_only(m.by.as_deref())
            ),
            x_labels,
            series_names: vec![m.previous_label.clone(), m.current_label.clone()],
            panels,
            styles: LineStyles::YearOnYear,
            points_are: "months",
            columns: 2,
            row_height: 230,
        }))
    }

    /// A trend's lines: a panel per measure, a line per area.
    fn trend(t: &crate::compare::document::Trend) -> Option<Chart> {
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
                    limits: Vec::new(),
                    signals: Vec::new(),
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
            // Whole years (`2015/16`); the axis labels every other one when crowded.
            x_labels: t.year_labels.clone(),
            series_names: names,
            panels,
            styles: LineStyles::FirstEmphasised,
            points_are: "years",
            columns: 2,
            row_height: 230,
        }))
    }

    /// A benchmark's bars: each measure's rate for the authority, its region, England and its neighbours.
    fn benchmark(b: &crate::compare::document::Benchmark) -> Option<Chart> {
        let authority: Vec<&crate::compare::document::BenchmarkRow> = b
            .rows
            .iter()
            .filter(|r| r.area_kind == crate::compare::document::AreaKind::Authority)
            .filter(|r| r.unit.is_none())
            .collect();
        let kinds = [
            (
                crate::compare::document::AreaKind::Authority,
                b.authority.name.clone(),
            ),
            (
                crate::compare::document::AreaKind::Region,
                b.region
                    .as_ref()
                    .map_or("Region".to_string(), |r| r.name.clone()),
            ),
            (
                crate::compare::document::AreaKind::England,
                "England".to_string(),
            ),
            (
                crate::compare::document::AreaKind::Neighbours,
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
            symbols: Vec::new(),
        }))
    }

    /// A sentence describing the chart, for screen readers and the text alternative.
    pub(crate) fn description(&self) -> String {
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
                            .enumerate()
                            .map(|(s, (name, values))| {
                                let v = values.get(i).copied().flatten();
                                let absent = b.symbol(s, i);
                                format!("{name} {}", v.map_or(absent.to_string(), trim_number))
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
                "Line charts, one per measure ({}), comparing {} across {} {}.",
                l.panels
                    .iter()
                    .map(|p| p.title.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                crate::model::text::join_list(&l.series_names, " and "),
                l.x_labels.len(),
                l.points_are
            ),
        }
    }

    /// The chart laid out to be at most `height` pixels tall where it can be: a line chart's
    /// panels spread over more columns (up to 4), for a landscape page.
    pub(crate) fn fitted(mut self, height: u32) -> Chart {
        if let Chart::Lines(l) = &mut self {
            let tall = |l: &Lines| {
                140 + lines::LEGEND + l.row_height * to_u32(l.panels.len().div_ceil(l.columns))
            };
            while l.columns < 4 && tall(l) > height {
                l.columns += 1;
            }
            while l.row_height > 200 && tall(l) > height {
                l.row_height -= 10;
            }
        }
        self
    }

    /// The chart's size in pixels, as the PNG is drawn.
    pub(crate) fn pixels(&self) -> (u32, u32) {
        (WIDTH, self.height())
    }

    fn height(&self) -> u32 {
        match self {
            Chart::Bars(_) => 570,
            Chart::Lines(l) => {
                140 + lines::LEGEND
                    + l.row_height * to_u32(l.panels.len().div_ceil(l.columns.max(1)))
            }
        }
    }

    /// The chart as an SVG document.
    pub(crate) fn svg(&self) -> Result<String> {
        register_font();
        let mut text = String::new();
        {
            let root =
                SVGBackend::with_string(&mut text, (WIDTH, self.height())).into_drawing_area();
            self.draw(&root)?;
            root.present()
                .map_err(|e| anyhow!("drawing the chart: {e}"))?;
        }
        // A control character in a title or label would make the file ill-formed XML.
        let svg = crate::model::text::xml_text(&text).into_owned();
        Ok(self.accessible(svg))
    }

    /// The SVG announced as one image: `role="img"`, labelled by a `<title>` and described by
    /// a `<desc>` that gives its figures, standalone or inside a page.
    fn accessible(&self, svg: String) -> String {
        let title = match self {
            Chart::Bars(b) => &b.title,
            Chart::Lines(l) => &l.title,
        };
        let escape = crate::model::text::markup_text;
        let mut svg = svg.replacen(
            "<svg ",
            "<svg role=\"img\" aria-labelledby=\"chart-title\" aria-describedby=\"chart-desc\" ",
            1,
        );
        if let Some(end) = svg.find('>') {
            svg.insert_str(
                end + 1,
                &format!(
                    "\n<title id=\"chart-title\">{}</title>\n<desc id=\"chart-desc\">{}</desc>",
                    escape(title),
                    escape(&self.description())
                ),
            );
        }
        svg
    }

    /// The chart as a PNG image.
    pub(crate) fn png(&self) -> Result<Vec<u8>> {
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
        // A long title wraps at word boundaries rather than running off the edge.
        let lines = wrap(title, TITLE_CHARS);
        for (i, line) in lines.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (24, 16 + 32 * to_i32(i)),
                (FONT, 26).into_font().style(FontStyle::Bold).color(&DARK),
            ))
            .map_err(|e| fail(&e))?;
        }
        let extra = 32 * (to_i32(lines.len().max(1)) - 1);
        root.draw(&Text::new(
            subtitle.clone(),
            (24, 50 + extra),
            (FONT, 17).into_font().color(&DARK),
        ))
        .map_err(|e| fail(&e))?;
        let body = root.margin(84 + extra, 10, 10, 10);
        match self {
            Chart::Bars(b) => bars::draw_bars(&body, b),
            Chart::Lines(l) => lines::draw_lines(&body, l),
        }
    }
}

/// What a subtitle adds when the table is broken down (`--by`): the chart draws totals.
fn totals_only(by: Option<&str>) -> String {
    by.map(|column| format!("; totals (the table breaks them down by {column})"))
        .unwrap_or_default()
}

/// Characters of a bold 26-point title that fit across the chart.
const TITLE_CHARS: usize = 58;

/// `text` in lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    crate::model::text::wrap_words(text, width)
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
        super::thousands(round_u64(v.trunc()))
    } else {
        format!("{v:.1}")
    }
}

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", round_i64(v.trunc()))
    } else {
        format!("{v:.1}")
    }
}

/// Fills for up to four series: two periods light then dark (the current); areas in colours.
fn shade(i: usize, n: usize) -> RGBColor {
    match (n, i) {
        (2, 0) => LIGHT,
        (2, _) => DARK,
        // Areas: the authority dark, each comparator a colour of its own, every one at least
        // 3:1 against the page, so that no two are told apart by grey shade alone.
        (_, 0) => DARK,
        (_, 1) => RGBColor(0x12, 0x43, 0x6D),
        (_, 2) => RGBColor(0x80, 0x16, 0x50),
        _ => RGBColor(0x28, 0xA1, 0x97),
    }
}

/// The symbol a bar chart draws for a count that is absent: `[x]` for no data, else `c`.
fn symbol(status: Option<crate::compare::document::Status>) -> &'static str {
    match status {
        Some(crate::compare::document::Status::NoData) => NO_DATA_MARK,
        None => "c",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_between_words() {
        let title =
            "Leicestershire against England, the East Midlands and statistical neighbours, 2021/22";
        let lines = wrap(title, TITLE_CHARS);
        assert_eq!(
            lines,
            [
                "Leicestershire against England, the East Midlands and",
                "statistical neighbours, 2021/22"
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= TITLE_CHARS));
        assert_eq!(wrap("Short", TITLE_CHARS), ["Short"]);
    }
}

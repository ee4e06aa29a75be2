//! The sheet every text-like format is drawn from: a title, a header, rows of [`Cell`]s and
//! footer lines, built once per document (comparison, monthly table, benchmark, trend).

use crate::compare::document::Comparators;
use crate::compare::document::Trend;
use crate::compare::document::{AreaKind, Benchmark};
use crate::compare::document::{Comparison, NO_DATA_MARK, PARTIAL_MARK, Status};
use crate::compare::document::{MonthRate, MonthRow, Monthly};
use crate::count::coverage::Cover;
use crate::input::published::Figure;
use crate::model::number::format_change_pct;
use crate::model::number::thousands;
use crate::model::period::Month;
use crate::model::units::{Unit, Units};

use super::{Document, Layout, RenderOptions};

/// One cell of a [`Sheet`].
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Text(String),
    /// A count; `None` when withheld.
    Count(Option<u64>),
    /// The change from the first to the second count in percent; `None` when withheld.
    Change(Option<(u64, u64)>),
    /// A change with its interval in percent (`+33% (+21% to +46%)`); an unbounded upper end
    /// is `None`.
    ChangeWithin(Option<(u64, u64)>, f64, Option<f64>),
    /// A count with a mark for a signal (`2214 ▲`).
    Marked(Option<u64>, &'static str),
    /// A change in points with its interval (`+1.2 pp (-3.7 to +23.2)`).
    PointsWithin(Option<f64>, f64, f64),
    /// A rate per 10,000, one decimal.
    Rate(Option<f64>),
    /// A percentage, one decimal (`52.3%`); `None` when it cannot be given.
    Percent(Option<f64>),
    /// A change in percentage points (`+2.1 pp`).
    Points(Option<f64>),
    /// DfE's symbol for a figure not published (`c`, `x`, …).
    Symbol(String),
    /// A rank in a pool of areas (`12 of 152`): Excel stores the rank as a number.
    Rank(usize, usize),
    /// A change in a count, signed (`+45`, `-210`).
    Delta(i64),
    Blank,
}

impl Cell {
    pub(super) fn count(value: Option<u64>) -> Cell {
        Cell::Count(value)
    }

    pub(super) fn figure(figure: &Option<Figure>) -> Cell {
        match figure {
            Some(Figure::Count(n)) => Cell::Count(Some(*n)),
            Some(Figure::Missing(symbol)) => Cell::Symbol(symbol.clone()),
            None => Cell::Blank,
        }
    }

    /// The cell as text, for the text formats.
    pub(super) fn text(&self, options: RenderOptions) -> String {
        match self {
            Cell::Text(text) | Cell::Symbol(text) => text.clone(),
            Cell::Rank(rank, pool) => format!("{rank} of {pool}"),
            Cell::Count(Some(n)) if options.thousands == Some(true) => thousands(*n),
            Cell::Count(Some(n)) => n.to_string(),
            Cell::Count(None) | Cell::Change(None) => "c".to_string(),
            Cell::Change(Some((before, now))) => format_change_pct(*before, *now, options.decimals),
            Cell::ChangeWithin(pair, low, high) => {
                let d = options.decimals as usize;
                let high = high.map_or("∞".to_string(), |h| format!("{}%", bound(h, d)));
                format!(
                    "{} ({}% to {high})",
                    Cell::Change(*pair).text(options),
                    bound(*low, d)
                )
            }
            Cell::Marked(count, mark) => format!("{} {mark}", Cell::Count(*count).text(options)),
            Cell::PointsWithin(pp, low, high) => {
                format!(
                    "{} ({low:+.1} to {high:+.1})",
                    Cell::Points(*pp).text(options)
                )
            }
            Cell::Delta(n) if *n > 0 => {
                format!("+{}", Cell::Count(Some(n.unsigned_abs())).text(options))
            }
            Cell::Delta(n) if *n < 0 => {
                format!("-{}", Cell::Count(Some(n.unsigned_abs())).text(options))
            }
            Cell::Delta(_) => "0".to_string(),
            Cell::Rate(Some(rate)) => format!("{rate:.1}"),
            Cell::Percent(Some(pct)) => format!("{pct:.1}%"),
            Cell::Percent(None) => "n/a".to_string(),
            Cell::Points(Some(pp)) if *pp > 0.0 => format!("+{pp:.1} pp"),
            Cell::Points(Some(pp)) if *pp < 0.0 => format!("-{:.1} pp", pp.abs()),
            Cell::Points(Some(_)) => "0.0 pp".to_string(),
            Cell::Rate(None) | Cell::Points(None) | Cell::Blank => String::new(),
        }
    }

    pub(super) fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

/// A month's count, marked ▲ or ▼ when it is a signal on its control chart (`--spc`) or
/// lies outside its expected range (`--expected`).
fn marked(row: &MonthRow) -> Cell {
    if row.gaps[0] {
        return no_data();
    }
    let partial = row
        .coverage
        .as_ref()
        .is_some_and(|c| c.current == Cover::Partial);
    let spc = row.spc.as_ref().and_then(|s| s.signal);
    let expected = row.expected.as_ref().and_then(|e| e.expected_signal);
    let high = match (spc, expected) {
        (Some("high"), _) | (None, Some("above")) => Some(true),
        (Some(_), _) | (None, Some(_)) => Some(false),
        (None, None) => None,
    };
    // A month the inputs cover in part keeps its signal, and says it is partial.
    let mark = match (high, partial) {
        (Some(true), false) => "▲",
        (Some(false), false) => "▼",
        (Some(true), true) => "▲ †",
        (Some(false), true) => "▼ †",
        (None, true) => PARTIAL_MARK,
        (None, false) => return Cell::count(row.count),
    };
    Cell::Marked(row.count, mark)
}

/// The symbol for a figure the inputs hold no data for.
fn no_data() -> Cell {
    Cell::Symbol(NO_DATA_MARK.to_string())
}

/// A month row's count `i`, in the order of [`MonthRow::counts`]: [`NO_DATA_MARK`] where
/// the inputs hold no data for its span.
fn month_count(row: &MonthRow, i: usize) -> Cell {
    let baseline_partial = row
        .coverage
        .as_ref()
        .is_some_and(|c| c.baseline == Cover::Partial);
    let partial = row.partial.get(i).copied().unwrap_or(false) || (i == 1 && baseline_partial);
    if row.gaps.get(i).copied().unwrap_or(false) {
        no_data()
    } else if partial {
        Cell::Marked(row.counts().get(i).copied().flatten(), PARTIAL_MARK)
    } else {
        Cell::count(row.counts().get(i).copied().flatten())
    }
}

/// A month row's change for the month (0), YTD (1) or rolling year (2).
fn month_change(row: &MonthRow, which: usize) -> Cell {
    let gap = |i: usize| row.gaps.get(i).copied().unwrap_or(false);
    if gap(which * 2) || gap(which * 2 + 1) {
        no_data()
    } else {
        Cell::Change(row.pair(which))
    }
}

/// An interval's end with a sign, to `decimals` places; more where that would show a bound
/// that is not zero as 0, so that a significant change never reads as "to 0%".
fn bound(x: f64, decimals: usize) -> String {
    let mut d = decimals;
    loop {
        let text = format!("{x:+.d$}");
        let zero = text
            .trim_start_matches(['+', '-'])
            .chars()
            .all(|c| c == '0' || c == '.');
        if !zero || x == 0.0 || d >= 4 {
            return text;
        }
        d += 1;
    }
}

/// A titled table of typed cells, shared by the table-like formats.
#[derive(Debug, Clone)]
pub(super) struct Sheet {
    pub(super) title: String,
    pub(super) header: Vec<String>,
    pub(super) rows: Vec<Vec<Cell>>,
    /// Lines printed under the table: what was suppressed, sources, definitions.
    pub(super) footer: Vec<String>,
    /// Rows that head a group (a measure above its areas), shown in bold where that exists.
    pub(super) headings: Vec<usize>,
    /// A table for papers that the terminal leaves to the summary (what drove the change).
    pub(super) for_papers: bool,
}

impl Sheet {
    fn new(title: String, header: Vec<String>, rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            title,
            header,
            rows,
            footer: Vec::new(),
            headings: Vec::new(),
            for_papers: false,
        }
    }

    /// The sheets a document shows.
    pub(super) fn of(document: Document, options: RenderOptions) -> Vec<Sheet> {
        match (document, options.layout) {
            (Document::Compare(c), _) => std::iter::once(Sheet::comparison(c, options))
                .chain(Sheet::drivers(c))
                .collect(),
            (Document::Monthly(m), Layout::Wide) => vec![Sheet::monthly_wide(m)],
            (Document::Monthly(m), Layout::Long) => Sheet::monthly_long(m),
            (Document::Benchmark(b), _) => vec![Sheet::benchmark(b)],
            (Document::Trend(t), _) => vec![Sheet::trend(t)],
        }
    }

    /// Whether each column holds numbers (right-aligned).
    pub(super) fn numeric_columns(&self) -> Vec<bool> {
        (0..self.header.len())
            .map(|i| {
                i > 0
                    && self
                        .rows
                        .iter()
                        .all(|r| r.get(i).is_none_or(Cell::is_number))
            })
            .collect()
    }

    /// The rows as text.
    pub(super) fn text_rows(&self, options: RenderOptions) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|row| row.iter().map(|c| c.text(options)).collect())
            .collect()
    }

    /// The committee table: measures down, the two periods and the change across.
    fn comparison(comparison: &Comparison, options: RenderOptions) -> Sheet {
        let (base, cur) = (&comparison.baseline.label, &comparison.current.label);
        let mut header = vec![measure_heading(comparison.by.as_deref(), comparison.count)];
        match comparison.count {
            Units::Events | Units::Children => {
                header.extend([base.clone(), cur.clone(), "+/-".into()])
            }
            Units::Both => header.extend([
                format!("{base} events"),
                format!("{cur} events"),
                "+/-".into(),
                format!("{base} children"),
                format!("{cur} children"),
                "+/-".into(),
            ]),
        }
        // One line per measure (or group): with `both`, its events and children side by side.
        let mut lines: Vec<Vec<Cell>> = Vec::new();
        let mut last: Option<(&str, Option<&str>)> = None;
        for row in &comparison.rows {
            let key = (row.measure.as_str(), row.group.as_deref());
            if last != Some(key) {
                lines.push(vec![Cell::Text(series_label(
                    &row.marked_label(),
                    row.group.as_deref(),
                    None,
                ))]);
                last = Some(key);
            }
            let no_data = || Cell::Symbol(NO_DATA_MARK.to_string());
            let count = |value: Option<u64>, status: Option<Status>| match status {
                Some(Status::NoData) => no_data(),
                None => Cell::count(value),
            };
            if let Some(line) = lines.last_mut() {
                line.extend([
                    count(row.baseline, row.baseline_status),
                    count(row.current, row.current_status),
                    match (options.intervals, row.change_pct_low) {
                        _ if row.has_no_data() => no_data(),
                        (true, Some(low)) => {
                            Cell::ChangeWithin(row.change_pair(), low, row.change_pct_high)
                        }
                        _ => Cell::Change(row.change_pair()),
                    },
                ]);
            }
        }
        // Derived rates after the counts: percentages and their change in points.
        let width = header.len();
        for rate in &comparison.rates {
            let mut line = if rate.is_suppressed() {
                // Withheld, as a count is: c, not "n/a".
                let c = || Cell::Symbol("c".to_string());
                vec![Cell::Text(rate.label.clone()), c(), c(), c()]
            } else {
                vec![
                    Cell::Text(rate.label.clone()),
                    Cell::Percent(rate.baseline),
                    Cell::Percent(rate.current),
                    match (options.intervals, rate.change_pp_low, rate.change_pp_high) {
                        (true, Some(low), Some(high)) => {
                            Cell::PointsWithin(rate.change_pp, low, high)
                        }
                        _ => Cell::Points(rate.change_pp),
                    },
                ]
            };
            line.resize(width, Cell::Blank);
            lines.push(line);
        }
        // Which changes are significant, for papers (HTML, Excel): a column of its own.
        if options.marks
            && let Some(confidence) = comparison.confidence
            && comparison.count == Units::Events
        {
            let marks: Vec<Option<bool>> = comparison
                .rows
                .iter()
                .filter(|r| r.group.is_none() || comparison.by.is_some())
                .map(|r| r.significant)
                .chain(comparison.rates.iter().map(|r| r.significant))
                .collect();
            if marks.len() == lines.len() {
                header.insert(
                    4,
                    format!("Significant ({}%)", (confidence * 100.0).round()),
                );
                for (line, mark) in lines.iter_mut().zip(marks) {
                    line.resize(4, Cell::Blank);
                    line.insert(
                        4,
                        match mark {
                            Some(true) => Cell::Symbol("Yes".to_string()),
                            Some(false) => Cell::Symbol("No".to_string()),
                            None => Cell::Blank,
                        },
                    );
                }
            }
        }
        let width = header.len();
        // DfE's published figures beside the rows it publishes (`--benchmark`).
        let published: Vec<Option<&Comparators>> = comparison
            .rows
            .iter()
            .filter(|r| r.group.is_none() && r.unit.is_none_or(|u| u == Unit::Events))
            .map(|r| r.benchmark.as_ref())
            .chain(comparison.rates.iter().map(|r| r.benchmark.as_ref()))
            .collect();
        if let Some(first) = published.iter().flatten().next()
            && comparison.by.is_none()
            && comparison.count == Units::Events
        {
            header.extend([
                "Per 10,000".to_string(),
                format!("LA {}", first.year_label),
                "Region".to_string(),
                "England".to_string(),
                "Neighbours".to_string(),
            ]);
            for (line, comparators) in lines.iter_mut().zip(&published) {
                line.resize(width, Cell::Blank);
                let Some(c) = comparators else {
                    line.resize(width + 5, Cell::Blank);
                    continue;
                };
                let value = |v: Option<f64>| match c.unit {
                    "percent" => Cell::Percent(v),
                    _ => Cell::Rate(v),
                };
                line.extend([
                    Cell::Rate(c.per_10000),
                    value(c.authority),
                    value(c.region),
                    value(c.england),
                    value(c.neighbours),
                ]);
            }
        }
        let mut sheet = Sheet::new(comparison.title.clone(), header, lines);
        sheet.footer = comparison.footer.clone();
        sheet
    }

    /// What drove each measure's change: the groups the summary names, then the other groups
    /// together, so that each measure's rows add up to its change. `None` without drivers.
    fn drivers(comparison: &Comparison) -> Option<Sheet> {
        let column = &comparison.drivers.first()?.column;
        let header = vec![
            format!("Measure / {column}"),
            "Change".to_string(),
            "Share of change".to_string(),
        ];
        let share = |s: Option<f64>| Cell::Percent(s.map(|s| s * 100.0));
        let mut lines = Vec::new();
        let mut headings = Vec::new();
        for d in &comparison.drivers {
            headings.push(lines.len());
            lines.push(vec![
                Cell::Text(series_label(&d.label, None, d.unit)),
                Cell::Delta(d.change),
                share((d.change != 0).then_some(1.0)),
            ]);
            let named = d.groups.iter().filter(|g| g.named);
            let mut rest = d.change;
            for g in named {
                rest -= g.change;
                lines.push(vec![
                    Cell::Text(series_label("", g.group.as_deref(), None)),
                    Cell::Delta(g.change),
                    share(g.share),
                ]);
            }
            if rest != 0 || d.other_groups.is_some() {
                let rest_share = (d.change != 0)
                    .then(|| (rest as f64 / d.change as f64 * 10_000.0).round() / 10_000.0);
                lines.push(vec![
                    Cell::Text(series_label("", Some("Other groups"), None)),
                    Cell::Delta(rest),
                    share(rest_share),
                ]);
            }
        }
        let mut sheet = Sheet::new(
            format!("What drove the change: {}", comparison.title),
            header,
            lines,
        );
        sheet.headings = headings;
        sheet.for_papers = true;
        let mut footer = vec![format!(
            "Change is {} less {}. The groups named in the summary, then every other group together (including any withheld). A negative share is a group that moved against its measure.",
            comparison.current.label, comparison.baseline.label
        )];
        if comparison.drivers.iter().any(|d| d.length_adjusted) {
            footer.push(
                "The periods differ in length: each baseline count is scaled to the period's length, so that the changes add up to the change in the daily rate.".to_string(),
            );
        }
        if comparison.drivers.iter().any(|d| d.tentative) {
            footer.push(
                "Where a measure's change is one chance alone could explain (or reads as similar), its shares describe it and do not explain it.".to_string(),
            );
        }
        sheet.footer = footer;
        Some(sheet)
    }

    /// Monthly, wide: measures down, months across, each count with the year-earlier count
    /// and the change under it; year-to-date and rolling 12 months for the last month.
    fn monthly_wide(monthly: &Monthly) -> Sheet {
        let span_months = monthly.months.len();
        let mut header = vec![measure_heading(monthly.by.as_deref(), Units::Events)];
        header.extend(monthly.months.iter().map(|&m| {
            if span_months <= 12 {
                m.short_name().to_string()
            } else {
                format!("{} {:02}", m.short_name(), m.year().rem_euclid(100))
            }
        }));
        header.extend(["YTD".to_string(), "12 months".to_string()]);
        let mut lines = Vec::new();
        for series in series(&monthly.rows) {
            let Some(last) = series.last() else { continue };
            let unit = last.unit.filter(|u| *u == Unit::Children);
            let mut counts = vec![Cell::Text(series_label(
                &last.short_label,
                last.group.as_deref(),
                unit,
            ))];
            // A group's own year-before and change rows sit one level below the group.
            let indent = if last.group.is_some() { "    " } else { "  " };
            let mut before = vec![Cell::Text(format!("{indent}{}", monthly.previous_label))];
            let mut change = vec![Cell::Text(format!("{indent}+/-"))];
            for row in &series {
                counts.push(marked(row));
                before.push(month_count(row, 1));
                change.push(month_change(row, 0));
            }
            for which in [1, 2] {
                counts.push(month_count(last, which * 2));
                before.push(month_count(last, which * 2 + 1));
                change.push(month_change(last, which));
            }
            lines.extend([counts, before, change]);
        }
        // Derived rates after the counts: percentages and their change in points.
        for series in rate_series(&monthly.rates) {
            let Some(last) = series.last() else { continue };
            let mut now = vec![Cell::Text(last.one.label.clone())];
            let mut before = vec![Cell::Text(format!("  {}", monthly.previous_label))];
            let mut change = vec![Cell::Text("  +/- (points)".to_string())];
            let spans = series
                .iter()
                .map(|r| &r.one)
                .chain([&last.ytd, &last.rolling_12]);
            for span in spans {
                if span.is_suppressed() {
                    for line in [&mut now, &mut before, &mut change] {
                        line.push(Cell::Symbol("c".to_string()));
                    }
                    continue;
                }
                now.push(Cell::Percent(span.current));
                before.push(Cell::Percent(span.baseline));
                change.push(Cell::Points(span.change_pp));
            }
            lines.extend([now, before, change]);
        }
        let mut sheet = Sheet::new(monthly.title.clone(), header, lines);
        sheet.footer = monthly.footer.clone();
        sheet
    }

    /// Monthly, long: one table per measure (and group and unit), months down; then one per
    /// rate.
    fn monthly_long(monthly: &Monthly) -> Vec<Sheet> {
        let mut sheets = Self::monthly_long_counts(monthly);
        let prev = &monthly.previous_label;
        for series in rate_series(&monthly.rates) {
            let Some(first) = series.first() else {
                continue;
            };
            let title = format!("{}: {}", first.one.label, monthly.title);
            let header = long_header("Rate", prev);
            let rows = series
                .iter()
                .map(|rate| {
                    let mut row = vec![Cell::Text(month_label(rate.month))];
                    for span in [&rate.one, &rate.ytd, &rate.rolling_12] {
                        if span.is_suppressed() {
                            row.extend((0..3).map(|_| Cell::Symbol("c".to_string())));
                            continue;
                        }
                        row.extend([
                            Cell::Percent(span.current),
                            Cell::Percent(span.baseline),
                            Cell::Points(span.change_pp),
                        ]);
                    }
                    row
                })
                .collect();
            let mut sheet = Sheet::new(title, header, rows);
            sheet.footer = monthly.footer.clone();
            sheets.push(sheet);
        }
        sheets
    }

    fn monthly_long_counts(monthly: &Monthly) -> Vec<Sheet> {
        let prev = &monthly.previous_label;
        series(&monthly.rows)
            .into_iter()
            .filter_map(|series| {
                let first = series.first()?;
                let unit = first.unit.filter(|u| *u == Unit::Children);
                let title = format!(
                    "{}: {}",
                    series_label(&first.label, first.group.as_deref(), unit).trim(),
                    monthly.title
                );
                let header = long_header("Count", prev);
                let rows = series
                    .iter()
                    .map(|row| {
                        vec![
                            Cell::Text(month_label(row.month)),
                            marked(row),
                            month_count(row, 1),
                            month_change(row, 0),
                            month_count(row, 2),
                            month_count(row, 3),
                            month_change(row, 1),
                            month_count(row, 4),
                            month_count(row, 5),
                            month_change(row, 2),
                        ]
                    })
                    .collect();
                let mut sheet = Sheet::new(title, header, rows);
                sheet.footer = monthly.footer.clone();
                Some(sheet)
            })
            .collect()
    }

    /// The benchmarking table: each measure, then the authority and its comparators.
    fn benchmark(b: &Benchmark) -> Sheet {
        let (prev, cur) = (&b.previous_year_label, &b.year_label);
        let header: Vec<String> = vec![
            "Measure / area".to_string(),
            prev.clone(),
            cur.clone(),
            "+/-".to_string(),
            format!("Rate {prev}"),
            format!("Rate {cur}"),
            "Rank".to_string(),
        ];
        let mut lines: Vec<Vec<Cell>> = Vec::new();
        let mut headings = Vec::new();
        let mut last = "";
        for row in &b.rows {
            if row.measure != last {
                headings.push(lines.len());
                let mut heading = vec![Cell::Text(row.label.clone())];
                heading.resize(header.len(), Cell::Blank);
                lines.push(heading);
                last = &row.measure;
            }
            let rank = row
                .rank
                .zip(row.ranked)
                .map_or(Cell::Blank, |(r, n)| Cell::Rank(r, n));
            let cells = if row.unit.is_some() {
                // A percentage: the two years' percentages, the change in points.
                let pct = |figure: &Option<Figure>, pct: Option<f64>| match (figure, pct) {
                    (Some(Figure::Missing(symbol)), _) => Cell::Symbol(symbol.clone()),
                    (_, Some(p)) => Cell::Percent(Some(p)),
                    _ => Cell::Blank,
                };
                [
                    pct(&row.previous.0, row.previous_pct),
                    pct(&row.current.0, row.current_pct),
                    Cell::Points(row.change_pp),
                    Cell::Blank,
                    Cell::Blank,
                ]
            } else {
                let counts = row
                    .previous
                    .0
                    .as_ref()
                    .and_then(Figure::count)
                    .zip(row.current.0.as_ref().and_then(Figure::count));
                let change = match counts {
                    Some(pair) if row.change.is_some() => Cell::Change(Some(pair)),
                    _ => Cell::Blank,
                };
                [
                    Cell::figure(&row.previous.0),
                    Cell::figure(&row.current.0),
                    change,
                    Cell::Rate(row.previous_rate),
                    Cell::Rate(row.current_rate),
                ]
            };
            let mut line = vec![Cell::Text(format!("  {}", row.area))];
            line.extend(cells);
            line.push(rank);
            lines.push(line);
        }
        let mut sheet = Sheet::new(b.title.clone(), header, lines);
        sheet.footer = b.footer.clone();
        sheet.headings = headings;
        sheet
    }

    /// A trend: measures down, each with a row per area and the authority's rank; years
    /// across.
    fn trend(t: &Trend) -> Sheet {
        let mut header = vec!["Measure / area".to_string()];
        header.extend(t.year_labels.iter().cloned());
        let mut lines: Vec<Vec<Cell>> = Vec::new();
        let mut headings = Vec::new();
        let mut last = "";
        for series in &t.series {
            if series.measure != last {
                headings.push(lines.len());
                let what = if series.unit == "percent" {
                    "%"
                } else {
                    "rate per 10,000"
                };
                let mut heading = vec![Cell::Text(format!("{} ({what})", series.label))];
                heading.resize(header.len(), Cell::Blank);
                lines.push(heading);
                last = &series.measure;
            }
            let mut line = vec![Cell::Text(format!("  {}", series.area))];
            for point in &series.points {
                let symbol =
                    point
                        .count
                        .as_ref()
                        .and_then(|c| c.0.as_ref())
                        .and_then(|f| match f {
                            Figure::Missing(s) => Some(s.clone()),
                            Figure::Count(_) => None,
                        });
                line.push(match (symbol, point.value) {
                    (Some(symbol), _) => Cell::Symbol(symbol),
                    (None, Some(v)) if series.unit == "percent" => Cell::Percent(Some(v)),
                    (None, Some(v)) => Cell::Rate(Some(v)),
                    (None, None) => Cell::Blank,
                });
            }
            lines.push(line);
            if series.area_kind == AreaKind::Authority {
                let mut ranks = vec![Cell::Text("  Rank".to_string())];
                ranks.extend(series.points.iter().map(|p| {
                    p.rank
                        .zip(p.ranked)
                        .map_or(Cell::Blank, |(r, n)| Cell::Rank(r, n))
                }));
                lines.push(ranks);
            }
        }
        let mut sheet = Sheet::new(t.title.clone(), header, lines);
        sheet.footer = t.footer.clone();
        sheet.headings = headings;
        sheet
    }
}

/// The first column's heading: `Measure`, `Measure (children)`, `Measure / Contact Source`.
fn measure_heading(by: Option<&str>, count: Units) -> String {
    let mut heading = match by {
        Some(by) => format!("Measure / {by}"),
        None => "Measure".to_string(),
    };
    if count == Units::Children {
        heading.push_str(" (children)");
    }
    heading
}

/// A row label: the measure, or an indented group; `(children)` where units are mixed.
fn series_label(label: &str, group: Option<&str>, unit: Option<Unit>) -> String {
    let base = match group {
        Some(group) => format!("  {group}"),
        None => label.to_string(),
    };
    match unit {
        Some(Unit::Children) => format!("{base} (children)"),
        _ => base,
    }
}

/// The header of a long monthly table: the month, then the month, YTD and 12 months, each
/// with the year earlier and the change.
fn long_header(figure: &str, previous: &str) -> Vec<String> {
    let mut header = vec!["Month".to_string()];
    for span in [figure, "YTD", "12 months"] {
        header.extend([span, previous, "+/-"].map(str::to_string));
    }
    header
}

/// `2020-04` as `Apr 2020`.
fn month_label(month: Month) -> String {
    format!("{} {}", month.short_name(), month.year())
}

/// Consecutive monthly rows of one rate.
pub(super) fn rate_series(rates: &[MonthRate]) -> Vec<&[MonthRate]> {
    rates
        .chunk_by(|a, b| a.one.measure == b.one.measure)
        .collect()
}

/// Consecutive rows of one measure, group and unit.
pub(super) fn series(rows: &[MonthRow]) -> Vec<Vec<&MonthRow>> {
    let mut out: Vec<Vec<&MonthRow>> = Vec::new();
    for row in rows {
        let same = out.last().and_then(|s| s.last()).is_some_and(|prev| {
            prev.measure == row.measure && prev.group == row.group && prev.unit == row.unit
        });
        match out.last_mut() {
            Some(current) if same => current.push(row),
            _ => out.push(vec![row]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(11312), "11,312");
        assert_eq!(thousands(642980), "642,980");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn cells_as_text() {
        let on = RenderOptions {
            thousands: Some(true),
            ..RenderOptions::default()
        };
        let off = RenderOptions::default();
        assert_eq!(Cell::Count(Some(11312)).text(on), "11,312");
        assert_eq!(Cell::Count(Some(11312)).text(off), "11312");
        assert_eq!(Cell::Count(None).text(on), "c");
        assert_eq!(Cell::Change(None).text(on), "c");
        assert_eq!(Cell::Change(Some((762, 1010))).text(off), "+33%");
        assert_eq!(Cell::Change(Some((0, 4))).text(off), "n/a");
        assert_eq!(Cell::Rate(Some(191.6)).text(off), "191.6");
    }
}

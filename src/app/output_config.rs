//! The output side of the checked configuration: where tables go, in which format, and how
//! they are rendered and published.

use crate::model::convert::to_u32;
use std::path::{Path, PathBuf};

use crate::app::cli::{OutputArgs, PublishArgs};
use std::collections::HashMap;

use crate::app::checked::{parse_column_pairs, within};
use crate::compare::disclosure::Publish;
use crate::model::error::{Error, Result};
use crate::model::measure::Catalogue;
use crate::render::{Format, Layout, RenderOptions};

/// One destination for a rendered table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutputTarget {
    /// `None` for standard output.
    pub path: Option<PathBuf>,
    pub format: Format,
}

/// A chart to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChartTarget {
    pub path: PathBuf,
    pub png: bool,
}

/// Where the results go and how they look.
#[derive(Debug, Clone)]
pub(crate) struct OutputConfig {
    pub targets: Vec<OutputTarget>,
    pub charts: Vec<ChartTarget>,
    pub render: RenderOptions,
    pub publish: Publish,
    pub quiet: bool,
    /// Every path the run reads or may read, which no output may replace.
    pub protected: Vec<PathBuf>,
    /// The summary's band for "similar" (`--similar-within`), in percent.
    pub similar_within: f64,
    /// `--hash-inputs`: SHA-256 of each input in the provenance record.
    pub hash_inputs: bool,
    /// `--contact`: who to ask about the figures.
    pub contact: Option<String>,
    /// `--provenance FILE`: the record as JSON beside the output.
    pub provenance: Option<PathBuf>,
    /// `--ledger FILE`: the figures of earlier papers, and this one's added.
    pub ledger: Option<PathBuf>,
}

impl OutputConfig {
    pub(crate) fn from_args(
        args: &OutputArgs,
        decimals: u32,
        publish: &PublishArgs,
        catalogue: &Catalogue,
    ) -> Result<OutputConfig> {
        let decimals = to_u32(within("--decimals", decimals.into(), 0..=6)?);
        for (option, value) in [("--suppress", publish.suppress), ("--round", publish.round)] {
            if let Some(n) = value {
                within(option, n, 1..=u64::MAX)?;
            }
        }
        let charts = publish
            .charts
            .iter()
            .map(|path| {
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase());
                match ext.as_deref() {
                    Some("svg") => Ok(ChartTarget {
                        path: path.clone(),
                        png: false,
                    }),
                    Some("png") => Ok(ChartTarget {
                        path: path.clone(),
                        png: true,
                    }),
                    _ => Err(Error::usage(format!(
                        "--chart {}: give a .svg or .png file",
                        path.display()
                    ))),
                }
            })
            .collect::<Result<Vec<_>>>()?;
        let mut labels = HashMap::new();
        for (measure, text) in parse_column_pairs("--label", &publish.labels, catalogue)? {
            labels.insert(catalogue.get(measure).id.clone(), text);
        }
        Ok(OutputConfig {
            targets: vec![output_target(args.output.as_deref(), args.format)?],
            charts,
            render: RenderOptions {
                decimals,
                layout: Layout::default(),
                thousands: match (publish.thousands, publish.no_thousands) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
                summary: publish.summary,
                tidy: match args.csv_layout.as_deref() {
                    None | Some("wide") => false,
                    Some("tidy") => true,
                    Some(other) => {
                        return Err(Error::usage(format!(
                            "--csv-layout {other}: give wide or tidy"
                        )));
                    }
                },
                bom: args.bom,
                show_paths: args.show_paths,
                no_appendix: args.no_appendix,
                ..RenderOptions::default()
            },
            publish: Publish {
                suppress: publish.suppress,
                round: publish.round,
                title: publish.title.clone(),
                labels,
                earlier: Vec::new(),
            },
            quiet: args.quiet,
            protected: Vec::new(),
            hash_inputs: args.hash_inputs,
            contact: args
                .contact
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            provenance: args.provenance.clone(),
            ledger: match (&publish.ledger, publish.suppress) {
                (Some(_), None) => {
                    return Err(Error::usage(
                        "--ledger keeps suppression consistent from paper to paper; give --suppress N too",
                    ));
                }
                (ledger, _) => ledger.clone(),
            },
            similar_within: match publish.similar_within {
                Some(p) if p.is_finite() && (0.0..=100.0).contains(&p) => p,
                Some(p) => {
                    return Err(Error::usage(format!(
                        "--similar-within {p}: give a percentage from 0 to 100"
                    )));
                }
                None => crate::compare::summary::SIMILAR_WITHIN,
            },
        })
    }
}

/// A destination: `None` or `-` is standard output; a file's format comes from `format` or
/// its extension.
pub(crate) fn output_target(path: Option<&Path>, format: Option<Format>) -> Result<OutputTarget> {
    let path = path.filter(|p| p.as_os_str() != "-").map(Path::to_path_buf);
    let format = match (format, &path) {
        (Some(format), _) => format,
        (None, None) => Format::Table,
        (None, Some(path)) => Format::from_extension(path).ok_or_else(|| {
            Error::usage(format!(
                "--output {}: cannot tell the format from the extension; use {}, or pass --format",
                path.display(),
                Format::extensions()
            ))
        })?,
    };
    Ok(OutputTarget { path, format })
}

/// The width a terminal table must fit: `COLUMNS` if set, else the terminal's width when
/// standard output is one; `None` (no limit) when writing to a file or a pipe.
pub(super) fn terminal_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
    {
        return Some(columns);
    }
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
}

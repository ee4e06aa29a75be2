//! The cell formats a workbook's sheets share: titles, headers, counts, changes and rates as
//! numbers with their number formats, symbols, links and wrapped text.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

use super::RenderOptions;

pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) header: Format,
    /// A header over numbers: right-aligned like them.
    pub(super) header_right: Format,
    pub(super) heading: Format,
    pub(super) count: Format,
    pub(super) percent: Format,
    pub(super) rate: Format,
    pub(super) share: Format,
    pub(super) points: Format,
    pub(super) delta: Format,
    pub(super) date: Format,
    pub(super) wrap: Format,
    pub(super) link: Format,
    pub(super) symbol: Format,
}

impl Formats {
    pub(super) fn new(options: RenderOptions) -> Formats {
        let decimals = "0".repeat(options.decimals as usize);
        let pct = if decimals.is_empty() {
            "+0%;-0%;0%".to_string()
        } else {
            format!("+0.{decimals}%;-0.{decimals}%;0.{decimals}%")
        };
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top),
            header_right: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Right),
            heading: Format::new().set_bold(),
            count: Format::new().set_num_format(if options.thousands == Some(false) {
                "0"
            } else {
                "#,##0"
            }),
            percent: Format::new().set_num_format(pct),
            rate: Format::new().set_num_format("0.0"),
            share: Format::new().set_num_format("0.0%"),
            points: Format::new().set_num_format("+0.0\" pp\";-0.0\" pp\";0.0\" pp\""),
            delta: Format::new().set_num_format("+#,##0;-#,##0;0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            link: Format::new()
                .set_font_color(rust_xlsxwriter::Color::RGB(0x1D70B8))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            symbol: Format::new().set_align(FormatAlign::Right),
        }
    }
}

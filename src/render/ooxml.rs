//! Touches to an Office Open XML package after its writer is done: the document's language
//! (`en-GB`) in its core properties, which neither rust_xlsxwriter nor docx-rust writes, so
//! that screen readers and spelling checks read the words as British English.

use std::io::{Cursor, Read, Write};

use anyhow::{Context, Result};

/// The language every document is written in.
pub(super) const LANGUAGE: &str = "en-GB";

/// `package` with `<dc:language>` added to the core properties part `part` (when it has none);
/// every other part copied byte for byte, in order.
pub(super) fn with_language(package: &[u8], part: &str) -> Result<Vec<u8>> {
    rewrite(
        package,
        |name, xml| {
            if name == part { add_language(xml) } else { xml }
        },
    )
}

/// Core properties with the document's language, unless they give one.
pub(super) fn add_language(mut xml: String) -> String {
    if !xml.contains("<dc:language>")
        && let Some(end) = xml.rfind("</cp:coreProperties>")
    {
        xml.insert_str(end, &format!("<dc:language>{LANGUAGE}</dc:language>"));
    }
    xml
}

/// `package` with each XML part passed through `edit` (part name, text); a part `edit`
/// returns unchanged, and every part that is not XML, is copied byte for byte, in order.
pub(super) fn rewrite(package: &[u8], edit: impl Fn(&str, String) -> String) -> Result<Vec<u8>> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(package)).context("reading the written package")?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i)?.name().to_string();
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        let text = if xml {
            let mut text = String::new();
            archive.by_index(i)?.read_to_string(&mut text)?;
            let edited = edit(&name, text.clone());
            (edited != text).then_some(edited)
        } else {
            None
        };
        match text {
            Some(text) => {
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated);
                out.start_file(name, options)?;
                out.write_all(text.as_bytes())?;
            }
            None => out.raw_copy_file(archive.by_index_raw(i)?)?,
        }
    }
    Ok(out.finish()?.into_inner())
}

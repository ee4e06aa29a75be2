"""The hostile inputs bench/hostile.sh runs, written into the folder given: each small on
disk (the largest is the 7.6 MB CSV of groups), most expanding to gigabytes if trusted."""

import struct
import sys
import zipfile
import zlib
from pathlib import Path

OUT = Path(sys.argv[1])

CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
SHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx(path, sheets, extra=()):
    """`sheets`: (name, sheet XML) pairs; `extra`: (part, bytes or an iterable of chunks)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        names = "".join(
            f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, (n, _) in enumerate(sheets, 1)
        )
        z.writestr("xl/workbook.xml", f"<workbook {NS} {REL_NS}><sheets>{names}</sheets></workbook>")
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{SHEET_REL}" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, (_, xml) in enumerate(sheets, 1):
            write_part(z, f"xl/worksheets/sheet{i}.xml", xml)
        for name, body in extra:
            write_part(z, name, body)


def write_part(z, name, body):
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w", force_zip64=True) as f:
        if isinstance(body, (str, bytes)):
            f.write(body.encode() if isinstance(body, str) else body)
        else:
            for chunk in body:
                f.write(chunk)


def table_sheet(rows):
    data = "".join(f'<row r="{r}">{cells}</row>' for r, cells in rows)
    return f'<worksheet {NS}><dimension ref="A1:B{len(rows)}"/><sheetData>{data}</sheetData></worksheet>'


def header():
    return (1, cell("A1", "Child ID") + cell("B1", "Date of Contact"))


# 150,000 --by groups, each with one contact in 1900 and one in 2099.
with open(OUT / "groups.csv", "w") as f:
    f.write("Child ID,Date of Contact,Team\n")
    for i in range(150_000):
        f.write(f"C{i},01/01/1900,T{i}\nD{i},31/12/2099,T{i}\n")

# Many sheets, each a small contacts table.
for n in (1000, 2500, 5000):
    sheets = [
        (f"Team {i}", table_sheet([header(), (2, cell("A2", f"C{i}") + cell("B2", "2020-05-01"))]))
        for i in range(1, n + 1)
    ]
    xlsx(OUT / f"sheets-{n}.xlsx", sheets)

# A 1 GiB inline string in a sheet (a few MB on disk).
def inline_gib():
    yield f'<worksheet {NS}><sheetData><row r="1">{cell("A1", "Date of Contact")}</row><row r="2"><c r="A2" t="inlineStr"><is><t>'.encode()
    block = b"x" * (1 << 20)
    for _ in range(1024):
        yield block
    yield b"</t></is></c></row></sheetData></worksheet>"


xlsx(OUT / "inline.xlsx", [("Contacts", inline_gib())])

# Shared strings of 2 GiB whose directory entry says 100 bytes.
def strings_2gib():
    yield f"<sst {NS}>".encode()
    block = b"<si><t>a</t></si>" * 60000
    for _ in range((2 << 30) // len(block)):
        yield block
    yield b"</sst>"


path = OUT / "understated.xlsx"
xlsx(path, [("Contacts", table_sheet([header()]))], extra=[("xl/sharedStrings.xml", strings_2gib())])
data = bytearray(path.read_bytes())
name = b"xl/sharedStrings.xml"
at = data.find(name)
while at >= 0:
    for sig, back, field in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        if at >= back and data[at - back : at - back + 4] == sig:
            data[at - back + field : at - back + field + 4] = struct.pack("<I", 100)
    at = data.find(name, at + 1)
path.write_bytes(bytes(data))

# A header row of 16,384 cells, each naming one shared string of 64 KiB.
def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


row = "".join(f'<c r="{col(i)}1" t="s"><v>0</v></c>' for i in range(16384))
sheet = f'<worksheet {NS}><dimension ref="A1:XFD2"/><sheetData><row r="1">{row}</row></sheetData></worksheet>'
xlsx(
    OUT / "wide-header.xlsx",
    [("Contacts", sheet)],
    extra=[("xl/sharedStrings.xml", f"<sst {NS}><si><t>{'y' * 65536}</t></si></sst>")],
)

# An .xlsb whose shared strings are 8 strings of 254 MiB (records of BIFF12, whose sizes
# stop short of 256 MiB).
def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def strings_xlsb():
    for _ in range(8):
        chars = 127 << 20  # UTF-16: 254 MiB
        body_len = 1 + 4 + 2 * chars
        yield bytes([0x13]) + varint(body_len) + b"\x00" + struct.pack("<I", chars)
        block = b"z\x00" * (1 << 19)
        for _ in range(2 * chars // len(block)):
            yield block


with zipfile.ZipFile(OUT / "strings.xlsb", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT)
    z.writestr("_rels/.rels", RELS.replace("workbook.xml", "workbook.bin"))
    write_part(z, "xl/sharedStrings.bin", strings_xlsb())

# .ods: two billion spaces in one cell; 100 tables each within the cell limit.
ODS_HEAD = (
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
)
ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def ods(path, tables):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", ODS_HEAD + tables + ODS_TAIL)
        z.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )


ods(
    OUT / "spaces.ods",
    '<table:table table:name="Contacts"><table:table-row><table:table-cell office:value-type="string">'
    '<text:p>Date of Contact<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row></table:table>',
)
one = (
    '<table:table-row table:number-rows-repeated="1000"><table:table-cell '
    'table:number-columns-repeated="9000" office:value-type="float" office:value="1"/></table:table-row>'
)
ods(OUT / "tables.ods", "".join(f'<table:table table:name="T{i}">{one}</table:table>' for i in range(100)))

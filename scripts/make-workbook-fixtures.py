#!/usr/bin/env python3
"""Writes the small workbook fixtures in testdata/workbooks/ (each under 16 KB
but excel.xls, which is 16 KiB exactly).

    python3 scripts/make-workbook-fixtures.py [--out DIR] [TARGET ...]

TARGETs: xlsb (the hand-made .xlsb files), xlwt, libreoffice, excel; default all of them.
Needs: nothing for xlsb; `pip install xlwt` for xlwt; soffice (Debian's libreoffice-calc-nogui)
for libreoffice; pip (and the network to PyPI) for excel.

The referrals table
-------------------
libreoffice.xls, libreoffice.ods and xlwt.xls hold the same table on one sheet, "Referrals":

    A1  "Referrals received"                      title row
    row 2 blank
    A3:C3  Child ID | Referral Date | Team        header row (row 3)
    A4:C12 nine data rows, dates as date cells formatted dd/mm/yyyy:

    C0001  01/04/2020  North        C0006  01/06/2020  South
    C0002  15/04/2020  South        C0007  10/06/2020  North
    C0003  30/04/2020  North        C0008  22/06/2020  South
    C0004  07/05/2020  South        C0009  30/06/2020  North
    C0005  29/05/2020  North

Expected counts of referrals by month (EXPECTED_MONTHLY below): 2020-04: 3, 2020-05: 2,
2020-06: 4; 9 in all, none in any other month. By team: North 5, South 4.

libreoffice.xls / libreoffice.ods: written by LibreOffice 7.4.7 (Debian 12's libreoffice-calc-nogui)
from the flat-ODS text that `fods()` builds, with `soffice --headless --convert-to xls` (and
`ods`). LibreOffice stamps the save time into the files, so a rerun gives equal cells but
different bytes. xlwt.xls: written by xlwt 1.3.0 (`xlwt()` below).

excel.xls: a file genuinely saved by Microsoft Excel
----------------------------------------------------
Not ours and not regenerable: copied byte for byte from pandas 0.22.0 on PyPI, file
pandas/tests/io/data/times_1900.xls, 16,384 bytes (16 KiB exactly: the one fixture here that is
not under 16 KB), sha256 EXCEL_SHA256 below. `excel()` fetches it again from the wheel
pandas-0.22.0-cp27-cp27m-win32.whl (8.4 MB; `pip download pandas==0.22.0 --only-binary :all:
--platform win32 --python-version 27 --implementation cp --abi cp27m --no-deps`) and checks the
hash; the file is the same in every 0.22.0 wheel (the manylinux1 cp36 one too). Not the sdist:
pandas's sdists from 0.23 on leave their test data out (MANIFEST.in `global-exclude *.xls`),
and pip cannot prepare 0.22.0's sdist (its requirement "pytz>=2011k" is no longer a valid
version specifier). For the same reason pip warns that later versions will ignore 0.22.0
(tested with pip 23.2.1), so if the download fails `excel()` retries with pip<23.3 in a
throwaway venv.
Licence: pandas's, the BSD 3-Clause License (the wheel's METADATA: "License: BSD"; the
project's LICENSE: "Copyright (c) 2008-2011, AQR Capital Management, LLC, Lambda Foundry, Inc.
and PyData Development Team. All rights reserved. Copyright (c) 2011-2023, Open source
contributors."). testdata/workbooks/SOURCES.md keeps the notice, as the licence asks.

Saved by Excel 2007: its SummaryInformation says the application was "Microsoft Excel"
(author and last saved by "John", created 2014-04-23 22:40:48, last saved 22:57:52) and its
DocumentSummaryInformation AppVersion 12.0000 (Excel 2007); its BOF records say BIFF8, build
0x1FA9, year 1997, file history 0x000100C1, lowest BIFF 6 and "last saved by" 4 (Excel 2007);
WRITEACCESS "John", CODEPAGE 1200; THEME, BOOKEXT and COMPRESSPICTURES records (Excel 2007 on);
UK number formats (£ currency, [$-809]dd mmmm yyyy).
What it holds, as our tests may assert:
  - one sheet, "Sheet1", visible (the workbook has no other sheet), BIFF8, 1900 date system
    (DATEMODE 0); DIMENSION rows 1 to 12, column A only;
  - A1 "Time" (LABELSST, shared string 0): the header row, row 1;
  - A2:A12 eleven NUMBER records, all with XF 62, number format 165 "hh:mm:ss.000": date cells
    by their format, but times of day with no date part (serials below 1, day 0: Excel shows the
    date as 00/01/1900; by the 1899-12-30 epoch of excel_serial() it is 1899-12-30, by xlrd's
    1899-12-31):
        A2  0.043090277777777776  01:02:03.000     A8   0.475944444444445  11:25:21.600
        A3  0.11523263888888889   02:45:56.100     A9   0.548086805555556  13:09:14.700
        A4  0.187375              04:29:49.200     A10  0.620229166666667  14:53:07.800
        A5  0.259517361111111     06:13:42.300     A11  0.692371527777778  16:37:00.900
        A6  0.331659722222222     07:57:35.400     A12  0.764513888888889  18:20:54.000
        A7  0.403802083333334     09:41:28.500
  - no calendar date: the header names no event date, and with --date-column every value is
    before 1900, so cscstats counts nothing from it (11 rows rejected).

The hand-made .xlsb files
-------------------------
Built below from raw BIFF12 records ([MS-XLSB] 2.1.4: a record type of one or two bytes and a
size of one to four, seven bits a byte, then the payload) in a zip of [Content_Types].xml,
_rels/.rels, xl/workbook.bin, xl/_rels/workbook.bin.rels, xl/worksheets/sheet1.bin and
xl/sharedStrings.bin; no styles part. Fixed zip timestamps, so they are byte-reproducible.

valid.xlsb: one sheet "Referrals", A1:B4:
    Child ID | Referral Date          (shared strings 0 and 1)
    C0001    | 43922   (2020-04-01)   (C0001 shared string 2; the dates RK integer cells,
    C0002    | 43953   (2020-05-02)    Excel serial numbers with no date format, as an
    C0003    | 43983   (2020-06-01)    export with its format lost would hold them;
                                        C0002, C0003 inline strings, BrtCellSt)
    Expected: one referral in each of 2020-04, 2020-05 and 2020-06.
Each damaged file is valid.xlsb with one change:
    sst-index.xlsb       A2 (BrtCellIsst) refers to shared string 99; there are 3.
    missing-rel.xlsb     workbook.bin's sheet "Referrals" has relationship id rId9;
                         workbook.bin.rels holds rId1 (the sheet) and rId2 (shared
                         strings), no rId9.
    short-rk.xlsb        B3's BrtCellRk payload is 8 bytes (column and style only) instead of
                         the 12 that a cell and its RkNumber need.
    short-dimension.xlsb BrtWsDim's payload is 8 bytes (rwFirst, rwLast) instead of 16, and
                         no record before it in the part has a payload.
"""
import argparse
import datetime as dt
import hashlib
import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "testdata", "workbooks")

TITLE = "Referrals received"
HEADER = ("Child ID", "Referral Date", "Team")
ROWS = [
    ("C0001", dt.date(2020, 4, 1), "North"),
    ("C0002", dt.date(2020, 4, 15), "South"),
    ("C0003", dt.date(2020, 4, 30), "North"),
    ("C0004", dt.date(2020, 5, 7), "South"),
    ("C0005", dt.date(2020, 5, 29), "North"),
    ("C0006", dt.date(2020, 6, 1), "South"),
    ("C0007", dt.date(2020, 6, 10), "North"),
    ("C0008", dt.date(2020, 6, 22), "South"),
    ("C0009", dt.date(2020, 6, 30), "North"),
]
EXPECTED_MONTHLY = {"2020-04": 3, "2020-05": 2, "2020-06": 4}
assert sum(EXPECTED_MONTHLY.values()) == len(ROWS)
assert all(EXPECTED_MONTHLY[f"{d:%Y-%m}"] == sum(1 for _, e, _ in ROWS if e.month == d.month)
           for _, d, _ in ROWS)

EXCEL_DOWNLOAD = ["pandas==0.22.0", "--only-binary", ":all:", "--platform", "win32",
                  "--python-version", "27", "--implementation", "cp", "--abi", "cp27m",
                  "--no-deps"]
EXCEL_WHEEL = "pandas-0.22.0-cp27-cp27m-win32.whl"
EXCEL_MEMBER = "pandas/tests/io/data/times_1900.xls"
EXCEL_SHA256 = "6b85a758ee9f84dcf97aa671f271272c5fa115fd710e2839dffcde18899ee4c1"


def excel_serial(d):
    return (d - dt.date(1899, 12, 30)).days


# ---------------------------------------------------------------------------------------------
# LibreOffice: a flat ODS written here, converted by soffice to .xls and .ods.

def fods():
    cells = []
    for cid, date, team in ROWS:
        cells.append(
            "<table:table-row>"
            f'<table:table-cell office:value-type="string"><text:p>{cid}</text:p></table:table-cell>'
            f'<table:table-cell table:style-name="ce1" office:value-type="date" '
            f'office:date-value="{date.isoformat()}"><text:p>{date:%d/%m/%Y}</text:p></table:table-cell>'
            f'<table:table-cell office:value-type="string"><text:p>{team}</text:p></table:table-cell>'
            "</table:table-row>"
        )
    header = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
        for h in HEADER
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N1"/>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Referrals">
<table:table-column table:number-columns-repeated="3"/>
<table:table-row><table:table-cell office:value-type="string"><text:p>{TITLE}</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell/></table:table-row>
<table:table-row>{header}</table:table-row>
{chr(10).join(cells)}
</table:table></office:spreadsheet></office:body></office:document>
"""


def libreoffice(out):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("libreoffice: soffice not found (apt-get install libreoffice-calc-nogui)")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "libreoffice.fods")
        with open(src, "w", encoding="utf-8") as f:
            f.write(fods())
        for fmt in ("xls", "ods"):
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                 "--convert-to", fmt, "--outdir", tmp, src],
                check=True, stdout=subprocess.DEVNULL)
            shutil.copyfile(os.path.join(tmp, f"libreoffice.{fmt}"),
                            os.path.join(out, f"libreoffice.{fmt}"))


# ---------------------------------------------------------------------------------------------
# xlwt 1.3.0

def xlwt(out):
    import xlwt as x
    book = x.Workbook()
    sheet = book.add_sheet("Referrals")
    date_style = x.easyxf(num_format_str="dd/mm/yyyy")
    sheet.write(0, 0, TITLE)
    for c, h in enumerate(HEADER):
        sheet.write(2, c, h)
    for r, (cid, date, team) in enumerate(ROWS, start=3):
        sheet.write(r, 0, cid)
        sheet.write(r, 1, date, date_style)
        sheet.write(r, 2, team)
    book.save(os.path.join(out, "xlwt.xls"))


# ---------------------------------------------------------------------------------------------
# excel.xls: fetched again from PyPI, never rewritten.

def excel(out):
    with tempfile.TemporaryDirectory() as tmp:
        dest = os.path.join(tmp, "dl")
        cmd = ["-m", "pip", "download", *EXCEL_DOWNLOAD, "-d", dest]
        if subprocess.run([sys.executable, *cmd]).returncode != 0:
            # A pip that ignores releases with legacy metadata ("pytz>=2011k"): use an older one.
            print("excel: retrying with pip<23.3 in a throwaway venv", file=sys.stderr)
            venv = os.path.join(tmp, "venv")
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
            py = os.path.join(venv, "Scripts" if os.name == "nt" else "bin", "python")
            subprocess.run([py, "-m", "pip", "install", "-q", "pip<23.3"], check=True)
            subprocess.run([py, *cmd], check=True)
        with zipfile.ZipFile(os.path.join(dest, EXCEL_WHEEL)) as whl:
            data = whl.read(EXCEL_MEMBER)
    digest = hashlib.sha256(data).hexdigest()
    if digest != EXCEL_SHA256:
        sys.exit(f"excel: {EXCEL_MEMBER} has sha256 {digest}, expected {EXCEL_SHA256}")
    with open(os.path.join(out, "excel.xls"), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------------------------------------
# .xlsb from BIFF12 records ([MS-XLSB] 2.1.4, record types from 2.3).

BrtRowHdr, BrtCellRk, BrtCellSt, BrtCellIsst, BrtSSTItem = 0x0000, 0x0002, 0x0006, 0x0007, 0x0013
BrtBeginSheet, BrtEndSheet, BrtBeginBook, BrtEndBook = 0x0081, 0x0082, 0x0083, 0x0084
BrtBeginBundleShs, BrtEndBundleShs, BrtBeginSheetData, BrtEndSheetData = 0x008F, 0x0090, 0x0091, 0x0092
BrtWsDim, BrtWbProp, BrtBundleSh, BrtBeginSst, BrtEndSst = 0x0094, 0x0099, 0x009C, 0x009F, 0x00A0


def record(typ, payload=b""):
    """A record: its type in one or two bytes, its size in one to four, seven bits each."""
    head = bytes([typ]) if typ < 0x80 else bytes([(typ & 0x7F) | 0x80, typ >> 7])
    size, n = b"", len(payload)
    while True:
        size += bytes([(n & 0x7F) | (0x80 if n > 0x7F else 0)])
        n >>= 7
        if not n:
            break
    return head + size + payload


def wide(s):
    """XLWideString: a 4-byte count of UTF-16 code units, then the units."""
    units = s.encode("utf-16-le")
    return struct.pack("<I", len(units) // 2) + units


def cell(col, style=0):
    """Cell ([MS-XLSB] 2.5.9): column, then a 24-bit style index and 8 bits of flags."""
    return struct.pack("<II", col, style)


def rk_int(n):
    """RkNumber holding an integer: the value shifted left 2, fInt set, fX100 clear."""
    return struct.pack("<i", (n << 2) | 0x2)


def row_header(row):
    """BrtRowHdr: rw, ixfe, miyRw (15 pt), three flag bytes, ccolspan 0."""
    return record(BrtRowHdr, struct.pack("<IIH3BI", row, 0, 300, 0, 0, 0, 0))


SST = ["Child ID", "Referral Date", "C0001"]
XLSB_ROWS = [("C0001", dt.date(2020, 4, 1)), ("C0002", dt.date(2020, 5, 2)),
             ("C0003", dt.date(2020, 6, 1))]
assert [excel_serial(d) for _, d in XLSB_ROWS] == [43922, 43953, 43983]


def xlsb_parts(sst_index_of_c0001=2, rel_id="rId1", short_rk=False, short_dim=False):
    book = (record(BrtBeginBook)
            + record(BrtWbProp, struct.pack("<II", 0, 0) + wide(""))
            + record(BrtBeginBundleShs)
            + record(BrtBundleSh, struct.pack("<II", 0, 1) + wide(rel_id) + wide("Referrals"))
            + record(BrtEndBundleShs)
            + record(BrtEndBook))
    dim = struct.pack("<IIII", 0, len(XLSB_ROWS), 0, 1)
    sheet = [record(BrtBeginSheet), record(BrtWsDim, dim[:8] if short_dim else dim),
             record(BrtBeginSheetData),
             row_header(0),
             record(BrtCellIsst, cell(0) + struct.pack("<I", 0)),
             record(BrtCellIsst, cell(1) + struct.pack("<I", 1))]
    for r, (cid, date) in enumerate(XLSB_ROWS, start=1):
        sheet.append(row_header(r))
        if cid == "C0001":
            sheet.append(record(BrtCellIsst, cell(0) + struct.pack("<I", sst_index_of_c0001)))
        else:
            sheet.append(record(BrtCellSt, cell(0) + wide(cid)))
        rk = cell(1) + rk_int(excel_serial(date))
        sheet.append(record(BrtCellRk, rk[:8] if short_rk and r == 2 else rk))
    sheet += [record(BrtEndSheetData), record(BrtEndSheet)]
    sst = (record(BrtBeginSst, struct.pack("<II", len(SST), len(SST)))
           + b"".join(record(BrtSSTItem, b"\x00" + wide(s)) for s in SST)
           + record(BrtEndSst))
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
          '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
          '<Override PartName="/xl/sharedStrings.bin" ContentType="application/vnd.ms-excel.sharedStrings"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/>'
            '</Relationships>')
    book_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/>'
                 '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.bin"/>'
                 '</Relationships>')
    return [("[Content_Types].xml", ct.encode()), ("_rels/.rels", rels.encode()),
            ("xl/workbook.bin", book), ("xl/_rels/workbook.bin.rels", book_rels.encode()),
            ("xl/worksheets/sheet1.bin", b"".join(sheet)), ("xl/sharedStrings.bin", sst)]


XLSB_FILES = {
    "valid.xlsb": {},
    "sst-index.xlsb": {"sst_index_of_c0001": 99},
    "missing-rel.xlsb": {"rel_id": "rId9"},
    "short-rk.xlsb": {"short_rk": True},
    "short-dimension.xlsb": {"short_dim": True},
}


def xlsb(out):
    for name, change in XLSB_FILES.items():
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for part, data in xlsb_parts(**change):
                info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
        with open(os.path.join(out, name), "wb") as f:
            f.write(buf.getvalue())


TARGETS = {"xlsb": xlsb, "xlwt": xlwt, "libreoffice": libreoffice, "excel": excel}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=DEFAULT_OUT)
    p.add_argument("targets", nargs="*", metavar="TARGET", help=", ".join(TARGETS))
    a = p.parse_args()
    unknown = [t for t in a.targets if t not in TARGETS]
    if unknown:
        p.error(f"unknown target {unknown[0]}; choose from {', '.join(TARGETS)}")
    os.makedirs(a.out, exist_ok=True)
    for t in a.targets or TARGETS:
        TARGETS[t](a.out)
        print(f"{t}: written to {os.path.normpath(a.out)}")


if __name__ == "__main__":
    main()

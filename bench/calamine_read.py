"""Reads every sheet of a workbook with python-calamine, as a Python analyst would before
counting: the baseline the performance issue sets for cscstats's workbook reading."""
import sys

from python_calamine import CalamineWorkbook

book = CalamineWorkbook.from_path(sys.argv[1])
rows = sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
print(rows)

"""A report as a download: CSV (every table one after the other) or XLSX (one sheet a table)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def to_csv(title, tables):
    """UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(title, used):
    # Excel sheet names: at most 31 characters, none of []:*?/\ and unique.
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in str(title))[:31]
    name, number = cleaned, 2
    while name in used:
        name = f"{cleaned[:28]} {number}"
        number += 1
    used.add(name)
    return name


def to_xlsx(title, tables):
    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append([title])
        sheet.append([table.title])
        sheet.append(list(table.headers))
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(
                [str(value) if not isinstance(value, int | float) else value for value in row]
            )
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

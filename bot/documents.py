"""Quote documents into text for the quote reader: CSV, XLSX (openpyxl), PDF text layer (pypdf).

Rows become lines with cells joined by " | ", the form quote tables take when pasted, so one
reader handles a chat message, a spreadsheet and a PDF alike. A photo, a scanned PDF with no
text layer or any other kind is refused with what to send instead; nothing here raises past
DocumentError, whose message is for the founder.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from pathlib import PurePath

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024  # a quote is a page or two; 2 MB is generous
MAX_TEXT_CHARS = 20_000  # what the quote reader takes
MAX_ROWS = 500
MAX_PAGES = 20
KINDS = {".csv": "CSV", ".txt": "text", ".xlsx": "XLSX", ".pdf": "PDF"}
PHOTO = (
    "I can't read photos or scans of a quote yet. Please paste the quote's text, or send it "
    "as a PDF with selectable text, an XLSX or a CSV file."
)


class DocumentError(ValueError):
    """A document that cannot be read as a quote; the message says why and what to send."""


def check_document(filename: str, size: int | None) -> None:
    """Raises DocumentError before download for a kind or size the reader does not take."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".jpg", ".jpeg", ".png", ".heic", ".webp", ".gif", ".tif", ".tiff"):
        raise DocumentError(PHOTO)
    if suffix not in KINDS:
        kinds = ", ".join(sorted(KINDS.values()))
        raise DocumentError(
            f"{filename[:60]} is not a quote document I can read ({kinds}); "
            f"paste the quote's text instead. Nothing was stored."
        )
    if size is not None and size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"{filename[:60]} is {size / 1024 / 1024:.1f} MB; a quote document may be up to "
            f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB. Nothing was stored."
        )


def document_text(filename: str, data: bytes) -> str:
    """Returns the document's text, rows as "cell | cell" lines; raises DocumentError."""
    check_document(filename, len(data))
    suffix = PurePath(filename).suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            text = _csv_text(data) if suffix == ".csv" else _decode(data)
        elif suffix == ".xlsx":
            text = _xlsx_text(data)
        else:
            text = _pdf_text(data)
    except DocumentError:
        raise
    except Exception as exc:  # a broken file of any kind: say so, never a traceback
        logger.info("could not read %r: %s", filename, exc)
        raise DocumentError(
            f"I could not open {filename[:60]} as a {KINDS[suffix]} file; is it damaged? "
            f"Nothing was stored."
        ) from None
    text = text.strip()
    if not text:
        raise DocumentError(
            f"{filename[:60]} has no text I can read (a scan?). Paste the quote's text instead."
        )
    return text[:MAX_TEXT_CHARS]


def _decode(data: bytes) -> str:
    """Returns UTF-8 text (a BOM allowed), else Windows-1252, the spreadsheet default."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_text(data: bytes) -> str:
    """Returns the CSV's rows as lines; the delimiter is sniffed (',', ';' or tab)."""
    text = _decode(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect)):
        if number >= MAX_ROWS:
            break
        cells = [cell.strip() for cell in row if cell.strip()]
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _xlsx_text(data: bytes) -> str:
    """Returns every sheet's non-empty rows as lines (values, not formulas)."""
    from openpyxl import load_workbook  # loaded only when a spreadsheet arrives

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError("That file is not a real XLSX spreadsheet. Nothing was stored.")
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        lines: list[str] = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS):
                cells = [_cell(value) for value in row if value is not None]
                cells = [cell for cell in cells if cell]
                if cells:
                    lines.append(" | ".join(cells))
        return "\n".join(lines)
    finally:
        book.close()


def _cell(value: object) -> str:
    """Returns a cell as text: 0.8 stays 0.8, 1000.0 becomes 1000."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _pdf_text(data: bytes) -> str:
    """Returns the text layer of the first pages."""
    from pypdf import PdfReader  # loaded only when a PDF arrives

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise DocumentError("That PDF is password-protected; paste the quote's text instead.")
    pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    return "\n".join(pages)


__all__ = [
    "MAX_DOCUMENT_BYTES",
    "PHOTO",
    "DocumentError",
    "check_document",
    "document_text",
]

"""Quote documents made by the tests (CSV, XLSX, PDF) read into text and then into a quote."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from bot.core.understanding.quotes import read_quote
from bot.documents import MAX_DOCUMENT_BYTES, PHOTO, DocumentError, check_document, document_text


def pdf_with_text(lines: list[str]) -> bytes:
    """Returns a one-page PDF whose text layer holds the lines (Helvetica, one Tj each)."""
    body = (
        "BT /F1 11 Tf 50 780 Td 14 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
            for line in lines
        )
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tiers_of(text: str) -> list[tuple[int, Decimal]]:
    reading = read_quote(text)
    assert reading is not None
    return [(t.min_qty, t.unit_price) for t in reading.tiers]


def test_a_csv_quote_is_read_figure_by_figure() -> None:
    data = b"Quantity;Unit price (EUR)\n500;1,20\n1000;0,90\n5000;0,60\nSetup;150\n"
    text = document_text("quote.csv", data)
    assert text.splitlines()[1] == "500 | 1,20"
    reading = read_quote(text)
    assert reading is not None
    assert tiers_of(text) == [
        (500, Decimal("1.2")),
        (1000, Decimal("0.9")),
        (5000, Decimal("0.6")),
    ]
    assert reading.currency == "EUR"
    assert reading.setup_fee is not None
    assert reading.setup_fee.value == 150


def test_an_xlsx_quote_is_read_with_its_fees() -> None:
    data = xlsx(
        [
            ["Nordic Print AB"],
            ["Qty", "Unit price", "Currency"],
            [250, 4.5, "EUR"],
            [1000, 3.2, "EUR"],
            ["Freight per unit", 0.15, "EUR"],
            ["Lead time", "3 weeks"],
        ]
    )
    text = document_text("offer.xlsx", data)
    assert "250 | 4.5 | EUR" in text
    reading = read_quote(text)
    assert reading is not None
    assert tiers_of(text) == [(250, Decimal("4.5")), (1000, Decimal("3.2"))]
    assert reading.currency == "EUR"
    assert reading.shipping_per_unit is not None
    assert reading.shipping_per_unit.value == Decimal("0.15")
    assert reading.lead_time_days is not None
    assert reading.lead_time_days.value == 21


def test_a_pdf_text_layer_is_read() -> None:
    data = pdf_with_text(
        [
            "Quotation Q-2291 from Baltic Labels",
            "1,000 pcs @ EUR 0.085",
            "5,000 pcs @ EUR 0.049",
            "Plates EUR 75 (one-off)",
            "Lead time 12 days",
        ]
    )
    text = document_text("quote.pdf", data)
    assert "5,000 pcs @ EUR 0.049" in text
    reading = read_quote(text)
    assert reading is not None
    assert tiers_of(text) == [(1000, Decimal("0.085")), (5000, Decimal("0.049"))]
    assert reading.tooling_fee is not None
    assert reading.tooling_fee.value == 75
    assert reading.lead_time_days is not None
    assert reading.lead_time_days.value == 12


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("photo.jpg", b"\xff\xd8\xff", "can't read photos"),
        ("notes.docx", b"PK", "is not a quote document I can read"),
        ("broken.pdf", b"%PDF-1.4 garbage", "could not open broken.pdf"),
        ("broken.xlsx", b"not a zip", "not a real XLSX"),
        ("empty.csv", b"\n\n", "has no text"),
        ("scan.pdf", pdf_with_text([]), "has no text"),
    ],
)
def test_a_document_that_is_not_a_readable_quote_gets_a_clear_reason(
    filename: str, data: bytes, reason: str
) -> None:
    with pytest.raises(DocumentError) as error:
        document_text(filename, data)
    assert reason in str(error.value)


def test_a_document_too_large_is_refused_before_download() -> None:
    with pytest.raises(DocumentError) as error:
        check_document("big.pdf", MAX_DOCUMENT_BYTES + 1)
    assert "may be up to 2 MB" in str(error.value)
    assert PHOTO.startswith("I can't read photos")

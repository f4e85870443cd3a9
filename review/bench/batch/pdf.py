"""PDFs with a text layer, written directly: converting thousands of drafts through
LibreOffice would take longer than the review being measured.

The text is set in STSong-Light through the UniGB-UCS2-H CMap — one of the standard
Chinese fonts every PDF reader has (Adobe's Asian font packs, pdfminer's CMaps), so
nothing is embedded and each character is its UCS-2 code. Pages are drawn from the same
layout that counts a draft's pages; tables are ruled cell by cell, as Word prints them,
and every page carries a “— N —” page number for the reader to strip.
"""

from __future__ import annotations

import zlib

from review.bench.batch.blocks import Block
from review.bench.batch.layout import LEFT, Geometry, Placed, layout, width

FOOTER_SIZE, FOOTER_BASELINE = 14.0, 50.0
_FONTS = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
    b" /DescendantFonts [4 0 R] >>",
    # ASCII (CIDs 1-95 in Adobe-GB1) is half width, as the layout counts it
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
    b" /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>",
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
    b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
)


def _show(x: float, y: float, size: float, text: str, spacing: float = 0.0) -> bytes:
    code = text.encode("utf-16-be", errors="replace").hex().upper()
    return b"BT /F1 %.1f Tf %.3f Tc 1 0 0 1 %.2f %.2f Tm <%s> Tj ET\n" % (size, spacing, x, y, code.encode())


def _page(geo: Geometry, placed: list[Placed], number: int) -> bytes:
    ops = [b"0.5 w\n"]
    for p in placed:
        for g in p.slice.lines:
            ops.append(_show(LEFT + g.dx, geo.page_h - p.top - g.baseline, g.size, g.text, g.spacing))
        for b in p.slice.boxes:
            bottom = geo.page_h - p.top - b.dy - b.h
            ops.append(b"%.2f %.2f %.2f %.2f re S\n" % (LEFT + b.dx, bottom, b.w, b.h))
    footer = f"— {number} —"
    ops.append(_show((geo.page_w - width(footer) * FOOTER_SIZE) / 2, FOOTER_BASELINE, FOOTER_SIZE, footer))
    return b"".join(ops)


def _serialize(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def pdf(blocks: list[Block]) -> bytes:
    geo, pages = layout(blocks)
    first = 7  # objects 1-6: catalog, page tree, three font objects, info
    kids = b" ".join(b"%d 0 R" % (first + 2 * k) for k in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        *_FONTS,
        b"<< /Producer (review bench batch) /CreationDate (D:20230918163000+08'00') >>",
    ]
    for k, placed in enumerate(pages):
        stream = zlib.compress(_page(geo, placed, k + 1), 6)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /Font"
                       b" << /F1 3 0 R >> >> /Contents %d 0 R >>"
                       % (geo.page_w, geo.page_h, first + 2 * k + 1))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
                       + b"\nendstream")
    return _serialize(objects)

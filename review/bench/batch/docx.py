"""Word files for generated drafts, fast enough for thousands.

The package around the text — styles as the sample builder sets them (仿宋 body, 黑体
headings, A4 公文 margins), theme, settings — is the same for every draft, so it is made
once with python-docx and kept deflated; each draft only writes document.xml and a zip
directory around the stored parts. Building each draft through python-docx takes ~70 ms,
which at 10,000 drafts is longer than the review being measured.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx import Document

from review.bench.batch.blocks import Block, Para, Table
from review.bench.batch.corpus import sample_build
from review.bench.batch.layout import BOTTOM, LEFT, RIGHT, TOP, Geometry, column_widths, geometry
from review.write.styles import prune_styles

DOCUMENT = "word/document.xml"
_TWIPS = 20
_STYLES = {"title": "Title", "h1": "Heading1", "h2": "Heading2"}
# 1980-01-01 00:00 in MS-DOS form, like the sample builder's fixed stamps: same bytes every build
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1


@dataclass(frozen=True)
class _Stored:
    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate


def _deflate(name: str, data: bytes, level: int = 6) -> _Stored:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return _Stored(name.encode(), zlib.crc32(data), len(data), packer.compress(data) + packer.flush())


def _zip(entries: list[_Stored]) -> bytes:
    out, directory = io.BytesIO(), io.BytesIO()
    for e in entries:
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, _DOS_TIME, _DOS_DATE, e.crc,
                              len(e.data), e.size, len(e.name), 0) + e.name + e.data)
        directory.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, _DOS_TIME, _DOS_DATE,
                                    e.crc, len(e.data), e.size, len(e.name), 0, 0, 0, 0, 0o644 << 16,
                                    offset) + e.name)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                          len(directory.getvalue()), start, 0))
    return out.getvalue()


def _run(text: str, size_half_points: int | None = None) -> str:
    rpr = f'<w:rPr><w:sz w:val="{size_half_points}"/></w:rPr>' if size_half_points else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(p: Para) -> str:
    if p.kind in _STYLES:
        ppr = f'<w:pStyle w:val="{_STYLES[p.kind]}"/>'
    elif p.kind == "right":
        ppr = '<w:jc w:val="right"/>'
    else:
        ppr = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{_run(p.text)}</w:p>"


def _table(t: Table, geo: Geometry) -> str:
    widths = [round(w * _TWIPS) for w in column_widths(t.rows, geo.width)]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = []
    for r, row in enumerate(t.rows):
        jc = '<w:jc w:val="center"/>' if r == 0 else ""
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
            f'<w:spacing w:line="400" w:lineRule="exact"/>{jc}</w:pPr>{_run(text, 24)}</w:p></w:tc>'
            for text, w in zip(row, widths, strict=True))
        # the header row repeats on every page, as units set their 问题清单 tables
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if r == 0 else ""
        rows.append(f"<w:tr>{trpr}{cells}</w:tr>")
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")


def _section(geo: Geometry) -> str:
    size = f'<w:pgSz w:w="{round(geo.page_w * _TWIPS)}" w:h="{round(geo.page_h * _TWIPS)}"'
    size += ' w:orient="landscape"/>' if geo.landscape else "/>"
    margins = (f'<w:pgMar w:top="{round(TOP * _TWIPS)}" w:right="{round(RIGHT * _TWIPS)}" '
               f'w:bottom="{round(BOTTOM * _TWIPS)}" w:left="{round(LEFT * _TWIPS)}" w:header="851" '
               'w:footer="992" w:gutter="0"/>')
    grid = '<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="560"/>'
    return f"<w:sectPr>{size}{margins}{grid}</w:sectPr>"


class DocxWriter:
    def __init__(self) -> None:
        build = sample_build()
        doc = Document()
        build.setup_styles(doc)
        # The styles a Word-saved draft carries: those it uses and the latent-style table,
        # not python-docx's 800 KB template gallery, which would make every draft in the
        # benchmark several times dearer to open than a real one.
        prune_styles(doc, ["Normal", "Title", "heading 1", "heading 2", "Table Grid"])
        props = doc.core_properties
        props.author = props.last_modified_by = build.AUTHOR
        props.created, props.modified, props.revision = build.CREATED, build.MODIFIED, 1
        buf = io.BytesIO()
        doc.save(buf)
        package = zipfile.ZipFile(buf)
        xml = package.read(DOCUMENT).decode("utf-8")
        body = xml.index("<w:body>") + len("<w:body>")
        self._head, self._tail = xml[:body], "</w:body></w:document>"
        names = package.namelist()
        self._before = [_deflate(n, package.read(n)) for n in names[:names.index(DOCUMENT)]]
        self._after = [_deflate(n, package.read(n)) for n in names[names.index(DOCUMENT) + 1:]]

    def docx(self, blocks: list[Block]) -> bytes:
        geo = geometry(blocks)
        body = "".join(_table(b, geo) if isinstance(b, Table) else _para(b) for b in blocks)
        document = (self._head + body + _section(geo) + self._tail).encode("utf-8")
        return _zip(self._before + [_deflate(DOCUMENT, document, 1)] + self._after)

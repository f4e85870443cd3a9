"""Builders for hostile drafts: zip bombs, entity tricks, encrypted, disguised and giant files.

Each returns bytes built in memory in well under a second; nothing is copied from
elsewhere. Word packages start from a real python-docx document so that a file is refused
for the one defect it was given, not for being an odd package.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
from pdf_factory import _serialize, image_only_pdf, text_pdf
from pypdf import PdfReader, PdfWriter

PLAN = [
    "某某单位主题教育实施方案",
    "一、理论学习。党委理论学习中心组每月集中学习一次，2023年9月起开展读书班。",
    "二、调查研究。班子成员围绕基层治理各确定一个调研课题，10月底前形成调研报告。",
]
WML = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MIB = 1 << 20


def docx_parts(paragraphs: list[str] = PLAN) -> dict[str, bytes]:
    """The parts of an ordinary .docx, by name, in python-docx's order."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        return {name: z.read(name) for name in z.namelist()}


def package(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def good_docx(paragraphs: list[str] = PLAN) -> bytes:
    return package(docx_parts(paragraphs))


def body_xml(text: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document {WML}><w:body>'
            f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>")


def with_document(xml: bytes) -> bytes:
    return package(docx_parts() | {"word/document.xml": xml})


def billion_laughs() -> bytes:
    # Ten levels of ten references each: 10^9 copies of "lol" if anything expanded them.
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return with_document(body_xml("&lol9;", f"<!DOCTYPE w:document [{entities}]>").encode())


def external_entity(target_uri: str) -> bytes:
    doctype = f'<!DOCTYPE w:document [<!ENTITY leak SYSTEM "{target_uri}">]>'
    return with_document(body_xml("正文开始&leak;正文结束", doctype).encode())


# ---- zip bombs: written by hand, since zipfile would have to deflate every byte ----------


def _zeros_stream(size_mib: int) -> bytes:
    """A raw deflate stream of `size_mib` MiB of zeros: one compressed MiB repeated.

    A full flush resets the compressor and ends on a byte boundary, so every further MiB
    compresses to the same bytes and the copies can simply be concatenated.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # empty last block
    return block * size_mib + final


def _zeros_crc(size_mib: int) -> int:
    crc, chunk = 0, bytes(MIB)
    for _ in range(size_mib):
        crc = zlib.crc32(chunk, crc)
    return crc


def _raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated members: (name, raw deflate data, crc, declared size)."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in members:
        encoded = name.encode()
        fields = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        central += (b"PK\x01\x02" + struct.pack("<H", 20) + fields
                    + struct.pack("<HHHII", 0, 0, 0, 0, len(out)) + encoded)
        out += b"PK\x03\x04" + fields + encoded + data
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)


def _deflated(parts: dict[str, bytes]) -> list[tuple[str, bytes, int, int]]:
    members = []
    for name, data in parts.items():
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        members.append((name, compressor.compress(data) + compressor.flush(), zlib.crc32(data),
                        len(data)))
    return members


def zip_bomb(size_mib: int = 1024) -> bytes:
    """A .docx whose document.xml honestly declares `size_mib` MiB of zeros (about 1 MB on disk
    per GiB)."""
    members = [m for m in _deflated(docx_parts()) if m[0] != "word/document.xml"]
    members.append(("word/document.xml", _zeros_stream(size_mib), _zeros_crc(size_mib),
                    size_mib * MIB))
    return _raw_zip(members)


def lying_bomb(size_mib: int = 64) -> bytes:
    """A .docx whose document.xml declares 1 KiB (with that KiB's CRC) but inflates to
    `size_mib` MiB: the directory alone cannot give it away."""
    members = [m for m in _deflated(docx_parts()) if m[0] != "word/document.xml"]
    members.append(("word/document.xml", _zeros_stream(size_mib), zlib.crc32(bytes(1024)), 1024))
    return _raw_zip(members)


# ---- other packages -------------------------------------------------------------------------


def with_member(name: str, data: bytes = b"<x/>") -> bytes:
    return package(docx_parts() | {name: data})


def zip_encrypted() -> bytes:
    """A .docx whose zip entries claim traditional zip encryption (flag bit 0)."""
    data = bytearray(good_docx())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            data[at + flag_at] |= 0x01
            start = at + 4
    return bytes(data)


VBA_MARKER = b"Sub AutoOpen() Shell \"calc.exe\" End Sub 'hostile-vba-marker"


def docm(paragraphs: list[str] = PLAN) -> bytes:
    """A macro-enabled document as Word saves it: the document part relabelled, a VBA project
    (here a stand-in blob with an AutoOpen macro's text) and its vbaData part."""
    parts = docx_parts(paragraphs)
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(MAIN_TYPE, "application/vnd.ms-word.document.macroEnabled.main+xml")
    types = types.replace("</Types>", (
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/word/vbaData.xml" ContentType="application/vnd.ms-word.vbaData+xml"/>'
        "</Types>"))
    rels = parts["word/_rels/document.xml.rels"].decode().replace("</Relationships>", (
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/></Relationships>'))
    return package(parts | {
        "[Content_Types].xml": types.encode(),
        "word/_rels/document.xml.rels": rels.encode(),
        "word/vbaProject.bin": CFB_SIGNATURE + bytes(504) + VBA_MARKER,
        "word/_rels/vbaProject.bin.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            b'schemas.microsoft.com/office/2006/relationships/wordVbaData" Target="vbaData.xml"/>'
            b"</Relationships>"),
        "word/vbaData.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><wne:vbaSuppData xmlns:wne="http://schemas.'
            b'microsoft.com/office/word/2006/wordml"><wne:mcds/></wne:vbaSuppData>'),
    })


# ---- compound files (OLE2) ------------------------------------------------------------------

CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, color: int, left: int, right: int, child: int,
               start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, color, left,
                                                    right, child)
            + bytes(36) + struct.pack("<IQ", start, size))


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """A version 3 compound file (512-byte sectors) holding up to three streams in the root
    storage. Each stream is padded to 4096 bytes so it lives in ordinary sectors and no mini
    stream is needed."""
    sector = 512
    bodies = [data.ljust(4096, b"\0") for _, data in streams]
    fat = [_FAT, _END]  # sector 0: this FAT, sector 1: the directory
    starts = []
    for body in bodies:
        starts.append(len(fat))
        count = len(body) // sector
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))
    # Siblings form a red-black tree ordered by name length, then name: a black root with
    # red children on either side is a valid one.
    order = sorted(range(len(streams)), key=lambda i: (len(streams[i][0]), streams[i][0].upper()))
    top = order[len(order) // 2]
    entries = [_dir_entry("Root Entry", 5, 1, _NONE, _NONE, top + 1, _END, 0)]
    for i, (name, _) in enumerate(streams):
        left = right = _NONE
        if i == top:
            below, above = order[: order.index(top)], order[order.index(top) + 1:]
            left = below[-1] + 1 if below else _NONE
            right = above[0] + 1 if above else _NONE
        entries.append(_dir_entry(name, 2, 1 if i == top else 0, left, right, _NONE, starts[i],
                                  len(bodies[i])))
    entries += [_dir_entry("", 0, 0, _NONE, _NONE, _NONE, 0, 0)] * (4 - len(entries))
    header = (CFB_SIGNATURE + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108)
    fat_sector = struct.pack(f"<{len(fat)}I", *fat)
    return header + fat_sector + b"".join(entries) + b"".join(bodies)


def encrypted_docx() -> bytes:
    """A password-protected .docx as Word stores it: a compound file with EncryptionInfo and
    EncryptedPackage streams (the contents are stand-ins; the container is what tells)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    return compound_file([("EncryptionInfo", info), ("EncryptedPackage", bytes(64))])


def legacy_spreadsheet() -> bytes:
    """An old .xls: a compound file whose main stream is a Workbook."""
    return compound_file([("Workbook", b"\x09\x08\x10\x00")])


# ---- PDFs -----------------------------------------------------------------------------------


def pages_pdf(count: int) -> bytes:
    return text_pdf([[(72, 100, f"Rectification item {n}: owner Zhang, due 2023-12-31.")]
                     for n in range(1, count + 1)])


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pages_pdf(1))))
    writer.encrypt("secret", "owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf() -> bytes:
    return image_only_pdf()


def _one_page_pdf(content: bytes, filter_name: bytes = b"/FlateDecode") -> bytes:
    """A one-page PDF (Courier as /F1) whose content stream is `content`, already encoded."""
    return _serialize([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(content), filter_name) + content
        + b"\nendstream",
    ])


def stream_bomb_pdf(size_mib: int = 4096) -> bytes:
    """A PDF whose page content is a FlateDecode stream of `size_mib` MiB of zeros (NUL is
    whitespace to a PDF parser), about 1 MB on disk per GiB. The page tree, the file size
    and the trailer are all ordinary: only inflating the stream gives it away."""
    # zlib framing around the raw deflate stream; the Adler-32 of n zeros is (n mod 65521,
    # 1), so the stream is valid without summing gigabytes.
    size = size_mib * MIB
    adler = ((size % 65521) << 16) | 1
    return _one_page_pdf(b"\x78\xda" + _zeros_stream(size_mib) + struct.pack(">I", adler))


def slow_pdf(operations: int = 2_000_000) -> bytes:
    """A PDF of a few KB whose one page takes about a minute to interpret: a line of text,
    then `operations` save/restore pairs ("q Q"), each a Python-level step in pdfminer that
    leaves nothing behind, so only time grows."""
    return _one_page_pdf(zlib.compress(b"BT /F1 12 Tf 72 700 Td (Draft) Tj ET\n" + b"q Q " * operations, 9))


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)
TEXT_DRAFT = "\n".join(PLAN).encode("utf-8")

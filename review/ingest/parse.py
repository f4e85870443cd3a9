"""Read a draft of any supported format into a Document.

The file's first bytes decide what it really is; a file whose content does not match
its extension is reported rather than guessed at, so the unit learns to send what it meant.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from review.ingest import convert, docx, pdf, txt
from review.model import Document, UnreadableError

SUPPORTED = (".docx", ".pdf", ".txt", ".doc", ".wps")

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .doc/.wps, or an encrypted .docx
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


@dataclass
class Parsed:
    document: Document
    # The Word file the annotated copy starts from: the original .docx, or the converted
    # .doc/.wps. None for PDF and text, whose annotated file is rebuilt from the blocks.
    docx_bytes: bytes | None


def sniff(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(_CFB):
        return "cfb"
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    return "other"


_KIND_NAMES = {"zip": "Word（.docx）或其他压缩格式", "cfb": "旧版 Word/WPS（.doc/.wps）",
               "pdf": "PDF", "rtf": "RTF"}


def _mismatch(path: Path, kind: str) -> UnreadableError:
    return UnreadableError(
        f"文件扩展名为 {path.suffix}，但内容实际是{_KIND_NAMES[kind]}文件。"
        "请核对后按实际格式另存，以正确的扩展名重新报送。"
    )


def parse(path: Path) -> Parsed:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableError(
            f"不支持的文件格式（{path.suffix or '无扩展名'}）。"
            "请报送 Word（.docx/.doc）、WPS（.wps）、PDF 或文本（.txt）格式的材料。"
        )
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableError("文件为空（没有任何内容），请重新报送。")
    kind = sniff(data[:2048])
    if suffix == ".docx":
        if kind == "cfb":
            if _ENCRYPTION_INFO in data:
                raise UnreadableError(
                    "Word 文件设置了打开密码（已加密），无法读取。请取消密码后重新报送。"
                )
            raise _mismatch(path, kind)
        if kind in ("pdf", "rtf"):
            raise _mismatch(path, kind)
        document, _ = docx.read_tree(docx.open_docx(io.BytesIO(data)))
        return Parsed(document, data)
    if suffix == ".pdf":
        if kind in ("zip", "cfb", "rtf"):
            raise _mismatch(path, kind)
        return Parsed(pdf.parse(path), None)
    if suffix == ".txt":
        if kind in ("zip", "cfb", "pdf"):
            raise _mismatch(path, kind)
        return Parsed(txt.parse(path), None)
    # .doc / .wps
    if kind == "pdf":
        raise _mismatch(path, kind)
    if kind == "cfb" and _ENCRYPTION_INFO in data:
        raise UnreadableError("文件设置了打开密码（已加密），无法读取。请取消密码后重新报送。")
    converted = convert.to_docx(path)
    document, _ = docx.read_tree(docx.open_docx(io.BytesIO(converted)))
    return Parsed(document, converted)

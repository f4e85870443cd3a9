"""Read a draft of any supported format into a Document.

The file is read once, within the size limit, and its bytes decide which reader gets it.
Word's own formats stand in for each other (Word and WPS open a .doc renamed .docx without
a murmur, so the unit never learns it is wrong), so they are read by content. Across
families — a Word file named .pdf, a photo named .docx — the file is reported as what it
really is rather than guessed at, so the unit learns to send what it meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from review.ingest import convert, docx, pdf, sniff, txt
from review.ingest.limits import LIMITS, Limits, megabytes
from review.model import Document, UnreadableError

SUPPORTED = (".docx", ".docm", ".pdf", ".txt", ".doc", ".wps")
_OOXML = (".docx", ".docm")
_WORD = (*_OOXML, ".doc", ".wps")

_READ_CHUNK = 1 << 20
_BLANK = "文件中没有任何内容（只有空格或空行）。请检查后重新报送。"
_ENCRYPTED = "Word 文件设置了打开密码（已加密），无法读取。请在 Word 或 WPS 中取消密码后重新报送。"


@dataclass
class Parsed:
    document: Document
    # The Word file the annotated copy starts from: the original .docx (without any macro
    # parts), or the converted .doc/.wps. None for PDF and text, whose annotated file is
    # rebuilt from the blocks.
    docx_bytes: bytes | None


def parse(path: Path, limits: Limits = LIMITS) -> Parsed:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableError(
            f"不支持的文件格式（{path.suffix or '无扩展名'}）。"
            "请报送 Word（.docx/.doc）、WPS（.wps）、PDF 或文本（.txt）格式的材料。"
        )
    data = _read(path, limits)
    found = sniff.kind(data)
    if suffix in _WORD:
        return _word(suffix, data, found, limits)
    if suffix == ".pdf":
        if found != "pdf":
            _refuse_disguised(suffix, data, found)
        return Parsed(pdf.parse_data(data, limits), None)
    return Parsed(txt.parse_text(txt.decode(data)), None)  # txt names disguised formats itself


def _read(path: Path, limits: Limits) -> bytes:
    # One read, never held open or written. The size is checked before reading and again
    # while reading, since a file still being copied in can grow past what stat said.
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise UnreadableError(_too_large(size, limits))
        chunks, total = [], 0
        with path.open("rb") as fh:
            while chunk := fh.read(_READ_CHUNK):
                total += len(chunk)
                if total > limits.max_file_bytes:
                    raise UnreadableError(_too_large(total, limits))
                chunks.append(chunk)
    except OSError as exc:
        raise UnreadableError(f"文件无法打开（{exc.strerror or exc}），请检查后重新报送。") from exc
    data = b"".join(chunks)
    if not data:
        raise UnreadableError(sniff.EMPTY)
    if not data.strip():
        raise UnreadableError(_BLANK)
    return data


def _too_large(size: int, limits: Limits) -> str:
    return (
        f"文件大小为 {megabytes(size)}，超过单份材料 {megabytes(limits.max_file_bytes)} 的上限，未读取。"
        "请压缩文中图片（Word：文件→压缩图片）、删去不必要的附件后重新报送。"
    )


def _refuse_disguised(suffix: str, data: bytes, found: str) -> None:
    """Refuse a file whose content is another known format, or plain text."""
    if found != "other":
        raise _mismatch(suffix, sniff.describe(found, data))
    if _is_text(data):
        raise _mismatch(suffix, sniff.describe("text", data))


def _mismatch(suffix: str, actual: str) -> UnreadableError:
    return UnreadableError(
        f"文件扩展名为 {suffix}，但内容实际是{actual}。请核对后按实际格式另存，以正确的扩展名重新报送。"
    )


def _is_text(data: bytes) -> bool:
    try:
        txt.decode(data)
    except UnreadableError:
        return False
    return True


def _word(suffix: str, data: bytes, found: str, limits: Limits) -> Parsed:
    if found == "zip":
        return _from_docx(data, limits)
    if found == "cfb":
        return _legacy(suffix, data, limits)
    if found == "rtf" or (found == "other" and suffix not in _OOXML):
        # LibreOffice reads RTF, and the HTML or text that old systems export as ".doc".
        return _converted(data, ".rtf" if found == "rtf" else suffix, suffix, limits)
    _refuse_disguised(suffix, data, found)
    return _from_docx(data, limits)  # neither another format nor text: a damaged package


def _from_docx(data: bytes, limits: Limits) -> Parsed:
    word, clean = docx.load(data, limits)
    document, _ = docx.read_tree(word)
    return Parsed(document, clean)


def _legacy(suffix: str, data: bytes, limits: Limits) -> Parsed:
    """A compound file: an encrypted Word/Excel file, or a .doc/.wps (possibly renamed)."""
    if sniff.is_encrypted_office(data):
        raise UnreadableError(_ENCRYPTED)
    actual = sniff.describe("cfb", data)
    if actual != sniff.LEGACY_WORD:
        raise _mismatch(suffix, actual)
    if suffix in _OOXML:
        try:
            return _converted(data, ".doc", ".doc", limits)
        except UnreadableError as exc:
            raise UnreadableError(f"文件扩展名为 {suffix}，但内容实际是{actual}。{exc}") from exc
    return _converted(data, suffix, suffix, limits)


def _converted(data: bytes, read_as: str, shown_as: str, limits: Limits) -> Parsed:
    return _from_docx(convert.to_docx(data, read_as, shown_as), limits)

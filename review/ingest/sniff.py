"""What a file really is, judged by its bytes rather than its name.

Units rename files (a .doc saved as .docx, a Word draft renamed .pdf, a phone photo sent as
.pdf), so the reader is chosen by content and a mismatch is reported in words the unit
understands: what the file actually is.
"""

from __future__ import annotations

import io
import zipfile

CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: .doc/.wps/.xls/.ppt, encrypted OOXML

_MAGIC = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty archive
    (CFB, "cfb"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
)
# Stream names in a compound file's directory are UTF-16; each names the application.
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_CFB_STREAMS = (
    ("Workbook".encode("utf-16-le"), "旧版 Excel 表格（.xls）"),
    ("PowerPoint Document".encode("utf-16-le"), "旧版 PowerPoint 演示文稿（.ppt）"),
)
# Folder or file inside a zip that names the format.
_ZIP_MEMBERS = (
    ("word/", "Word 文档（.docx）"),
    ("xl/", "Excel 表格（.xlsx）"),
    ("ppt/", "PowerPoint 演示文稿（.pptx）"),
    ("OFD.xml", "OFD 版式文件（.ofd）"),
    ("content.xml", "OpenDocument 文档（.odt 等）"),
)
_NAMES = {
    "pdf": "PDF 文件",
    "rtf": "RTF 文档（.rtf）",
    "png": "图片（PNG）",
    "jpeg": "图片（JPEG）",
    "text": "纯文本文件（.txt）",
}
LEGACY_WORD = "旧版 Word/WPS 文档（.doc/.wps）"
# Shared by every reader: a 0-byte file is the same mistake whatever its name.
EMPTY = "文件为空（0 字节），可能是拷贝或发送时中断。请重新报送。"


def kind(data: bytes) -> str:
    """zip, cfb, rtf, png, jpeg, pdf or other."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    # PDF readers accept a little junk before the header, so a PDF may not start with it.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return "other"


def is_encrypted_office(data: bytes) -> bool:
    """A password-protected .docx/.xlsx is a compound file holding an EncryptionInfo stream."""
    return data.startswith(CFB) and _ENCRYPTION_INFO in data


def describe(found: str, data: bytes) -> str:
    """The kind of file in words for a message: "Excel 表格（.xlsx）", "图片（JPEG）"."""
    if found == "zip":
        return _describe_zip(data)
    if found == "cfb":
        return next((name for stream, name in _CFB_STREAMS if stream in data), LEGACY_WORD)
    return _NAMES[found]


def _describe_zip(data: bytes) -> str:
    try:
        # Only the central directory is read: nothing is inflated.
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "Word 文档（.docx）或其他压缩包"
    for member, name in _ZIP_MEMBERS:
        if any(n == member or n.startswith(member) for n in names):
            return name
    return "压缩包（.zip）"

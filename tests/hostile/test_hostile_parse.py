"""Each hostile draft alone through `parse`: refused (or read safely) with a Chinese message
that says what is wrong and what to do — decided without expanding anything."""

from __future__ import annotations

import hashlib
import io
import shutil
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import docx
import pytest
from pdf_factory import soffice_convert

from hostile import files
from review.ingest import convert
from review.ingest.limits import LIMITS, MB, Limits
from review.ingest.package import WML_MAIN
from review.ingest.parse import parse
from review.model import UnreadableError
from review.write.annotate import Note, annotate

HAS_SOFFICE = shutil.which("soffice") is not None


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def refused(path: Path, limits: Limits = LIMITS) -> str:
    with pytest.raises(UnreadableError) as caught:
        parse(path, limits)
    return str(caught.value)


# (file name, builder, words the message must hold)
REFUSED = {
    "zip bomb": ("炸弹.docx", files.zip_bomb, ["解压后共 1024", "200 MB 的上限"]),
    "ratio bomb": ("压缩比.docx", lambda: files.zip_bomb(50), ["压缩比异常", "上限 500:1"]),
    "lying sizes": ("谎报.docx", files.lying_bomb, ["比压缩包记录的大小更大"]),
    "billion laughs": ("实体.docx", files.billion_laughs, ["DOCTYPE", "特制"]),
    "encrypted docx": ("加密.docx", files.encrypted_docx, ["打开密码", "取消密码"]),
    "encrypted pdf": ("加密.pdf", files.encrypted_pdf, ["打开密码", "已加密"]),
    "zip password": ("压缩密码.docx", files.zip_encrypted, ["压缩包设置了密码"]),
    "scan": ("扫描件.pdf", files.scanned_pdf, ["没有文字层", "扫描件"]),
    "empty": ("空.docx", lambda: b"", ["文件为空（0 字节）"]),
    "docx named pdf": ("改名.pdf", files.good_docx, ["扩展名为 .pdf", "实际是Word 文档（.docx）"]),
    "text named docx": ("文本.docx", lambda: files.TEXT_DRAFT, ["实际是纯文本文件（.txt）"]),
    "text named pdf": ("文本.pdf", lambda: files.TEXT_DRAFT, ["实际是纯文本文件（.txt）"]),
    "photo named pdf": ("照片.pdf", lambda: files.JPEG, ["实际是图片（JPEG）"]),
    "xls named docx": ("表格.docx", files.legacy_spreadsheet, ["实际是旧版 Excel 表格（.xls）"]),
    "301 pages": ("汇编.pdf", lambda: files.pages_pdf(301), ["共 301 页", "300 页的上限", "拆分"]),
    "truncated docx": ("截断.docx", lambda: files.truncated(files.good_docx()), ["已损坏"]),
    "truncated pdf": ("截断.pdf", lambda: files.truncated(files.pages_pdf(2)), ["不完整"]),
    # Found by review bench fuzz: python-docx opens these, and the reader then failed with an
    # AttributeError that only the pipeline's last-resort net caught.
    "main part in another namespace": (
        "命名空间.docx",
        lambda: files.with_document(files.body_xml("正文").replace(
            "wordprocessingml/2006/main", "example/other").encode()),
        ["word/document.xml", "结构异常", "另存为 .docx"]),
    # Also found by the campaign: UTF-8 XML declared ISO-8859-1 was read as mojibake.
    "main part in a foreign encoding": (
        "编码.docx",
        lambda: files.with_document(files.body_xml("正文").replace(
            'encoding="UTF-8"', "encoding='ISO-8859-1'").encode()),
        ["word/document.xml", "“ISO-8859-1”", "乱码", "另存为 .docx"]),
    "main part without a body": (
        "无正文.docx",
        lambda: files.with_document(f'<?xml version="1.0"?><w:document {files.WML}/>'.encode()),
        ["word/document.xml", "结构异常"]),
}


@pytest.mark.parametrize("case", REFUSED)
def test_hostile_file_is_refused_saying_what_to_do(tmp_path, case):
    name, build, words = REFUSED[case]
    data = build()
    path = write(tmp_path, name, data)
    message = refused(path)
    for word in words:
        assert word in message, (case, message)
    assert "请" in message and "报送" in message, message
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest()


@pytest.mark.parametrize("build", [files.zip_bomb, files.lying_bomb])
def test_bombs_are_refused_without_inflating_them(tmp_path, build):
    path = write(tmp_path, "炸弹.docx", build())
    tracemalloc.start()
    try:
        refused(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * MB  # the file is ~1 MB; its document part would be 1 GB / 64 MB


def test_external_entity_is_refused_and_never_resolved(tmp_path):
    secret = "机密-7f3a-不得外泄"
    target = write(tmp_path, "secret.txt", secret.encode())
    data = files.external_entity(target.as_uri())
    assert "DOCTYPE" in refused(write(tmp_path, "外部实体.docx", data))
    # Even without the pre-flight, python-docx leaves the entity unresolved.
    opened = docx.Document(io.BytesIO(data))
    assert all(secret not in p.text for p in opened.paragraphs)


def _styles_with_doctype(encoding: str) -> bytes:
    styles = files.docx_parts()["word/styles.xml"].decode()
    body = styles.split("?>", 1)[1]
    declared = f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE w:styles SYSTEM "x.dtd">'
    return (declared + body).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_doctype_in_any_xml_part_and_encoding_is_refused(tmp_path, encoding):
    data = files.package(files.docx_parts() | {"word/styles.xml": _styles_with_doctype(encoding)})
    assert "word/styles.xml" in refused(write(tmp_path, "样式.docx", data))


def test_doctype_in_relationships_is_refused(tmp_path):
    rels = files.docx_parts()["_rels/.rels"].replace(b"?>", b"?><!DOCTYPE Relationships>", 1)
    data = files.package(files.docx_parts() | {"_rels/.rels": rels})
    assert "_rels/.rels" in refused(write(tmp_path, "关系.docx", data))


def test_a_picture_with_a_doctype_is_not_parsed_and_not_refused(tmp_path):
    # SVG exported by drawing programs often carries a DOCTYPE; python-docx never parses it.
    parts = files.docx_parts()
    types = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="svg" ContentType="image/svg+xml"/></Types>')
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    data = files.package(parts | {"[Content_Types].xml": types, "word/media/image1.svg": svg})
    assert parse(write(tmp_path, "图.docx", data)).document.text.startswith(files.PLAN[0])


@pytest.mark.parametrize(
    "member",
    ["../../evil.xml", "/etc/evil.xml", "word\\..\\evil.xml", "C:/evil.xml", "word/\x01.xml",
     "word/../../evil.xml"],
)
def test_members_with_unsafe_names_are_refused(tmp_path, member):
    message = refused(write(tmp_path, "路径.docx", files.with_member(member)))
    assert "异常的路径" in message and "请" in message


def test_duplicate_members_are_refused(tmp_path):
    parts = files.docx_parts()
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as z:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is told to write
        for name, data in parts.items():
            z.writestr(name, data)
        z.writestr("WORD/document.xml", files.body_xml("另一份正文"))
    assert "重名" in refused(write(tmp_path, "重名.docx", buffer.getvalue()))


def test_unusual_compression_is_refused(tmp_path):
    data = files.package(files.docx_parts(), zipfile.ZIP_BZIP2)
    assert "压缩方式" in refused(write(tmp_path, "压缩.docx", data))


def test_limits_are_settings_and_messages_give_both_figures(tmp_path):
    path = write(tmp_path, "方案.docx", files.good_docx())
    message = refused(path, Limits(max_file_bytes=4 * 1024))
    assert "文件大小为" in message and "超过单份材料 4 KB 的上限" in message
    assert "超过 5 个的上限" in refused(path, Limits(max_zip_entries=5))
    assert "超过 16 KB 的上限" in refused(path, Limits(max_unzipped_bytes=16 * 1024))


def test_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "巨大.docx"
    with path.open("wb") as fh:  # sparse: no disk used
        fh.truncate(101 * MB)
    message = refused(path)
    assert "文件大小为 101 MB" in message and "100 MB 的上限" in message


def test_page_limit_is_inclusive(tmp_path):
    limits = Limits(max_pdf_pages=3)
    at_limit = parse(write(tmp_path, "三页.pdf", files.pages_pdf(3)), limits).document
    assert at_limit.pages == 3 and "item 3" in at_limit.text
    message = refused(write(tmp_path, "四页.pdf", files.pages_pdf(4)), limits)
    assert "共 4 页，超过单份材料 3 页的上限" in message


def _member_names_and_bytes(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_docm_is_read_and_handed_on_without_its_macros(tmp_path):
    parsed = parse(write(tmp_path, "宏.docm", files.docm()))
    assert parsed.document.text == "\n".join(files.PLAN)
    members = _member_names_and_bytes(parsed.docx_bytes)
    assert not [name for name in members if "vba" in name.lower()]
    assert all(files.VBA_MARKER not in body for body in members.values())
    types = members["[Content_Types].xml"].decode().lower()
    assert "vbaproject" not in types and "macroenabled" not in types
    assert WML_MAIN in types
    assert b"vbaProject" not in members["word/_rels/document.xml.rels"]
    # The annotated copy is a plain .docx that python-docx (and so Word) accepts.
    annotated = annotate(parsed.document, parsed.docx_bytes, [Note(0, 4, "批注")], author="县委")
    assert not [name for name in _member_names_and_bytes(annotated) if "vba" in name.lower()]
    assert docx.Document(io.BytesIO(annotated)).paragraphs[0].text == files.PLAN[0]


def test_ordinary_docx_is_handed_on_byte_for_byte(tmp_path):
    data = files.good_docx()
    assert parse(write(tmp_path, "方案.docx", data)).docx_bytes == data


def test_docx_named_doc_is_read_directly_not_by_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    parsed = parse(write(tmp_path, "方案.doc", files.good_docx()))
    assert parsed.document.text.startswith(files.PLAN[0])


def test_renamed_legacy_doc_without_libreoffice_says_what_it_is(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    message = refused(write(tmp_path, "旧版.docx", files.compound_file([("WordDocument", b"")])))
    assert "实际是旧版 Word/WPS 文档" in message and "LibreOffice" in message


@pytest.mark.soffice
@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice（soffice）未安装")
def test_renamed_legacy_doc_is_converted(tmp_path):
    source = write(tmp_path, "源.docx", files.good_docx())
    (legacy,) = soffice_convert([source], "doc", tmp_path)
    renamed = write(tmp_path, "旧版改名.docx", legacy.read_bytes())
    parsed = parse(renamed)
    assert parsed.document.text.startswith(files.PLAN[0])
    assert parsed.docx_bytes.startswith(b"PK")


@pytest.mark.soffice
@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice（soffice）未安装")
def test_rtf_named_docx_is_converted(tmp_path):
    rtf = b"{\\rtf1\\ansi{\\fonttbl{\\f0 Times;}}\\f0 Rectification plan, round two.\\par}"
    assert parse(write(tmp_path, "富文本.docx", rtf)).document.text == "Rectification plan, round two."

"""A Word package (.docx/.docm zip) checked before python-docx reads any of it, and the
macro-free copy the annotated file starts from.

python-docx inflates every part it loads into memory and parses it, so whatever could make
that dangerous is settled first. The zip's central directory costs nothing to read and
gives the declared sizes, entry count and names; then every entry is inflated once, a chunk
at a time and never further than it declares, because the declaration alone proves nothing:
zipfile trims what it returns to the declared size, but when python-docx reads a whole part
it inflates everything in one call first.

Word and WPS never write a DOCTYPE into a package part. python-docx's parser already leaves
entities unresolved, but a part with one is then read with text silently missing (or not at
all), so such a file is refused with a message that says why: it is crafted, not damaged.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from review.ingest import sniff
from review.ingest.limits import Limits, megabytes
from review.model import UnreadableError

_RESAVE = "请用 Word 或 WPS 打开后另存为 .docx 重新报送。"
_CRAFTED = "可能是特制的文件，已拒绝读取。" + _RESAVE + "如单位确认文件无误，请交技术人员核查。"
DAMAGED_ZIP = (
    "Word 文件已损坏（不是完整的 .docx 压缩包），无法打开。请重新导出或另存为 .docx 后报送。"
)
# Everything zipfile raises for a malformed archive or entry.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, NotImplementedError)

_CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WML_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Main parts python-docx refuses to open although their XML is an ordinary document's.
_OTHER_MAINS = {
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}
# VBA projects and their signatures, and the key bindings/toolbars that call macros.
_MACRO_TYPES = (
    "application/vnd.ms-office.vbaproject",
    "application/vnd.ms-word.vbadata+xml",
    "application/vnd.ms-word.keymapcustomizations+xml",
    "application/vnd.ms-word.attachedtoolbars",
)
_CHUNK = 1 << 16
# OPC (ECMA-376 Part 2, M1.17) allows only UTF-8 and UTF-16 in a package's XML; a part
# declaring another encoding is decoded by it, and UTF-8 text declared ISO-8859-1 reads as
# mojibake that would then be reviewed (found by review bench fuzz). UTF-16 parts start
# with a byte-order mark or NUL bytes, which this ASCII pattern leaves alone.
_DECLARED_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1""")
_PACKAGE_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be"}
# Parts are parsed with entities left alone, no DTD and no network, whatever they declare.
_SAFE = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def check(data: bytes, limits: Limits) -> None:
    """Raise UnreadableError unless `data` is a Word package python-docx may safely open."""
    with _open(data) as z:
        infos = z.infolist()
        _check_entries(infos, limits)
        for info in infos:
            _check_stream(data, info)
        if "word/document.xml" not in {info.filename for info in infos}:
            raise UnreadableError(_no_body(data))
        types = _ContentTypes.read(z)
        for info in infos:
            if not _parsed_as_xml(info.filename, types):
                continue
            if _declares_doctype(z, info):
                raise UnreadableError(
                    f"Word 文件的内部 XML（{info.filename}）含有文档类型声明（DOCTYPE/实体定义），"
                    "Word 和 WPS 保存的文件从不包含这种内容，" + _CRAFTED
                )
            encoding = _foreign_encoding(z, info)
            if encoding is not None:
                raise UnreadableError(
                    f"Word 文件的内部 XML（{info.filename}）声明的字符编码为“{encoding}”，"
                    "Word 和 WPS 只使用 UTF-8 或 UTF-16，按它读取只会得到乱码，" + _CRAFTED
                )


def _no_body(data: bytes) -> str:
    actual = sniff.describe("zip", data)
    if actual.startswith("Word"):
        return "Word 文件不完整（其中没有 Word 正文），无法读取。" + _RESAVE
    return f"文件中没有 Word 正文：内容实际是{actual}（可能改了扩展名）。" + _RESAVE


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise UnreadableError(DAMAGED_ZIP) from exc


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_zip_entries:
        raise UnreadableError(
            f"Word 文件内含 {len(infos)} 个部件，超过 {limits.max_zip_entries} 个的上限，" + _CRAFTED
        )
    unsafe = next((info.filename for info in infos if not _safe_member(info.filename)), None)
    if unsafe is not None:
        raise UnreadableError(f"Word 文件内部含有异常的路径（{unsafe!r}），" + _CRAFTED)
    if _has_duplicates(infos):
        raise UnreadableError("Word 文件内部含有重名的部件，" + _CRAFTED)
    if any(info.flag_bits & 0x1 for info in infos):
        raise UnreadableError(
            "Word 文件的压缩包设置了密码，无法读取。请取消密码，用 Word 或 WPS 另存为 .docx 后重新报送。"
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped_bytes:
        raise UnreadableError(
            f"Word 文件解压后共 {megabytes(total)}，超过 {megabytes(limits.max_unzipped_bytes)} 的上限"
            "（压缩炸弹或异常大的文件），未读取。请压缩文中图片（文件→压缩图片）后另存为 .docx 重新报送。"
        )
    for info in infos:
        if info.file_size >= limits.ratio_checked_from_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise UnreadableError(
                    f"Word 文件中的部件 {info.filename} 压缩比异常（约 {ratio:.0f}:1，上限 "
                    f"{limits.max_compression_ratio}:1），是压缩炸弹的特征，" + _CRAFTED
                )


def _check_stream(data: bytes, info: zipfile.ZipInfo) -> None:
    """Inflate the entry, a chunk at a time, to prove it holds what the directory declares.

    zipfile stops *returning* data at the declared size, but python-docx reads whole parts,
    and for that zipfile inflates all it is given in one call: an entry declaring 1 KB
    could still fill gigabytes first. So the stream itself must end at the declared size.
    """
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # Word and WPS only store or deflate; other methods are inflated without any bound.
        raise UnreadableError(
            f"Word 文件中的部件 {info.filename} 使用了 Word 不会使用的压缩方式，" + _CRAFTED
        )
    raw = _raw_member(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        size, crc = len(raw), zlib.crc32(raw)
    else:
        size, crc = _inflated_size_and_crc(raw, info)
    if size != info.file_size or crc != info.CRC:
        raise UnreadableError(DAMAGED_ZIP)


def _raw_member(data: bytes, info: zipfile.ZipInfo) -> bytes:
    # The local header repeats the name and may carry its own extra field; the data follows.
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        raise UnreadableError(DAMAGED_ZIP)
    name_len = int.from_bytes(header[26:28], "little")
    extra_len = int.from_bytes(header[28:30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    raw = data[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise UnreadableError(DAMAGED_ZIP)
    return raw


def _inflated_size_and_crc(raw: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = crc = 0
    pending = raw
    try:
        while not inflater.eof:
            # Never more than one chunk past the declared size, whatever the stream holds.
            chunk = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                break  # the input ran out before the stream ended: a truncated entry
            size += len(chunk)
            if size > info.file_size:
                raise UnreadableError(
                    f"Word 文件中的部件 {info.filename} 解压后比压缩包记录的大小更大（压缩炸弹的特征），"
                    + _CRAFTED
                )
            crc = zlib.crc32(chunk, crc)
    except zlib.error as exc:
        raise UnreadableError(DAMAGED_ZIP) from exc
    return size, crc


def _safe_member(name: str) -> bool:
    # python-docx never writes these out, but a name that climbs out of the package or
    # names a drive is never legitimate and points at a crafted file.
    if not name or name.startswith("/") or "\\" in name or ":" in name.split("/")[0]:
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        return False
    return ".." not in name.split("/")


def _has_duplicates(infos: list[zipfile.ZipInfo]) -> bool:
    # Part names are case-insensitive; two entries for one part let two readers disagree
    # about which one is the document.
    counts = Counter(info.filename.lower() for info in infos)
    return any(n > 1 for n in counts.values())


@dataclass
class _ContentTypes:
    """[Content_Types].xml: content type of each part, by part name or by extension."""

    defaults: dict[str, str]
    overrides: dict[str, str]
    root: etree._Element | None

    @classmethod
    def read(cls, z: zipfile.ZipFile) -> _ContentTypes:
        try:
            info = z.getinfo(_CONTENT_TYPES)
        except KeyError:
            return cls({}, {}, None)
        if _declares_doctype(z, info):
            raise UnreadableError(
                "Word 文件的内容类型表含有文档类型声明（DOCTYPE/实体定义），"
                "Word 和 WPS 保存的文件从不包含这种内容，" + _CRAFTED
            )
        try:
            root = etree.fromstring(z.read(info), etree.XMLParser(**_SAFE))
        except (etree.XMLSyntaxError, *ZIP_ERRORS):
            return cls({}, {}, None)  # python-docx reports the damage when it opens the file
        defaults = {
            (el.get("Extension") or "").lower(): (el.get("ContentType") or "").lower()
            for el in root.iter(f"{_CT_NS}Default")
        }
        overrides = {
            (el.get("PartName") or "").lstrip("/").lower(): (el.get("ContentType") or "").lower()
            for el in root.iter(f"{_CT_NS}Override")
        }
        return cls(defaults, overrides, root)

    def of(self, name: str) -> str | None:
        key = name.lower()
        if key in self.overrides:
            return self.overrides[key]
        return self.defaults.get(posixpath.splitext(key)[1].lstrip("."))


def _parsed_as_xml(name: str, types: _ContentTypes) -> bool:
    """Whether python-docx would parse the part: relationships, the content-type table and
    XML parts. Pictures are never parsed (an SVG may carry a DOCTYPE harmlessly)."""
    if name.endswith(".rels") or name == _CONTENT_TYPES:
        return True
    ct = types.of(name) or ""
    return ct.endswith("xml") and not ct.startswith("image/")


class _Doctype(Exception):
    pass


class _RootReached(Exception):
    pass


class _PrologTarget:
    """Parser target that stops at the DOCTYPE or at the first element, whichever comes first."""

    def doctype(self, *_):
        raise _Doctype

    def start(self, *_):
        raise _RootReached

    def close(self):
        return None


def _declares_doctype(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    # Read only up to the root element: a DOCTYPE can only come before it, and libxml2
    # finds it in every encoding it supports, which a byte search would not.
    parser = etree.XMLParser(target=_PrologTarget(), **_SAFE)
    try:
        with z.open(info) as member:
            while chunk := member.read(_CHUNK):
                parser.feed(chunk)
            parser.close()
    except _Doctype:
        return True
    except (_RootReached, etree.XMLSyntaxError):
        return False  # not XML after all: python-docx reports it if it needs the part
    except ZIP_ERRORS as exc:
        raise UnreadableError(DAMAGED_ZIP) from exc
    return False


def _foreign_encoding(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """The encoding a part declares, when it is one a package may not use."""
    try:
        with z.open(info) as member:
            head = member.read(512)
    except ZIP_ERRORS as exc:
        raise UnreadableError(DAMAGED_ZIP) from exc
    found = _DECLARED_ENCODING.match(head)
    if found is None:
        return None
    name = found.group(2).decode("ascii", "replace").strip()
    return None if name.lower() in _PACKAGE_ENCODINGS else name


def without_macros(data: bytes) -> bytes:
    """The package with its VBA project and everything tied to it removed, and a
    macro-enabled or template main part relabelled as a plain document — or `data` itself
    when there is nothing to remove. Nothing in the removed parts is read.

    python-docx refuses a macro-enabled main part, and Word refuses a .docx that still
    holds a VBA project, and the annotated copy is always a .docx."""
    with _open(data) as z:
        types = _ContentTypes.read(z)
        if types.root is None:
            return data
        dropped = {name for name in z.namelist() if (types.of(name) or "").startswith(_MACRO_TYPES)}
        relabel = any(ct in _OTHER_MAINS for ct in types.overrides.values())
        if not dropped and not relabel:
            return data
        dropped |= {_rels_of(name) for name in dropped}
        return _rewrite(z, types.root, {name.lower() for name in dropped})


def _rels_of(name: str) -> str:
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", base + ".rels")


def _rewrite(z: zipfile.ZipFile, types_root: etree._Element, dropped: set[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in z.infolist():
            name = info.filename
            if name.lower() in dropped:
                continue
            if name == _CONTENT_TYPES:
                body = _serialise(_clean_types(types_root, dropped))
            elif name.endswith(".rels"):
                body = _clean_rels(name, z.read(info), dropped)
            else:
                body = z.read(info)
            # A fresh entry: the source's flags (data descriptors, encodings) describe
            # bytes that are not the ones written here.
            target.writestr(zipfile.ZipInfo(name, info.date_time), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _clean_types(root: etree._Element, dropped: set[str]) -> etree._Element:
    # Every part a macro default (by extension) applied to has been dropped with it.
    for el in list(root.iter(f"{_CT_NS}Default")):
        if (el.get("ContentType") or "").lower().startswith(_MACRO_TYPES):
            root.remove(el)
    for el in list(root.iter(f"{_CT_NS}Override")):
        part = (el.get("PartName") or "").lstrip("/").lower()
        if part in dropped:
            root.remove(el)
        elif (el.get("ContentType") or "").lower() in _OTHER_MAINS:
            el.set("ContentType", WML_MAIN)
    return root


def _clean_rels(name: str, body: bytes, dropped: set[str]) -> bytes:
    try:
        root = etree.fromstring(body, etree.XMLParser(**_SAFE))
    except etree.XMLSyntaxError:
        return body  # python-docx reports it when it opens the package
    # A relationships file in "word/_rels/" belongs to a part in "word/", whose folder
    # relative targets start from.
    base = posixpath.dirname(posixpath.dirname(name))
    for rel in list(root.iter(f"{_REL_NS}Relationship")):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(base, target))
        if resolved.lower() in dropped:
            root.remove(rel)
    return _serialise(root)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

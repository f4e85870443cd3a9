"""Malformed-file campaign (`review bench fuzz`): the sample workspace's real drafts, damaged
in the ways files really get damaged and in the ways a crafted file is built, each sent
through the read path of a batch (`review.pipeline.read_draft`: pre-flight, parse under the
time and memory bounds, analysis).

Every case must end as a draft that was read, or as an unreadable row whose message is
Chinese and says what to do. Counted separately, because each is a defect to fix:

- `escaped`: an exception came out of read_draft (the batch would stop);
- `parser_error`: read_draft's last-resort net caught an exception from a reader (the row
  says only "文件读取时出现异常", so the reader failed to recognise the damage);
- `bad_message`: an unreadable row without a usable Chinese message.

A case is a pure function of (seed, index), so any one can be rebuilt: `case(seed, index)`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import random
import re
import shutil
import struct
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from review.data import data_path

ROUND = "第1轮"
OUTCOMES = ("read", "unreadable", "parser_error", "bad_message", "escaped")
DEFECTS = ("parser_error", "bad_message", "escaped")
# read_draft's words for an exception no reader recognised (review.pipeline).
_NET = "文件读取时出现异常"
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Cases slower than this are listed, so a pathological input is noticed before the time
# limit has to catch it in a real batch.
SLOW_S = 10.0


# ---- the sources --------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    name: str  # relative to the sample workspace
    data: bytes

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


def sources() -> list[Source]:
    """Every draft and reference text the sample workspace ships (.docx, .pdf, .txt)."""
    root = data_path("corpus", "sample_workspace")
    found = sorted(p for p in root.rglob("*") if p.is_file()
                   and p.suffix.lower() in (".docx", ".pdf", ".txt"))
    return [Source(p.relative_to(root).as_posix(), p.read_bytes()) for p in found]


# ---- mutations ----------------------------------------------------------------------------
# Each takes the source bytes and a Random, and returns the damaged bytes and a few words
# saying what was done (for the list of defects, so a case can be understood unseen).

Mutation = Callable[[bytes, random.Random], tuple[bytes, str]]


def byte_flip(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    out = bytearray(data)
    count = rng.choice((1, 1, 2, 3, 8, 16, 64, 256))
    for _ in range(count):
        out[rng.randrange(len(out))] ^= rng.randrange(1, 256)
    return bytes(out), f"{count} 个字节被改动"


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    # Transfers cut off anywhere; a cut in the last few bytes is the hardest to notice.
    cut = len(data) - rng.randrange(1, 65) if rng.random() < 0.3 else rng.randrange(1, len(data))
    cut = max(cut, 1)
    return data[:cut], f"截断到 {cut}/{len(data)} 字节"


def _local_data_span(data: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    start = info.header_offset
    name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_len + extra_len
    return begin, begin + info.compress_size


def _central_entries(data: bytes) -> list[int]:
    end = data.rfind(b"PK\x05\x06")
    if end < 0:
        return []
    count, _, offset = struct.unpack_from("<HII", data, end + 10)
    entries, at = [], offset
    for _ in range(count):
        if data[at:at + 4] != b"PK\x01\x02":
            break
        entries.append(at)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, at + 28)
        at += 46 + name_len + extra_len + comment_len
    return entries


# Byte offsets of fields in a central directory entry and a local header, with their sizes.
_CENTRAL_FIELDS = {"method": (10, 2), "crc": (16, 4), "compressed": (20, 4), "size": (24, 4),
                   "name_len": (28, 2), "extra_len": (30, 2), "offset": (42, 4)}
_LOCAL_FIELDS = {"method": (8, 2), "crc": (14, 4), "compressed": (18, 4), "size": (22, 4),
                 "name_len": (26, 2), "extra_len": (28, 2)}
_END_FIELDS = {"entries": (10, 2), "dir_size": (12, 4), "dir_offset": (16, 4)}


def _odd_value(size: int, current: int, rng: random.Random) -> int:
    top = (1 << (8 * size)) - 1
    return rng.choice([0, 1, top, top // 2, current + 1, max(current - 1, 0),
                       rng.randrange(top + 1)]) & top


def _set_field(out: bytearray, at: int, size: int, rng: random.Random) -> None:
    fmt = "<H" if size == 2 else "<I"
    struct.pack_into(fmt, out, at, _odd_value(size, struct.unpack_from(fmt, out, at)[0], rng))


def _pick_member(infos: list[zipfile.ZipInfo], rng: random.Random) -> zipfile.ZipInfo:
    # The main part half the time: it is the one every reader parses.
    main = [i for i in infos if i.filename == "word/document.xml"]
    return main[0] if main and rng.random() < 0.5 else rng.choice(infos)


def zip_entry(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Damage one entry of the .docx package: its compressed bytes, a header field, the
    end record, or the entry itself (dropped, renamed)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i) for i in infos}
    member = _pick_member(infos, rng)
    how = rng.choice(("data", "central", "local", "end", "drop", "rename", "stored_lie"))
    out = bytearray(data)
    if how == "data":
        begin, end = _local_data_span(data, member)
        for _ in range(rng.choice((1, 2, 8))):
            out[rng.randrange(begin, max(end, begin + 1))] ^= rng.randrange(1, 256)
        return bytes(out), f"压缩包条目 {member.filename} 的压缩数据被改动"
    if how == "central":
        entries = _central_entries(data)
        at = rng.choice(entries)
        name = rng.choice(sorted(_CENTRAL_FIELDS))
        offset, size = _CENTRAL_FIELDS[name]
        _set_field(out, at + offset, size, rng)
        return bytes(out), f"中央目录中一个条目的 {name} 字段被改动"
    if how == "local":
        name = rng.choice(sorted(_LOCAL_FIELDS))
        offset, size = _LOCAL_FIELDS[name]
        _set_field(out, member.header_offset + offset, size, rng)
        return bytes(out), f"条目 {member.filename} 本地头的 {name} 字段被改动"
    if how == "end":
        end = data.rfind(b"PK\x05\x06")
        name = rng.choice(sorted(_END_FIELDS))
        offset, size = _END_FIELDS[name]
        _set_field(out, end + offset, size, rng)
        return bytes(out), f"目录结束记录的 {name} 字段被改动"
    if how == "drop":
        parts.pop(member.filename)
        return _zip(parts), f"删去条目 {member.filename}"
    if how == "rename":
        parts[member.filename[:-1] + "_"] = parts.pop(member.filename)
        return _zip(parts), f"条目 {member.filename} 改名"
    # A member stored uncompressed whose declared size is smaller than its data.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for name, body in parts.items():
            z.writestr(_member(name, zipfile.ZIP_STORED), body)
    out = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(out))) as z:
        stored = next(i for i in z.infolist() if i.filename == member.filename)
    for offset in (_LOCAL_FIELDS["size"][0], _LOCAL_FIELDS["compressed"][0]):
        struct.pack_into("<I", out, stored.header_offset + offset, max(stored.file_size // 3, 1))
    return bytes(out), f"不压缩存储的条目 {member.filename} 申报的大小小于实际"


def _member(name: str, compress_type: int) -> zipfile.ZipInfo:
    # A fixed timestamp: written with the clock's, a case rebuilt from its seed and index
    # across a two-second boundary came out with other bytes.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = compress_type
    return info


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(_member(name, zipfile.ZIP_DEFLATED), body)
    return buffer.getvalue()


_ATTRIBUTE = re.compile(rb'w:(val|gridSpan|sz|ilvl|numId|w|vMerge|type|styleId)="[^"]*"')
_ODD_VALUES = (b"-1", b"0", b"999999999", b"99999999999999999999", b"abc", b"", b"1e9", b"NaN",
               b"\xe5\x8d\x81", b"restart")
_JUNK = (b"<", b">", b"&", b'"', b"]]>", b"\x00", b"\x01", b"\xff\xfe", b"<w:p>", b"</w:body>",
         b"<![CDATA[", b"<?pi?>", b"&#0;", b"&#xD800;", b"&undefined;", b"\xe4\xb8")


def document_xml(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Damage word/document.xml and repackage it properly: the zip is sound, the XML is not
    (or is sound XML saying odd things)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    xml = parts["word/document.xml"]
    how = rng.choice(("cut", "unclosed", "junk", "swap", "attribute", "attribute", "encoding",
                      "deep", "namespace", "doctype", "duplicate_body"))
    if how == "cut":
        xml = xml[:rng.randrange(1, len(xml))]
    elif how == "unclosed":
        closes = [m.start() for m in re.finditer(rb"</w:[a-zA-Z]+>", xml)]
        at = rng.choice(closes)
        xml = xml[:at] + xml[xml.index(b">", at) + 1:]
    elif how == "junk":
        for _ in range(rng.choice((1, 3, 10))):
            at = rng.randrange(len(xml))
            xml = xml[:at] + rng.choice(_JUNK) + xml[at:]
    elif how == "swap":
        a, b = sorted(rng.randrange(len(xml)) for _ in range(2))
        c = rng.randrange(b, len(xml) + 1)
        xml = xml[:a] + xml[b:c] + xml[a:b] + xml[c:]
    elif how == "attribute":
        found = list(_ATTRIBUTE.finditer(xml))
        for m in rng.sample(found, min(len(found), rng.choice((1, 5, 50)))):
            value = rng.choice(_ODD_VALUES)
            xml = xml.replace(m.group(), m.group().split(b"=")[0] + b'="' + value + b'"', 1)
    elif how == "encoding":  # python-docx writes the declaration with single quotes
        xml = re.sub(rb"""encoding=(["'])[^"']*\1""", b'encoding="' + rng.choice(
            (b"UTF-16", b"GB2312", b"EBCDIC", b"x-unknown", b"")) + b'"', xml, count=1)
    elif how == "deep":
        depth = rng.choice((300, 3000, 100_000))
        at = xml.index(b"<w:body>") + len(b"<w:body>")
        xml = xml[:at] + b"<w:p><w:r>" * depth + b"</w:r></w:p>" * depth + xml[at:]
    elif how == "namespace":
        xml = xml.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                          b"http://example.invalid/other", 1)
    elif how == "doctype":
        at = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
        xml = xml[:at] + b'<!DOCTYPE w:document [<!ENTITY a "aaaa">]>' + xml[at:]
    else:
        body = re.search(rb"<w:body>.*</w:body>", xml, re.S)
        if body:
            xml = xml[:body.end()] + body.group() + xml[body.end():]
    if xml == parts["word/document.xml"]:
        return data, how  # nothing to damage this way: `case` draws again
    parts["word/document.xml"] = xml
    return _zip(parts), f"document.xml：{how}"


_INDIRECT = re.compile(rb"(\d+) 0 R")
_LENGTH = re.compile(rb"/Length (\d+)")
_OBJ = re.compile(rb"(\d+) 0 obj")
_FILTERS = (b"/LZWDecode", b"/ASCII85Decode", b"/ASCIIHexDecode", b"/RunLengthDecode",
            b"/CCITTFaxDecode", b"/DCTDecode", b"/JBIG2Decode", b"/Crypt", b"/NoSuchFilter")


def pdf_object(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Damage the PDF's structure: references, lengths, object numbers, streams, filters,
    the cross-reference table, the trailer and the page tree."""
    how = rng.choice(("reference", "length", "object_number", "stream", "filter", "xref",
                      "trailer", "count", "endobj", "dictionary", "kids_loop", "predictor"))
    out = data

    def replace_at(match: re.Match, group: int, new: bytes) -> bytes:
        return out[:match.start(group)] + new + out[match.end(group):]

    if how == "reference":
        m = rng.choice(list(_INDIRECT.finditer(out)))
        out = replace_at(m, 1, rng.choice((b"0", b"1", b"2", b"99999", b"4294967296")))
    elif how == "length":
        m = rng.choice(list(_LENGTH.finditer(out)) or list(_INDIRECT.finditer(out)))
        out = replace_at(m, 1, rng.choice((b"0", b"1", b"-5", b"99999999999", b"7")))
    elif how == "object_number":
        m = rng.choice(list(_OBJ.finditer(out)))
        out = replace_at(m, 1, rng.choice((b"0", b"1", b"3", b"77777")))
    elif how == "stream":
        starts = [m.end() for m in re.finditer(rb"stream\r?\n", out)]
        begin = rng.choice(starts)
        end = out.find(b"endstream", begin)
        body = bytearray(out[begin:end])
        for _ in range(rng.choice((1, 4, 32))):
            if body:
                body[rng.randrange(len(body))] ^= rng.randrange(1, 256)
        out = out[:begin] + bytes(body) + out[end:]
    elif how == "filter":
        m = rng.choice(list(re.finditer(rb"/FlateDecode", out)))
        out = out[:m.start()] + rng.choice(_FILTERS) + out[m.end():]
    elif how == "xref":
        table = out.rfind(b"xref")
        digits = [i for i in range(table, len(out)) if 48 <= out[i] <= 57][:2000]
        chars = bytearray(out)
        for i in rng.sample(digits, min(len(digits), rng.choice((1, 5, 40)))):
            chars[i] = rng.randrange(48, 58)
        out = bytes(chars)
    elif how == "trailer":
        out = rng.choice((
            lambda: re.sub(rb"/Root \d+ 0 R", b"", out),
            lambda: re.sub(rb"startxref\s+\d+", b"startxref\n999999999", out),
            lambda: re.sub(rb"/Size \d+", b"/Size 1", out),
            lambda: out.replace(b"trailer", b"trailex"),
        ))()
    elif how == "count":
        out = re.sub(rb"/Count \d+", rng.choice((b"/Count 0", b"/Count -1", b"/Count 2147483647",
                                                 b"/Count 400")), out)
    elif how == "endobj":
        m = rng.choice(list(re.finditer(rb"endobj", out)))
        out = out[:m.start()] + out[m.end():]
    elif how == "dictionary":
        m = rng.choice(list(re.finditer(rb">>", out)))
        out = out[:m.start()] + rng.choice((b"", b">>>>", b"<<")) + out[m.end():]
    elif how == "kids_loop":
        # The page tree's kids point back at the tree itself.
        tree = re.search(rb"(\d+) 0 obj\s*<<[^>]*?/Type\s*/Pages", out)
        if tree:
            out = re.sub(rb"/Kids\s*\[[^\]]*\]", b"/Kids [" + tree.group(1) + b" 0 R]", out, count=1)
    else:
        out = out.replace(b"/Filter/FlateDecode", b"/Filter/FlateDecode/DecodeParms<</Predictor "
                          + rng.choice((b"2", b"12", b"15", b"99")) + b"/Columns "
                          + rng.choice((b"0", b"1", b"100000000")) + b">>", 1)
    return out, f"PDF：{how}"


def text_encoding(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Damage a text draft's encoding the ways mail gateways and editors do."""
    how = rng.choice(("invalid_utf8", "nul", "foreign_bom", "mixed", "utf16_odd", "long_line",
                      "controls"))
    at = rng.randrange(len(data))
    if how == "long_line":  # sound text, so the line's length is all that is tested
        while at < len(data) and data[at] & 0xC0 == 0x80:
            at += 1
    if how == "invalid_utf8":
        out = data[:at] + rng.choice((b"\xff", b"\x80", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88")) + data[at:]
    elif how == "nul":
        out = data[:at] + b"\x00" * rng.choice((1, 2, 100)) + data[at:]
    elif how == "foreign_bom":
        out = rng.choice((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x2b\x2f\x76")) + data
    elif how == "mixed":
        text = data.decode("utf-8", errors="replace")
        out = text[:len(text) // 2].encode("gb18030", errors="replace") + text[len(text) // 2:].encode()
    elif how == "utf16_odd":
        out = data.decode("utf-8", errors="replace").encode("utf-16")[:-1]
    elif how == "long_line":
        out = data[:at] + "长".encode() * rng.choice((10_000, 300_000)) + data[at:]
    else:
        out = bytes(b if rng.random() > 0.05 or b < 0x20 else rng.randrange(0, 32) for b in data)
    return out, f"文本：{how}"


MUTATIONS: dict[str, Mutation] = {
    "byte_flip": byte_flip, "truncate": truncate, "zip_entry": zip_entry,
    "document_xml": document_xml, "pdf_object": pdf_object, "text_encoding": text_encoding,
}
APPLIES = {
    ".docx": ("byte_flip", "truncate", "zip_entry", "document_xml"),
    ".pdf": ("byte_flip", "truncate", "pdf_object"),
    ".txt": ("byte_flip", "truncate", "text_encoding"),
}
KIND_NAMES = {"byte_flip": "随机字节改动", "truncate": "截断", "zip_entry": "压缩包条目损坏",
              "document_xml": "document.xml 损坏", "pdf_object": "PDF 对象/流损坏",
              "text_encoding": "文本编码损坏"}


@dataclass(frozen=True)
class Case:
    seed: int
    index: int
    source: str
    kind: str
    detail: str
    data: bytes = field(repr=False)


def case(seed: int, index: int, pool: list[Source] | None = None) -> Case:
    """Case `index` of the campaign `seed`: a mutation kind in turn (so every kind gets its
    share however few sources take it), a source it applies to, the damage."""
    pool = pool or sources()
    rng = random.Random(f"{seed}:{index}")
    kind = list(MUTATIONS)[index % len(MUTATIONS)]
    # The package damages need a package to damage (the sample's own broken .docx is none).
    fits = [s for s in pool if kind in APPLIES[s.suffix] and s.data
            and (kind not in ("zip_entry", "document_xml") or zipfile.is_zipfile(io.BytesIO(s.data)))]
    source = rng.choice(fits)
    # Some draws change nothing (a digit replaced by itself, a pattern the file lacks);
    # drawing again keeps every case a damaged file and the case still a function of its seed.
    for _ in range(20):
        data, detail = MUTATIONS[kind](source.data, rng)
        if data != source.data:
            break
    else:
        data, detail = byte_flip(source.data, rng)
    return Case(seed, index, source.name, kind, detail, data)


# ---- running cases ------------------------------------------------------------------------


@dataclass
class Outcome:
    index: int
    source: str
    kind: str
    detail: str
    outcome: str  # one of OUTCOMES
    seconds: float
    message: str = ""  # the row's error, or the escaped exception


def classify(result, seconds: float, c: Case) -> Outcome:
    from review.pipeline import Read

    if isinstance(result, Read):
        return Outcome(c.index, c.source, c.kind, c.detail, "read", seconds)
    message = result.review.error or ""
    if result.review.status != "unreadable" or not _CJK.search(message) or "请" not in message:
        verdict = "bad_message"
    elif message.startswith(_NET):
        verdict = "parser_error"
    else:
        verdict = "unreadable"
    return Outcome(c.index, c.source, c.kind, c.detail, verdict, seconds, message)


class Reader:
    """One process's reading set-up: the sample workspace's settings, loaded once, and the
    scratch folder the damaged files are written to (one file per case, removed after)."""

    def __init__(self, folder: Path, limits=None):
        from review.pipeline import load_settings
        from review.workspace.config import Workspace

        self.settings = load_settings(Workspace.load(data_path("corpus", "sample_workspace")))
        if limits is not None:
            self.settings.limits = limits
        self.pool = sources()
        self.folder = folder

    def run(self, seed: int, index: int) -> tuple[Outcome, Case]:
        from review.pipeline import read_draft
        from review.workspace.discover import Found

        c = case(seed, index, self.pool)
        name = f"{Path(c.source).stem}_{index}{Path(c.source).suffix}"
        path = self.folder / name
        path.write_bytes(c.data)
        found = Found(path, f"inbox/{ROUND}/{name}", Path(c.source).stem, None,
                      hashlib.sha256(c.data).hexdigest())
        start = time.perf_counter()
        try:
            result = read_draft(found, ROUND, self.settings)
        except BaseException as exc:  # noqa: BLE001 — what escapes is what the campaign is for
            if isinstance(exc, KeyboardInterrupt):
                raise
            detail = "".join(traceback.format_exception(exc)[-3:]).strip()
            outcome = Outcome(index, c.source, c.kind, c.detail, "escaped",
                              time.perf_counter() - start, detail[-600:])
        else:
            outcome = classify(result, time.perf_counter() - start, c)
        finally:
            path.unlink(missing_ok=True)
        return outcome, c


_reader: Reader | None = None


def _start_worker(folder: Path, limits) -> None:
    global _reader
    # pdfminer warns on stderr about every damaged object it recovers from; thousands of
    # lines would bury the campaign's own report.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    _reader = Reader(folder, limits)


def _run_share(seed: int, indexes: list[int]) -> list[tuple[Outcome, bytes | None]]:
    results = []
    for index in indexes:
        outcome, c = _reader.run(seed, index)
        results.append((outcome, c.data if outcome.outcome in DEFECTS else None))
    return results


@dataclass
class Campaign:
    seed: int
    cases: int
    workers: int
    seconds: float
    outcomes: list[Outcome]

    def counts(self) -> dict[str, Counter]:
        by_kind: dict[str, Counter] = {k: Counter() for k in MUTATIONS}
        for o in self.outcomes:
            by_kind[o.kind][o.outcome] += 1
        return by_kind

    @property
    def defects(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.outcome in DEFECTS]

    @property
    def slow(self) -> list[Outcome]:
        return sorted((o for o in self.outcomes if o.seconds >= SLOW_S), key=lambda o: -o.seconds)

    def as_json(self) -> dict:
        return {"seed": self.seed, "cases": self.cases, "workers": self.workers,
                "seconds": round(self.seconds, 1),
                "counts": {k: dict(v) for k, v in self.counts().items()},
                "messages": dict(Counter(_message_kind(o.message) for o in self.outcomes
                                         if o.outcome == "unreadable").most_common()),
                "defects": [asdict(o) for o in self.defects],
                "slowest": [asdict(o) for o in sorted(self.outcomes, key=lambda o: -o.seconds)[:10]],
                "python": sys.version.split()[0]}


def _message_kind(message: str) -> str:
    """A message's first clause, which names the kind of refusal."""
    return re.split(r"[，。（]", message, maxsplit=1)[0]


def _shares(cases: int, size: int) -> Iterator[list[int]]:
    for start in range(0, cases, size):
        yield list(range(start, min(start + size, cases)))


def run(cases: int, seed: int = 7, workers: int = 1, keep: Path | None = None, limits=None,
        done: Callable[[int], None] | None = None) -> Campaign:
    """Run cases 0…cases-1 of campaign `seed` on `workers` processes (1: in this process).
    `keep`: a folder the bytes of every defective case are written to. `done(n)` after each
    share of n cases."""
    start = time.perf_counter()
    outcomes: list[Outcome] = []

    def take(results: Iterable[tuple[Outcome, bytes | None]]) -> None:
        batch = list(results)
        for outcome, data in batch:
            outcomes.append(outcome)
            if keep is not None and data is not None:
                keep.mkdir(parents=True, exist_ok=True)
                name = f"{seed}-{outcome.index}-{outcome.kind}{Path(outcome.source).suffix}"
                (keep / name).write_bytes(data)
        if done:
            done(len(batch))

    folder = Path(tempfile.mkdtemp(prefix="review-fuzz-"))
    try:
        if workers <= 1:
            _start_worker(folder, limits)
            for share in _shares(cases, 25):
                take(_run_share(seed, share))
        else:
            import multiprocessing

            # Forked workers read in their main thread, so the time and memory bounds apply
            # exactly as in `review run`; where there is no fork, each worker loads for itself.
            method = "fork" if sys.platform == "linux" else "spawn"
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                     initializer=_start_worker, initargs=(folder, limits)) as pool:
                futures = [pool.submit(_run_share, seed, share) for share in _shares(cases, 25)]
                for future in futures:
                    take(future.result())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    outcomes.sort(key=lambda o: o.index)
    return Campaign(seed, cases, workers, time.perf_counter() - start, outcomes)


# ---- report -------------------------------------------------------------------------------

OUTCOME_NAMES = {"read": "读取", "unreadable": "无法读取", "parser_error": "兜底异常",
                 "bad_message": "提示不合格", "escaped": "异常逃逸"}


def table(campaign: Campaign):
    from rich.table import Table

    grid = Table(title=f"畸形文件测试：{campaign.cases:,} 份，种子 {campaign.seed}，"
                       f"{campaign.workers} 个进程，用时 {campaign.seconds:,.0f} 秒")
    grid.add_column("变异方式")
    grid.add_column("份数", justify="right")
    for name in OUTCOME_NAMES.values():
        grid.add_column(name, justify="right")
    grid.add_column("最长用时", justify="right")
    longest = {k: max((o.seconds for o in campaign.outcomes if o.kind == k), default=0.0)
               for k in MUTATIONS}
    totals: Counter = Counter()
    for kind, counts in campaign.counts().items():
        totals.update(counts)
        grid.add_row(KIND_NAMES[kind], f"{sum(counts.values()):,}",
                     *(f"{counts[o]:,}" for o in OUTCOMES), f"{longest[kind]:.1f} 秒")
    grid.add_row("合计", f"{sum(totals.values()):,}", *(f"{totals[o]:,}" for o in OUTCOMES),
                 f"{max(longest.values(), default=0.0):.1f} 秒", style="bold")
    return grid


def findings(campaign: Campaign, limit: int = 20) -> list[str]:
    """Lines naming each defect and each slow case, with what rebuilds it."""
    lines = []
    for o in campaign.defects[:limit]:
        lines.append(f"[{OUTCOME_NAMES[o.outcome]}] 第 {o.index} 份（{o.source}，{o.detail}）："
                     f"{o.message[:300]}")
    if len(campaign.defects) > limit:
        lines.append(f"……另有 {len(campaign.defects) - limit} 份，见 --json 的输出。")
    for o in campaign.slow[:limit]:
        lines.append(f"[用时 {o.seconds:.1f} 秒] 第 {o.index} 份（{o.source}，{o.detail}）")
    listed = campaign.defects[:limit] + campaign.slow[:limit]
    if listed:
        first = listed[0]
        name = f"case{Path(first.source).suffix}"
        lines.append(f"重现第 {first.index} 份（其他份改序号）：python -c \"from review.bench.fuzz "
                     f"import case; open('{name}', 'wb').write(case({campaign.seed}, "
                     f"{first.index}).data)\"")
    return lines

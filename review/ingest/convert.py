"""Legacy Word/WPS files (.doc, .wps) → .docx through LibreOffice, when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from review.model import UnreadableError

TIMEOUT_S = 180


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(path: Path) -> bytes:
    """Convert a copy of `path` and return the .docx bytes; the original is only read."""
    exe = soffice()
    if exe is None:
        raise UnreadableError(
            f"{path.suffix} 格式需要 LibreOffice 才能读取，本机未安装。"
            "请安装 LibreOffice（libreoffice-writer），或请单位另存为 .docx 后重新报送。"
        )
    with tempfile.TemporaryDirectory(prefix="review-convert-") as tmp:
        tmpdir = Path(tmp)
        # soffice decides the filter by name; an ASCII copy also avoids locale trouble
        # with Chinese file names and guarantees the inbox file is never touched.
        src = tmpdir / f"input{path.suffix.lower()}"
        shutil.copyfile(path, src)
        profile = (tmpdir / "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmpdir / "out"), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise UnreadableError(
                f"{path.suffix} 文件转换超时（超过 {TIMEOUT_S} 秒），可能已损坏。请另存为 .docx 后重新报送。"
            ) from exc
        out = tmpdir / "out" / "input.docx"
        if not out.is_file() or out.stat().st_size == 0:
            raise UnreadableError(
                f"{path.suffix} 文件无法转换为 Word 文档，可能已损坏或已加密。请另存为 .docx 后重新报送。"
            )
        return out.read_bytes()

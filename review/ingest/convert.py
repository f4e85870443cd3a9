"""Legacy Word/WPS files (.doc, .wps, RTF) → .docx through LibreOffice, when it is installed.

LibreOffice runs in a throwaway profile that is seeded so a draft can do nothing but be
converted: its macros never run, and links to other files or servers in it are never
followed (a crafted .doc could otherwise pull a local file into the converted text).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from review.model import UnreadableError

TIMEOUT_S = 180

# Written into the throwaway profile's registrymodifications.xcu: macro execution off (and
# only trusted signed macros even if it were on), no fetching of images linked from
# untrusted documents, and Writer's links to other files never updated.
_LOCKED_DOWN = (
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "2"),
)


def _profile_settings() -> str:
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in _LOCKED_DOWN
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n"
    )


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, read_as: str, shown_as: str) -> bytes:
    """Convert a draft's bytes, read as a `read_as` file (".doc", ".wps", ".rtf"), and return
    the .docx bytes. Messages call the file a `shown_as` file."""
    exe = soffice()
    if exe is None:
        raise UnreadableError(
            f"{shown_as} 格式需要 LibreOffice 才能读取，本机未安装。"
            "请安装 LibreOffice（libreoffice-writer），或请单位另存为 .docx 后重新报送。"
        )
    with tempfile.TemporaryDirectory(prefix="review-convert-") as tmp:
        tmpdir = Path(tmp)
        # soffice decides the filter by name; an ASCII name also avoids locale trouble
        # with Chinese file names, and the inbox file is never handed to it.
        src = tmpdir / f"input{read_as}"
        src.write_bytes(data)
        profile = tmpdir / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_profile_settings(), encoding="utf-8")
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmpdir / "out"), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise UnreadableError(
                f"{shown_as} 文件转换超时（超过 {TIMEOUT_S} 秒），可能已损坏。请另存为 .docx 后重新报送。"
            ) from exc
        out = tmpdir / "out" / "input.docx"
        if not out.is_file() or out.stat().st_size == 0:
            raise UnreadableError(
                f"{shown_as} 文件无法转换为 Word 文档，可能已损坏或已加密。请另存为 .docx 后重新报送。"
            )
        return out.read_bytes()

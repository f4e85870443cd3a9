"""Model objects for tests that need a reviewed batch without running one."""

from __future__ import annotations

from pathlib import Path

from review.model import Submission


def submission(unit: str, name: str, *, known: bool = True,
               doc_type: str = "implementation_plan") -> Submission:
    return Submission(
        path=Path("/ws/inbox/第1轮") / unit / name,
        rel_path=f"inbox/第1轮/{unit}/{name}",
        round="第1轮",
        unit=unit,
        unit_known=known,
        unit_category="town" if known else None,
        level="section_leadership" if known else None,
        doc_type=doc_type,
        sha256=(unit.encode().hex() * 64)[:64],
    )

"""Where each round stands: drafts received, reviewed, unreadable, waiting, and the roster
units that have sent nothing yet (催报)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from review.history.store import History
from review.model import Unit
from review.workspace.config import Workspace
from review.workspace.discover import discover


@dataclass
class RoundStatus:
    round: str
    received: int = 0
    reviewed: int = 0
    unreadable: int = 0
    pending: list[str] = field(default_factory=list)  # workspace-relative paths
    missing: list[str] = field(default_factory=list)  # roster units with no draft


def round_status(workspace: Workspace, history: History) -> list[RoundStatus]:
    out = []
    for name in workspace.rounds():
        status = RoundStatus(name)
        found = discover(workspace.root, workspace.inbox / name, workspace.units)
        sent = {f.unit.name for f in found if f.unit is not None}
        for f in found:
            status.received += 1
            state = history.status_of(name, f.rel_path, f.sha256)
            if state == "reviewed":
                status.reviewed += 1
            elif state == "unreadable":
                status.unreadable += 1
            else:
                status.pending.append(f.rel_path)
        status.missing = [u.name for u in missing_units(workspace.units, sent)]
        out.append(status)
    return out


def missing_units(roster: Iterable[Unit], sent: Iterable[str]) -> list[Unit]:
    """催报: the roster units, in roster order, with no draft among `sent` — the roster names
    drafts were matched to (discovery maps a draft's aliases and affixes onto the name), so a
    unit that wrote its alias on the file is not listed."""
    sent = set(sent)
    return [u for u in roster if u.name not in sent]

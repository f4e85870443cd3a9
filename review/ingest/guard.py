"""Time and memory bounds on reading one draft, enforced by the process that reads it.

The limits in review.ingest.limits are checked on what a file says about itself. Some harm
shows only while it is read: a PDF content stream of a few MB that inflates to gigabytes
(pdfminer inflates a stream in one `zlib.decompress`), or a page whose layout takes hours.
`bounded` runs a read under `max_parse_seconds` and `max_parse_memory_bytes` and turns
either overrun into that draft's `UnreadableError`, so the batch goes on.

How, on POSIX, in a process's main thread (a `review run` without workers, and every
worker of the local process pool, which runs its tasks in its main thread):

- Time: a one-shot ITIMER_REAL whose SIGALRM handler raises `_Expired`. Python runs
  signal handlers in the main thread between bytecodes, so a long pure-Python layout is
  stopped on time; a single C call (one huge inflate) finishes first, which is what the
  memory bound is for.
- Memory: RLIMIT_DATA lowered to what the process holds now plus the budget, and put back
  afterwards. Since Linux 4.7 it counts every private writable mapping, so malloc's and
  Python's own allocations, large or small, fail with MemoryError at the bound while
  shared libraries and mapped files are left out. RLIMIT_AS would be the wrong
  measure: it counts reserved address space (thread arenas, PROT_NONE reservations) that
  a process with numpy and scikit-learn loaded already has in gigabytes. Only the soft
  limit is changed, never the hard one, so raising it back needs no privilege and the
  process is left exactly as it was.

Both are process-wide, so they are applied only in the main thread, where one draft is
read at a time. In any other thread (a Dask worker's task threads, or a caller driving
`review watch` from a thread) a SIGALRM cannot be aimed at the reading thread, and a
memory cap would also bind the sibling threads reading other drafts, so there the read
runs unbounded here — Dask bounds a worker's memory itself and restarts it (docs/cluster.md),
and LibreOffice still has its own timeout. Elsewhere than Linux the memory cap is skipped
too: macOS does not enforce RLIMIT_DATA on mmap.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from lxml import etree

from review.ingest.limits import LIMITS, Limits, megabytes
from review.model import UnreadableError

try:
    import resource
except ImportError:  # Windows
    resource = None

T = TypeVar("T")

_MEMORY = (
    "文件过大或结构异常，读取时超出内存上限（{limit}），未能读取。可能是文中图片过多过大，"
    "或文件内含异常压缩的数据（压缩炸弹）。请用 Word 或 WPS 打开后另存为 .docx 重新报送；"
    "PDF 请改为报送 Word 原稿。"
)
_TIMEOUT = (
    "读取超过 {seconds} 秒仍未完成，已停止读取。文件可能页数过多、版面异常复杂或已损坏。"
    "请另存为 .docx 后重新报送；PDF 请改为报送 Word 原稿。"
)
# libxml2 reports a failed allocation as a syntax error ("unknown error"), which the
# readers then report as a damaged file; its error code still tells memory from damage.
_LIBXML_OOM = etree.ErrorTypes.ERR_NO_MEMORY


class _Expired(BaseException):
    """Raised by the timer. A BaseException, like KeyboardInterrupt, so that the readers'
    and libraries' `except Exception` (which turn failures into "damaged file") let it
    through to `bounded`."""


def bounded(read: Callable[[], T], limits: Limits = LIMITS) -> T:
    """`read()` within the time and memory limits of `limits`; an overrun becomes an
    UnreadableError saying which limit was hit and what the unit should send instead."""
    bounds = _Bounds(limits)
    # One function rather than a context manager: a timer firing just as `read` returns
    # can raise `_Expired` as the cleanup starts, and only a handler in this same frame is
    # sure to catch it. Every `_Expired` is raised after the bounds are already lifted
    # (the timer's handler lifts them first), so that path has nothing left to undo.
    try:
        bounds.apply()
        try:
            return read()
        except BaseException as exc:
            if _out_of_memory(exc):
                # The traceback holds the read's frames and so everything it had built up
                # to the bound; drop them, or lifting the bound may find no memory to run in.
                _drop_frames(exc)
            raise
        finally:
            bounds.lift()
    except _Expired:
        raise UnreadableError(_TIMEOUT.format(seconds=f"{limits.max_parse_seconds:g}")) from None
    except BaseException as exc:
        if _out_of_memory(exc):
            raise UnreadableError(_memory_message(limits)) from None
        raise


def _memory_message(limits: Limits) -> str:
    return _MEMORY.format(limit=megabytes(limits.max_parse_memory_bytes))


def _chain(exc: BaseException, depth: int = 16):
    # Bounded rather than tracking what was seen: it runs when memory has just run out.
    for _ in range(depth):
        if exc is None:
            return
        yield exc
        exc = exc.__cause__ or exc.__context__


def _out_of_memory(exc: BaseException) -> bool:
    """Whether a failure was a failed allocation, also where a reader took it for a damaged
    file (pdf.py turns any library failure into "PDF 文件已损坏", docx.py libxml2's)."""
    for link in _chain(exc):
        if isinstance(link, MemoryError):
            return True
        if isinstance(link, etree.XMLSyntaxError) and link.code == _LIBXML_OOM:
            return True
    return False


def _drop_frames(exc: BaseException) -> None:
    for link in _chain(exc):
        link.__traceback__ = None


class _Bounds:
    def __init__(self, limits: Limits):
        self.limits = limits
        self._timer_set = False
        self._previous_handler = None
        self._saved_data_limit: tuple[int, int] | None = None

    def apply(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # see the module docstring: both bounds are process-wide
        self._cap_memory()
        self._start_timer()

    def lift(self) -> None:
        """Undo whatever `apply` did; safe to call again, and from the timer's handler."""
        # The flag goes first: a signal arriving from here on finds the handler idle.
        timer, self._timer_set = self._timer_set, False
        try:
            if self._saved_data_limit is not None:
                resource.setrlimit(resource.RLIMIT_DATA, self._saved_data_limit)
                self._saved_data_limit = None
        finally:
            if timer:
                # Stopped before the previous handler is back: that may be SIG_DFL, which
                # would end the process on a late signal.
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self._previous_handler)

    def _start_timer(self) -> None:
        if not hasattr(signal, "setitimer") or self.limits.max_parse_seconds <= 0:
            return
        if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
            # A process has one real-time timer; someone else's is running (a caller
            # timing the whole batch). Replacing it would cancel theirs, so theirs bounds us.
            return
        self._previous_handler = signal.signal(signal.SIGALRM, self._expire)
        self._timer_set = True
        signal.setitimer(signal.ITIMER_REAL, self.limits.max_parse_seconds)

    def _expire(self, signum, frame) -> None:
        if not self._timer_set:
            return  # fired as it was being stopped: the read had finished in time
        self.lift()
        raise _Expired

    def _cap_memory(self) -> None:
        if resource is None or sys.platform != "linux" or self.limits.max_parse_memory_bytes <= 0:
            return
        used = _data_in_use()
        if used is None:
            return
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        cap = used + self.limits.max_parse_memory_bytes
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft != resource.RLIM_INFINITY and soft <= cap:
            return  # a stricter limit is already in force (ulimit -d, or an outer read)
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
        self._saved_data_limit = (soft, hard)


def _data_in_use() -> int | None:
    """The process's VmData in bytes: the very figure the kernel holds RLIMIT_DATA against."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


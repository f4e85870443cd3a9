"""The project's own text generators, shipped as scripts beside the corpus: the sample
workspace builder (corpus/sample_src/build.py: Word styles, the markdown sources) and the
doc-type corpus generator (corpus/doctypes/make.py: per-type building blocks filled with a
unit's facts). They are scripts, not modules of the package, so they are loaded by path."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from types import ModuleType

from review.data import data_path


def _load(name: str, *parts: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, data_path(*parts))
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the module is executing
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def sample_build() -> ModuleType:
    return _load("review_bench_sample_build", "corpus", "sample_src", "build.py")


def doctype_make() -> ModuleType:
    return _load("review_bench_doctype_make", "corpus", "doctypes", "make.py")


@cache
def sample_sources() -> dict[str, object]:
    """The sample drafts' markdown sources, parsed into blocks, by file stem."""
    build = sample_build()
    folder = data_path("corpus", "sample_src")
    return {p.stem: build.parse_source(p) for p in sorted(folder.glob("[0-9][0-9]_*.md"))}

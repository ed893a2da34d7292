"""Shared test helpers: the spec-format fixture loader and the shared-corpus skip."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
FENCE = "`" * 32


def needs_shared(sub: str) -> Path:
    """A folder of ../shared, or skip: a user's clone has none."""
    p = SHARED / sub
    if not p.exists():
        pytest.skip(f"optional test data missing: this test measures against the corpus of real Franklin "
                    f"sites, expected beside the clone as ../shared/{sub}; the rest of the suite does not "
                    "need it")
    return p


def examples(rel: str) -> Iterator[object]:
    """Cases of a spec-format fixture file: ``FENCE example [opts]``, input, ``.``, expected, ``FENCE``.

    Each case is a ``pytest.param(input, expected, options, id="file.md:LINE")``.
    """
    path = FIXTURES / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(FENCE + " example"):
            opts = dict(o.split("=", 1) for o in line[len(FENCE) + 8 :].split() if "=" in o)
            start = i + 1
            j = start
            while lines[j] != ".":
                j += 1
            k = j + 1
            while not lines[k].startswith(FENCE):
                k += 1
            src = "\n".join(lines[start:j]).replace("→", "\t")
            expected = "\n".join(lines[j + 1 : k])
            yield pytest.param(src + "\n" if src else "", expected, opts, id=f"{rel}:{i + 1}")
            i = k
        i += 1


def squash(s: str) -> str:
    """HTML with every space and line break removed, to compare shapes that differ only there."""
    return s.replace(" ", "").replace("\n", "")


def load_benchmark(name: str) -> ModuleType:
    """A script of ``benchmarks/`` as a module (its helpers are tested; its ``main`` is not run)."""
    pytest.importorskip("mistune")
    path = Path(__file__).resolve().parent.parent / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.path[:] = saved
    return mod


def to_md(text: str, flavor: Any = "commonmark", *, path: str | None = None, site: Any = None,
          page_vars: Any = None, **options: Any) -> Any:
    """A page's text through Franklin's Markdown stage, then the Markdown emitter (which takes
    only a finished tree): what ``convert(text, to=flavor)`` does, with the losses returned."""
    from franklin_compat import markdown_stage
    from franklin_compat.emit.markdown import to_markdown

    res = markdown_stage(text, path=path, site=site, page_vars=page_vars)
    return to_markdown(res.document, flavor, page_vars=res.page_vars, global_vars=res.global_vars, path=path,
                       **options)


def mistune_blocks(md: Any, text: str, *, mistunes: bool) -> list[dict[str, object]]:
    """The block tokens of ``text``, read with mistune's own list rule (``mistunes``) or ours:
    the oracle of the list shortcuts."""
    from mistune import list_parser

    block = md.block
    state = block.state_cls()
    state.process(text if text.endswith("\n") else text + "\n")
    saved = dict(block._methods)
    if mistunes:
        block._methods["list"] = lambda m, s: list_parser.parse_list(block, m, s)
    try:
        block.parse(state)
    finally:
        block._methods = saved
    return list(state.tokens)

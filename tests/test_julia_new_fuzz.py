"""Never an unexpected exception from what ``utils.jl`` can now reach: ``JSON.parse``,
``Meta.parse``, ``randstring``, a ``Dict`` of any keys iterated in Julia's order, and
``isdir``/``isfile`` answered from folder listings."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from franklin_compat.core.dictorder import julia_order, sized_table
from franklin_compat.julia_subset import JuliaError, load_program
from franklin_compat.site.julia import SiteHost
from franklin_compat.site.site import Site

from .test_julia_host import FakeHost

FAST = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
PROGRAM = load_program('''using JSON, Random
hfun_json(p) = string(JSON.parse(p[1]))
hfun_meta(p) = string(Meta.parse(p[1]))
hfun_rand(p) = randstring(parse(Int, p[1]))
hfun_dict(p) = join([k for (k, v) in Dict(s => length(s) for s in split(p[1], ","))], ",")
''')
TEXT = st.text(st.sampled_from(list('{}[]":,0123456789.eE+-truefalsnl \\\n\tab_é😀\x00')), max_size=40)


@FAST
@given(text=TEXT, which=st.sampled_from(["json", "meta", "dict"]))
def test_parsing_any_text_gives_a_value_or_a_julia_error(text: str, which: str) -> None:
    try:
        out = PROGRAM.call_hfun(which, [text], FakeHost())
    except JuliaError as e:
        assert e.code in ("FC801", "FC803", "FC804"), e
    else:
        assert isinstance(out, str)


@FAST
@given(n=st.integers(-3, 300))
def test_randstring_of_any_length(n: int) -> None:
    try:
        out = PROGRAM.call_hfun("rand", [str(n)], FakeHost())
    except JuliaError as e:
        assert n < 0 and e.code == "FC803"
    else:
        assert len(out) == n and (out.isalnum() or n == 0)


@FAST
@given(keys=st.lists(st.text(max_size=8), max_size=60, unique=True))
def test_julia_order_is_a_permutation(keys: list[str]) -> None:
    for table in (16, sized_table(len(keys))):
        order = julia_order(keys, table)
        assert order is not None and sorted(order) == sorted(keys)


NAMES = st.sampled_from(["a", "b", "A", "x.md", "..", ".", "link", "out", "é", "a" * 300, ""])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("fuzz") / "site"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "x.md").write_text("x")
    (root / "config.md").write_text("")
    (root / "link").symlink_to(root / "a")
    (root / "out").symlink_to(root.parent)
    return Site(root)


def _system_kind(path: str) -> str:
    try:
        return "dir" if Path(path).is_dir() else "file" if Path(path).is_file() else ""
    except OSError:  # a name too long for the system: nothing is there
        return ""


@FAST
@given(paths=st.lists(st.lists(NAMES, min_size=1, max_size=4).map("/".join), min_size=1, max_size=8))
def test_path_kinds_in_any_order_are_the_systems(site: Site, paths: list[str]) -> None:
    """Paths reach the host relative to the site and normalised (``site_path``), in any order."""
    host = SiteHost(site, "index.md")
    root = str(site.root.resolve())
    for given_path in paths:
        rel = posixpath.normpath(given_path.lstrip("/"))
        if rel == ".." or rel.startswith("../"):
            continue  # refused before the host sees it
        rel = "" if rel == "." else rel
        real = os.path.realpath(os.path.join(root, rel))
        try:
            got = host.path_kind(rel)
        except PermissionError:  # refused: it leaves the site, or names nothing (a name too long)
            assert (real != root and not real.startswith(root + os.sep)) or _system_kind(real) == "", rel
            continue
        assert got == _system_kind(real), rel

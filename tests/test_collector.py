"""A conversion pauses Python's cyclic collector and leaves it as it found it (issue #16:
``page/pipeline.py``'s ``collector_paused``), and a failed one leaves no cycle behind: an error
held in a local of the frame that raised it kept that frame, and with it the page's tokens,
alive until the next full collection."""

from __future__ import annotations

import gc

import pytest

import franklin_compat as fc
from franklin_compat.page.pipeline import collector_paused


def test_back_on_after_a_conversion_and_after_an_error() -> None:
    assert gc.isenabled()
    assert "<p>a</p>" in fc.convert("a\n")
    assert gc.isenabled()
    with pytest.raises(fc.FranklinError):
        fc.convert("{{if nope}}x{{end}}")
    assert gc.isenabled()


def test_off_stays_off() -> None:
    gc.disable()
    try:
        fc.convert("a\n")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_nested_pauses_leave_it_to_the_outermost() -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.parametrize("page", [
    "{" * 2000,  # unclosed brace (reading/blocks.py)
    "$$" * 1000 + "$",  # unclosed math, through unclosed_from
    "\\newcommand{\\a}",  # a definition without its body (Context.report)
    "{{if nope}}x{{end}}",  # undefined condition (template/render.py)
    "@def v = 1\n{{if v}}x{{end}}",  # condition not a Bool
    "{{for x in nope}}{{end}}",  # undefined iterable
])
def test_a_failed_conversion_leaves_no_cycle(page: str) -> None:
    with pytest.raises(fc.FranklinError):
        fc.convert("{{if nope}}{{end}}")  # whatever a first conversion imports or caches
    gc.collect()
    with pytest.raises(fc.FranklinError):
        fc.convert(page)
    assert gc.collect() == 0


def test_the_collector_back_on_finds_the_page_tree_let_go() -> None:
    """``convert`` keeps the collector off over both stages and lets the page's tree go first:
    a collection right after walks the objects made while it was off that are still alive,
    a megabyte of small nodes' tree a fifth of a second."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(len(gc.get_objects(generation=0)))

    fc.convert("a\n")  # what a first conversion imports or caches
    gc.collect()
    gc.callbacks.append(note)
    try:
        fc.convert("a\n===\n" * 5_000)
        fc.convert("a\n===\n" * 5_000, "json")
    finally:
        gc.callbacks.remove(note)
    assert max(seen, default=0) < 5_000

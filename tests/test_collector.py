"""A conversion pauses Python's cyclic collector and leaves it as it found it (issue #16:
``page/pipeline.py``'s ``collector_paused``)."""

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

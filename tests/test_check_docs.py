"""``docs/rules.md`` is generated from the rule docstrings; the committed file must match."""

from __future__ import annotations

from franklin_compat.check.docs import render
from tests.conftest import ROOT


def test_rules_md_is_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render(), "regenerate: python -m franklin_compat.check.docs > docs/rules.md"


def test_every_rule_is_listed_and_documented() -> None:
    text = render()
    for line in text.splitlines():
        if line.startswith("| [FC"):
            code = line[3:8]
            assert f"\n## {code}\n" in text

"""Every benchmark has a ``--smoke`` mode, which ``.ci/run`` runs so that none of them rots."""

from __future__ import annotations

from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).resolve().parents[1] / "benchmarks").glob("*.py"))


@pytest.mark.parametrize("bench", BENCHMARKS, ids=lambda p: p.name)
def test_every_benchmark_has_a_smoke_mode(bench: Path) -> None:
    assert '"--smoke"' in bench.read_text(encoding="utf-8"), f"{bench.name}: add a --smoke mode"


def test_ci_runs_them() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert 'for bench in benchmarks/*.py' in ci and '--smoke' in ci

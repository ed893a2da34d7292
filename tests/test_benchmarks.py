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


def test_throughput_lays_the_sites_code_over_a_copy(tmp_path: Path) -> None:
    """``throughput.py --code``: the pages are timed with their site's Julia code, the corpus untouched."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("throughput", BENCHMARKS[0].parent / "throughput.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    corpus, code = tmp_path / "corpus", tmp_path / "code"
    (corpus / "site").mkdir(parents=True)
    (corpus / "site" / "index.md").write_text("{{hello}}\n", encoding="utf-8")
    (code / "site" / "_literate").mkdir(parents=True)
    (code / "site" / "utils.jl").write_text('hfun_hello() = "<b>hi</b>"\n', encoding="utf-8")
    (code / "site" / "_literate" / "a.jl").write_text("# # A\n", encoding="utf-8")
    (code / "other").mkdir()  # a site the corpus does not hold: not copied
    out = mod.with_code(corpus, code, tmp_path / "work")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "site/_literate/a.jl", "site/index.md", "site/utils.jl"]
    assert not (corpus / "site" / "utils.jl").exists()
    import franklin_compat as fc

    assert "<b>hi</b>" in fc.Site(out / "site").page_html("index.md")

"""pandoc JSON emitter: the shapes of the constructs we care about, and a real pandoc
reading our output (skipped when no pandoc is installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from typing import Any

import pytest

import franklin_compat
from franklin_compat.emit.pandoc import API_VERSION, text_inlines, to_pandoc
from tests.conftest import FIXTURES, examples, needs_shared


def pandoc(text: str) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out: dict[str, Any] = json.loads(franklin_compat.convert(text, "pandoc-json"))
    return out


def blocks(text: str) -> list[Any]:
    got: list[Any] = pandoc(text)["blocks"]
    return got


def test_envelope_and_meta() -> None:
    doc = pandoc('+++\ntitle = "A b"\ndraft = false\ntags = ["x"]\nday = Date(2021, 1, 2)\n+++\nHi\n')
    assert doc["pandoc-api-version"] == list(API_VERSION)
    assert doc["meta"] == {
        "title": {"t": "MetaInlines", "c": [{"t": "Str", "c": "A"}, {"t": "Space"}, {"t": "Str", "c": "b"}]},
        "draft": {"t": "MetaBool", "c": False},
        "tags": {"t": "MetaList", "c": [{"t": "MetaInlines", "c": [{"t": "Str", "c": "x"}]}]},
        "day": {"t": "MetaString", "c": "2021-01-02"},
    }


def test_text_is_split_like_pandoc_does() -> None:
    assert text_inlines("a  b\nc") == [{"t": "Str", "c": "a"}, {"t": "Space"}, {"t": "Str", "c": "b"},
                                       {"t": "SoftBreak"}, {"t": "Str", "c": "c"}]


def test_raw_html_math_div_note() -> None:
    got = blocks("~~~<hr class=\"x\">~~~\n\nA $x$ b[^1].\n\n$$y$$\n\n@@row,wide Z @@\n\n[^1]: N.\n")
    assert got[0] == {"t": "RawBlock", "c": ["html", '<hr class="x">']}
    para = got[1]["c"]
    assert para[2] == {"t": "Math", "c": [{"t": "InlineMath"}, "x"]}
    assert para[5] == {"t": "Note", "c": [{"t": "Para", "c": [{"t": "Str", "c": "N."}]}]}
    assert got[2] == {"t": "Para", "c": [{"t": "Math", "c": [{"t": "DisplayMath"}, "y"]}]}
    z = [{"t": "Para", "c": [{"t": "Str", "c": "Z"}]}]
    assert got[3] == {"t": "Div", "c": [["", ["row", "wide"], []], z]}
    assert len(got) == 4  # the definition is written at the reference only


def test_a_note_without_definition_is_numbered_as_franklin_numbers_it() -> None:
    para = blocks("a[^n] b[^1].\n\n[^n]: N.\n")[0]["c"]
    assert para[1]["t"] == "Note"
    assert para[4] == {"t": "Superscript", "c": [{"t": "Str", "c": "[2]"}]}
    page = franklin_compat.markdown_stage("b[^1].\n")
    res = to_pandoc(page.document, page_vars=page.page_vars, global_vars=page.global_vars)
    assert [(x.code, x.line, x.col) for x in res.losses] == [("FC760", 1, 2)]


def test_code_header_figure() -> None:
    got = blocks("# Hi there\n\n```julia:ex\nx = 1\n```\n\n\\fig{/a.png}\n")
    assert got[0] == {"t": "Header", "c": [1, ["hi_there", [], []], [{"t": "Str", "c": "Hi"}, {"t": "Space"},
                                                                       {"t": "Str", "c": "there"}]]}
    assert got[1] == {"t": "CodeBlock", "c": [["", ["julia"], [["name", "ex"]]], "x = 1"]}
    assert got[2]["t"] == "Figure"


def test_losses_are_returned() -> None:
    page = franklin_compat.markdown_stage("\\toc\n\n{{unknown}}\n")
    res = to_pandoc(page.document, page_vars=page.page_vars, global_vars=page.global_vars)
    assert [x.code for x in res.losses] == ["FC730", "FC720"]


def _pandoc_binary() -> str:
    found = shutil.which("pandoc")
    if found is None:
        try:
            import pypandoc  # type: ignore[import-not-found]

            found = pypandoc.get_pandoc_path()
        except (ImportError, OSError):
            found = None
    if found is None:
        pytest.skip("no pandoc here (pip install franklin_compat[pandoc] brings pypandoc-binary)")
    return str(found)


def run_pandoc(doc_json: str, to: str) -> str:
    r = subprocess.run([_pandoc_binary(), "-f", "json", "-t", to], input=doc_json.encode(),
                       capture_output=True, timeout=60, check=False)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout.decode()


def test_pandoc_reads_it_back_as_markdown() -> None:
    text = "A $x$ b[^1] ~~~<b>c</b>~~~.\n\n@@note Z @@\n\n[^1]: N.\n"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = run_pandoc(franklin_compat.convert(text, "pandoc-json"), "markdown")
    assert out == "A $x$ b[^1] `<b>c</b>`{=html}.\n\n::: note\nZ\n:::\n\n[^1]: N.\n"


@pytest.mark.parametrize("page", sorted((FIXTURES / "markdown" / "commonmark").glob("*.md")),
                         ids=lambda p: p.name)
def test_pandoc_accepts_fixture_inputs(page: Any) -> None:
    for case in examples(f"markdown/commonmark/{page.name}"):
        src = case.values[0]  # type: ignore[attr-defined]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run_pandoc(franklin_compat.convert(src, "pandoc-json"), "html")


def test_pandoc_accepts_corpus_pages() -> None:
    binary = _pandoc_binary()
    corpus = needs_shared("corpus")
    done = 0
    for page in sorted(corpus.glob("*/**/*.md"))[::40]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                j = franklin_compat.convert(page.read_text(encoding="utf-8", errors="replace"), "pandoc-json")
        except franklin_compat.FranklinError:
            continue
        r = subprocess.run([binary, "-f", "json", "-t", "html"], input=j.encode(), capture_output=True,
                           timeout=60, check=False)
        assert r.returncode == 0, f"{page}: {r.stderr.decode()[:300]}"
        done += 1
    assert done > 20

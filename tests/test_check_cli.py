"""``franklin-compat check`` through ``cli.main``: exit codes, formats, options."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from franklin_compat.cli import commands as cli
from tests.conftest import FIXTURES, ROOT

BAD = "# Title\n\nIt costs $5.\n\n{{autor}}\n"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "check" / "site", root)
    monkeypatch.chdir(root)
    return root


def main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_site_exits_0(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = main(capsys)
    assert code == 0
    assert out == "All checks passed.\n"


def test_problems_exit_1_with_text_lines_and_hints(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "page.md").write_text(BAD, encoding="utf-8")
    code, out, _ = main(capsys, "page.md")
    assert code == 1
    assert out.splitlines() == [
        "page.md:3:10: FC116 [*] unclosed inline math '$': nothing after it closes it",
        "  hint: add the closing '$' (write '\\$' for a dollar sign)",
        "page.md:5:1: FC310 `{{autor}}` is not an html function nor a variable",
        "  hint: define `hfun_autor` in utils.jl, or `@def autor = …`",
        "Found 2 problems (1 error, 1 warning).",
        "[*] 1 fixable with --fix.",
    ]


def test_exit_zero_and_info_only(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "page.md").write_text(BAD, encoding="utf-8")
    assert main(capsys, "--exit-zero", "page.md")[0] == 0
    (site / "page.md").write_text("```julia:ex9\n1\n```\n\\show{ex9}\n", encoding="utf-8")
    code, out, _ = main(capsys, "page.md")
    assert code == 0  # info only
    assert "FC914" in out


def test_fix_rewrites_the_file(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "page.md").write_text(BAD, encoding="utf-8")
    code, out, _ = main(capsys, "--fix", "page.md")
    assert code == 1  # FC310 has no fix
    assert "Fixed 1 problem (1 × FC116)." in out and ": FC116" not in out
    assert (site / "page.md").read_text(encoding="utf-8") == BAD.replace("$5", "\\$5")


def test_json(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "page.md").write_text(BAD, encoding="utf-8")
    code, out, _ = main(capsys, "--output-format", "json", "page.md")
    assert code == 1
    items = json.loads(out)
    assert [(i["path"], i["line"], i["column"], i["code"], i["name"], i["severity"]) for i in items] == [
        ("page.md", 3, 10, "FC116", "unclosed-inline-math", "error"),
        ("page.md", 5, 1, "FC310", "unknown-function", "warning"),
    ]
    assert items[0]["fix"]["edits"] == [{"start": 18, "end": 19, "text": "\\$"}]


def test_github(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "page.md").write_text(BAD, encoding="utf-8")
    _, out, _ = main(capsys, "--output-format", "github", "page.md")
    lines = out.splitlines()
    assert lines[0].startswith(
        "::error file=page.md,line=3,endLine=3,col=10,endColumn=10,title=FC116::unclosed")
    assert "%0A" in lines[0]  # the hint, on a second line of the annotation
    assert lines[1].startswith("::warning file=page.md,line=5,endLine=5,col=1,endColumn=10,title=FC310::")
    assert "page.md:3:10: FC116 [*] unclosed inline math" in out  # plain text after the annotations


def test_sarif(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "page.md").write_text(BAD, encoding="utf-8")
    _, out, _ = main(capsys, "--output-format", "sarif", "page.md")
    doc = json.loads(out)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["FC116", "FC310"]
    res = run["results"][0]
    assert res["ruleId"] == "FC116" and res["level"] == "error" and res["ruleIndex"] == 0
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "page.md"
    assert loc["region"]["startLine"] == 3 and loc["region"]["startColumn"] == 10
    assert run["results"][1]["level"] == "warning"


def test_output_format_from_pyproject(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "pyproject.toml").write_text('[tool.franklin_compat]\noutput-format = "json"\n', encoding="utf-8")
    (site / "page.md").write_text(BAD, encoding="utf-8")
    _, out, _ = main(capsys, "page.md")
    assert len(json.loads(out)) == 2
    _, out, _ = main(capsys, "--output-format", "text", "page.md")
    assert out.startswith("page.md:3:10: FC116")


def test_select_ignore_statistics(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "page.md").write_text("It costs $5.\n\nMore $3.\n\n{{autor}}\n", encoding="utf-8")
    code, out, _ = main(capsys, "--statistics", "page.md")
    assert code == 1
    assert out.splitlines() == ["     1  FC121  dollar-across-paragraphs", "     1  FC310  unknown-function"]
    code, out, _ = main(capsys, "--select", "FC3", "--statistics", "page.md")
    assert out.splitlines() == ["     1  FC310  unknown-function"]
    code, out, _ = main(capsys, "--ignore", "FC121,FC310", "page.md")
    assert code == 0


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = main(capsys, "--explain", "FC116")
    assert code == 0
    assert out.startswith("# FC116 unclosed-inline-math\n")
    assert "## Why is this bad?" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--select", "FC999"], "unknown rule code(s): FC999"),
        (["--explain", "XX1"], "no rule 'XX1'"),
        (["missing.md"], "missing.md: no such file or folder"),
    ],
)
def test_usage_errors_exit_2(
    site: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = main(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err


def test_bad_config_exits_2(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "pyproject.toml").write_text('[tool.franklin_compat]\nselct = ["FC1"]\n', encoding="utf-8")
    code, _, err = main(capsys)
    assert code == 2
    assert "unknown key 'selct'" in err and "did you mean 'select'" in err


def test_no_site_here_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = main(capsys)
    assert code == 2
    assert "no config.md" in err


def test_unreadable_file_exits_2(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "page.md").write_bytes(b"caf\xe9\n")
    code, _, err = main(capsys, "page.md")
    assert code == 2
    assert "page.md:1:4: FC002 not UTF-8" in err


def test_folder_with_several_sites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("one", "two"):
        shutil.copytree(FIXTURES / "check" / "site", tmp_path / name)
    (tmp_path / "two" / "page.md").write_text("Costs $5.\n", encoding="utf-8")
    code, out, _ = main(capsys, str(tmp_path))
    assert code == 1
    first = out.splitlines()[0]
    assert first.endswith("two/page.md:1:7: FC116 [*] unclosed inline math '$': nothing after it closes it")


def test_pre_commit_manifest() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for line in ("- id: franklin-check", "entry: franklin-compat check", "language: python",
                 "types: [markdown]"):
        assert line in text


def test_several_processes_report_the_same(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(10):
        (site / f"p{i}.md").write_text(BAD.replace("Title", f"Title {i}"), encoding="utf-8")
    one = main(capsys, "--jobs", "1", "--output-format", "json")
    three = main(capsys, "--jobs", "3", "--output-format", "json")
    assert one == three and one[0] == 1 and len(json.loads(one[1])) >= 20


def test_a_file_that_cannot_be_read_is_no_pass(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "latin1.md").write_bytes(b"caf\xe9\n")
    code, out, err = main(capsys, "latin1.md", "index.md")
    assert code == 2 and "FC002" in err
    assert "All checks passed." not in out and "1 file could not be checked" in out


def test_outside_a_site_says_which_rules_were_skipped(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "lonely.md"
    page.write_text("See [x](nowhere.md).\n\n{{fill nothere}}\n", encoding="utf-8")
    code, out, err = main(capsys, str(page))
    assert code == 1 and ":3:8: FC311" in out  # at the variable's name, even outside a site
    assert err.count("is in no Franklin site") == 1 and "FC511" in err


def test_build_says_a_layout_warning_once_with_its_count(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "s"
    (root / "_layout").mkdir(parents=True)
    (root / "config.md").write_text("+++\n+++\n", encoding="utf-8")
    (root / "_layout" / "head.html").write_text("<head>{{fill nothere}}</head>\n", encoding="utf-8")
    for name in ("foot.html", "page_foot.html"):
        (root / "_layout" / name).write_text("", encoding="utf-8")
    for i in range(3):
        (root / f"p{i}.md").write_text(f"# p{i}\n", encoding="utf-8")
    assert cli.main(["build", str(root), "--out", str(tmp_path / "out"), "-v"]) == 0
    err = capsys.readouterr().err
    assert err.count("_layout/head.html:1:7: FC311") == 1 and "(×3, once per page)" in err


def test_one_page_check_imports_only_what_it_needs(site: Path) -> None:
    """Issue #12's start-up: a one-page check (a page with a header, math, a link, a code block
    and a footnote) imports neither the build, migration and other emitters, nor the entry-point
    scan (importlib.metadata), bs4 or dateutil, nor the Julia evaluator (the site has a utils.jl,
    but the page calls none of its functions), the template stage (but its list of built-in html
    functions), tomllib (no pyproject.toml), html.parser (no raw HTML) or shutil (argparse's
    help formatter imports it for the terminal width).  Checked in a fresh interpreter."""
    import subprocess
    import sys

    (site / "page.md").write_text('+++\ntitle = "T"\n+++\n# T\n\nSome $x^2$, a [link](/blog/intro/), '
                                  "{{fill title}} and a note[^1].\n\n```julia\nx = 1\n```\n\n"
                                  "[^1]: The note.\n", encoding="utf-8")
    code = ("import sys; from franklin_compat.cli import main; status = main(['check', 'page.md']); "
            "print(status, *sorted(sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    status, *modules = run.stdout.split("\n")[-2].split()
    assert status == "0", run.stdout + run.stderr
    unwanted = ("importlib.metadata", "bs4", "dateutil", "franklin_compat.site.build",
                "franklin_compat.site.feeds", "franklin_compat.migrate", "franklin_compat.emit.json",
                "franklin_compat.emit.markdown", "franklin_compat.expand.expander",
                "franklin_compat.expand.codecache", "franklin_compat.site.julia",
                "franklin_compat.julia_subset.program", "franklin_compat.julia_subset.ir",
                "franklin_compat.julia_subset.runtime", "franklin_compat.julia_subset.syntax", "tree_sitter",
                "franklin_compat.template.render", "franklin_compat.template.hfuns",
                "franklin_compat.template.context", "tomllib", "html.parser", "shutil")
    assert [m for m in modules if m.startswith(unwanted)] == []


def test_a_function_utils_jl_includes_is_run_by_the_check(site: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """utils.jl is run only for a page calling a function it may define; one it ``include``s
    is found too (its name is not in utils.jl's own text)."""
    (site / "more.jl").write_text('hfun_second(params) = "2: " * params[2]\n', encoding="utf-8")
    with (site / "utils.jl").open("a", encoding="utf-8") as f:
        f.write('\ninclude("more.jl")\n')
    (site / "page.md").write_text("{{second one}} and \\youtube{id}\n", encoding="utf-8")
    code, out, _ = main(capsys, "page.md")
    assert code == 1 and "page.md:1:1: FC330" in out and "BoundsError" in out
    assert "FC402" not in out  # lx_youtube of utils.jl: a known command


@pytest.mark.parametrize("columns", [None, "50", "200", "abc", "-5"])
def test_the_help_is_as_wide_as_argparse_makes_it(columns: str | None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's help formatter reads the terminal width as shutil does, without it."""
    import argparse

    from franklin_compat.cli.commands import _HelpFormatter

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _HelpFormatter("p")._width == argparse.HelpFormatter("p")._width  # type: ignore[attr-defined]

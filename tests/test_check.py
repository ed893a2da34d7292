"""Rules of ``franklin-compat check``, driven by ``fixtures/check/FCxxx.md``.

Each case writes its page into a copy of ``fixtures/check/site`` and expects
exactly the listed ``line:col: CODE`` diagnostics from all rules together, so a
good page also proves that no other rule fires on it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from franklin_compat.check import Report, check_paths
from franklin_compat.check.rules import RULES, codes
from tests.conftest import FIXTURES, examples

CHECK = FIXTURES / "check"
CASES = [case for f in sorted(CHECK.glob("FC*.md")) for case in examples(f"check/{f.name}")]


def make_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(CHECK / "site", site)
    return site


def run(tmp_path: Path, text: str, path: str = "page.md", **kw: object) -> Report:
    site = make_site(tmp_path)
    page = site / path
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return check_paths([str(page)], **kw)  # type: ignore[arg-type]


def positions(report: Report) -> str:
    return "\n".join(f"{d.line}:{d.col}: {d.code}" for d in report.diagnostics)


@pytest.mark.parametrize(("src", "expected", "opts"), CASES)
def test_rule_fixture(tmp_path: Path, src: str, expected: str, opts: dict[str, str]) -> None:
    report = run(tmp_path, src, opts.get("path", "page.md"))
    assert not report.failures
    assert positions(report) == expected


def test_every_rule_has_a_bad_and_a_good_fixture() -> None:
    by_file: dict[str, list[str]] = {}
    for case in CASES:
        _src, expected, _opts = case.values  # type: ignore[attr-defined]
        by_file.setdefault(case.id.split(".md")[0], []).append(expected)  # type: ignore[attr-defined]
    for code in codes():
        if code == "FC130":  # needs a page too deep to write by hand: test_parse_failure
            continue
        found = by_file.get(f"check/{code}")
        assert found, f"no fixture for {code}"
        assert any(code in e for e in found), f"{code}: no case that reports it"
        assert any(not e for e in found), f"{code}: no clean case"


def test_parse_failure(tmp_path: Path) -> None:
    deep = "".join(f"@@d{i}\n" for i in range(60)) + "x\n" + "@@\n" * 60
    report = run(tmp_path, deep)
    assert [d.code for d in report.diagnostics] == ["FC130"]
    assert "FC105" in report.diagnostics[0].message


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    text = "<!-- a\n\n~~~ b\n\nA $x\n\n@@d\ntext\n\n{ open\n\n\\begin{align} x\n"
    assert positions(run(tmp_path, text)).split("\n") == [
        "1:1: FC111", "3:1: FC115", "5:3: FC116", "7:1: FC118", "10:1: FC119", "12:1: FC120"]


def test_positions_count_characters_after_crlf_and_bom(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    page = site / "page.md"
    page.write_bytes(b"\xef\xbb\xbfTitle\r\n\r\n\xc3\xa9 costs $5\r\n")
    report = check_paths([str(page)])
    assert positions(report) == "3:9: FC116"


def test_rules_have_documentation() -> None:
    for code in codes():
        rule = RULES.get(code)
        assert rule.code == code
        doc = rule.doc()
        for part in ("## What it does", "## Why is this bad?", "## Example", "Use instead"):
            assert part in doc, f"{code} docstring lacks {part!r}"
        assert rule.summary().endswith((".", ")"))


def test_fix_escapes_and_separates(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    page = site / "page.md"
    page.write_bytes(b"Costs $5 {open\r\n\r\n$$ x_{{i}} $$\r\n")
    report = check_paths([str(page)], fix=True)
    assert report.fixed == {"FC116": 1, "FC119": 1, "FC122": 1}
    assert report.diagnostics == []
    assert page.read_bytes() == b"Costs \\$5 \\{open\r\n\r\n$$ x_{ {i}} $$\r\n"


def test_fix_renames_a_bad_footnote_id(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    page = site / "page.md"
    page.write_text("A[^my-note] and `[^my-note]`.\n\n[^my-note]: Source.\n", encoding="utf-8")
    report = check_paths([str(page)], fix=True)
    assert sum(report.fixed.values()) == 1
    assert report.diagnostics == []
    assert page.read_text(encoding="utf-8") == "A[^my_note] and `[^my-note]`.\n\n[^my_note]: Source.\n"


def test_unsafe_fix_is_not_applied_when_the_name_is_taken(tmp_path: Path) -> None:
    report = run(tmp_path, "A[^a-b] B[^a_b].\n\n[^a-b]: one\n\n[^a_b]: two\n")
    assert [(d.code, d.fix) for d in report.diagnostics] == [("FC913", None)]


def test_select_and_ignore(tmp_path: Path) -> None:
    text = "Costs $5.\n\n{{autor}}\n"
    assert [d.code for d in run(tmp_path / "a", text).diagnostics] == ["FC116", "FC310"]
    assert [d.code for d in run(tmp_path / "b", text, select=["FC1"]).diagnostics] == ["FC116"]
    assert [d.code for d in run(tmp_path / "c", text, ignore=["FC116"]).diagnostics] == ["FC310"]
    assert [d.code for d in run(tmp_path / "d", text, select=["FC116"], ignore=["FC1"]).diagnostics] == [
        "FC116"]


def test_pyproject_settings(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.franklin_compat]\nignore = ["FC310"]\nper-file-ignores = { "site/blog/*.md" = ["FC116"] }\n',
        encoding="utf-8")
    (site / "page.md").write_text("Costs $5.\n\n{{autor}}\n", encoding="utf-8")
    (site / "blog" / "post.md").write_text("Costs $5.\n", encoding="utf-8")
    report = check_paths([str(site)])
    assert [(Path(d.path or "").name, d.code) for d in report.diagnostics] == [("page.md", "FC116")]


def test_site_files_only(tmp_path: Path) -> None:
    """README.md at the root and files under ``_assets`` are not Franklin pages: not checked."""
    site = make_site(tmp_path)
    (site / "README.md").write_text("Costs $5.\n", encoding="utf-8")
    (site / "_assets" / "notes.md").write_text("Costs $5.\n", encoding="utf-8")
    report = check_paths([str(site / "README.md"), str(site / "_assets" / "notes.md"), str(site)])
    assert report.diagnostics == []


def test_file_outside_any_site_gets_the_syntax_rules(tmp_path: Path) -> None:
    page = tmp_path / "lone.md"
    page.write_text("Costs $5. {{autor}} [x](/nope/)\n", encoding="utf-8")
    assert positions(check_paths([str(page)])) == "1:7: FC116"


def test_links_follow_slugs(tmp_path: Path) -> None:
    """A page moved by its ``slug`` is no longer at its default URL, and its slug URL is served."""
    site = make_site(tmp_path)
    (site / "blog" / "moved.md").write_text('+++\nslug = "elsewhere/post"\n+++\n# Moved\n', encoding="utf-8")
    (site / "page.md").write_text("[a](/blog/moved/) [b](/elsewhere/post/) [c](/blog/intro/)\n",
                                  encoding="utf-8")
    assert positions(check_paths([str(site / "page.md")], select=["FC511"])) == "1:5: FC511"


def test_one_page_reads_no_other_page_for_a_good_link(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #12: a one-page check reads the page, config.md, utils.jl, and the page a link names
    (for its slug), not every page of the site."""
    from franklin_compat.check.page import CheckSite

    read: list[str] = []
    original = CheckSite._read_slug

    def spy(self: CheckSite, rel: str) -> str:
        read.append(rel)
        return original(self, rel)

    monkeypatch.setattr(CheckSite, "_read_slug", spy)
    report = run(tmp_path, "[intro](/blog/intro/) and [home](/)\n")
    assert positions(report) == ""
    assert sorted(read) == ["blog/intro.md", "page.md"]

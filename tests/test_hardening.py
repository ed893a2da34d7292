"""Issue #16: no exception but ``FranklinError``, whatever the page-variable values, the JSON
tree or the command line — each shape through every entry point (``convert`` to every format,
``parse``, ``Site.page_html``, ``build``, ``migrate``, ``check``, the CLI).

Values nest at most ``MAX_VALUE_DEPTH`` (48) levels: the literal reader refuses the bracket past
it (``FC201`` at its column), the sandboxed evaluator a value it computed (``FC804``), and the
printers and writers refuse one a caller hands them directly; integers at most 4,300 digits
(Python's own limit for text); a lone surrogate in Python text is ``FC002`` at its position.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

import franklin_compat as fc
from franklin_compat.cli.commands import main
from franklin_compat.emit import EMITTERS
from franklin_compat.emit.frontmatter import to_toml, to_yaml
from franklin_compat.emit.json import encode_value
from franklin_compat.julia_subset.show import show
from franklin_compat.julia_subset.values import MAX_VALUE_DEPTH, Pair, too_deep
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent

#: page text -> (line, col) of the FC201 it must give
DEEP = {
    "list": ("@def x = " + "[" * 1000 + "]" * 1000, (1, 58)),
    "pairs": ("@def x = " + "1=>" * 1000 + "1", (1, 10)),
    "tuples": ("@def x = " + "(" * 1000 + "1," + ")" * 1000, (1, 58)),
    "toml": ("+++\nx = " + "[" * 1000 + "]" * 1000 + "\n+++\n", (2, 53)),
    "dict": ('@def x = ' + 'Dict("a" => ' * 60 + "1" + ")" * 60, None),
    "bigint": ("@def n = " + "9" * 4301, (1, 10)),
    "hexint": ("@def n = 0x" + "f" * 5000, (1, 10)),
}


def _formats() -> list[str]:
    return ["html", *EMITTERS.names()]


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_and_huge_values_are_fc201_in_every_format(name: str) -> None:
    text, where = DEEP[name]
    for fmt in _formats():
        with pytest.raises(fc.FranklinError) as info:
            fc.convert(text + "\n{{fill x}}\n", fmt)
        assert info.value.code == "FC201", fmt
        if where is not None:
            assert (info.value.line, info.value.col) == where, fmt
    with pytest.raises(fc.FranklinError):
        fc.parse(text)
    doc = fc.parse(text, strict=False)
    assert doc is not None


def test_values_at_the_limit_go_through_every_format() -> None:
    text = "@def x = " + "[" * MAX_VALUE_DEPTH + "1" + "]" * MAX_VALUE_DEPTH + "\n{{fill x}}\n"
    for fmt in _formats():
        assert fc.convert(text, fmt)
    assert fc.convert("@def n = " + "9" * 4300 + "\n{{fill n}}\n").count("9") >= 4300


def test_the_writers_refuse_a_deep_value_handed_to_them() -> None:
    value: object = 1
    for _ in range(2000):
        value = [value]
    cyclic: list[object] = []
    cyclic.append(cyclic)
    assert too_deep(value) and too_deep(cyclic) and not too_deep([[1]] * 10_000)
    for write in (show, encode_value, lambda v: to_toml({"x": v}), lambda v: to_yaml({"x": v})):
        with pytest.raises(fc.FranklinError) as info:
            write(value)
        assert info.value.code == "FC201"
    pairs: object = 1
    for _ in range(2000):
        pairs = Pair(1, pairs)
    with pytest.raises(fc.FranklinError):
        show(pairs)


def test_a_deep_value_computed_by_the_sandbox_is_fc804_at_its_statement(tmp_path: Path) -> None:
    (tmp_path / "config.md").write_text(
        "+++\ndeep = let x = Any[]; for i in 1:2000; x = Any[x]; end; x end\nok = 1\n+++\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("# Hi\n{{fill ok}}\n", encoding="utf-8")
    site = fc.Site(tmp_path)
    [d] = [d for d in site.diagnostics if "nests more than 48" in d.message]
    assert (d.path, d.line) == ("config.md", 2)
    assert "<h1" in site.page_html("index.md")


def test_a_lone_surrogate_in_python_text_is_fc002_at_its_position() -> None:
    for call in (lambda t: fc.parse(t), lambda t: fc.convert(t), lambda t: fc.convert(t, "gfm")):
        with pytest.raises(fc.FranklinError) as info:
            call("ab\n[l](\ud800)")
        assert (info.value.code, info.value.line, info.value.col) == ("FC002", 2, 5)


# -- whole sites -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The blog fixture with one page per bad value: each is one diagnostic, the rest builds."""
    root = tmp_path_factory.mktemp("bad") / "site"
    shutil.copytree(FIXTURES / "sites" / "blog", root, ignore=shutil.ignore_patterns("__site"))
    for name, (text, _) in DEEP.items():
        (root / f"bad_{name}.md").write_text(text + "\n# Bad\n{{fill x}}\n", encoding="utf-8")
    return root


def test_a_site_with_bad_values_builds_every_page(bad_site: Path, tmp_path: Path) -> None:
    site = fc.Site(bad_site)
    report = site.build(tmp_path / "out")
    assert report.failed == 0
    for name in DEEP:
        assert (tmp_path / "out" / f"bad_{name}" / "index.html").is_file()
        assert any(d.code == "FC201" and d.path == f"bad_{name}.md" for d in report.diagnostics), name
        assert "<h1" in site.page_html(f"bad_{name}.md")
    assert (tmp_path / "out" / "index.html").is_file()


@pytest.mark.parametrize("to", ["hugo", "jekyll", "gfm"])
def test_a_site_with_bad_values_migrates_every_page(bad_site: Path, tmp_path: Path, to: str) -> None:
    report = fc.migrate(bad_site, tmp_path / to, to)
    assert report.failed == 0
    assert sum(d.code == "FC201" for d in report.diagnostics) >= len(DEEP)


def test_check_reports_each_bad_value(bad_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--output-format", "json", str(bad_site)])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    paths = {Path(d["path"]).name for d in out if d["code"] in ("FC201", "FC205")}
    assert {f"bad_{name}.md" for name in DEEP} <= paths


# -- from_json -------------------------------------------------------------------------------


def _tree() -> dict[str, object]:
    text = "+++\nx = [1, (2, 3), :a => Dict(\"k\" => [1.5])]\n+++\n# Hi *there*\n> quote\n\n[l](u)\n"
    obj: dict[str, object] = json.loads(fc.convert(text, "json"))
    return obj


@pytest.mark.parametrize(("path", "value", "says"), [
    (["span"], "ab", "document.span: expected a span"),
    (["span"], None, "document.span: expected a span"),
    (["span"], [3, 1], "start <= end"),
    (["span"], [True, 2], "document.span"),
    (["children"], 5, "document.children: expected a list of nodes"),
    (["children", 0], "x", "document.children[0]: expected a node object"),
    (["children", 0, "type"], "nope", "unknown node type 'nope'"),
    (["children", 0, "level"], "1", "document.children[0].level: expected an integer"),
    (["source"], {"text": 5}, "document.source: expected a source object"),
    (["vars"], [{"type": "text", "span": [0, 0], "text": "x"}], "expected a 'var_assignment' node"),
    (["vars", 0, "value"], {"$pair": [1]}, "document.vars[0].value.$pair"),
    (["vars", 0, "value"], {"$dict": [[[[1]], 2], [{"$dict": []}, 1]]}, "$dict"),
    (["vars", 0, "value"], {"$date": "2021-13-45"}, "$date"),
    (["vars", 0, "value"], {"$what": 1}, "unknown tagged value"),
    (["vars", 0, "value"], json.loads("[" * 50 + "1" + "]" * 50), "nested more than 48"),
])
def test_from_json_names_the_json_path_of_a_wrong_field(path: list[str | int], value: object,
                                                        says: str) -> None:
    obj = _tree()
    at: object = obj["document"]
    for key in path[:-1]:
        at = at[key]  # type: ignore[index]
    at[path[-1]] = value  # type: ignore[index]
    with pytest.raises(fc.FranklinError) as info:
        fc.from_json(json.dumps(obj))
    assert info.value.code == "FC004" and says in str(info.value)


def test_from_json_reads_deep_trees_and_refuses_json_past_pythons_limit() -> None:
    deep = fc.convert("> " * 3000 + "x\n", "json")
    assert fc.convert(fc.from_json(deep), "json") == deep
    for text in ("[" * 100_000, '{"document": ' * 50_000):
        with pytest.raises(fc.FranklinError) as info:
            fc.from_json(text)
        assert info.value.code == "FC004"


def test_values_json_has_no_form_for_are_written_as_julia_text() -> None:
    out = json.loads(fc.convert("@def x = Set([1, 2])\n@def y = (a = 1,)\n", "json"))
    values = [v["value"] for v in out["document"]["vars"]]
    assert values == [{"$julia": "Set([2, 1])"}, {"$julia": "(a = 1,)"}] or \
        values == [{"$julia": "Set([1, 2])"}, {"$julia": "(a = 1,)"}]


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["build", "{site}", "--out", "{file}"],
    ["migrate", "{site}", "--to", "hugo", "--out", "{file}"],
    ["migrate", "{site}", "--to", "hugo", "--out", "{tmp}/o", "--report", "{file}/r.json"],
    ["migrate", "{site}", "--to", "hugo", "--out", "{tmp}/o", "--report", "{site}"],
    ["migrate", "{site}", "--to", "hugo", "--out", "{tmp}/o", "--report", "/proc/fc-none/r.json"],
    ["migrate", "{site}", "--to", "hugo", "--out", "/proc/fc-none/out"],
    ["build", "{site}", "--out", "/proc/fc-none/out"],
])
def test_unwritable_outputs_are_one_line_and_exit_2_before_any_work(
        argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "sites" / "blog", site, ignore=shutil.ignore_patterns("__site"))
    (tmp_path / "file").write_text("x", encoding="utf-8")
    args = [a.format(site=site, file=tmp_path / "file", tmp=tmp_path) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("FC") == 1, err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder")
def test_an_unwritable_folder_is_said_before_the_run(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    site = FIXTURES / "sites" / "blog"
    for argv in (["migrate", str(site), "--to", "hugo", "--out", str(ro / "o")],
                 ["migrate", str(site), "--to", "hugo", "--out", str(tmp_path / "o"), "--report",
                  str(ro / "r")],
                 ["build", str(site), "--out", str(ro / "o")]):
        assert main(argv) == 2
        assert "Traceback" not in capsys.readouterr().err


def test_a_closed_pipe_ends_quietly_with_2() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for argv in (["check", "--explain", "FC510"], ["convert", str(FIXTURES / "sites" / "blog" / "index.md")]):
        p = subprocess.Popen([sys.executable, "-m", "franklin_compat.cli.commands", *argv], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert p.stdout is not None and p.stderr is not None
        p.stdout.read(10)
        p.stdout.close()
        err = p.stderr.read()
        assert p.wait() in (0, 2) and b"Traceback" not in err and b"Exception" not in err


# -- links out of the site, feeds and sitemaps -----------------------------------------------


def test_check_refuses_a_page_linked_out_of_the_site_and_fix_keeps_links(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "sites" / "blog", site, ignore=shutil.ignore_patterns("__site"))
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\nTOP SECRET $x\n", encoding="utf-8")
    (site / "leak.md").symlink_to(secret)
    (site / "real.md").write_text("# Real $x\n", encoding="utf-8")
    (site / "alias.md").symlink_to("real.md")
    main(["check", str(site)])
    out = capsys.readouterr().out
    leak = [line for line in out.splitlines() if "leak.md" in line]
    assert len(leak) == 1 and "FC501" in leak[0] and "SECRET" not in out
    main(["check", "--fix", str(site)])
    capsys.readouterr()
    assert (site / "leak.md").is_symlink()
    assert secret.read_text(encoding="utf-8") == "# Secret\nTOP SECRET $x\n"
    assert (site / "alias.md").is_symlink()
    assert (site / "real.md").read_text(encoding="utf-8") == "# Real \\$x\n"


STRANGE = {"a&b": "a&b <i>", "lt<gt>": "x\ufffe ]]> y", "q\"t": "\x0b\x1f&amp;", "é日": "<![CDATA[ x"}


def test_feeds_and_sitemaps_are_well_formed_whatever_the_names_and_titles(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_layout").mkdir(parents=True)
    (site / "config.md").write_text('+++\nwebsite_title = "T&<"\nwebsite_url = "https://e.org/?a&b"\n'
                                    'website_description = "<d>"\ngenerate_rss = true\n+++\n',
                                    encoding="utf-8")
    for name, title in STRANGE.items():
        (site / f"{name}.md").write_text(f"@def title = {json.dumps(title)}\n@def rss_description = \"d&\"\n"
                                         f"@def tags = [{json.dumps(title)}, \"t&g\"]\n"
                                         f"@def rss_author = \"A&B <a@b>\"\n# H\n", encoding="utf-8")
    report = fc.Site(site).build(tmp_path / "out")
    assert report.failed == 0
    feeds = sorted((tmp_path / "out").rglob("*.xml"))
    assert len(feeds) >= 4
    for path in feeds:
        ET.parse(path)  # a strict parser: raises on anything that is not well-formed
    items = ET.parse(tmp_path / "out" / "feed.xml").getroot().findall("./channel/item")
    assert len(items) == len(STRANGE)
    links = sorted((it.findtext("link") or "").strip() for it in items)
    assert "https://e.org/?a&b/a&b/index.html" in links and "https://e.org/?a&b/lt<gt>/index.html" in links
    dropped = [d for d in report.diagnostics if d.code == "FC612"]
    assert "lt<gt>.md" in {d.path for d in dropped}  # U+FFFE


def test_a_feed_template_that_makes_bad_xml_is_one_diagnostic(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "sites" / "blog", site, ignore=shutil.ignore_patterns("__site"))
    (site / "_rss").mkdir(exist_ok=True)
    (site / "_rss" / "item.xml").write_text("<item><title>{{fill title}} & <</title></item>\n",
                                            encoding="utf-8")
    report = fc.Site(site).build(tmp_path / "out")
    assert report.failed == 0
    assert any(d.code == "FC612" and "not well-formed" in d.message for d in report.diagnostics)
    for path in (tmp_path / "out").rglob("*.xml"):
        ET.parse(path)


def test_definitions_in_force_follow_the_page_back_and_forth() -> None:
    """One dict moved along the page (a link's target is expanded before its text)."""
    page = (r"\newcommand{\x}{a}\newcommand{\y}{P} [\x \y](/\x) \newcommand{\x}{b}\newcommand{\y}{Q}"
            r"[\x \y](/\x) $\x$ \newcommand{\z}{\x} \z $\y$")
    assert fc.convert(page, "html") == (
        '<p><a href="/a">a P</a> <a href="/b">b Q</a> \\(b\\)  b \\(Q\\)</p>\n')
    redefined = "".join(f"\\newcommand{{\\x}}{{w{i}}}\\x\n" for i in range(50))
    assert fc.convert(redefined, "html").split() == ["<p>w0", *(f"w{i}" for i in range(1, 49)), "w49</p>"]


@pytest.mark.parametrize("name", sorted(EMITTERS.names()))
def test_headers_nested_in_headers_stay_small(name: str) -> None:
    """Each level's id is made from the HTML of the header inside, which holds that one's id twice:
    ``# `` × 16 and a letter made 739 MB of HTML.  Ids are cut at MAX_ID characters."""
    from franklin_compat.emit.html import MAX_ID

    out = fc.convert("# " * 47 + "x\n", name)
    assert len(out) < 100 * MAX_ID
    with pytest.raises(fc.FranklinError) as err:
        fc.convert("# " * 49 + "x\n", name)
    assert err.value.code == "FC105" and (err.value.line, err.value.col) == (1, 97)
    assert fc.convert("# # x\n", "html").startswith('<h1 id="h1_idxa_hrefx_classheader-anchorxh1">')


"""Never a read outside the site, never an injection by accident.

Reads: a secret file sits beside a temporary site; pages try to reach it with
every construct that reads a file (``\\input``, ``\\textinput``,
``\\tableinput``, ``\\literate``, ``\\fig``, ``\\output``/``\\show``/
``\\textoutput`` through cached outputs, ``{{insert}}``, ``{{fill v page}}``),
with ``..`` paths and with symbolic links inside the site that point out of
it (files, folders, a layout, a cached output).  The secret never appears in
any output, and a FranklinError (``FC501``/``FC322``) or a diagnostic says why.

Attributes: text of the page that the HTML emitter writes into an attribute
(div classes, header ids, image paths and alt text, link targets, anchors,
styles, code languages) is escaped, so no new attribute or element appears;
raw HTML between ``~~~`` passes through, as in Franklin.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import franklin_compat
from franklin_compat import FranklinError
from franklin_compat.core.diagnostics import Severity
from franklin_compat.core.paths import inside
from franklin_compat.site.site import Site

ROOT = Path(__file__).resolve().parent.parent
SECRET = "SECRET-7f3a9c-do-not-leak"
UP = "../"


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def make_site(base: Path, *, layout_link: bool = False) -> Path:
    """``base/site`` with links out of it, and secrets in ``base`` and ``base/outside``."""
    (base / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    outside = base / "outside"
    outside.mkdir()
    for ext in ("md", "csv", "jl", "html", "out", "res", "png", "txt"):
        (outside / f"secret.{ext}").write_text(f"{SECRET} {ext}\n", encoding="utf-8")
    site = base / "site"
    for rel, text in {
        "config.md": '@def title = "Safe"\n',
        "_layout/head.html": "<html><body>\n",
        "_layout/page_foot.html": "",
        "_layout/foot.html": "</body></html>\n",
        "_assets/ok.txt": "fine\n",
        "index.md": "# Home\n",
    }.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    (site / "_assets" / "link.txt").symlink_to(base / "secret.txt")
    (site / "_assets" / "dirlink").symlink_to(outside, target_is_directory=True)
    (site / "_layout" / "evil.html").symlink_to(Path("..") / ".." / "secret.txt")
    (site / "_literate").mkdir()
    (site / "_literate" / "evil.jl").symlink_to(outside / "secret.jl")
    cached = site / "__site" / "assets" / "page" / "code" / "output"
    cached.mkdir(parents=True)
    for ext in ("out", "res"):
        (cached / f"x.{ext}").symlink_to(outside / f"secret.{ext}")
    (site / "blog").mkdir()
    (site / "blog" / "other.md").symlink_to(outside / "secret.md")
    if layout_link:
        (site / "_layout" / "head.html").unlink()
        (site / "_layout" / "head.html").symlink_to(base / "secret.txt")
    return site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


#: Page text → the FranklinError code a strict conversion raises.
ESCAPES = {
    "input ..": ("\\input{plaintext}{" + UP * 5 + "secret.txt}", "FC501"),
    "input .. to outside/": ("\\input{plaintext}{" + UP * 4 + "outside/secret.txt}", "FC501"),
    "input etc/passwd": ("\\input{plaintext}{" + UP * 12 + "etc/passwd}", "FC501"),
    "input file link": ("\\input{plaintext}{/assets/link.txt}", "FC501"),
    "input folder link": ("\\input{plaintext}{/assets/dirlink/secret.txt}", "FC501"),
    "input plot ..": ("\\input{plot}{" + UP * 6 + "outside/secret}", "FC501"),
    "textinput ..": ("\\textinput{" + UP * 4 + "outside/secret}", "FC501"),
    "textinput folder link": ("\\textinput{/assets/dirlink/secret}", "FC501"),
    "tableinput ..": ("\\tableinput{}{" + UP * 3 + "outside/secret.csv}", "FC501"),
    "tableinput folder link": ("\\tableinput{}{/assets/dirlink/secret.csv}", "FC501"),
    "literate ..": ("\\literate{" + UP * 2 + "outside/secret}", "FC501"),
    "literate link": ("\\literate{evil}", "FC501"),
    "fig ..": ("\\fig{" + UP * 5 + "outside/secret.png}", "FC501"),
    "fig folder link": ("\\fig{/assets/dirlink/secret.png}", "FC501"),
    "output link": ("\\output{x}", "FC501"),
    "show link": ("\\show{x}", "FC501"),
    "textoutput link": ("\\textoutput{x}", "FC501"),
    "output ..": ("\\output{" + UP * 6 + "outside/secret}", "FC501"),
    "insert ..": ("{{insert ../../outside/secret.html}}", "FC322"),
    "insert link": ("{{insert evil.html}}", "FC322"),
    "input NUL": ("\\input{plaintext}{a\x00b}", "FC501"),
    "input long name": ("\\input{plaintext}{/_layout/" + "a" * 300 + "}", "FC501"),
}
#: Reads that are not refused but find nothing inside the site (a leading / is the site's root).
NOT_FOUND = {
    "input absolute": "\\input{plaintext}{SECRETDIR/secret.txt}",
    "insert absolute": "{{insert SECRETDIR/secret.txt}}",
    "fill of a page linked out": "{{fill title blog/other}}",
    "fill of a page ..": "{{fill title ../outside/secret}}",
}


def convert(site: Path, text: str) -> str:
    return franklin_compat.convert(text, site=site, page_vars={"fd_rpath": "page.md"}, path="page.md")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file opened while the test runs (through open, io.open, Path.open and os.open)."""
    seen: list[Path] = []
    real_open, real_os_open = builtins.open, os.open

    def record(file: Any) -> None:
        if isinstance(file, str | bytes | os.PathLike):
            with contextlib.suppress(OSError, ValueError, RuntimeError):
                seen.append(Path(os.fsdecode(file)).resolve())

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        record(file)
        return real_open(file, *args, **kwargs)

    def spy_os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        record(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    return seen


@pytest.mark.parametrize("case", list(ESCAPES))
def test_a_path_out_of_the_site_is_refused_and_never_read(site: Path, case: str, opened: list[Path]) -> None:
    text, code = ESCAPES[case]
    with pytest.raises(FranklinError) as e:
        convert(site, text)
    assert e.value.code == code
    assert SECRET not in str(e.value)
    assert (e.value.line, e.value.col) == (1, 1)
    outside = site.parent.resolve()
    leaks = [p for p in opened if p.is_relative_to(outside) and not p.is_relative_to(site.resolve())]
    assert not leaks, f"{case}: opened {leaks}"


@pytest.mark.parametrize("case", list(NOT_FOUND))
def test_an_absolute_path_is_the_sites_own(site: Path, case: str) -> None:
    text = NOT_FOUND[case].replace("SECRETDIR", str(site.parent))
    out = convert(site, text)
    assert SECRET not in out


def test_a_site_build_reads_nothing_outside(site: Path, tmp_path: Path) -> None:
    """Every escape as a page of a lenient build: reported on its page, and no secret in any output."""
    names = {}
    cases = {**ESCAPES, **{k: (v, "") for k, v in NOT_FOUND.items()}}
    for i, (case, (text, code)) in enumerate(cases.items()):
        rel = f"p{i}.md"
        (site / rel).write_text(text.replace("SECRETDIR", str(site.parent)) + "\n", encoding="utf-8")
        names[rel] = (case, code)
        cached = site / "__site" / "assets" / f"p{i}" / "code" / "output"
        cached.mkdir(parents=True)
        for ext in ("out", "res"):  # this page's cached outputs, linked out of the site
            (cached / f"x.{ext}").symlink_to(site.parent / "outside" / f"secret.{ext}")
    out = tmp_path / "out"
    report = Site(site).build(out)
    for p in out.rglob("*"):
        if p.is_file():
            assert SECRET.encode() not in p.read_bytes(), f"{p.relative_to(out)} holds the secret"
    codes: dict[str | None, set[str]] = {}
    for d in report.diagnostics:
        codes.setdefault(d.path, set()).add(d.code)
    for rel, (case, code) in names.items():
        if code:
            assert code in codes.get(rel, set()), f"{case}: no {code} for {rel} in {codes.get(rel)}"
    # the links under _assets are not copied out
    assert not (out / "assets" / "link.txt").exists()
    assert not (out / "assets" / "dirlink").exists()
    assert "FC501" in codes.get("_assets/link.txt", set())


def test_a_layout_linked_out_of_the_site_is_one_error_and_the_build_goes_on(tmp_path: Path) -> None:
    """Issue #16: one FC501 for the layout (not one failure per page), which is taken as empty;
    ``page_html`` alone still refuses the page."""
    site = make_site(tmp_path, layout_link=True)
    (site / "_rss").mkdir()
    (site / "_rss" / "item.xml").symlink_to(tmp_path / "secret.txt")
    out = tmp_path / "out"
    report = Site(site).build(out)
    refused = [d for d in report.diagnostics if d.code == "FC501" and d.path in ("_layout/head.html",
                                                                                  "_rss/item.xml")]
    assert len(refused) == 2 and all(d.severity is Severity.ERROR for d in refused)
    assert not any(d.code == "FC501" and d.path and d.path.startswith("_layout/head") and d not in refused
                   for d in report.diagnostics)
    assert (out / "index.html").is_file()
    with pytest.raises(FranklinError) as info:
        Site(site).page_html("index.md")
    assert info.value.code == "FC501"
    for p in out.rglob("*"):
        if p.is_file():
            assert SECRET.encode() not in p.read_bytes()


def test_the_command_line_reads_nothing_outside(site: Path) -> None:
    page = site / "page.md"
    page.write_text(ESCAPES["input file link"][0] + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for extra in ([], ["--layout"]):
        run = subprocess.run([sys.executable, "-m", "franklin_compat", "convert", str(page), *extra],
                             capture_output=True, text=True, env=env, timeout=120)
        assert SECRET not in run.stdout + run.stderr
        assert run.returncode == 1
        assert "FC501" in run.stderr


@pytest.mark.parametrize(
    "rel",
    ["../x", "a/../../x", "/../../etc/passwd", "a\x00b", "a" * 300, "ok/" + "b" * 256],
)
def test_inside_refuses_what_names_no_file_of_the_site(tmp_path: Path, rel: str) -> None:
    with pytest.raises(FranklinError) as e:
        inside(tmp_path, rel)
    assert e.value.code == "FC501"


def test_inside_follows_links(site: Path) -> None:
    assert inside(site, "_assets/ok.txt") == (site / "_assets" / "ok.txt").resolve()
    for rel in ("_assets/link.txt", "_assets/dirlink/secret.txt", "_layout/evil.html", "blog/other.md"):
        with pytest.raises(FranklinError):
            inside(site, rel)
    loop = site / "loop"
    loop.symlink_to(site / "loop")
    with pytest.raises(FranklinError):
        inside(site, "loop/x")


# -- attributes ----------------------------------------------------------------------

ATTACK = '" onmouseover="alert(1)" x="'


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    p = Elements()
    p.feed(html)
    p.close()
    return p.found


ATTRIBUTE_TEXT = {
    "div class": f"@@x{ATTACK}\nbody\n@@\n",
    "header id": f"# head{ATTACK}\n",
    "header tag": "## <img src=x onerror=alert(1)>\n",
    "image alt": f"![alt{ATTACK}](pic.png)\n",
    "image path": f"![a](<pic{ATTACK}.png>)\n",
    "link target": f"[t](<http://x{ATTACK}>)\n",
    "link definition": f"[id]: http://x{ATTACK}\n\n[t][id]\n",
    "fig path": f"\\fig{{x{ATTACK}}}\n",
    "figalt alt": f"\\figalt{{a{ATTACK}}}{{x.png}}\n",
    "file link": f"\\file{{a{ATTACK}}}{{b{ATTACK}}}\n",
    "label": f"\\label{{a{ATTACK}}}\n",
    "biblabel": f"\\biblabel{{a{ATTACK}}}{{N}}\n",
    "equation label": f"$$x\\label{{e{ATTACK}}}$$\n",
    "style": f"\\style{{color:red{ATTACK}}}{{t}}\n",
    "code language": f"```julia{ATTACK}\ncode\n```\n",
    "toc": f"\\toc\n\n# a{ATTACK}\n",
    "table cell": "| a |\n|---|\n| <b onclick=x>x</b> |\n",
    "inline html": "<script>alert(1)</script> and <img src=x onerror=y>\n",
}


@pytest.mark.parametrize("case", list(ATTRIBUTE_TEXT))
def test_page_text_in_attributes_is_escaped(case: str) -> None:
    html = franklin_compat.convert(ATTRIBUTE_TEXT[case])
    for tag, attrs in elements(html):
        names = [name for name, _ in attrs]
        assert not any(n.startswith("on") or n == "x" for n in names), f"{case}: <{tag} {attrs}> in {html!r}"
        images = ("image alt", "image path", "fig path", "figalt alt")
        assert tag not in ("script", "img") or case in images, f"{case}: a <{tag}> from page text: {html!r}"


def test_raw_html_between_tildes_passes_through() -> None:
    html = franklin_compat.convert("~~~\n<script>ok()</script><b onclick=\"f()\">b</b>\n~~~\n")
    assert "<script>ok()</script><b onclick=\"f()\">b</b>" in html


def test_the_spy_sees_what_a_page_reads(site: Path, opened: list[Path]) -> None:
    """Control for the test above: a read inside the site is seen."""
    out = convert(site, "\\input{plaintext}{/assets/ok.txt}")
    assert "fine" in out
    assert (site / "_assets" / "ok.txt").resolve() in opened

"""DOM-equal rate of the corpus pages that need no Julia: issue 18's yardstick.

    python benchmarks/subset_score.py [OUT.json] [--site NAME] [--show N] [--list]
    python benchmarks/subset_score.py --smoke

``OUT.json`` is what ``../shared/tools/corpus_score.py --json`` wrote; without it the scorer
is run first (its normaliser and per-page verdicts are the ones used here).

A page of ``OUT.json`` (every page ``corpus_score.py`` scored) is in the subset when

* neither its source nor a layout rendered inside the content the scorer compares calls a
  function of its site's ``utils.jl``: ``{{name …}}`` for an ``hfun_name``, ``\\name`` for an
  ``lx_name`` (or an ``@lx function name``), ``\\begin{name}`` for an ``env_name`` (or
  ``@env``); calls inside fenced code do not count (Franklin makes none there).  The layouts
  inside the content are ``page_foot.html`` and what it ``{{insert}}``s, transitively (Franklin
  wraps content and page foot in the content element); on a page the scorer had to cut out of
  the whole layout (no content element) they are ``head.html``, ``page_foot.html``,
  ``foot.html`` and their inserts, and so with ``--all-layouts`` on every page;
* and it holds no evaluated code: no fence named ``lang:name`` (```` ```julia:ex ````), no
  ```` ```! ```` / ```` ```> ```` / ```` ```; ```` / ```` ```] ```` / ```` ```? ```` block, no
  ``\\literate``, in its source or in the body of a ``\\newcommand`` (of the page or of
  ``config.md``) it uses, and no ``{{insert}}`` of a file in a folder of the site's Julia code
  (``CODE.tsv``: Weave and Literate output).

Two whole builds are left out as well, each for a difference that ``docs/divergences.md``
lists and that touches every page of the build: a site built before July 2020
(``BUILD.json``'s ``built_time``: Franklin 0.8 or older, whose headers had no anchor class), and
the builds in :data:`BUILD_OPTIONS` (a build script passed options the sources do not hold).
The report gives the rate with those pages counted too.

The utils.jl and layouts are read from the site's corpus folder with its fetched code laid
over it (``$FRANKLIN_CORPUS_CODE`` or ``~/.cache/franklin-corpus-code``), the page's site root
found as ``corpus_score.py`` finds it (FranklinTemplates variants: ``common`` then the variant).
Prints the subset's size and DOM-equal rate per site and in all, and why the other pages are
out; ``--show N`` lists N subset pages that are not DOM-equal (worst first), ``--list`` every
subset page.  ``--smoke`` checks the selection on a small site made on the spot.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from julia_census import BUILT, CORPUS, ROOT, SHARED, _braces, code_dir, find_calls, layouts_of  # noqa: E402

_DEFINED = re.compile(r"(?m)^[ \t]*(?:@(lx|env|delay)[ \t]+)?(?:function[ \t]+)?([A-Za-z_]\w*!?)[ \t]*\(")
_EVALUATED = re.compile(r"(?m)^[ \t]*`{3,5}(?:[A-Za-z][\w\-+.#]*:\S|[!>;\]?](?=[ \t\n]|$))|\\literate\{")
_PAGE_LAYOUTS = ["head.html", "page_foot.html", "foot.html"]
#: Builds made with options that are not in the site's sources (docs/divergences.md).
BUILD_OPTIONS = {"tlienart__FranklinTemplates.jl": "built with a prepath the build script passes"}
#: Franklin 0.8.6 (2020-06-29) changed indented blocks; 0.9/0.10 followed that summer.
OLD_FRANKLIN = "2020-07-01"
OLD_REASON = "built before July 2020 (Franklin 0.8 or older)"
_CONTENT_LAYOUTS = ["page_foot.html"]
_NEWCOMMAND = re.compile(r"\\newcommand\{\\(\w+)\}(?:\[\d\])?")
_INSERT = re.compile(r"\{\{\s*insert\s+([^\s}]+)\s*\}\}")


def evaluating_commands(texts: list[str]) -> frozenset[str]:
    """The ``\\newcommand`` names of ``texts`` whose body evaluates code, or uses one that does."""
    bodies: dict[str, str] = {}
    for text in texts:
        for m in _NEWCOMMAND.finditer(text):
            body = _braces(text, m.end())
            if body is not None:
                bodies[m.group(1)] = body[0]
    found: set[str] = set()
    grew = True
    while grew:
        grew = False
        for name, body in bodies.items():
            if name not in found and (
                _EVALUATED.search(body) or any(re.search(r"\\" + n + r"(?!\w)", body) for n in found)
            ):
                found.add(name)
                grew = True
    return frozenset(found)


def user_functions(utils: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The hfun, lx and env names ``utils.jl`` defines (``hfun_x``, ``lx_x``/``@lx``, ``env_x``/``@env``)."""
    found: dict[str, set[str]] = {"hfun": set(), "lx": set(), "env": set()}
    for m in _DEFINED.finditer(utils):
        macro, name = m.group(1), m.group(2)
        kind, _, short = name.partition("_")
        if kind in found and short:
            found[kind].add(short)
        elif macro in ("lx", "env"):
            found[macro].add(name)
    return frozenset(found["hfun"]), frozenset(found["lx"]), frozenset(found["env"])


class SiteRoots:
    """A page's site root, its utils.jl and layout files, as ``corpus_score.py`` assembles them."""

    def __init__(self, site_dir: Path, code: Path | None, code_files: list[str]) -> None:
        self.site_dir = site_dir
        self.code = code
        self.code_dirs = {(site_dir / f).parent.resolve() for f in code_files}

    def _layers(self, root: Path) -> list[Path]:
        """The folders whose files make the root: ``common`` under a FranklinTemplates variant."""
        common = root.parent / "common"
        layers = (
            [common] if root != self.site_dir and root != common and (common / "config.md").is_file() else []
        )
        return [*layers, root]

    def _read(self, layers: list[Path], rel: str) -> str | None:
        text = None
        for layer in layers:
            for base in (layer, self.code / layer.relative_to(self.site_dir) if self.code else None):
                if base is not None and (base / rel).is_file():
                    text = (base / rel).read_text(encoding="utf-8", errors="replace")
        return text

    def root_of(self, source: str) -> Path:
        d = (self.site_dir / source).parent
        while not (d / "config.md").is_file() and d != self.site_dir:
            d = d.parent
        return d

    def reasons(self, source: str, layouts: list[str]) -> list[str]:
        """Why the page is out of the subset (empty: it is in); ``layouts``: the layout files whose
        calls count, with what they insert."""
        root = self.root_of(source)
        layers = self._layers(root)
        page = (self.site_dir / source).read_text(encoding="utf-8", errors="replace")
        commands = evaluating_commands([self._read(layers, "config.md") or "", page])
        inserted = [(root / "_layout" / m.group(1)).resolve().parent for m in _INSERT.finditer(page)]
        if (
            _EVALUATED.search(page)
            or any(re.search(r"\\" + n + r"(?!\w)", page) for n in commands)
            or any(d.resolve() in self.code_dirs for d in inserted)
        ):
            out = ["evaluated code"]
        else:
            out = []
        utils = self._read(layers, "utils.jl")
        if utils is None:
            return out
        hfuns, lxs, envs = user_functions(utils)
        if find_calls(page, hfuns, lxs, envs):
            out.append("utils.jl call in the page")
        with tempfile.TemporaryDirectory() as tmp:  # the layouts of the merged root, for layouts_of
            merged = Path(tmp)
            (merged / "_layout").mkdir()
            for layer in layers:
                for base in (layer, self.code / layer.relative_to(self.site_dir) if self.code else None):
                    if base is not None and (base / "_layout").is_dir():
                        for f in (base / "_layout").glob("*.html"):
                            (merged / "_layout" / f.name).write_bytes(f.read_bytes())
            for name in layouts_of(merged, layouts):
                text = (merged / "_layout" / name).read_text(encoding="utf-8", errors="replace")
                if find_calls(text, hfuns, frozenset(), frozenset()):
                    out.append("utils.jl call in a layout")
                    break
        return out


def code_files(built: Path) -> list[str]:
    """The files of the site's Julia code (``CODE.tsv``'s ``dest`` column)."""
    table = built / "CODE.tsv"
    rows = table.read_text(encoding="utf-8").splitlines()[1:] if table.is_file() else []
    return [r.split("\t")[0] for r in rows if r.strip()]


def build_reason(built: Path) -> str | None:
    """Why a whole build is left out (see the module docstring), or None."""
    if built.name in BUILD_OPTIONS:
        return BUILD_OPTIONS[built.name]
    info = built / "BUILD.json"
    when = json.loads(info.read_text(encoding="utf-8")).get("built_time", "") if info.is_file() else ""
    return OLD_REASON if when and when < OLD_FRANKLIN else None


def select(
    pages: list[dict], corpus: Path, built: Path, code: Path | None, *, all_layouts: bool = False
) -> tuple[list[dict], list[dict], Counter[str]]:
    """The subset's pages of a ``corpus_score.py --json`` page list, the pages that only a
    whole-build difference leaves out, and how many pages each reason left out."""
    kept: list[dict] = []
    builds: list[dict] = []
    why: Counter[str] = Counter()
    roots: dict[str, SiteRoots] = {}
    whole_build: dict[str, str | None] = {}
    for p in pages:
        site = p["site"]
        sr = roots.get(site) or roots.setdefault(
            site, SiteRoots(corpus / site, (code / site) if code else None, code_files(built / site))
        )
        whole = all_layouts or p.get("mode") == "layout-cut"
        reasons = sr.reasons(p["source"], _PAGE_LAYOUTS if whole else _CONTENT_LAYOUTS)
        for r in reasons:
            why[r] += 1
        if reasons:
            continue
        if site not in whole_build:
            whole_build[site] = build_reason(built / site)
        if whole_build[site] is not None:
            why[str(whole_build[site])] += 1
            builds.append(p)
        else:
            kept.append(p)
    return kept, builds, why


def report(kept: list[dict], builds: list[dict], total: int, why: Counter[str], show: int,
           listing: bool) -> float:
    per: dict[str, list[dict]] = {}
    for p in kept:
        per.setdefault(p["site"], []).append(p)
    print(f"{'site':<56} {'subset':>6} {'dom_eq':>7} {'mean':>6}")
    for name in sorted(per):
        rows = per[name]
        eq = sum(bool(r["dom_equal"]) for r in rows)
        mean = sum(r["similarity"] or 0 for r in rows) / len(rows)
        print(f"{name:<56} {len(rows):>6} {100 * eq / len(rows):>6.1f}% {mean:>6.3f}")
    eq = sum(bool(r["dom_equal"]) for r in kept)
    rate = eq / len(kept) if kept else 1.0
    mean = sum(r["similarity"] or 0 for r in kept) / len(kept) if kept else 1.0
    print(
        f"{'SUBSET':<56} {len(kept):>6} {100 * rate:>6.1f}% {mean:>6.3f}   ({eq} DOM-equal; "
        f"{total - len(kept)} of {total} pages left out)"
    )
    both = kept + builds
    if builds:
        eq2 = sum(bool(r["dom_equal"]) for r in both)
        mean2 = sum(r["similarity"] or 0 for r in both) / len(both)
        print(f"{'with the builds left out counted':<56} {len(both):>6} {100 * eq2 / len(both):>6.1f}% "
              f"{mean2:>6.3f}")
    for reason, n in why.most_common():
        print(f"  left out, {reason}: {n}")
    bad = sorted((p for p in kept if not p["dom_equal"]), key=lambda p: p["similarity"] or 0)
    for p in bad[:show]:
        print(f"  not equal: {p['site']}/{p['source']}  similarity={p['similarity']:.3f}")
    if listing:
        for p in kept:
            print(f"  {'=' if p['dom_equal'] else '≠'} {p['site']}/{p['source']}")
    return rate


def smoke() -> int:
    """A site with one plain page, one calling an hfun, one with a layout calling one, one evaluating code."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        site = corpus / "smoke"
        (site / "_layout").mkdir(parents=True)
        (site / "blog").mkdir()
        (site / "config.md").write_text("")
        (site / "utils.jl").write_text('hfun_bar(p) = "x"\n@lx function keynote(; name="") end\n')
        (site / "_layout" / "head.html").write_text("<html>{{insert nav.html}}")
        (site / "_layout" / "nav.html").write_text("{{ if x }}{{ fill y }}{{ end }}")
        (site / "_layout" / "page_foot.html").write_text("")
        (site / "_layout" / "foot.html").write_text("</html>")
        (site / "plain.md").write_text("# T\n\n```julia\n{{bar}}\n```\n")
        (site / "hfun.md").write_text("x {{bar 1}}\n")
        (site / "raw.md").write_text("~~~\n<b>{{bar}}</b>\n~~~\n")  # raw HTML: the template stage calls it
        (site / "lx.md").write_text("\\keynote{name=1}\n")
        (site / "code.md").write_text("```julia:ex\n1\n```\n")
        (site / "config.md").write_text(
            "\\newcommand{\\tut}[1]{\\lit{#1}}\n\\newcommand{\\lit}[1]{\\literate{#1}}\n"
        )
        (site / "tut.md").write_text("\\tut{a}\n")
        (site / "_weave").mkdir()
        (site / "CODE.tsv").write_text("dest\trepo\n_weave/a.jmd\tx\n")
        (site / "weave.md").write_text("{{ insert ../_weave/a.html }}\n")
        (site / "blog" / "config.md").write_text("")
        (site / "blog" / "post.md").write_text("text\n")
        pages = [
            {"site": "smoke", "source": s, "dom_equal": s != "blog/post.md", "similarity": 0.5}
            for s in ("plain.md", "hfun.md", "raw.md", "lx.md", "code.md", "tut.md", "weave.md",
                      "blog/post.md")
        ]
        kept, _, why = select(pages, corpus, corpus, None)
        assert [p["source"] for p in kept] == ["plain.md", "blog/post.md"], kept
        assert why == Counter({"utils.jl call in the page": 3, "evaluated code": 3}), why
        (site / "BUILD.json").write_text('{"built_time": "2020-05-23T15:02:22+01:00"}')
        kept, builds, why = select(pages, corpus, corpus, None)
        assert not kept and len(builds) == 2 and why[OLD_REASON] == 2, why
        (site / "BUILD.json").unlink()
        (site / "_layout" / "nav.html").write_text("{{bar}}")  # inserted by head.html: outside the content
        kept, _, why = select(pages, corpus, corpus, None)
        assert [p["source"] for p in kept] == ["plain.md", "blog/post.md"], kept
        kept, builds, why = select(pages, corpus, corpus, None, all_layouts=True)
        assert [p["source"] for p in kept] == ["blog/post.md"], kept
        rate = report(kept, builds, len(pages), why, 1, False)
        assert rate == 0.0
    print("smoke: subset selection checked")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("json", nargs="?", help="corpus_score.py --json output (default: run it now)")
    ap.add_argument("--site", help="only this site (a unique part of its name)")
    ap.add_argument(
        "--show", type=int, default=0, metavar="N", help="list N subset pages that are not DOM-equal"
    )
    ap.add_argument("--list", action="store_true", help="list every subset page")
    ap.add_argument(
        "--all-layouts",
        action="store_true",
        help="calls in any layout of the page count, not only in those inside the compared content",
    )
    ap.add_argument("--smoke", action="store_true", help="a tiny site made on the spot; no corpus needed")
    args = ap.parse_args()
    if args.smoke:
        return smoke()
    if not CORPUS.is_dir() or not BUILT.is_dir():
        print(f"{CORPUS} is not here (run with --smoke for the self-check)")
        return 0
    if not args.json:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "scores.json"
            cmd = [sys.executable, str(SHARED / "tools" / "corpus_score.py"), "--json", str(out)]
            if args.site:
                cmd += ["--site", args.site]
            print("running", " ".join(cmd[1:]), flush=True)
            subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            args.json = str(out)
            return _score(args)
    return _score(args)


def _score(args: argparse.Namespace) -> int:
    pages = json.loads(Path(args.json).read_text(encoding="utf-8"))["pages"]
    if args.site:
        pages = [p for p in pages if args.site.lower() in p["site"].lower()]
    code = code_dir()
    kept, builds, why = select(pages, CORPUS, BUILT, code if code.is_dir() else None,
                               all_layouts=args.all_layouts)
    report(kept, builds, len(pages), why, args.show, args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""CPU time of ``convert`` over a corpus, next to mistune alone on the same texts.

    python benchmarks/throughput.py [--corpus ../shared/corpus] [--repeat 3] [--formats html,json,commonmark]
    python benchmarks/throughput.py --code ~/.cache/franklin-corpus-code   # the sites with their Julia code
    python benchmarks/throughput.py --smoke      # the bundled example site, once (CI)

Each page is converted by mistune (``create_markdown(escape=False, plugins=["table"])``, the
reference of docs/benchmarks.md) and by us right after, in the same process, so a busy machine
slows both alike; the figures are CPU seconds (``time.process_time``), the best of ``--repeat``
runs per page.  Prints totals and ratios per output format, and the pages whose ratio is worst.

A page can pull in text from other files (``{{insert}}``, ``\\textoutput``, ``\\input``, cached
code outputs) and read text its commands expand to (a ``\\newcommand``'s body, what a ``utils.jl``
function returns).  The pages over 5× are timed again (ten runs or more, both ways: a page of a
millisecond is easily over by chance), then converted once more noting the files opened and the
texts expanded; their ratio is also given against mistune on the page and those files, on all the
text converted (the expansions too), and on that text with Franklin's ``~~~`` delimiters taken
out: Franklin passes what they enclose through as raw HTML, where mistune reads a ``~~~`` as a
code fence (often to the end of the page) and skips the reading of everything after it.

The shared corpus holds no Julia code of the sites (``utils.jl``, Literate scripts): a page that
calls ``\\literate`` then converts to a "file not found" note.  ``--code DIR`` (the cache
``../shared/tools/corpus_code.py`` fills, ``DIR/<site>/``) times the pages as a checkout of each
site holds them: every site is copied to a temporary folder and its code laid over it, as
``corpus_score.py`` does.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import mistune

import franklin_compat
from franklin_compat.core.paths import find_root
from franklin_compat.expand.expander import Expander
from franklin_compat.reading.ast import Environment

HERE = Path(__file__).resolve().parent
#: files opened while a page is converted again (None: not listening)
_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], str | Path):
        _OPENED.append(str(args[0]))


def pulled_in(page: Path, root: Path | None, run: Any) -> tuple[list[str], list[str]]:
    """The texts of the site's files (other than the page) that converting the page reads, and
    the texts its commands expand to (a ``\\newcommand``'s body with its arguments put in, what a
    ``utils.jl`` function returns: Markdown read once more, which mistune on the page never
    reads; an environment's body, already in the page, is not counted twice)."""
    global _OPENED
    _OPENED = []
    expanded: list[str] = []
    reparse = Expander._reparse

    def noting(self: Any, text: str, at: Any, *args: Any, **kwargs: Any) -> Any:
        expanded.append(text.replace(at.body, "", 1) if isinstance(at, Environment) else text)
        return reparse(self, text, at, *args, **kwargs)

    Expander._reparse = noting  # type: ignore[method-assign]
    try:
        run()
    finally:
        opened, _OPENED = _OPENED, None
        Expander._reparse = reparse  # type: ignore[method-assign]
    out: list[str] = []
    for name in dict.fromkeys(opened):
        f = Path(name).resolve()
        if root is not None and f != page.resolve() and f.is_relative_to(root.resolve()) and f.is_file():
            out.append(f.read_text(encoding="utf-8", errors="replace"))
    return out, [_without(text, out) for text in expanded]


def _without(text: str, files: list[str]) -> str:
    """``text`` less the files' texts it holds (a command that puts a file in, as ``\\textoutput``
    does, is counted once, with the file), or nothing when a file holds it."""
    for f in files:
        if text in f:
            return ""
        text = text.replace(f, "", 1) if f else text
    return text


def pages(corpus: Path) -> list[tuple[Path, str, Path | None]]:
    out = []
    for p in sorted(corpus.rglob("*.md")):
        if any(part.startswith(("_", ".")) for part in p.relative_to(corpus).parts) or p.name in (
            "config.md",
            "README.md",
            "LICENSE.md",
        ):
            continue
        out.append((p, p.read_text(encoding="utf-8", errors="replace"), find_root(p)))
    return out


def with_code(corpus: Path, code: Path, into: Path) -> Path:
    """A copy of ``corpus`` in ``into`` with each site's Julia code (``code/<site>/``) laid over it."""
    out = into / "corpus"
    shutil.copytree(corpus, out, symlinks=True)
    for site in sorted(code.iterdir()):
        if site.is_dir() and (out / site.name).is_dir():
            shutil.copytree(site, out / site.name, dirs_exist_ok=True)
    return out


def _best(fn: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()  # type: ignore[operator]
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(HERE.parents[1] / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--formats", default="html,json,commonmark")
    ap.add_argument("--smoke", action="store_true", help="the bundled example site, once")
    ap.add_argument("--worst", type=int, default=5)
    ap.add_argument("--code", metavar="DIR", help="the sites' Julia code (corpus_code.py's cache)")
    args = ap.parse_args()
    corpus = HERE.parent / "fixtures" / "example" if args.smoke else Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}: pass --corpus DIR (the shared corpus is optional) or --smoke")
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.code and not args.smoke:
            code = Path(args.code).expanduser()
            if not code.is_dir():
                print(f"no code at {code}: run ../shared/tools/corpus_code.py first, or leave out --code")
                return
            corpus = with_code(corpus, code, Path(tmp))
        measure(corpus, args)


def measure(corpus: Path, args: argparse.Namespace) -> None:
    """Time every page of ``corpus`` and print the totals and the worst pages."""
    repeat = 1 if args.smoke else args.repeat
    items = pages(corpus)
    formats = args.formats.split(",")
    md = mistune.create_markdown(escape=False, plugins=["table"])
    sites = {root: franklin_compat.Site.cached(root) for _, _, root in items if root is not None}
    t_mistune = 0.0
    t_ours = dict.fromkeys(formats, 0.0)
    per_page: list[tuple[float, float, str]] = []
    runs: dict[str, tuple[Path, Path | None, Any]] = {}
    failed = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p, text, root in items:
            site = sites.get(root) if root is not None else None
            rel = p.relative_to(root).as_posix() if root else None
            pv = {"fd_rpath": rel} if rel else None
            m = _best(lambda text=text: md(text), repeat)
            t_mistune += m
            for fmt in formats:
                def run(text: str = text, fmt: str = fmt, site: Any = site, pv: Any = pv) -> None:
                    with contextlib.suppress(franklin_compat.FranklinError):
                        franklin_compat.convert(text, fmt, site=site, page_vars=pv)
                o = _best(run, repeat)
                t_ours[fmt] += o
                if fmt == "html":
                    per_page.append((o, m, str(p.relative_to(corpus))))
                    runs[str(p.relative_to(corpus))] = (p, root, run)
            try:
                franklin_compat.convert(text, "html", site=site, page_vars=pv)
            except franklin_compat.FranklinError:
                failed += 1
    chars = sum(len(t) for _, t, _ in items)
    print(f"pages {len(items)}  chars {chars:,}  pages raising FranklinError {failed}  "
          f"(CPU s, best of {repeat})")
    print(f"mistune alone          {t_mistune:7.2f} s  {chars / max(t_mistune, 1e-9) / 1e6:6.2f} M chars/s")
    for fmt in formats:
        t = t_ours[fmt]
        print(f"franklin_compat {fmt:<10} {t:6.2f} s  {chars / max(t, 1e-9) / 1e6:6.2f} M chars/s  "
              f"ratio {t / max(t_mistune, 1e-9):.2f}x")
    if per_page:
        per_page.sort(key=lambda x: x[0] / max(x[1], 1e-4), reverse=True)
        timed = [x for x in per_page if x[1] >= 1e-4]
        # a page of a millisecond or less, timed once per run, can be over by chance (a collection,
        # another process): each page over is timed again, both ways, ten runs or more
        again = max(10, 3 * repeat)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i, (o, m, name) in enumerate(timed):
                if o / m > 5:
                    page, _root, run = runs[name]
                    own = page.read_text(encoding="utf-8", errors="replace")
                    m = min(m, _best(lambda own=own: md(own), again))
                    timed[i] = (min(o, _best(run, again)), m, name)
        timed.sort(key=lambda x: x[0] / x[1], reverse=True)
        over = [x for x in timed if x[0] / x[1] > 5]
        sys.addaudithook(_audit)
        # page → characters pulled in from files and made by its commands, the ratio on the page
        # and its files, on all it converts, and on all of it with its `~~~` read as HTML
        whole: dict[str, tuple[int, int, float, float, float]] = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for o, _m, name in over:
                page, root, run = runs[name]
                files, expanded = pulled_in(page, root, run)
                own = page.read_text(encoding="utf-8", errors="replace")
                text = "\n\n".join([own, *files])
                m_files = _best(lambda text=text: md(text), repeat)
                expanded = [e for e in expanded if e]
                if expanded:
                    text = "\n\n".join([text, *expanded])
                m_all = _best(lambda text=text: md(text), repeat) if expanded else m_files
                # Franklin passes what ``~~~`` encloses through as HTML; mistune reads the ``~~~`` as a
                # code fence, often to the end of the page, and skips the reading Franklin does
                html = text.replace("~~~", "")
                m_html = _best(lambda html=html: md(html), repeat) if html != text else m_all
                whole[name] = (sum(map(len, files)), sum(map(len, expanded)), o / max(m_files, 1e-9),
                               o / max(m_all, 1e-9), o / max(m_html, 1e-9))
        by_files = sum(1 for _o, _m, name in over if whole[name][2] > 5)
        by_all = sum(1 for _o, _m, name in over if whole[name][3] > 5)
        fenced = [(o, name) for o, _m, name in over if whole[name][4] > 5]
        print(f"pages over 5x mistune: {len(over)} of {len(timed)} on their own text; "
              f"{by_files} against mistune on theirs and the files they pull in; "
              f"{by_all} on all the text they convert (adding what their commands expand to); "
              f"{len(fenced)} when mistune reads that text's ~~~ blocks as the HTML they are")
        for o, name in fenced:
            print(f"  {whole[name][4]:6.1f}x  {o * 1000:8.1f} ms  {name}")
        print("worst pages (html / mistune on the page; characters pulled in from files, characters "
              "its commands expand to; the ratio on the page and its files, on all it converts, and "
              "on all of it with ~~~ read as HTML):")
        for o, m, name in timed[: args.worst]:
            r = o / m
            files_n, exp_n, r_files, r_all, as_html = whole.get(name, (0, 0, r, r, r))
            print(f"  {r:6.1f}x  {o * 1000:8.1f} ms  {files_n:>9,}  {exp_n:>7,}  {r_files:6.1f}x  "
                  f"{r_all:6.1f}x  {as_html:6.1f}x  {name}")

if __name__ == "__main__":
    main()

"""How many of the user-function calls a corpus build meets the Julia evaluator runs.

    python benchmarks/julia_census.py [--site NAME] [--show N] [--compare]
    python benchmarks/julia_census.py --smoke

For each corpus site with a ``utils.jl`` (read from ``$FRANKLIN_CORPUS_CODE`` or
``~/.cache/franklin-corpus-code``), every call Franklin would make while building it
is found: ``{{name …}}`` naming an ``hfun_`` of the file, ``\\name{…}`` and
``\\begin{name}`` naming an ``lx_``/``env_`` (``@lx``/``@env`` included), in each page
and in the layouts each page is rendered with (``head.html``, ``page_foot.html``,
``foot.html`` and what they ``{{insert}}``; ``tag.html`` once per tag).  Each call is
run with a host backed by :class:`franklin_compat.Site` and counted as evaluated, or
by the error code that stopped it.  ``--compare`` also prints, for a few calls,
where the evaluated HTML and Franklin's built page (``../shared/corpus-built``) differ.
``--smoke`` runs the same on a tiny site made on the spot (no corpus needed).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: ``../shared`` beside the checkout (or beside the folder of worktrees), or ``$FRANKLIN_SHARED``.
_NEAR = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
SHARED = Path(os.environ.get("FRANKLIN_SHARED") or next((p for p in _NEAR if p.is_dir()), _NEAR[0]))
CORPUS = SHARED / "corpus"
BUILT = SHARED / "corpus-built"
OUTCOMES = ("evaluated", "FC801 unsupported construct", "FC802 needs a package", "FC803 Julia error",
            "FC804 budget", "FC805 sandbox", "FC800 syntax", "crash")
#: Files the shared corpus adds to each site (its provenance), not pages of the site.
NOT_PAGES = frozenset({"SOURCE.md"})
_HFUN = re.compile(r"\{\{\s*([A-Za-z_][\w!]*)((?:[ \t]+[^}\n]*)?)\}\}")
_INSERT = re.compile(r"\{\{\s*insert\s+([^\s}]+)\s*\}\}")
_FENCE = re.compile(r"^(`{3,}).*?^\1", re.S | re.M)  # not ~~~: raw HTML, whose {{ }} run


def code_dir() -> Path:
    return Path(os.environ.get("FRANKLIN_CORPUS_CODE", "~/.cache/franklin-corpus-code")).expanduser()


class CallSite(NamedTuple):
    """One call: the page being rendered, the file the call is written in, where, and what."""

    page: str
    source: str
    line: int
    col: int
    kind: str  # hfun, lx, env
    name: str
    args: tuple[str, ...]
    body: str = ""

    def where(self) -> str:
        via = "" if self.page == self.source else f" (rendering {self.page})"
        at = f":{self.line}:{self.col}" if self.line else ""  # a template call: the page is where
        return f"{self.source}{at}{via}"


def _blank_code(text: str) -> str:
    """Fenced code blocks replaced by spaces (same offsets): Franklin does not call anything there
    (it does in a ``~~~`` block, which is raw HTML for the template stage)."""
    return _FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _braces(text: str, i: int) -> tuple[str, int] | None:
    """The ``{…}`` starting at ``i`` (balanced), its content and the offset after it."""
    if i >= len(text) or text[i] != "{":
        return None
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1:j], j + 1
    return None


def find_calls(text: str, hfuns: frozenset[str], lxs: frozenset[str], envs: frozenset[str]
               ) -> list[tuple[int, str, str, tuple[str, ...], str]]:
    """(offset, kind, name, args, body) of each user-function call in a page or layout."""
    text = _blank_code(text)
    out: list[tuple[int, str, str, tuple[str, ...], str]] = []
    for m in _HFUN.finditer(text):
        if m.group(1) in hfuns:
            out.append((m.start(), "hfun", m.group(1), tuple(m.group(2).split()), ""))
    for name in lxs:
        for m in re.finditer(r"\\" + re.escape(name) + r"(?![\w])", text):
            arg = _braces(text, m.end())
            out.append((m.start(), "lx", name, (arg[0],) if arg else (), ""))
    for name in envs:
        opener = "\\begin{" + name + "}"
        for m in re.finditer(re.escape(opener), text):
            arg = _braces(text, m.end())
            start = arg[1] if arg else m.end()
            end = text.find("\\end{" + name + "}", start)
            body = text[start:end] if end >= 0 else text[start:]
            out.append((m.start(), "env", name, (arg[0],) if arg else (), body))
    return sorted(out)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def layouts_of(root: Path, names: list[str]) -> list[str]:
    """The layout files a page is rendered with: ``names`` and what they insert, transitively."""
    seen: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop(0)
        path = root / "_layout" / name
        if name in seen or not path.is_file():
            continue
        seen.append(name)
        todo.extend(m.group(1) for m in _INSERT.finditer(path.read_text(encoding="utf-8", errors="replace")))
    return seen


def site_host(site: Any, page: str, extra: dict[str, Any] | None = None) -> Any:
    """The host a build gives ``page``'s user code (:class:`franklin_compat.site.julia.SiteHost`):
    the page's variables after its Markdown stage, ``extra`` (a tag page's ``fd_tag``), and a list
    taking the files it writes into the built site."""
    from franklin_compat.site.julia import SiteHost

    page_vars = dict((site.page_vars_of(page) if page.endswith(".md") else None) or {"fd_rpath": page})
    page_vars.update(extra or {})
    return SiteHost(site, page, page_vars, outputs=[])


class Census:
    """The outcome of every call of one site, the failures, and one hfun result per (page, name, args)."""

    def __init__(self, site: str) -> None:
        self.site = site
        self.counts: Counter[str] = Counter()
        self.failures: list[tuple[CallSite, str]] = []
        self.results: dict[tuple[str, str, tuple[str, ...]], str] = {}
        self.seconds = 0.0


def command_sites(site: Any, program: Any) -> list[CallSite]:
    """The ``\\name{…}`` and ``\\begin{name}`` calls of the Markdown pages (no conditions apply there)."""
    from franklin_compat.site.files import Kind

    out: list[CallSite] = []
    for f in site.files():
        if f.kind is not Kind.MD or f.rel in NOT_PAGES:
            continue
        text = (site.root / f.rel).read_text(encoding="utf-8", errors="replace")
        for off, kind, name, args, body in find_calls(text, frozenset(), program.lx_names, program.env_names):
            line, col = _position(text, off)
            out.append(CallSite(f.rel, f.rel, line, col, kind, name, args, body))
    return out


_BUILT_AT = re.compile(r"^- Built HTML: .*\((\d{4}-\d\d-\d\dT[\d:]+(?:Z|[+-]\d\d:\d\d))\)", re.M)


def build_epoch(site_root: Path) -> str | None:
    """When Franklin built the corpus copy (its ``SOURCE.md``), as ``SOURCE_DATE_EPOCH`` reads it."""
    import datetime as dt

    source = site_root / "SOURCE.md"
    m = _BUILT_AT.search(source.read_text(encoding="utf-8")) if source.is_file() else None
    if m is None:
        return None
    return str(int(dt.datetime.fromisoformat(m.group(1).replace("Z", "+00:00")).timestamp()))


def run(site_root: Path, utils: str, name: str) -> Census:
    """Build every page (layouts included) with the site's hfuns served by the evaluator, and run
    every command and environment of the Markdown pages."""
    from franklin_compat import Site
    from franklin_compat.core.hooks import USER_HFUNS
    from franklin_compat.julia_subset import JuliaError, load_program
    from franklin_compat.site.files import Kind

    site = Site(site_root)
    census = Census(name)
    program = load_program(utils, "utils.jl", site_host(site, "index.md"))

    def attempt(cs: CallSite, host: Any) -> str:
        try:
            if cs.kind == "hfun":
                result = program.call_hfun(cs.name, list(cs.args), host)
            elif cs.kind == "lx":
                result = program.call_lx(cs.name, list(cs.args), host)
            else:
                result = program.call_env(cs.name, cs.body, list(cs.args), host)
        except JuliaError as e:
            label = next((o for o in OUTCOMES if o.startswith(e.code)), e.code)
            census.counts[label] += 1
            census.failures.append((cs, e.diagnostic.render() + _backtrace(e)))
            return ""
        except Exception as e:
            census.counts["crash"] += 1
            census.failures.append((cs, f"{type(e).__name__}: {e}"))
            return ""
        census.counts["evaluated"] += 1
        if cs.kind == "hfun":  # commands and environments give Markdown, which Franklin converts
            census.results.setdefault((cs.page, cs.name, cs.args), result)
        return result

    def stand_in(fname: str) -> Any:
        def hfun(params: list[str], ctx: Any) -> str:
            rpath = str(getattr(ctx, "rpath", "") or "index.md")
            tag = ctx.page_vars.get("fd_tag") if isinstance(getattr(ctx, "page_vars", None), dict) else None
            extra = {"fd_tag": tag} if tag else {}
            layout = str(getattr(ctx, "path", "") or rpath).removeprefix(str(site.root) + "/")
            return attempt(CallSite(rpath, layout, 0, 0, "hfun", fname, tuple(params)),
                           site_host(site, rpath, extra))
        return hfun

    t0 = time.perf_counter()
    names = sorted(program.hfun_names)
    for n in names:
        USER_HFUNS.add(n, stand_in(n), replace=True)
    try:
        for f in site.files():
            if f.kind is not Kind.COPY and f.rel not in NOT_PAGES:
                with contextlib.suppress(Exception):  # a page our pipeline cannot build: no calls met
                    site.page_html(f.rel)
        for tag in site._tag_index():
            with contextlib.suppress(Exception):
                site.render_tag_page(tag)
    finally:
        for n in names:
            USER_HFUNS.remove(n)
    for cs in command_sites(site, program):
        attempt(cs, site_host(site, cs.page))
    census.seconds = time.perf_counter() - t0
    return census


def _backtrace(e: Any) -> str:
    frames = getattr(e, "frames", ())
    return "".join(f"\n        in {f.function} at {f.path}:{f.line}" for f in frames[:4])


def report(results: list[Census], show: int) -> None:
    total: Counter[str] = Counter()
    width = max([len(c.site) for c in results] + [5])
    head = (f"{'site':<{width}}  {'calls':>6}  {'eval':>6}  {'FC801':>5}  {'FC802':>5}  {'FC803':>5}  other  "
            f"{'%':>6}")
    print(head)
    print("-" * len(head))
    for c in results:
        n = sum(c.counts.values())
        total.update(c.counts)
        other = n - sum(c.counts[o] for o in OUTCOMES[:4])
        pct = 100.0 * c.counts["evaluated"] / n if n else 100.0
        print(f"{c.site:<{width}}  {n:>6}  {c.counts['evaluated']:>6}  {c.counts[OUTCOMES[1]]:>5}  "
              f"{c.counts[OUTCOMES[2]]:>5}  {c.counts[OUTCOMES[3]]:>5}  {other:>5}  {pct:>5.1f}%")
    n = sum(total.values())
    print("-" * len(head))
    pct = 100.0 * total["evaluated"] / n if n else 100.0
    other = n - sum(total[o] for o in OUTCOMES[:4])
    print(f"{'total':<{width}}  {n:>6}  {total['evaluated']:>6}  {total[OUTCOMES[1]]:>5}  "
          f"{total[OUTCOMES[2]]:>5}  {total[OUTCOMES[3]]:>5}  {other:>5}  {pct:>5.1f}%")
    print()
    for outcome in OUTCOMES[1:]:
        if total[outcome]:
            print(f"  {outcome}: {total[outcome]}")
    if show:
        for c in results:
            seen: set[tuple[str, str]] = set()
            for cs, message in c.failures:
                key = (cs.name, message.split("\n")[0])
                if key in seen or len(seen) >= show:
                    continue
                seen.add(key)
                print(f"\n[{c.site}] {cs.kind} {cs.name} at {cs.where()}\n    {message}")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


_OPTIONAL_END = re.compile(r"</(?:li|p|td|th|tr|dt|dd|option|thead|tbody)>")


def _normal(html: str) -> str:
    """HTML re-serialised by one parser (minified pages drop quotes) with the spaces squashed."""
    from bs4 import BeautifulSoup

    text = _squash(str(BeautifulSoup(html.replace("~~~", ""), "html.parser")))
    return _OPTIONAL_END.sub("", text)  # minifiers drop the end tags HTML lets one omit


def compare(census: Census, built: Path) -> None:
    """For one page per function, whether the evaluated HTML occurs in Franklin's built page (both
    re-serialised, spaces aside), and where it stops matching when it does not."""
    pairs = built / "PAIRS.tsv"
    outputs: dict[str, str] = {}
    if pairs.is_file():
        for row in pairs.read_text(encoding="utf-8").splitlines():
            cols = row.split("\t")
            if len(cols) >= 2:
                outputs[cols[0]] = cols[1]
    done: set[str] = set()
    for (page, name, _), html in sorted(census.results.items()):
        out = built / outputs.get(page, "")
        if name in done or not html.strip() or page not in outputs or not out.is_file():
            continue
        done.add(name)
        ours, theirs = _normal(html), _normal(out.read_text(encoding="utf-8", errors="replace"))
        if ours in theirs:
            print(f"  {census.site}: {{{{{name}}}}} on {page}: found as is in the built page")
            continue
        k = _longest_prefix(ours, theirs)
        print(f"  {census.site}: {{{{{name}}}}} on {page}: differs after {k} of {len(ours)} characters:"
              f"\n    ours:  …{ours[max(0, k - 40):k + 60]}")


def _longest_prefix(ours: str, theirs: str) -> int:
    """How many leading characters of ``ours`` occur somewhere in ``theirs``."""
    lo, hi = 0, len(ours)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ours[:mid] in theirs:
            lo = mid
        else:
            hi = mid - 1
    return lo


SMOKE_UTILS = '''
using Dates
const MENU = ["Home" => "/", "Blog" => "/blog/"]
function hfun_navbar()
    io = IOBuffer()
    for (title, link) in MENU
        write(io, """<a href="$link">$title</a>""")
    end
    return String(take!(io))
end
function hfun_posts()
    posts = filter!(p -> endswith(p, ".md"), readdir("blog"))
    titles = [something(pagevar("blog/" * splitext(p)[1], :title), p) for p in posts]
    return join(sort(titles), ", ")
end
lx_shout(com, _) = uppercase(Franklin.content(com.braces[1]))
'''


def smoke() -> list[Census]:
    files = {
        "config.md": '+++\nauthor = "Smoke"\n+++\n',
        "utils.jl": SMOKE_UTILS,
        "_layout/head.html": "<nav>{{navbar}}</nav>\n",
        "index.md": "# Home\n\n{{posts}} and \\shout{hello}\n",
        "blog/one.md": '+++\ntitle = "One"\n+++\nText.\n',
        "blog/two.md": '+++\ntitle = "Two"\n+++\nText.\n',
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        census = run(root, files["utils.jl"], "smoke")
    return [census]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="a tiny site made on the spot; no corpus needed")
    ap.add_argument("--site", help="only the corpus sites whose name contains this")
    ap.add_argument("--show", type=int, default=3, help="distinct failures shown per site")
    ap.add_argument("--compare", action="store_true", help="compare evaluated HTML with Franklin's build")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")  # the site's own warnings (unresolved calls…) are not this count
    if args.smoke:
        results = smoke()
        report(results, args.show)
        return 0 if results[0].counts["evaluated"] == sum(results[0].counts.values()) else 1
    code = code_dir()
    if not CORPUS.is_dir() or not code.is_dir():
        print(f"corpus part skipped: {CORPUS} or {code} is not here (run with --smoke for the self-check)")
        return 0
    results = []
    for site_dir in sorted(CORPUS.iterdir()):
        utils = code / site_dir.name / "utils.jl"
        if (args.site and args.site not in site_dir.name) or not utils.is_file():
            continue
        if not (site_dir / "config.md").is_file():
            continue
        epoch = build_epoch(site_dir)  # today() is the day Franklin built the copy
        saved = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
        try:
            census = run(site_dir, utils.read_text(encoding="utf-8"), site_dir.name)
        finally:
            if saved is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = saved
        results.append(census)
        if args.compare:
            compare(census, BUILT / site_dir.name)
    report(results, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())

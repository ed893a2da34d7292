"""Evaluated code blocks of every corpus site, by outcome, and a check that none is dropped.

    python benchmarks/code_outputs.py [--smoke] [--site NAME] [--show N] [--shared DIR]

Every page of ``../shared/corpus-built/*/PAIRS.tsv`` is built from a copy of its site with the
site's Julia code laid over it (``_literate/`` scripts, fetched by ``corpus_code.py``), as
``corpus_score.py`` builds it.  For each evaluated block (```` ```julia:name ````,
```` ```! ```` and its siblings, the blocks of ``\\literate``) the page must report exactly one
outcome (``FC414`` output used, ``FC415`` stale, ``FC411`` missing), and the block must not be
dropped: its visible code is in the page's HTML, and so is the output Franklin shows after it
(```` ```! ````, ``showall``): the cached text, or, when there is none, Franklin's red placeholder.
A block with no visible code and an empty output shows nothing, in Franklin too.

Prints, per site, pages with evaluated code, blocks, the three outcomes and the dropped blocks
(``--show N`` lists N of them); exits 1 if a block is dropped or lacks its one outcome.
``--smoke`` runs on ``fixtures/sites/code-eval`` only, in a second (what CI runs).  Without
``../shared`` (or ``--shared DIR``) the corpus part says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURE = ROOT / "fixtures" / "sites" / "code-eval"
sys.path.insert(0, str(ROOT))

from franklin_compat import FranklinError, Site  # noqa: E402
from franklin_compat.core.refs import escape_code  # noqa: E402
from franklin_compat.emit.html import _hide_lines  # noqa: E402
from franklin_compat.expand.code import is_evaluated_pair  # noqa: E402
from franklin_compat.expand.codecache import OUTCOME_CODES  # noqa: E402
from franklin_compat.expand.literate import JULIA_SPACE  # noqa: E402
from franklin_compat.reading import ast as A  # noqa: E402

OUTCOMES = {code: outcome.value for outcome, code in OUTCOME_CODES.items()}


class Tally:
    """Counts for one site (or all).  (A plain class: tests load this script without registering it.)"""

    def __init__(self) -> None:
        self.pages = 0
        self.blocks = 0
        self.outcomes: Counter[str] = Counter()
        self.dropped: list[str] = []  # "page: block (what is missing)"
        self.unaccounted: list[str] = []  # pages whose outcome count is off

    def add(self, other: Tally) -> None:
        self.pages += other.pages
        self.blocks += other.blocks
        self.outcomes.update(other.outcomes)
        self.dropped += other.dropped
        self.unaccounted += other.unaccounted


def evaluated(doc: A.Document) -> list[tuple[A.CodeBlock, A.CodeOutput | None]]:
    """The page's evaluated blocks, each with the output shown right after it (if any)."""
    paired: dict[int, A.CodeOutput] = {}
    blocks: list[A.CodeBlock] = []
    for n in A.walk(doc):
        if is_evaluated_pair(n):
            block, out = n.child_nodes()
            if isinstance(out, A.CodeOutput):
                paired[id(block)] = out
        elif isinstance(n, A.CodeBlock) and n.name and n.lang == "julia":
            blocks.append(n)
    return [(b, paired.get(id(b))) for b in blocks]


def missing_parts(block: A.CodeBlock, out: A.CodeOutput | None, html: str) -> list[str]:
    """What of the block Franklin would show is not in ``html``."""
    lost = []
    code = _hide_lines(block.code, block.lang).strip(JULIA_SPACE)
    if code and escape_code(code) not in html:
        lost.append("code")
    if out is not None:
        if out.text is None and out.error not in html:
            lost.append("placeholder")
        elif out.text and out.text not in html:
            lost.append("output")
    return lost


def page_tally(site: Site, rel: str, label: str) -> Tally:
    t = Tally()
    res = site.markdown_stage(rel)
    blocks = evaluated(res.document)
    if not blocks:
        return t
    html = site.page_html(rel)
    t.pages, t.blocks = 1, len(blocks)
    t.outcomes.update(OUTCOMES[d.code] for d in res.diagnostics if d.code in OUTCOMES)
    if sum(t.outcomes.values()) != len(blocks):
        t.unaccounted.append(f"{label}: {len(blocks)} blocks, {sum(t.outcomes.values())} outcomes")
    for block, out in blocks:
        lost = missing_parts(block, out, html)
        if lost:
            t.dropped.append(f"{label}: '{block.name}' ({', '.join(lost)} not in the page)")
    return t


def fixture() -> Tally:
    site = Site(FIXTURE)
    total = Tally()
    for page in sorted(p.name for p in FIXTURE.glob("*.md") if p.name != "config.md"):
        total.add(page_tally(site, page, page))
    return total


def corpus_site(shared: Path, name: str, cs: object, code: Path | None) -> Tally:
    """One corpus site, from a copy with its code laid over (``corpus_score.py``'s way)."""
    src = shared / "corpus" / name
    built = shared / "corpus-built" / name
    pairs = [line.split("\t") for line in (built / "PAIRS.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    total = Tally()
    with tempfile.TemporaryDirectory(prefix="code-outputs-") as tmp:
        site_code = code / name if code is not None and (code / name).is_dir() else None
        copy = cs.dated_copy(src, Path(tmp), cs.build_time(src, built), site_code)  # type: ignore[attr-defined]
        roots = cs.Roots()  # type: ignore[attr-defined]
        sites: dict[Path, Site] = {}
        try:
            for source, built_path in pairs:
                root, rel = roots.locate(copy, source, built_path.strip())
                site = sites.setdefault(root, Site(root))
                try:
                    total.add(page_tally(site, rel, source))
                except FranklinError as e:
                    total.unaccounted.append(f"{source}: failed ({e.diagnostic.code})")
        finally:
            roots.close()
    return total


def _row(name: str, t: Tally) -> str:
    o = t.outcomes
    return (f"{name:<56} {t.pages:>5} {t.blocks:>6} {o['used']:>5} {o['stale']:>5} {o['missing']:>7} "
            f"{len(t.dropped):>7}")


def report(rows: list[tuple[str, Tally]], show: int) -> int:
    print(f"{'site':<56} {'pages':>5} {'blocks':>6} {'used':>5} {'stale':>5} {'missing':>7} {'dropped':>7}")
    total = Tally()
    for name, t in rows:
        total.add(t)
        print(_row(name, t))
    print(_row("TOTAL", total))
    for line in total.dropped[:show] + total.unaccounted:
        print("  " + line)
    ok = not total.dropped and not total.unaccounted
    print("every evaluated block has one outcome and is shown" if ok else "FAILED: see above")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smoke", action="store_true", help="the fixture site only (seconds)")
    ap.add_argument("--site", help="one corpus site (folder name)")
    ap.add_argument("--show", type=int, default=10, help="dropped blocks to list")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (corpus, tools)")
    args = ap.parse_args()
    shared: Path = args.shared
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    rows = [("fixtures/sites/code-eval", fixture())]
    if not args.smoke:
        if not (shared / "corpus-built").is_dir():
            print(f"no shared corpus at {shared} (only the project's own machines have it): "
                  "corpus part skipped")
        else:
            sys.path.insert(0, str(shared / "tools"))
            import corpus_score as cs

            code = cs.code_root(None)
            names = [args.site] if args.site else sorted(p.name for p in (shared / "corpus-built").iterdir()
                                                         if (p / "PAIRS.tsv").is_file())
            rows += [(name, corpus_site(shared, name, cs, code)) for name in names]
            if code is None:
                print("no Julia code cache (corpus_code.py): \\literate scripts are missing", file=sys.stderr)
    status = report(rows, args.show)
    print(f"{time.perf_counter() - t0:.1f} s")
    return status


if __name__ == "__main__":
    raise SystemExit(main())

"""The layout part of whole pages (head, content wrapper, page_foot, foot) against Franklin's build.

    python benchmarks/layout_score.py [--site NAME] [--show N]

For every page of ``../shared/corpus-built/*/PAIRS.tsv``, ``Site.page_html`` and
the page Franklin built are normalised as ``../shared/tools/corpus_score.py``
normalises them, with ``html``/``head``/``body`` unwrapped (a minified build
leaves those tags out); in both, the children of the content element (``div_content``
/ ``content_tag`` …) are emptied, and what is left, the layout, must be equal.
Pages of sites with no content element (``content_tag = ""``) cannot be cut
this way and are counted apart.  Prints, per site, the pages, how many have
an equal layout, and whether all do; ``--show N`` prints the first difference
of N pages that differ.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT), str(SHARED / "tools")]

try:
    import corpus_score as cs
    import htmlnorm
except ImportError:  # ../shared is optional test data: --smoke still runs without it
    cs = htmlnorm = None

from franklin_compat import FranklinError, Site  # noqa: E402


def unwrapped(items: list) -> list:
    """``html``, ``head`` and ``body`` replaced by their children: a minified build leaves them out."""
    out: list = []
    for it in items:
        if it[0] == "e" and it[1] in ("html", "head", "body"):
            out.extend(unwrapped(list(it[3])))
        elif it[0] == "e":
            out.append(("e", it[1], it[2], tuple(unwrapped(list(it[3])))))
        else:
            out.append(it)
    return out


def emptied(items: list, spec: tuple) -> tuple[list, bool]:
    """``items`` with the children of the content element (the one with the most text) removed."""
    found: list = []
    cs._find_wrappers(items, spec, found)
    if not found:
        return items, False
    best = max(found, key=cs._text_len)

    def walk(seq: list) -> list:
        out = []
        for it in seq:
            if it is best:
                out.append(("e", it[1], it[2], ()))
            elif it[0] == "e":
                out.append(("e", it[1], it[2], tuple(walk(list(it[3])))))
            else:
                out.append(it)
        return out

    return walk(items), True


def first_difference(a: list, b: list) -> str:
    sa, sb = htmlnorm.pretty(a), htmlnorm.pretty(b)
    for i, (x, y) in enumerate(zip(sa, sb, strict=False)):
        if x != y:
            return f"line {i}: ours {x.strip()[:100]!r} / Franklin's {y.strip()[:100]!r}"
    return f"lengths {len(sa)} / {len(sb)}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--smoke", action="store_true", help="CI: the bundled example site only")
    args = ap.parse_args()
    if args.smoke or cs is None or not (SHARED / "corpus-built").is_dir():
        example = ROOT / "fixtures" / "example"
        pages = [Site(example).page_html(rel) for rel in Site(example).pages()]
        print(f"../shared (optional test data) is not here: rendered the {len(pages)} example pages only")
        return 0
    roots = cs.Roots()
    shown = 0
    all_equal_sites = 0
    total = equal_total = 0
    print(f"{'site':55} {'pages':>5} {'cut':>5} {'equal':>6} all")
    for built in sorted((SHARED / "corpus-built").iterdir()):
        if (args.site and built.name != args.site) or not (built / "PAIRS.tsv").is_file():
            continue
        src_dir = SHARED / "corpus" / built.name
        sites: dict[Path, Site] = {}
        pages = equal = cut = 0
        for source, out in cs._load_pairs(built):
            root, rel = roots.locate(src_dir, source, out)
            spec = cs.wrapper_spec(root, (src_dir / source).read_text(encoding="utf-8", errors="replace"))
            built_html = (built / out).read_text(encoding="utf-8", errors="replace")
            theirs = htmlnorm.normalise(built_html, corpus=True)
            if spec is None:
                cut += 1
                continue
            site = sites.get(root) or sites.setdefault(root, Site(root))
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ours_html = site.page_html(rel)
            except FranklinError:
                ours_html = ""
            ours = htmlnorm.normalise(ours_html, corpus=True)
            a, found_a = emptied(unwrapped(ours), spec)
            b, found_b = emptied(unwrapped(theirs), spec)
            if not found_b:
                cut += 1
                continue
            pages += 1
            if found_a and a == b:
                equal += 1
            elif shown < args.show:
                shown += 1
                print(f"  {built.name}/{source}: {first_difference(a, b)}")
        total += pages
        equal_total += equal
        every = pages > 0 and equal == pages
        all_equal_sites += every
        print(f"{built.name:55} {pages:5} {cut:5} {equal:6} {'yes' if every else 'no'}")
    roots.close()
    print(f"TOTAL {total} pages with a content element, layout equal on {equal_total} "
          f"({100 * equal_total / max(total, 1):.1f}%); every page equal on {all_equal_sites} sites")
    return 0


if __name__ == "__main__":
    sys.exit(main())

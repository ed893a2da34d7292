"""Throughput of ``convert(..., to="html")`` over the shared corpus, next to mistune alone.

    python benchmarks/throughput.py [--corpus ../shared/corpus] [--repeat 1]

Prints pages, characters, seconds and the ratio to mistune (one run, same texts).
Pages that raise FranklinError are counted apart (mistune still sees them).
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import mistune

import franklin_compat
from franklin_compat.core.paths import find_root as _find_root


def pages(corpus: Path) -> list[tuple[Path, str, Path | None]]:
    out = []
    for p in sorted(corpus.rglob("*.md")):
        if any(part.startswith(("_", ".")) for part in p.relative_to(corpus).parts) or p.name in (
            "config.md",
            "README.md",
            "LICENSE.md",
        ):
            continue
        out.append((p, p.read_text(encoding="utf-8", errors="replace"), _find_root(p)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    args = ap.parse_args()
    items = pages(Path(args.corpus))
    chars = sum(len(t) for _, t, _ in items)
    md = mistune.create_markdown(escape=False, plugins=["table"])
    t0 = time.perf_counter()
    for _, text, _ in items:
        md(text)
    t_mistune = time.perf_counter() - t0
    for _, _, root in items:  # read each site's config once, outside the timing
        if root is not None:
            franklin_compat.Site.cached(root)
    failed = 0
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p, text, root in items:
            rel = p.relative_to(root).as_posix() if root else None
            try:
                franklin_compat.convert(text, "html", site=root, page_vars={"fd_rpath": rel} if rel else None)
            except franklin_compat.FranklinError:
                failed += 1
    t_ours = time.perf_counter() - t0
    print(f"pages {len(items)}  chars {chars:,}  errors {failed}")
    print(f"mistune alone       {t_mistune:7.2f} s  {chars / t_mistune / 1e6:6.2f} M chars/s")
    print(f"franklin_compat     {t_ours:7.2f} s  {chars / t_ours / 1e6:6.2f} M chars/s")
    print(f"ratio (ours / mistune): {t_ours / t_mistune:.2f}x")


if __name__ == "__main__":
    main()

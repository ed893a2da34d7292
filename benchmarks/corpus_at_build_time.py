"""corpus_score.py with each site's files dated as when Franklin built it.

Franklin's ``fd_mtime`` / ``fd_ctime`` (the "Last modified" line of many footers) are
the source files' modification times at build time.  The shared corpus was copied
onto this machine, so its files carry the copy's date, and a page we render says
"Last modified: <today>" where the built page says the day the site's CI checked
the sources out.  Franklin itself, run on this copy, would also print today's date:
the difference is the measurement's, not the renderer's.

This script copies ``../shared/corpus`` to a temporary folder, sets every file's
modification time to the date of the built commit its ``SOURCE.md`` names (a CI
checkout's files are dated when it ran, minutes before that commit), and runs
``corpus_score.py`` on the copy.  Nothing in franklin_compat changes; the sources
are not touched.

    python benchmarks/corpus_at_build_time.py [corpus_score.py options, e.g. --json PATH]
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
_BUILT = re.compile(r"^- Built HTML: .*\((\d{4}-\d\d-\d\dT[\d:]+(?:Z|[+-]\d\d:\d\d))\)", re.M)


def build_time(site: Path) -> float | None:
    """The built commit's time named in the site's SOURCE.md, as a timestamp."""
    meta = site / "SOURCE.md"
    if not meta.is_file():
        return None
    m = _BUILT.search(meta.read_text(encoding="utf-8"))
    return dt.datetime.fromisoformat(m.group(1)).timestamp() if m else None


def dated_copy(corpus: Path, into: Path) -> dict[str, float]:
    """Copy every site of ``corpus`` into ``into``, its files dated at its build time."""
    dates: dict[str, float] = {}
    for site in sorted(p for p in corpus.iterdir() if p.is_dir()):
        target = into / site.name
        shutil.copytree(site, target, symlinks=True)
        when = build_time(site)
        if when is None:
            continue
        dates[site.name] = when
        for folder, _dirs, files in os.walk(target):
            for name in files:
                os.utime(Path(folder) / name, (when, when), follow_symlinks=False)
    return dates


def main(argv: list[str]) -> int:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        print("corpus_at_build_time: ../shared/corpus is not here")
        return 2
    sys.path.insert(0, str(SHARED / "tools"))
    sys.path.insert(0, str(HERE.parent))
    import corpus_score  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory(prefix="fc-corpus-") as tmp:
        dates = dated_copy(corpus, Path(tmp))
        print(f"corpus_at_build_time: {len(dates)} sites dated at their build commit")
        rc: int = corpus_score.main(["--corpus", tmp, *argv])
        return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Wall and CPU time of ``franklin-compat build`` on a whole site, with one job and with several.

    python benchmarks/site_build.py [SITE] [--jobs 1,2] [--runs 3]
    python benchmarks/site_build.py --smoke      # fixtures/sites/blog, once per job count (CI)

SITE defaults to JuliaLang's site in ``../shared/corpus`` (235 pages, the figure of
docs/benchmarks.md).  Each run is a fresh ``python -m franklin_compat build SITE --out TMP``
with bytecode cached, as for an installed package; the median wall time is printed with
the CPU time of the run's processes (the build and its workers), so that the gain of
``--jobs`` and the work the workers repeat (another page's variables, read by ``pagevar``
in a worker that did not render that page) are both seen.  No assertion.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[1] / "shared" / "corpus" / "JuliaLang__www.julialang.org"


def one_run(site: Path, out: Path, jobs: int, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "franklin_compat", "build", str(site), "--out", str(out),
                    "--jobs", str(jobs)], env=env, capture_output=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--jobs", default="1,2", help="job counts, comma-separated")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--smoke", action="store_true", help="the fixture blog site, one run per job count")
    args = ap.parse_args()
    if args.smoke:
        args.site, args.runs = HERE.parent / "fixtures" / "sites" / "blog", 1
    if not (args.site / "config.md").is_file():
        sys.exit(f"{args.site} is not a Franklin site (no config.md); name one, or get ../shared/corpus")
    pages = sum(1 for _ in args.site.rglob("*.md"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        one_run(args.site, Path(tmp) / "warm", 1, env)  # the .pyc files and the file cache
        print(f"{args.site.name}: {pages} Markdown files")
        for jobs in (int(j) for j in args.jobs.split(",")):
            runs = [one_run(args.site, Path(tmp) / f"out{jobs}-{i}", jobs, env) for i in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            used = statistics.median(r[1] for r in runs)
            print(f"  --jobs {jobs}: {wall:.2f} s wall, {used:.2f} s CPU (median of {args.runs})")


if __name__ == "__main__":
    main()

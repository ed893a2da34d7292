"""Wall time of a one-file ``franklin-compat check``, as pre-commit runs it.

    python benchmarks/check_startup.py [--runs 11] [--page PATH]

Each run is a fresh interpreter (``python -m franklin_compat check PAGE``) in a
copy of ``fixtures/check/site``, in turn with ``python -c pass`` (same interpreter,
same environment): the median and the fastest run of each are printed, and the
check's time over ``python -c pass`` (issue #12's target: at most 150 ms), then
the import time of the heaviest modules (``python -X importtime``).  No
assertion: this is for watching start-up cost, not for CI.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = """+++
title = "Benchmark"
date = Date(2024, 1, 2)
+++
# Benchmark

Some $x^2$ math, a [link](/blog/intro/), {{fill title}} and a footnote[^1].

```julia
x = 1
```

[^1]: The note.
"""


def environment(tmp: Path) -> dict[str, str]:
    """Bytecode cached (as for an installed package), but in ``tmp``, not in the source tree."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def one_run(site: Path, args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=site, env=env, capture_output=True, check=False)
    return time.perf_counter() - t0


def import_profile(site: Path, page: str, env: dict[str, str], top: int = 8) -> list[tuple[int, str]]:
    """The ``top`` slowest imports (cumulative microseconds, module) of one run."""
    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "franklin_compat", "check", page],
                         cwd=site, env=env, capture_output=True, text=True, check=False)
    rows: list[tuple[int, str]] = []
    for line in res.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _self, cumulative, name = line[len("import time:"):].split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative), name.rstrip()))
    top_level = [r for r in rows if not r[1].startswith("    ")]
    return sorted(top_level, reverse=True)[:top]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--page", type=Path, help="a Markdown page to check instead of the built-in one")
    ap.add_argument("--smoke", action="store_true", help="one run (CI: the benchmark still works)")
    args = ap.parse_args()
    if args.smoke:
        args.runs = 1
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(ROOT / "fixtures" / "check" / "site", site)
        text = args.page.read_text(encoding="utf-8") if args.page else PAGE
        (site / "page.md").write_text(text, encoding="utf-8")
        env = environment(Path(tmp))
        check, bare = ["-m", "franklin_compat", "check", "page.md"], ["-c", "pass"]
        one_run(site, check, env)  # warm the file cache and write the .pyc files
        times: dict[str, list[float]] = {"check": [], "pass": []}
        for _ in range(args.runs):  # in turn, so that a change of the machine's load hits both
            times["check"].append(one_run(site, check, env))
            times["pass"].append(one_run(site, bare, env))
        median = {k: statistics.median(v) * 1000 for k, v in times.items()}
        fastest = {k: min(v) * 1000 for k, v in times.items()}
        print(f"check of one page: median {median['check']:.0f} ms, fastest {fastest['check']:.0f} ms "
              f"over {args.runs} runs")
        print(f"python -c pass:    median {median['pass']:.0f} ms, fastest {fastest['pass']:.0f} ms")
        print(f"over pass:         median {median['check'] - median['pass']:.0f} ms, "
              f"fastest {fastest['check'] - fastest['pass']:.0f} ms (target: at most 150 ms)")
        print("slowest imports (cumulative):")
        for us, name in import_profile(site, "page.md", env):
            print(f"  {us / 1000:7.1f} ms  {name.strip()}")


if __name__ == "__main__":
    main()

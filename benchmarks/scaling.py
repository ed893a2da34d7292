"""How conversion time and memory grow with the page: 1× against 64× a realistic page, and a 10 MB page.

    python benchmarks/scaling.py [--page PATH] [--times 64] [--mb 10] [--repeat 3]
    python benchmarks/scaling.py --smoke      # 4× and 0.2 MB, once (CI: the benchmark still works)

The page is ``--page`` (say, a corpus page) or, by default, a blog post of about 1.6 KB written
here with what Franklin pages hold: ``+++`` variables, headers, prose with emphasis, links and
inline math, lists, a table, fenced code, display math with a label, a ``\\newcommand``, a
footnote and an ``@@`` div.  ``N×`` is that page repeated N times in one text (so headers,
labels and footnotes repeat, as in a long page).  Prints the CPU seconds of ``convert(…,
"html")`` at 1× and N× (best of ``--repeat``) and their ratio (linear: about N), then the peak
memory of converting a page of ``--mb`` megabytes, measured in a fresh process as the growth
of its maximum resident set over what the interpreter with the package loaded already holds,
as a multiple of the input's size in bytes.  No assertion: docs/benchmarks.md has the targets.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

PAGE = r"""+++
title = "Notes on fixed points"
date = Date(2024, 3, 1)
tags = ["math", "julia"]
+++

\newcommand{\R}{\mathbb R}

# Notes on fixed points

A *contraction* on $\R^n$ is a map $f$ with $\|f(x) - f(y)\| \le k \|x - y\|$ for some
$k < 1$.  The **Banach fixed-point theorem** says it has exactly one fixed point, and
that [iterating it](https://en.wikipedia.org/wiki/Fixed-point_iteration) from any start
converges to it.[^1]

## The iteration

Starting from $x_0$, define $x_{k+1} = f(x_k)$.  Then

$$ \|x_k - x^\star\| \le \frac{k^n}{1-k} \|x_1 - x_0\| \label{eq:rate} $$

so the error falls geometrically (see \eqref{eq:rate}).  In Julia:

```julia
function fixedpoint(f, x; tol=1e-10, maxiter=1_000)
    for _ in 1:maxiter
        y = f(x)
        abs(y - x) < tol && return y
        x = y
    end
    error("no convergence")
end
```

Things to keep in mind:

- the constant $k$ must be *strictly* below one;
- the space must be complete (a closed subset of $\R^n$ will do);
- a good start saves iterations, but never changes the limit.

@@note
**Note.** Newton's method is a fixed-point iteration too, of $g(x) = x - f(x)/f'(x)$.
@@

## Some numbers

| map | $k$ | iterations to $10^{-10}$ |
|:----|----:|-------------------------:|
| $\cos x$ | 0.84 | 56 |
| $x/2 + 1$ | 0.5 | 34 |
| $\sqrt{x + 2}$ | 0.35 | 22 |

1. Pick a start.
2. Iterate until two steps agree.
3. Check the residual $|f(x) - x|$.

> A fixed point is where the map stops moving things.

See the [manual](/docs/manual/) and the `fixedpoint` function above.

[^1]: Stefan Banach, 1922.
"""


def cpu(text: str, repeat: int) -> float:
    """Best CPU seconds of ``convert(text, "html")`` over ``repeat`` runs."""
    import franklin_compat

    franklin_compat.convert(text[:2000], "html")  # imports and compiled patterns are not the page's cost
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        franklin_compat.convert(text, "html")
        best = min(best, time.process_time() - t0)
    return best


_MEMORY_CHILD = """
import json, resource, sys, warnings
import franklin_compat
from franklin_compat.page import pipeline  # everything a conversion imports, loaded first
text = sys.stdin.read()
franklin_compat.convert("# warm $x$", "html")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    franklin_compat.convert(text, "html")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_kb": before, "after_kb": after}))
"""


def peak_memory(text: str) -> tuple[float, float]:
    """(MB the conversion added to the process's peak, that as a multiple of the input's bytes)."""
    res = subprocess.run([sys.executable, "-c", _MEMORY_CHILD], input=text, text=True,
                         capture_output=True, check=True)
    got = json.loads(res.stdout.strip().splitlines()[-1])
    grew = max(0, got["after_kb"] - got["before_kb"]) * 1024  # ru_maxrss is in KiB on Linux
    size = len(text.encode("utf-8"))
    return grew / 1e6, grew / size


def main() -> None:
    import warnings

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--page", type=Path, help="a Markdown page to repeat instead of the built-in one")
    ap.add_argument("--times", type=int, default=64)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--smoke", action="store_true", help="4× and 0.2 MB, once")
    args = ap.parse_args()
    if args.smoke:
        args.times, args.mb, args.repeat = 4, 0.2, 1
    page = args.page.read_text(encoding="utf-8") if args.page else PAGE
    warnings.simplefilter("ignore")
    one = cpu(page, args.repeat)
    many = cpu("\n\n".join([page] * args.times), args.repeat)
    print(f"page of {len(page):,} characters: 1x {one * 1000:.1f} ms, {args.times}x {many * 1000:.0f} ms "
          f"CPU: {many / one:.1f} times 1x (linear: {args.times})")
    copies = max(1, int(args.mb * 1e6 / len(page.encode("utf-8"))))
    big = "\n\n".join([page] * copies)
    mb, ratio = peak_memory(big)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = len(big.encode("utf-8")) / 1e6
    print(f"page of {size:.1f} MB: peak memory grew {mb:.0f} MB = {ratio:.1f} times "
          f"the input (this process, for scale: {base:.0f} MB)")


if __name__ == "__main__":
    main()

"""Time to convert pathological pages: nested or unclosed constructs by the ten thousand.

    python benchmarks/pathological.py                 # every case, a table of seconds
    python benchmarks/pathological.py --case NAME     # one case (tests/test_reliability.py runs each
                                                      # this way in a subprocess, with a timeout)
    python benchmarks/pathological.py --list          # the names
    python benchmarks/pathological.py --linearity     # each case at 1 MB and at twice its n: the ratio
    python benchmarks/pathological.py --to commonmark # strict mode converts to another format

Each case is converted twice: ``strict`` is ``convert(text, "html")`` (the
first error raises), ``lenient`` is what a site build does (``strict=False``:
errors are recorded and the page goes on).  A run prints, per case and mode,
the seconds and the outcome: ``ok`` (output), or the FranklinError code and
position.  Any other exception is printed as ``CRASH`` and makes the exit
status 1.  Times are CPU seconds (``time.process_time``: the machine is shared).
The goal is under 2 s per case at 1 MB, and under 2.5 times as long at twice the size;
the tests only check that every case ends (docs/reliability.md).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import franklin_compat
from franklin_compat import FranklinError
from franklin_compat.page.pipeline import markdown_stage, template_stage

N = 10_000
MEGABYTE = 1_000_000


def _chain(k: int, *, math: bool = False) -> str:
    """``\\c1`` is ``x``, each next command is the previous one twice: 2**k copies of x."""
    names = ["c" + chr(97 + i // 26) + chr(97 + i % 26) for i in range(k)]
    out = [f"\\newcommand{{\\{names[0]}}}{{x}}\n"]
    out += [f"\\newcommand{{\\{b}}}{{\\{a}\\{a}}}\n" for a, b in itertools.pairwise(names)]
    use = f"\\{names[-1]}"
    return "".join(out) + (f"${use}$\n" if math else use + "\n")


def _name(i: int) -> str:
    return f"c{chr(97 + i // 676 % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i % 26)}"


def _defs_each_used(n: int) -> str:
    """``n`` commands (distinct names while n ≤ 17,576), each used right after its definition."""
    return "".join(f"\\newcommand{{\\{_name(i)}}}{{y}}\\{_name(i)}\n" for i in range(n))


def _many_defs(n: int) -> str:
    names = [f"c{chr(97 + i // 676 % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i % 26)}" for i in range(n)]
    return "".join(f"\\newcommand{{\\{x}}}{{{x[-1]}}}\n" for x in names) + "".join(f"\\{x} " for x in names)


#: name -> page text for a size n (10,000 by default).  Built lazily: some are a megabyte.
CASES: dict[str, Callable[[int], str]] = {
    # unclosed openers
    "braces_open": lambda n: "{" * n,
    "div_open": lambda n: "@@a " * n,
    "dollars": lambda n: "$" * (n + 1),
    "tildes": lambda n: "~~~" * (n + 1),
    "backticks_3": lambda n: "```" * (n + 1),
    "comments_open": lambda n: "<!--" * n,
    "dbb_open": lambda n: "{{" * n,
    "begin_open": lambda n: "\\newenvironment{E}{<}{>}\n" + "\\begin{E}" * n,
    "front_matter_open": lambda n: "+++\n" + "a = 1\n" * n,
    "math_display_open": lambda n: "$$" * n + "$",
    # nested, closed
    "braces_nested": lambda n: "{" * n + "x" + "}" * n,
    "div_nested_lines": lambda n: "@@a\n" * n + "x\n" + "@@\n" * n,
    "div_nested_inline": lambda n: "@@a " * n + "x " + "@@ " * n,
    "command_args_nested": lambda n: "\\newcommand{\\b}[1]{<#1>}\n" + "\\b{" * n + "x" + "}" * n,
    "style_nested": lambda n: "\\style{c}{" * n + "x" + "}" * n,
    "environment_nested": lambda n: "\\newenvironment{E}{<}{>}\n" + "\\begin{E}" * n + "x" + "\\end{E}" * n,
    "equation_nested": lambda n: "\\begin{equation}" * n + "x" + "\\end{equation}" * n,
    "header_in_header": lambda n: "# " * n + "x\n",
    "headers_47_deep": lambda n: "# " * 47 + "x\n",  # each id held the inner one's twice: 3**47
    "footnote_in_footnote": lambda n: "[^1]: " * n + "x\n",
    "list_deep": lambda n: "".join("  " * i + "- x\n" for i in range(n // 10)),  # a megabyte
    "quote_deep": lambda n: ">" * n + " x\n",
    "list_quote_mixed": lambda n: "- > " * (n // 2) + "x\n",
    "emphasis_nested": lambda n: "*" * n + "a" + "*" * n,
    "links_nested": lambda n: "[" * n + "a" + "](u)" * n,
    "if_nested": lambda n: "@def x = true\n" + "{{if x}}" * n + "y" + "{{end}}" * n,
    "for_nested": lambda n: "@def xs = [1, 2]\n" + "{{for a in xs}}" * 20 + "y" + "{{end}}" * 20,
    "for_nested_deep": lambda n: "@def xs = [1, 2]\n" + "{{for a in xs}}" * (n // 20) + "y"
    + "{{end}}" * (n // 20),
    "for_nested_one_item": lambda n: "@def xs = [1]\n" + "{{for a in xs}}" * (n // 5) + "y"
    + "{{end}}" * (n // 5),
    # many of a kind
    "footnotes": lambda n: "".join(f"[^{i}] " for i in range(n))
    + "\n\n"
    + "".join(f"[^{i}]: note {i}\n\n" for i in range(n)),
    "headers_same": lambda n: "# a\n\n" * n,
    "commands_defs_uses": lambda n: _many_defs(n),
    "newcommand_redefined": lambda n: "\\newcommand{\\x}{y}\\x\n" * (n // 2),
    "newcommands_each_used": lambda n: _defs_each_used(n // 2),
    "divs": lambda n: "@@a\nx\n@@\n" * n,
    "math": lambda n: "$x$ " * n,
    "table_columns": lambda n: "|" + "a|" * (n // 4) + "\n|" + "-|" * (n // 4) + "\n"
    + ("|" + "b|" * (n // 4) + "\n") * 10,
    # long lines (100 characters per unit of n: a megabyte at the default size)
    "line_plain": lambda n: "a" * (100 * n),
    "line_stars": lambda n: "*a" * (5 * n),
    "line_brackets": lambda n: "[a" * (5 * n),
    "line_backticks": lambda n: "`a" * (5 * n),
    "line_lt": lambda n: "<a " * (4 * n),
    "line_backslashes": lambda n: "\\" * (10 * n),
    "newlines": lambda n: "\n" * (10 * n),
    # line ends and lines that make many small nodes (issue #16: linear, but slow at 1 MB)
    "cr_line_ends": lambda n: "a\r" * (5 * n),
    "cr_document": lambda n: "# t\r\rsome *text* here\r- item\r\r" * (n // 3),
    "dashes_lines": lambda n: "---\n" * n,
    "setext_headers": lambda n: "a\n===\n" * n,
    "setext_dashes": lambda n: "a\n---\n" * n,
    "spaces_in_code": lambda n: "    " + " " * (10 * n) + "a\n",
    "spaces_in_html": lambda n: "~~~\n<p>" + " " * (10 * n) + "a</p>\n~~~\n",
    # raw HTML: the scan for asset URLs reads a start tag left open once, not again from each ``<``
    "html_open_tags": lambda n: "~~~" + "<a href=x " * n + "~~~",
    "html_quoted_gt": lambda n: "~~~" + ' <a x="1>"' * n + " y=~~~",
    # block tags left open for the Markdown after them (``--to jekyll``: each gets markdown="1")
    "html_blocks_open": lambda n: "~~~" + '<div x="a>' * n + "~~~\n\ntext\n",
    # openers with no closer: each was read from to the end of the text (``.*?`` patterns)
    "html_pre_open": lambda n: "~~~" + "<pre>" * n + "~~~",
    "math_labels_open": lambda n: "$$" + "\\label{" * n + "$$",
    "page_variables": lambda n: "".join(f"@def v{i} = {i}\n" for i in range(n // 2)),
    # Julia's Markdown passes (reading/julia_md.py, julia_inline.py): each reads the text once
    "links_open_paren": lambda n: "[a](" * n,
    "brackets_open_link": lambda n: "[" * n + "](",
    "links_spaced": lambda n: "[a] (b c) " * n,
    "spaces_then_text": lambda n: " " * (10 * n) + "a",
    "table_row_spaces": lambda n: "|a|\n" + " " * (10 * n) + "x\n",
    "emphasis_runs": lambda n: "**a " * n + "a" + " a**" * n,
    "emphasis_mixed": lambda n: "*a _b " * n,
    "quote_depths": lambda n: "".join(">" * (i % 50) + " a\n" for i in range(n)),
    "backslash_lines": lambda n: "a\\\n" * n,
    "backslash_blank_lines": lambda n: "a\\\n\n" * n,
    "tab_markers": lambda n: "1.\tA\n" * n,
    "bullets_alternating": lambda n: "* a\n- b\n" * n,
    "inserts_indented": lambda n: "  $x$\n" * n,
    # 700 levels, each 4 spaces deeper than the last: a megabyte
    "admonitions_nested": lambda n: "".join("    " * i + "!!! note\n" for i in range(7 * int(n**0.5))),
    # recursion
    "newcommand_self": lambda n: "\\newcommand{\\a}{\\a}\n\\a\n",
    "newcommand_self_math": lambda n: "\\newcommand{\\a}{\\a}\n$\\a$\n",
    "newcommand_mutual": lambda n: "\\newcommand{\\a}{\\b}\n\\newcommand{\\b}{\\a}\n\\a\n",
    "newcommand_mutual_math": lambda n: "\\newcommand{\\a}{\\b}\n\\newcommand{\\b}{\\a}\n$$\\a$$\n",
    "newenvironment_self": lambda n: "\\newenvironment{E}{\\begin{E}}{\\end{E}}\n\\begin{E}x\\end{E}\n",
    "newcommand_doubling": lambda n: _chain(40),
    "newcommand_doubling_math": lambda n: _chain(40, math=True),
    "newcommand_grows_arg": lambda n: "\\newcommand{\\g}[1]{\\g{#1#1}}\n\\g{x}\n",
}


def run(name: str, mode: str, n: int = N, to: str = "html") -> tuple[float, str]:
    """CPU seconds and outcome of one case in one mode, at size ``n`` (strict: converted to ``to``)."""
    text = CASES[name](n)
    t0 = time.process_time()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if mode == "strict":
                franklin_compat.convert(text, to, path="page.md")
            else:
                res = markdown_stage(text, path="page.md", strict=False)
                template_stage(res, None, "page.md")
        outcome = "ok"
    except FranklinError as e:
        outcome = f"{e.code} at {e.line}:{e.col}"
    except Exception as e:  # what the tests look for
        outcome = f"CRASH {type(e).__name__}: {str(e)[:120]}"
    return time.process_time() - t0, outcome


def size_for(name: str, chars: int = MEGABYTE) -> int:
    """The n that makes case ``name`` about ``chars`` characters long (found by doubling, then
    bisection); the cases whose text does not grow with n (recursion) stay at ``N``."""
    def length(n: int) -> int:
        return len(CASES[name](n))

    if length(2 * N) <= length(N):
        return N
    lo, hi = 1, N
    while length(hi) < chars:
        lo, hi = hi, 2 * hi
    while hi - lo > max(1, lo // 100):
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if length(mid) < chars else (lo, mid)
    return hi


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--case", action="append", help="run only this case (repeatable)")
    ap.add_argument("--mode", choices=("strict", "lenient", "both"), default="both")
    ap.add_argument("--size", type=int, default=N, help=f"the n of every case (default {N})")
    ap.add_argument("--linearity", action="store_true",
                    help="time each case at 1 MB (its n chosen so) and at twice that n: a ratio near 2 is "
                         "linear, near 4 quadratic (with --size, at that n instead of 1 MB)")
    ap.add_argument("--to", default="html", help="the format strict mode converts to (default html)")
    ap.add_argument("--list", action="store_true", help="print the case names and exit")
    ap.add_argument("--smoke", action="store_true", help="every case at a small size (CI)")
    args = ap.parse_args()
    megabyte = args.linearity and "--size" not in sys.argv[1:]
    if args.smoke:
        args.size = min(args.size, 200)
    if args.list:
        print("\n".join(CASES))
        return 0
    names = args.case or list(CASES)
    modes = ("strict", "lenient") if args.mode == "both" else (args.mode,)
    status = 0
    slowest = 0.0
    extra = f" {'at 2n':>8s} {'ratio':>6s}" if args.linearity else ""
    size = f" {'chars':>9s}" if megabyte else ""
    print(f"{'case':28s} {'mode':8s}{size} {'cpu s':>8s}{extra}  outcome")
    for name in names:
        n = size_for(name) if megabyte and not args.smoke else args.size
        for mode in modes:
            secs, outcome = run(name, mode, n, args.to)
            slowest = max(slowest, secs)
            more = f" {len(CASES[name](n)):9d}" if megabyte else ""
            if args.linearity:
                secs2, _ = run(name, mode, 2 * n, args.to)
                more = f"{more} {secs:8.3f} {secs2:8.3f} {secs2 / max(secs, 1e-3):6.1f}"
            else:
                more = f" {secs:8.3f}"
            print(f"{name:28s} {mode:8s}{more}  {outcome}", flush=True)
            if outcome.startswith("CRASH"):
                status = 1
    print(f"slowest: {slowest:.3f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())

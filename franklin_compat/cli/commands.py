"""``franklin-compat``: convert a page, build a site, migrate a site, check a site.

Exit codes: 0 success, 1 problems in the content, 2 usage or unreadable input.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from ..core.diagnostics import FranklinError
from ..core.source import Source


def _error(err: FranklinError, path: str | None = None, *, one_line: bool = False) -> None:
    e = err.located(path)
    if one_line:  # convert: one line per input that failed, naming it and what to do
        print(e.diagnostic.render() + (f" (hint: {e.diagnostic.hint})" if e.diagnostic.hint else ""),
              file=sys.stderr)
        return
    print(e.diagnostic.render(), file=sys.stderr)
    if e.diagnostic.hint:
        print(f"  hint: {e.diagnostic.hint}", file=sys.stderr)


def _page_source(p: Path) -> tuple[Source, Path | None, str | None]:
    """A page named on the command line (a readable UTF-8 text file with something in it), its site
    and its path there."""
    from ..page.pipeline import read_page

    binary = FranklinError("FC002", "a binary file (it holds NUL bytes), not Markdown text", path=str(p),
                           hint="name a Markdown text file")
    try:
        src, root, rel = read_page(p)
    except FranklinError as e:
        if e.code == "FC002" and b"\x00" in p.read_bytes():
            raise binary from None
        raise
    if "\x00" in src.text:
        raise binary
    if not src.text:
        raise FranklinError("FC005", "empty file: there is nothing to convert", path=str(p),
                            hint="check that the file was saved, or name another page")
    return src, root, rel


def cmd_convert(args: argparse.Namespace) -> int:
    from ..page.pipeline import convert
    from ..site.site import Site

    status = 0
    for name in args.inputs:
        try:
            if name == "-":
                src = Source.from_bytes(sys.stdin.buffer.read(), "<stdin>")
                root = None
                rel = None
            else:
                src, root, rel = _page_source(Path(name))
            if args.layout:
                if root is None or rel is None:
                    raise FranklinError(
                        "FC601",
                        "--layout needs a page inside a site (a folder with config.md)",
                        path=name,
                        hint="drop --layout, or convert a page of a site",
                    )
                from ..core.diagnostics import Severity

                with warnings.catch_warnings():  # the page's diagnostics are printed below, as lines
                    warnings.simplefilter("ignore")
                    page = Site(root, julia=not args.no_julia).render(rel)
                out = page.files[0][1]
                for d in page.diagnostics:
                    if d.severity is Severity.ERROR or (d.severity is Severity.WARNING and not args.quiet):
                        print(d.render() + (f" (hint: {d.hint})" if d.hint else ""), file=sys.stderr)
                    if d.severity is Severity.ERROR:
                        status = max(status, 1)
            else:
                pvars = {"fd_rpath": rel} if rel else None
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore" if args.quiet else "default")
                    site = Site.cached(root, julia=not args.no_julia) if root is not None else None
                    out = convert(src.text, args.to, site=site, page_vars=pvars, path=src.path)
        except FranklinError as e:
            _error(e, None if name == "-" else name, one_line=True)
            status = max(status, 2 if e.code.startswith("FC0") else 1)
            continue
        if args.output and args.output != "-":
            from ..site.write import write_atomic

            target = Path(args.output)
            if len(args.inputs) > 1:
                ext = {"html": ".html", "json": ".json", "pandoc-json": ".json", "quarto": ".qmd"}
                target = target / (Path(name).stem + ext.get(args.to, ".md"))
            try:
                write_atomic(target, out)
            except OSError as e:
                err = FranklinError("FC001", f"cannot write {target}: {e.strerror or e}", path=name,
                                    hint="check that the output folder can be written")
                _error(err, one_line=True)
                status = 2
        else:
            sys.stdout.write(out)
    return status


def _load_plugins(args: argparse.Namespace) -> None:
    """Run the ``--plugins`` files the user named: the only code that is ever run."""
    if args.plugins:
        from .plugins import load_plugins

        load_plugins(args.plugins)


def _show_progress(done: int, total: int, rel: str) -> None:
    sys.stderr.write(f"\r\x1b[K[{done + 1}/{total}] {rel}" if rel else "\r\x1b[K")
    sys.stderr.flush()


def _progress() -> Callable[[int, int, str], None] | None:
    """A progress line on a terminal; nothing when standard error is a file or a pipe (CI)."""
    return _show_progress if sys.stderr.isatty() else None


def _jobs_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                   help="pages processed on N processes at once (default: the machine's cores); "
                        "the output is the same as with 1")


def _julia_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-julia", action="store_true",
                   help="do not run the site's utils.jl nor Julia values of config.md (calls stay "
                        "as written)")


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number, not {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("--jobs takes 1 or more")
    return n


def cmd_build(args: argparse.Namespace) -> int:
    from ..core.diagnostics import Severity
    from ..site.site import Site

    t0 = time.perf_counter()
    _load_plugins(args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        site = Site(args.site, julia=not args.no_julia)
        out = Path(args.out) if args.out else site.root / "__site"
        report = site.build(out, progress=_progress(), jobs=args.jobs)
    shown = (Severity.ERROR, Severity.WARNING) if args.verbose else (Severity.ERROR,)
    # a layout's problem is met once per page that uses the layout: said once, with a count
    repeats = Counter(str(d) for d in report.diagnostics if d.severity in shown)
    for text, n in repeats.items():
        print(text if n == 1 else text.replace("\n", f" (×{n}, once per page)\n", 1)
              if "\n" in text else f"{text} (×{n}, once per page)", file=sys.stderr)
    errors = sum(d.severity is Severity.ERROR for d in report.diagnostics)
    counts = Counter(d.code for d in report.diagnostics if d.severity is Severity.WARNING)
    summary = ", ".join(f"{c} {code}" for code, c in sorted(counts.items())) or "none"
    blocks = report.code_blocks
    if any(blocks.values()):  # how each evaluated block ended: output used, stale or missing
        summary += "; evaluated code blocks: " + ", ".join(f"{n} {what}" for what, n in blocks.items())
    print(f"built {report.pages} pages ({len(report.outputs)} files) into {out} in "
          f"{time.perf_counter() - t0:.1f} s; {report.failed} failed, {errors} errors; warnings: {summary}")
    return 1 if report.failed or errors else 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from ..core.diagnostics import Severity
    from ..migrate import TARGETS, migrate, next_steps, summary, write_report

    t0 = time.perf_counter()
    if args.report:
        _writable_file(args.report, "the report")
    _load_plugins(args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = migrate(args.site, args.out, args.to, progress=_progress(), clean=args.clean,
                         force=args.force, theme=not args.no_theme, math=args.math, math_url=args.math_url,
                         from_build=args.from_build, jobs=args.jobs)
    if args.report:
        try:
            write_report(report, args.report)
        except OSError as e:
            raise FranklinError("FC001", f"cannot write the report {args.report}: {e.strerror or e}",
                                hint="name a report file in a folder you can write") from None
    shown = [d for d in report.diagnostics if d.severity is Severity.ERROR or not args.quiet]
    for line in summary(shown, first=3):
        print(line, file=sys.stderr)
    errors = sum(d.severity is Severity.ERROR for d in report.diagnostics)
    counts = Counter(d.code for d in report.diagnostics if d.severity is not Severity.ERROR)
    total = ", ".join(f"{c} {code}" for code, c in sorted(counts.items())) or "none"
    harvested = f"; {len(report.harvested)} pieces taken from the build" if args.from_build else ""
    print(f"migrated {report.pages} pages and copied {report.copied} files into {args.out} for {args.to} in "
          f"{time.perf_counter() - t0:.1f} s; {report.failed} failed, {errors} errors{harvested}; "
          f"not carried over as it was: {total}")
    if not args.quiet:
        print("\n".join(next_steps(TARGETS[args.to], args.out, theme=not args.no_theme, report=args.report,
                                    plugins=report.plugins)))
    return 1 if report.failed or errors else 0


def _writable_file(name: str, what: str) -> None:
    """Say before the run, not after it, that ``name`` cannot be written (its folder is made)."""
    p = Path(name)
    try:
        if p.is_dir():
            raise IsADirectoryError(errno.EISDIR, "it is a folder")
        if any(q.exists() and not q.is_dir() for q in p.parents):
            raise NotADirectoryError(errno.ENOTDIR, "a folder on its path is a file")
        p.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(p.parent, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, "its folder cannot be written")
    except OSError as e:
        raise FranklinError("FC001", f"cannot write {what} {name}: {e.strerror or e}",
                            hint=f"name {what} in a folder you can write") from None


def cmd_check(args: argparse.Namespace) -> int:
    from ..check import run_check

    return run_check(args)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, as wide as ``shutil.get_terminal_size`` says, without importing
    shutil (and with it bz2, lzma and zlib): 2 ms of every command's start-up."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         width if width is not None else _terminal_columns() - 2)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: ``COLUMNS`` when it is a positive number, else the
    width of the terminal of the original standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    try:
        return (os.get_terminal_size(stdout.fileno()).columns or 80) if stdout is not None else 80
    except (AttributeError, ValueError, OSError):
        return 80


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="franklin-compat", description=__doc__.split("\n\n")[0],
                                 formatter_class=_HelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)

    c = sub.add_parser("convert", help="convert pages (HTML by default)", formatter_class=_HelpFormatter)
    c.add_argument("inputs", nargs="+", help="Markdown files, or - for standard input")
    c.add_argument("--to", default="html", help="output format (html, json, markdown flavors…)")
    c.add_argument("-o", "--output", help="file (or folder for several inputs); default: standard output")
    c.add_argument("--layout", action="store_true", help="the whole page with the site's layout")
    c.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    _julia_option(c)
    c.set_defaults(func=cmd_convert)

    b = sub.add_parser("build", help="build a whole site like Franklin's __site",
                       description="Build every page, the copied files, tag pages, RSS, sitemap and "
                       "robots.txt. Exit status: 0 success, 1 some page failed or has errors, 2 usage or "
                       "unreadable input.", formatter_class=_HelpFormatter)
    b.add_argument("site", nargs="?", default=".", help="the site folder (holding config.md)")
    b.add_argument("--out", help="output folder (default SITE/__site)")
    b.add_argument("--plugins", action="append", metavar="FILE",
                   help="a Python file registering hfun/lxfun replacements (repeatable; only these are run)")
    b.add_argument("-v", "--verbose", action="store_true", help="also print every warning")
    _jobs_option(b)
    _julia_option(b)
    b.set_defaults(func=cmd_build)

    m = sub.add_parser("migrate", help="move a whole site to Hugo, Jekyll, Quarto, MkDocs, Documenter or "
                       "plain Markdown", description="Write every page as Markdown for the target, copy the "
                       "files, rewrite paths, and report what could not be carried over. Exit status: 0 "
                       "success, 1 some page failed or has errors, 2 usage or unreadable input.",
                       formatter_class=_HelpFormatter)
    m.add_argument("site", help="the Franklin site folder (holding config.md)")
    m.add_argument("--to", required=True, choices=("hugo", "jekyll", "quarto", "mkdocs", "documenter",
                                                   "commonmark", "gfm"), help="the target generator")
    m.add_argument("--out", required=True, help="output folder (created; never inside the sources' files)")
    m.add_argument("--report", metavar="FILE", help="also write the report as JSON")
    m.add_argument("--plugins", action="append", metavar="FILE",
                   help="a Python file registering hfun/lxfun replacements (repeatable; only these are run)")
    m.add_argument("--clean", action="store_true", help="empty the output folder first (everything in it "
                   "is deleted)")
    m.add_argument("--force", action="store_true", help="write into a non-empty output folder (what is "
                   "there stays, stale pages too)")
    m.add_argument("--no-theme", action="store_true", help="write no starter theme (bring your own)")
    m.add_argument("--math", choices=("katex", "mathjax", "none"), default="katex",
                   help="what the starter theme renders math with (default katex)")
    m.add_argument("--math-url", metavar="URL", help="where pages load KaTeX/MathJax from (default: a CDN; "
                   "e.g. /katex/ for a copy you serve yourself)")
    m.add_argument("--from-build", metavar="DIR", help="the site's last Franklin build (__site or a gh-pages "
                   "checkout): evaluated outputs and Julia-made content are taken from it")
    m.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    _jobs_option(m)
    m.set_defaults(func=cmd_migrate)

    k = sub.add_parser("check", help="validate Franklin markup with exact positions",
                       description="Report every problem of Franklin pages, with rule codes and positions. "
                       "Exit status: 0 clean, 1 problems found, 2 usage or internal error.",
                       formatter_class=_HelpFormatter)
    k.add_argument("paths", nargs="*", help="files or folders (default: the current site)")
    k.add_argument("--select", action="append", metavar="CODES",
                   help="rule codes or prefixes to check, comma-separated (FC1,FC510; default ALL)")
    k.add_argument("--ignore", action="append", metavar="CODES", help="rule codes or prefixes to skip")
    k.add_argument("--output-format", choices=("text", "json", "github", "sarif"),
                   help="text (default), json, github (workflow annotations) or sarif (2.1.0)")
    k.add_argument("--fix", action="store_true", help="apply the safe fixes in place")
    k.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    k.add_argument("--statistics", action="store_true",
                   help="print the number of problems per rule instead of the problems")
    k.add_argument("--explain", metavar="CODE", help="print the documentation of a rule and exit")
    _jobs_option(k)
    _julia_option(k)
    k.set_defaults(func=cmd_check)
    return ap


def _show_warning(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, file: object = None,
    line: str | None = None,
) -> None:
    """Warnings as one clean line each (they already say where), not Python's source echo."""
    print(str(message), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    warnings.showwarning = _show_warning
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # a closed pipe is found here, not at exit
    except FranklinError as e:
        _error(e)
        return 2
    except BrokenPipeError:  # `| head`: whoever read the output has all they wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 2
    except OSError as e:  # a file the command could not read or write, named in one line
        where = f"{e.filename}: " if e.filename else ""
        print(f"franklin-compat: FC001 {where}{e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())

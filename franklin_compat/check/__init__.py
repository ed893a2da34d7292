"""``franklin-compat check``: validate Franklin pages, ruff style.

Each path is checked inside its site (the nearest folder above it with a
``config.md``), so global ``\\newcommand``s, variables, ``utils.jl`` names,
assets and pages are known.  Every problem of every file is reported with a
rule code and an exact 1-based line and column; ``--fix`` applies the safe
fixes.  Exit status: 0 clean, 1 problems, 2 usage or internal error.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic, Fix, FranklinError, Severity
from ..core.parallel import ordered_map
from ..core.paths import find_root, inside
from ..core.source import Source
from . import rules as R
from .config import ConfigError, Settings, find_pyproject, load
from .page import CheckSite, Page, roots_below

__all__ = ["Report", "check_paths", "run_check"]

MAX_FIX_ROUNDS = 10


class UsageError(FranklinError):
    """Bad command-line input: exit status 2."""


@dataclass
class Target:
    """A file to check, how to show its path, and its site (None outside any site)."""

    file: Path
    display: str
    site: CheckSite | None
    rel: str | None
    settings: Settings


@dataclass
class Report:
    """What a run found: diagnostics, fixes applied, and failures of the tool itself."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed: Counter[str] = field(default_factory=Counter)  # fixes applied, per rule code
    failures: list[str] = field(default_factory=list)
    #: said once per run, on standard error (rules that could not run, and why)
    notes: list[str] = field(default_factory=list)
    #: The configured format (of the first file's settings); ``--output-format`` wins over it.
    output_format: str = "text"

    def exit_code(self, *, exit_zero: bool = False) -> int:
        if self.failures:
            return 2
        if exit_zero:
            return 0
        return 1 if any(d.severity is not Severity.INFO for d in self.diagnostics) else 0


def run_check(args: argparse.Namespace) -> int:
    """Entry point of the ``check`` subcommand (see :func:`franklin_compat.cli.commands.build_parser`)."""
    try:
        if args.explain:
            return _explain(args.explain)
        report = check_paths(args.paths, select=_split(args.select), ignore=_split(args.ignore), fix=args.fix,
                             jobs=getattr(args, "jobs", 1), julia=not getattr(args, "no_julia", False))
    except FranklinError as e:
        d = e.diagnostic
        print(f"error: {d.render() if d.path else d.message}" + (f"\n  hint: {d.hint}" if d.hint else ""),
              file=sys.stderr)
        return 2
    except OSError:  # a closed pipe (`| head`) or a file that cannot be read: said in one line by main
        raise
    except Exception:  # a bug of the checker must not look like "problems found" (exit 1)
        print(f"error: internal error of franklin-compat check\n{_traceback()}", file=sys.stderr)
        return 2
    from .formats import RENDERERS

    fmt = args.output_format or report.output_format
    for line in (*report.failures, *report.notes):  # first, so that the summary below follows them
        print(line, file=sys.stderr)
    if args.statistics:
        sys.stdout.write(statistics(report.diagnostics))
    else:
        sys.stdout.write(RENDERERS[fmt](report.diagnostics, fixed=report.fixed,
                                        unchecked=len(report.failures)))
    return report.exit_code(exit_zero=args.exit_zero)


def _traceback() -> str:
    """The exception being handled, as Python prints it (``traceback`` is imported only then)."""
    import traceback

    return traceback.format_exc()


def _split(values: Sequence[str] | None) -> list[str] | None:
    """``--select A,B --select C`` → ``[A, B, C]`` (None when not given)."""
    if not values:
        return None
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _explain(code: str) -> int:
    if code not in R.RULES:
        raise UsageError("FC003", f"no rule {code!r}", hint="codes: " + ", ".join(R.codes()))
    rule = R.RULES.get(code)
    print(f"# {rule.code} {rule.name}\n\nSeverity: {rule.severity.value}. Fix: {rule.fixable.value}.\n")
    print(rule.doc())
    return 0


def statistics(diags: Iterable[Diagnostic]) -> str:
    """Counts per rule, most frequent first (``--statistics``)."""
    counts = Counter(d.code for d in diags)
    rows = [f"{n:6d}  {code}  {R.RULES.get(code).name if code in R.RULES else ''}"
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(rows) + ("\n" if rows else "")


# -- collecting files ----------------------------------------------------------


class _Sites:
    """One :class:`CheckSite` and one :class:`Settings` per site root, made on first use."""

    def __init__(self, julia: bool = True) -> None:
        self.julia = julia
        self.sites: dict[Path, CheckSite] = {}
        self.settings: dict[Path, Settings] = {}

    def site(self, root: Path) -> CheckSite:
        if root not in self.sites:
            from ..site.site import Site

            self.sites[root] = CheckSite(Site(root, julia=self.julia))
        return self.sites[root]

    def config(self, start: Path) -> Settings:
        if start not in self.settings:
            self.settings[start] = load(find_pyproject(start))
        return self.settings[start]


def _display(p: Path) -> str:
    try:
        return os.path.relpath(p)
    except ValueError:  # another drive (Windows)
        return str(p)


def _site_files(site: CheckSite, under: Path | None = None) -> list[str]:
    """Site-relative Markdown files Franklin reads (pages and config.md), optionally under a folder."""
    files = sorted(r for r in site.page_files if r.endswith(".md"))
    if (site.root / "config.md").is_file():
        files.insert(0, "config.md")
    if under is not None and under != site.root:
        prefix = under.relative_to(site.root).as_posix() + "/"
        files = [f for f in files if f.startswith(prefix)]
    return files


def collect(paths: Sequence[str], sites: _Sites) -> list[Target]:
    """Files to check for the command-line ``paths`` (the current site when empty)."""
    targets: list[Target] = []
    if not paths:
        root = find_root(Path.cwd())
        if root is None:
            raise UsageError("FC601", "no config.md in the current folder or above",
                             hint="run inside a Franklin site, or name files or folders to check")
        paths = [str(root)]
    for name in paths:
        p = Path(name)
        full = p.resolve()
        if not p.exists():
            raise UsageError("FC001", f"{name}: no such file or folder")
        root = find_root(full)
        if full.is_dir():
            roots = [root] if root is not None else roots_below(full)
            if not roots:
                raise UsageError("FC601", f"{name}: no Franklin site (config.md) here, above or below",
                                 hint="name a folder of a site, or Markdown files")
            for r in roots:
                site, settings = sites.site(r), sites.config(r)
                for rel in _site_files(site, full if root is not None else None):
                    f = r / rel
                    if not settings.excluded(f):
                        targets.append(Target(f, _display(f), site, rel, settings))
        elif root is None:
            targets.append(Target(full, name, None, None, sites.config(full.parent)))
        else:
            site, settings = sites.site(root), sites.config(root)
            rel = full.relative_to(root).as_posix()
            is_page = rel == "config.md" or (rel.endswith(".md") and site.is_page(rel))
            if is_page and not settings.excluded(full):  # README.md, _assets/…: not Franklin pages
                targets.append(Target(full, name, site, rel, settings))
    seen: set[Path] = set()
    unique = []
    for t in targets:
        if t.file not in seen:
            seen.add(t.file)
            unique.append(t)
    return unique


# -- checking ------------------------------------------------------------------


def check_paths(
    paths: Sequence[str],
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    fix: bool = False,
    jobs: int = 1,
    julia: bool = True,
) -> Report:
    """Check ``paths`` (files or folders; the current site when empty); ``jobs`` > 1 checks the
    files on that many processes, with the same report."""
    for sel in (select or [], ignore or []):
        bad = R.unknown_selectors(sel)
        if bad:
            raise UsageError("FC003", f"unknown rule code(s): {', '.join(bad)}",
                             hint="codes: " + ", ".join(R.codes()))
    sites = _Sites(julia)
    report = Report()
    rule_sets: dict[tuple[str, ...], list[R.Rule]] = {}
    targets = collect(paths, sites)
    if targets:
        report.output_format = targets[0].settings.output_format
    work: list[tuple[Target, list[R.Rule]]] = []
    for t in targets:
        for sel in (t.settings.select, t.settings.ignore, *t.settings.per_file_ignores.values()):
            bad = R.unknown_selectors(sel)
            if bad:
                raise ConfigError("FC603", f"unknown rule code(s) in the configuration: {', '.join(bad)}",
                                  hint="codes: " + ", ".join(R.codes()))
        chosen = tuple(R.selected(select or t.settings.select,
                                  [*t.settings.ignore, *(ignore or []), *t.settings.ignored_for(t.file)]))
        if chosen not in rule_sets:
            rule_sets[chosen] = list(R.load(chosen))
        rules = rule_sets[chosen]
        if fix:
            report.fixed.update(_fix(t, rules))
        work.append((t, rules))
    outside = [t.display for t, rules in work if t.site is None and any(r.needs_site for r in rules)]
    if outside:
        skipped = sorted({r.code for _t, rules in work for r in rules if r.needs_site})
        report.notes.append(
            f"note: {', '.join(outside[:3])}{' …' if len(outside) > 3 else ''} is in no Franklin site (no "
            f"config.md above it): the rules that need one were skipped there ({', '.join(skipped)})")
    for diags, failures in _check_all(work, jobs):
        report.diagnostics.extend(diags)
        report.failures.extend(failures)
    report.diagnostics.sort(key=lambda d: (d.path or "", d.line or 0, d.col or 0, d.code))
    return report


def check_target(t: Target, rules: list[R.Rule], report: Report) -> list[Diagnostic]:
    """Every diagnostic of one file; a rule that crashes is a failure of the tool, not of the file.

    A page of a site that is a link leading out of it is one FC501, never read (as ``build``)."""
    if t.site is not None and t.rel is not None:
        try:
            inside(t.site.root, t.rel, what="page")
        except FranklinError as e:
            return [e.diagnostic.located(t.display)]
    try:
        source = Source.from_path(t.file)
    except FranklinError as e:
        report.failures.append(e.diagnostic.located(t.display).render())
        return []
    try:
        page = Page(t.display, source, t.site, t.rel)
    except Exception:  # a bug of the parser: report it, go on with the other files
        report.failures.append(f"{t.display}: internal error while parsing\n{_traceback()}")
        return []
    out: list[Diagnostic] = []
    seen: set[tuple[str, int, str]] = set()
    for rule in rules:
        if rule.needs_site and page.site is None:
            continue
        try:
            with warnings.catch_warnings():  # check reports diagnostics; a build's warnings would repeat them
                warnings.simplefilter("ignore")
                hits = list(rule.check(page))
        except Exception:
            report.failures.append(
                f"{t.display}: internal error in rule {rule.code}\n{_traceback()}")
            continue
        for h in hits:
            key = (rule.code, h.start, h.message)
            if key not in seen:
                seen.add(key)
                out.append(_diagnostic(rule, page, h))
    from .suppress import silence, unused

    out, found = silence(page, out)
    for rule in rules:
        if rule.code == "FC920":
            out.extend(_diagnostic(rule, page, h) for h in unused(found))
    return out


def _diagnostic(rule: R.Rule, page: Page, h: R.Hit) -> Diagnostic:
    line, col = page.source.position(h.start)
    end_line, end_col = page.source.position(h.end if h.end is not None else h.start)
    return Diagnostic(code=rule.code, message=h.message, severity=rule.severity, path=page.path,
                      line=line, col=col, end_line=end_line, end_col=end_col, hint=h.hint, fix=h.fix,
                      offset=h.start)


# -- fixing ----------------------------------------------------------------------


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """``text`` with ``fixes`` applied, skipping any that overlaps one applied before; those applied."""
    out: list[str] = []
    head = 0
    done: list[Fix] = []
    for f in sorted(fixes, key=lambda f: min(e.start for e in f.edits)):
        edits = sorted(f.edits, key=lambda e: (e.start, e.end))
        if edits[0].start < head or any(b.start < a.end for a, b in itertools.pairwise(edits)):
            continue
        for e in edits:
            out.append(text[head : e.start])
            out.append(e.text)
            head = e.end
        done.append(f)
    out.append(text[head:])
    return "".join(out), done


def _fix(t: Target, rules: list[R.Rule]) -> Counter[str]:
    """Apply safe fixes to ``t.file`` until none is left; how many were applied, per rule code."""
    from ..site.write import write_atomic

    total: Counter[str] = Counter()
    for _ in range(MAX_FIX_ROUNDS):
        scratch = Report()
        diags = check_target(t, rules, scratch)
        code_of = {id(d.fix): d.code for d in diags if d.fix is not None}
        fixes = [d.fix for d in diags if d.fix is not None and d.fix.safe and d.fix.edits]
        if scratch.failures or not fixes:
            break
        raw = t.file.read_bytes()
        new, done = apply_fixes(Source.from_bytes(raw, str(t.file)).text, fixes)
        if not done:
            break
        newline = "\r\n" if b"\r\n" in raw else "\r" if b"\r" in raw else "\n"
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        # through a link to the file it names (checked inside the site above): the link stays a link
        write_atomic(Path(os.path.realpath(t.file)), bom + new.replace("\n", newline).encode("utf-8"),
                     keep_mode=True)
        total.update(code_of[id(f)] for f in done)
    return total


def _check_one(_: None, work: tuple[Target, list[R.Rule]]) -> tuple[list[Diagnostic], list[str]]:
    t, rules = work
    scratch = Report()
    return check_target(t, rules, scratch), scratch.failures


def _check_all(work: list[tuple[Target, list[R.Rule]]],
               jobs: int) -> Iterator[tuple[list[Diagnostic], list[str]]]:
    """Each file's diagnostics and failures, in order; on ``jobs`` forked processes when asked."""
    return ordered_map(_check_one, None, work, jobs, min_items=8)

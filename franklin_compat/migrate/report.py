"""What a migration did, said three ways: the JSON report, a summary grouped by code, next steps."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, Severity
from ..site.write import write_atomic
from .targets import Target


@dataclass(frozen=True, slots=True)
class Harvested:
    """One piece of a page taken from the site's last Franklin build (``--from-build``)."""

    page: str  # the source page
    what: str  # "output", "literate", "hfun"
    name: str  # the code block's name, the script, the call
    source: str  # the built file it came from

    def as_dict(self) -> dict[str, str]:
        return {"page": self.page, "what": self.what, "name": self.name, "source": self.source}


@dataclass
class MigrationReport:
    """What :func:`migrate` did; ``diagnostics`` is everything that was not carried over as it was."""

    target: str
    pages: int = 0
    failed: int = 0
    copied: int = 0
    outputs: list[str] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)  # Franklin URL -> written file
    diagnostics: list[Diagnostic] = field(default_factory=list)
    harvested: list[Harvested] = field(default_factory=list)
    #: generator plugins the written configuration loads (the site's, not a page's: not added up)
    plugins: list[str] = field(default_factory=list)

    def add(self, other: MigrationReport) -> None:
        """Count in what ``other`` (one page's report) found, after what this one holds."""
        self.pages += other.pages
        self.failed += other.failed
        self.copied += other.copied
        self.outputs += other.outputs
        self.urls.update(other.urls)
        self.diagnostics += other.diagnostics
        self.harvested += other.harvested

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target, "pages": self.pages, "failed": self.failed, "copied": self.copied,
            "outputs": self.outputs, "urls": self.urls, "plugins": self.plugins,
            "harvested": [h.as_dict() for h in self.harvested],
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }


def write_report(report: MigrationReport, path: str | os.PathLike[str]) -> None:
    """The report as JSON (``--report``), for tooling and for a record of what was lost."""
    write_atomic(Path(path), json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n")


def summary(diagnostics: Iterable[Diagnostic], *, first: int = 3, info: bool = False) -> list[str]:
    """One block per code, most frequent first: the count, the message of the first one, and
    where the first ``first`` are.  Info records only when ``info``; errors always."""
    groups: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.severity is Severity.INFO and not info:
            continue
        groups.setdefault(d.code, []).append(d)
    lines: list[str] = []
    for code, ds in sorted(groups.items(), key=lambda kv: (kv[1][0].severity is not Severity.ERROR,
                                                          -len(kv[1]), kv[0])):
        d = ds[0]
        lines.append(f"{code} ×{len(ds)} ({d.severity.value}): {d.message}")
        where = [_where(x) for x in ds[:first]]
        more = f" and {len(ds) - first} more" if len(ds) > first else ""
        lines.append("    at " + ", ".join(where) + more)
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    return lines


def _where(d: Diagnostic) -> str:
    where = d.path or "<site>"
    if d.line is not None:
        where += f":{d.line}:{d.col or 1}"
    return where


#: how to install a plugin the written configuration loads
_INSTALL = {
    "jekyll-redirect-from": "gem install jekyll-redirect-from (Debian: ruby-jekyll-redirect-from)",
}


def next_steps(target: Target, out: str, *, theme: bool, report: str | None,
               plugins: Iterable[str] = ()) -> list[str]:
    """How to look at the result: install what the configuration loads, build and serve it."""
    lines = ["next steps:"]
    for name in plugins:
        how = _INSTALL.get(name, f"gem install {name}")
        lines.append(f"  install the {name} plugin, which the configuration loads: {how}")
    if target.build:
        lines.append(f"  cd {out} && {target.build}")
    if target.serve:
        lines.append(f"  cd {out} && {target.serve}    # then open the address it prints")
    if target.flavor == "mkdocs":
        lines.append("  (the configuration uses MkDocs' own theme; pip install mkdocs pymdown-extensions)")
    if not theme and target.config:
        lines.append("  add a theme of your choice: --no-theme wrote none")
    lines.append("  read what was not carried over " + (f"in {report}" if report else "with --report FILE"))
    return lines

"""Output formats: one function per format over the same sorted list of diagnostics.

* ``text``: ``path:line:col: CODE message`` (``[*]`` when ``--fix`` can fix it),
  then an indented hint line: the form editors and CI problem matchers read.
* ``json``: a list of objects (path, line, column, end_line, end_column, code,
  name, severity, message, hint, fix).
* ``github``: workflow commands (``::error file=…,line=…,col=…::…``), followed by
  the text form, since GitHub shows only the first few annotations of a step.
* ``sarif``: SARIF 2.1.0, for code-scanning upload.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..core.diagnostics import Diagnostic, Severity
from .rules import RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://pypi.org/project/franklin_compat/"


def _where(d: Diagnostic) -> str:
    return f"{d.path}:{d.line or 1}:{d.col or 1}"


def _rule_name(code: str) -> str:
    return RULES.get(code).name if code in RULES else ""


def text(diags: Sequence[Diagnostic], *, fixed: Counter[str] | None = None, unchecked: int = 0) -> str:
    out: list[str] = []
    for d in diags:
        mark = "[*] " if d.fix is not None else ""
        out.append(f"{_where(d)}: {d.code} {mark}{d.message}")
        if d.hint:
            out.append(f"  hint: {d.hint}")
    out.append(summary(diags, fixed=fixed, unchecked=unchecked))
    return "\n".join(out) + "\n"


def summary(diags: Sequence[Diagnostic], *, fixed: Counter[str] | None = None, unchecked: int = 0) -> str:
    """The closing lines; never "All checks passed." when a file could not be checked."""
    n_fixed = sum((fixed or Counter()).values())
    by = Counter(d.severity for d in diags)
    parts = [f"{by[s]} {s.value}{'s' if by[s] != 1 and s is not Severity.INFO else ''}"
             for s in Severity if by[s]]
    lines = []
    if n_fixed:
        codes = ", ".join(f"{n} × {code}" for code, n in sorted((fixed or Counter()).items()))
        lines.append(f"Fixed {n_fixed} problem{'s' if n_fixed != 1 else ''} ({codes}).")
    if diags:
        lines.append(f"Found {len(diags)} problem{'s' if len(diags) != 1 else ''} ({', '.join(parts)}).")
        fixable = sum(d.fix is not None for d in diags)
        if fixable:
            lines.append(f"[*] {fixable} fixable with --fix.")
    elif not n_fixed and not unchecked:
        lines.append("All checks passed.")
    if unchecked:
        lines.append(f"{unchecked} file{'s' if unchecked != 1 else ''} could not be checked (see the errors "
                     "above).")
    return "\n".join(lines)


def as_json(diags: Sequence[Diagnostic], *, fixed: Counter[str] | None = None, unchecked: int = 0) -> str:
    items: list[dict[str, Any]] = []
    for d in diags:
        fix = None
        if d.fix is not None:
            fix = {"safe": d.fix.safe, "title": d.fix.title,
                   "edits": [{"start": e.start, "end": e.end, "text": e.text} for e in d.fix.edits]}
        items.append({
            "path": d.path, "line": d.line, "column": d.col, "end_line": d.end_line, "end_column": d.end_col,
            "code": d.code, "name": _rule_name(d.code), "severity": d.severity.value,
            "message": d.message, "hint": d.hint, "fix": fix,
        })
    import json  # only for these two formats

    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _gh_escape(s: str, *, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


_GH_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github(diags: Sequence[Diagnostic], *, fixed: Counter[str] | None = None, unchecked: int = 0) -> str:
    out: list[str] = []
    for d in diags:
        props = [f"file={_gh_escape(d.path or '', prop=True)}", f"line={d.line or 1}"]
        same_line = d.end_line is None or d.end_line == d.line
        if d.end_line is not None:
            props.append(f"endLine={d.end_line}")
        if same_line:
            props.append(f"col={d.col or 1}")
            if d.end_col is not None:
                props.append(f"endColumn={d.end_col}")
        props.append(f"title={_gh_escape(d.code, prop=True)}")
        msg = d.message + (f"\n{d.hint}" if d.hint else "")
        out.append(f"::{_GH_LEVEL[d.severity]} {','.join(props)}::{_gh_escape(msg)}")
    return "\n".join(out) + ("\n" if out else "") + text(diags, fixed=fixed, unchecked=unchecked)


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif(diags: Sequence[Diagnostic], *, fixed: Counter[str] | None = None, unchecked: int = 0) -> str:
    from .. import __version__

    used = sorted({d.code for d in diags})
    index = {code: i for i, code in enumerate(used)}
    rules = []
    for code in used:
        r = RULES.get(code) if code in RULES else None
        rules.append({
            "id": code,
            "name": r.name if r else code,
            "shortDescription": {"text": r.summary() if r else code},
            "help": {"text": r.doc() if r else "", "markdown": r.doc() if r else ""},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity] if r else "error"},
        })
    results = []
    for d in diags:
        region: dict[str, int] = {"startLine": d.line or 1, "startColumn": d.col or 1}
        if d.end_line is not None:
            region["endLine"] = d.end_line
            region["endColumn"] = d.end_col or 1
        results.append({
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": (d.path or "").replace("\\", "/")},
                "region": region,
            }}],
        })
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "franklin-compat", "version": __version__,
                                "informationUri": INFO_URI, "rules": rules}},
            "results": results,
        }],
    }
    import json  # only for these two formats

    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": text, "json": as_json, "github": github, "sarif": sarif}

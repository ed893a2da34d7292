"""Generate ``docs/rules.md`` from the rules' docstrings (one source for code and docs).

    python -m franklin_compat.check.docs > docs/rules.md

A test keeps the committed file equal to :func:`render`.
"""

from __future__ import annotations

import sys

from .rules import RULES, FixAvailability, codes

_INTRO = """\
# Rules of `franklin-compat check`

<!-- Generated from the rule docstrings by `python -m franklin_compat.check.docs > docs/rules.md`.
     Do not edit by hand: tests/test_check_docs.py compares this file with the generated text. -->

Every rule has a stable code.  The hundreds follow `docs/architecture.md`:
`FC1xx` syntax (blocks, math), `FC2xx` page variables, `FC3xx` templates
(`{{ }}`), `FC4xx` commands (`\\newcommand`), `FC5xx` paths and links, `FC9xx`
page structure.  Where the parser reports a problem itself, the rule keeps the
parser's code (`FC201`, `FC402`…), so `check` and `build` speak alike; the
parser's `FC101` (unclosed construct) is split by construct into `FC111`–`FC120`.

Select rules by code or prefix: `--select FC1,FC510`, `--ignore FC9`, or
`select`/`ignore` in `[tool.franklin_compat]` (see `docs/check.md`).
`franklin-compat check --explain CODE` prints one rule's text.

Severity `info` is reported but never makes the run fail.  *Fix* says whether
`--fix` can repair the problem (`always`, `sometimes`, `never`); every fix is safe.
"""

_FIX = {FixAvailability.ALWAYS: "always", FixAvailability.SOMETIMES: "sometimes", FixAvailability.NEVER: "—"}


def render() -> str:
    """The whole of ``docs/rules.md``."""
    rules = [RULES.get(c) for c in codes()]
    out = [_INTRO, "| Code | Name | Severity | Fix | What it does |", "|---|---|---|---|---|"]
    for r in rules:
        out.append(f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.severity.value} | {_FIX[r.fixable]} "
                   f"| {r.summary()} |")
    for r in rules:
        body = r.doc().replace("\n## ", "\n### ")
        body = "#" + body if body.startswith("## ") else body
        out.append(f"\n## {r.code}\n\n`{r.name}` · severity **{r.severity.value}** · fix: "
                   f"{r.fixable.value}{' (needs the site)' if r.needs_site else ''}\n\n{body}")
    return "\n".join(out) + "\n"


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()

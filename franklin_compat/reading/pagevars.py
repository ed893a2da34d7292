"""Page variables: ``+++`` blocks and ``@def`` lines, Franklin's defaults and aliases.

Franklin runs both forms as Julia code (reference §4.1); the values are read by
the literal reader of :mod:`.julia_subset.literals` and reported with their exact
position when they cannot be read.  The module also holds Franklin's default page
variables and their aliases (reference §4.2, §4.3).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..core.diagnostics import Diagnostic, FranklinSyntaxError, Severity
from ..core.source import Source, Span
from ..julia_subset.literals import KEYWORDS, LiteralReader
from ..julia_subset.scan import HINT, ReadFailure
from ..julia_subset.show import to_julia_string
from ..julia_subset.values import JuliaRegex, Pair, Symbol, TypedVector

__all__ = [
    "ALIASES",
    "GLOBAL_DEFAULTS",
    "HINT",
    "LOCAL_DEFAULTS",
    "Assignment",
    "JuliaRegex",
    "Pair",
    "Symbol",
    "TypedVector",
    "canonical",
    "parse_date",
    "parse_value",
    "read_def",
    "read_toml_block",
    "to_julia_string",
]

#: Franklin's own warning for an ``@def`` that is not ``@def name = value``.
DEF_SHAPE_WARNING = (
    "Delimiters for an '@def ...' environment were found but at least one assignment "
    "does not have the proper syntax."
)


@dataclass(frozen=True, slots=True)
class Assignment:
    """One ``name = value``; ``text`` is the value's source, kept for faithful round trips."""

    name: str
    value: object
    text: str
    span: Span
    value_span: Span


# --------------------------------------------------------------------------- defaults

_NO_DATE = _dt.date(1, 1, 1)

#: Franklin's global defaults (``src/utils/vars.jl``, reference §4.2), set by ``config.md``.
GLOBAL_DEFAULTS: dict[str, object] = {
    "author": "",
    "prepath": "",
    "date_format": "U dd, yyyy",
    "date_days": TypedVector("String"),
    "date_shortdays": TypedVector("String"),
    "date_months": TypedVector("String"),
    "date_shortmonths": TypedVector("String"),
    "tag_page_path": "tag",
    "title_links": True,
    "ignore": TypedVector("String"),
    "keep_path": TypedVector("String"),
    "robots_disallow": TypedVector("String"),
    "generate_robots": True,
    "generate_rss": False,
    "website_title": "",
    "website_url": "",
    "website_description": "",
    "rss_file": "feed",
    "rss_full_content": False,
    "generate_sitemap": True,
    "sitemap_file": "sitemap",
    "content_tag": "div",
    "content_class": "franklin-content",
    "content_id": "",
    "div_content": "",
    "code_output_class": "code-output",
    "autocode": True,
    "automath": True,
    "literate_mds": False,
    "auto_code_path": False,
    "generate_tags": True,
    "fd_page_tags": None,
    "fd_tag_pages": None,
    "fd_rss_feed_url": "",
}

#: Franklin's page defaults (reference §4.3); a global of the same name overrides them.
LOCAL_DEFAULTS: dict[str, object] = {
    "title": None,
    "hasmath": False,
    "hascode": False,
    "date": _NO_DATE,
    "lang": "julia",
    "reflinks": True,
    "indented_code": False,
    "tags": TypedVector("String"),
    "prerender": True,
    "slug": "",
    "draft": False,
    "mintoclevel": 1,
    "maxtoclevel": 10,
    "reeval": False,
    "noeval": False,
    "showall": False,
    "fd_eval": False,
    "header_anchor_class": "header-anchor",
    "rss_description": "",
    "rss_title": "",
    "rss_author": "",
    "rss_category": "",
    "rss_comments": "",
    "rss_enclosure": "",
    "rss_pubdate": _NO_DATE,
    "sitemap_changefreq": "monthly",
    "sitemap_priority": 0.5,
    "sitemap_exclude": False,
    "robots_disallow_this_page": False,
    "fd_mtime_raw": _NO_DATE,
    "fd_ctime": "0001-01-01",
    "fd_mtime": "0001-01-01",
    "fd_rpath": "",
    "fd_url": "",
    "fd_full_url": "",
    "fd_tag": "",
    "fd_evalc": 1,
    "fd_page_html": "",
}

#: alias -> canonical name (Franklin resolves the global ones in ``config.md``, the rest on pages).
ALIASES: dict[str, str] = {
    "prefix": "prepath",
    "base_path": "prepath",
    "base_url": "website_url",
    "rss_website_url": "website_url",
    "rss_website_title": "website_title",
    "website_descr": "website_description",
    "rss_website_descr": "website_description",
    "rss_filename": "rss_file",
    "sitemap_filename": "sitemap_file",
    "rss": "rss_description",
    "rss_descr": "rss_description",
}


def canonical(name: str) -> str:
    """The name Franklin stores a variable under (``rss`` -> ``rss_description``)."""
    return ALIASES.get(name, name)


# --------------------------------------------------------------------------- diagnostics


def _diagnostic(
    fail: ReadFailure,
    reader: LiteralReader,
    offset: int,
    source: Source | None,
    *,
    code: str = "FC201",
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    """Locate ``fail`` in the document (through ``source``) or else in the reader's text itself."""
    start = min(fail.pos, reader.n)
    end = max(start, min(fail.end, reader.n))
    if source is not None:
        line, col = source.position(offset + start)
        end_line, end_col = source.position(offset + end)
    else:
        line, col = reader.position(start)
        end_line, end_col = reader.position(end)
    return Diagnostic(
        code=code,
        message=fail.message,
        severity=severity,
        path=source.path if source is not None else None,
        line=line,
        col=col,
        end_line=end_line,
        end_col=end_col,
        hint=fail.hint,
        offset=offset + start,
    )


def _note_diagnostic(
    reader: LiteralReader, note: tuple[int, int], offset: int, source: Source | None
) -> Diagnostic:
    start, end = note
    written = reader.text[start:end]
    fail = ReadFailure(
        start,
        f"cannot evaluate the interpolation `{written}`: the text is kept as written",
        end=end,
        hint="Franklin evaluates `$…` inside strings; define the name earlier in the same `+++` "
        "block, or write `\\$` for a literal dollar sign",
    )
    return _diagnostic(fail, reader, offset, source, code="FC203", severity=Severity.WARNING)


# --------------------------------------------------------------------------- public reading API


def parse_value(expr: str, *, offset: int = 0, source: Source | None = None) -> object:
    """Read one Julia literal; anything else raises :class:`FranklinSyntaxError` (``FC201``).

    ``offset`` is where ``expr`` starts in ``source``, so errors point into the document.
    String interpolation cannot be evaluated here and is kept as written.
    """
    reader = LiteralReader(expr)
    try:
        value, end = reader.expression(reader.skip(0, newlines=True))
        rest = reader.skip(end, newlines=True)
        if rest < len(expr):
            raise ReadFailure(rest, f"expected the end of the value, found {reader.describe(rest)}")
    except ReadFailure as fail:
        diag = _diagnostic(fail, reader, offset, source)
        raise FranklinSyntaxError(diag.code, diag.message, diagnostic=diag) from None
    return value


def read_def(
    line_text: str, *, offset: int, source: Source | None = None
) -> tuple[Assignment | None, Diagnostic | None]:
    """Read one ``@def name = value`` (``line_text`` is what follows ``@def ``).

    Like Franklin, everything from ``<!--`` on is cut first and only the first
    expression counts; an empty value is Julia's ``nothing``.  A wrong shape is
    Franklin's ``FC202`` warning, an unreadable value an ``FC201`` error; text
    after the value (``FC204``) and unevaluated interpolation (``FC203``) are
    warnings that still return the assignment.
    """
    cut = line_text.find("<!--")
    text = line_text if cut < 0 else line_text[:cut]
    reader = LiteralReader(text)
    i = 0
    while i < len(text) and text[i] in " \t":
        i += 1
    name_end = reader.ident_end(i)
    j = name_end
    while j < len(text) and text[j] in " \t":
        j += 1
    if name_end == i or not text.startswith("=", j) or text.startswith(("==", "=>"), j):
        shape = ReadFailure(i, DEF_SHAPE_WARNING, end=max(i + 1, name_end), hint="write `@def name = value`")
        return None, _diagnostic(shape, reader, offset, source, code="FC202", severity=Severity.WARNING)
    name = text[i:name_end]
    try:
        k = reader.skip(j + 1, newlines=True)
        if k >= len(text):
            span = Span(offset + i, offset + j + 1)
            return Assignment(name, None, "", span, Span(offset + j + 1, offset + j + 1)), None
        value, end = reader.expression(k)
        rest = reader.skip(end, newlines=True)
    except ReadFailure as fail:
        return None, _diagnostic(fail, reader, offset, source)
    span, value_span = Span(offset + i, offset + end), Span(offset + k, offset + end)
    assignment = Assignment(name, value, text[k:end], span, value_span)
    if reader.notes:
        return assignment, _note_diagnostic(reader, reader.notes[0], offset, source)
    if rest < len(text):
        extra = ReadFailure(rest, f"text after the value is ignored: {reader.describe(rest)}…",
                            end=len(text.rstrip()),
                            hint="Franklin reads only the first expression of an `@def`")
        return assignment, _diagnostic(extra, reader, offset, source, code="FC204", severity=Severity.WARNING)
    return assignment, None


def read_toml_block(
    body: str, *, offset: int, source: Source | None = None
) -> tuple[list[Assignment], list[Diagnostic]]:
    """Read the ``name = value`` statements between two ``+++`` lines.

    ``#`` and ``#= … =#`` comments, blank lines and ``using``/``import`` lines are
    skipped.  ``$name`` in a string takes the value of a name set earlier in the
    block, as when Julia runs it.  A statement that cannot be read gives an
    ``FC201`` error and reading resumes after it, so every problem is reported.
    """
    scope: dict[str, object] = {}
    reader = LiteralReader(body, scope)
    n = len(body)
    assignments: list[Assignment] = []
    diagnostics: list[Diagnostic] = []
    skim = True  # false once a statement never ended: resume line by line from then on
    i = 0
    while True:
        try:
            i = reader.skip(i, newlines=True)
        except ReadFailure as fail:  # an unclosed `#=` swallows the rest of the block
            diagnostics.append(_diagnostic(fail, reader, offset, source))
            break
        if i < n and body[i] == ";":
            i += 1
            continue
        if i >= n:
            break
        start = i
        reader.notes.clear()
        try:
            word_end = reader.ident_end(i)
            word = body[i:word_end]
            if word in ("using", "import"):
                end = reader.statement_end(start)
                i = end if end is not None else _line_end(body, start)
                continue
            if word in KEYWORDS:
                raise ReadFailure(
                    start, f"cannot read Julia code (`{word} …`): only `name = value` lines are read",
                                  end=word_end)
            if not word:
                raise ReadFailure(i, f"expected `name = value`, found {reader.describe(i)}")
            j = reader.skip(word_end, newlines=False)
            if not body.startswith("=", j) or body.startswith(("==", "=>"), j):
                raise ReadFailure(j, f"expected `=` after `{word}`, found {reader.describe(j)}")
            k = reader.skip(j + 1, newlines=True)
            value, end = reader.expression(k)
            after = reader.skip(end, newlines=False)
            if after < n and body[after] not in "\n;":
                raise ReadFailure(after, f"expected a line break after the value of `{word}`, found "
                                   f"{reader.describe(after)}")
        except ReadFailure as fail:
            diagnostics.append(_diagnostic(fail, reader, offset, source))
            resume = reader.statement_end(start) if skim else None
            skim = resume is not None
            i = resume if resume is not None else _line_end(body, start)
            continue
        scope[word] = value
        span, value_span = Span(offset + start, offset + end), Span(offset + k, offset + end)
        assignments.append(Assignment(word, value, body[k:end], span, value_span))
        diagnostics.extend(_note_diagnostic(reader, note, offset, source) for note in reader.notes)
        i = after
    return assignments, diagnostics


def _line_end(text: str, i: int) -> int:
    nl = text.find("\n", i)
    return len(text) if nl < 0 else nl


# --------------------------------------------------------------------------- dates in any form

_DEFAULT_A = _dt.datetime(2000, 1, 1)
_DEFAULT_B = _dt.datetime(2001, 2, 2)
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_MONTHS = {name: i for i, m in enumerate(_MONTH_NAMES, 1) for name in (m, m[:3])}
#: the forms posts write most ("2021-08-12", "12 August 2021"), read without dateutil (same dates)
_ISO_DATE = re.compile(r"([1-9][0-9]{3})-([0-9]{2})-([0-9]{2})")
_DAY_MONTH_YEAR = re.compile(r"([1-9]|[12][0-9]|3[01]) ([A-Za-z]{3,9}) ([1-9][0-9]{3})")


def _plain_date(text: str) -> tuple[bool, _dt.date | None]:
    """Is ``text`` in one of the two commonest forms, and its date there."""
    m = _ISO_DATE.fullmatch(text)
    if m is not None:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DAY_MONTH_YEAR.fullmatch(text)
        month = _MONTHS.get(m.group(2).lower(), 0) if m is not None else 0
        if m is None or not month:
            return False, None
        year, day = int(m.group(3)), int(m.group(1))
    try:
        return True, _dt.date(year, month, day)
    except ValueError:  # 31 February: dateutil refuses it too
        return True, None


def parse_date(value: object) -> _dt.date | None:
    """A date from a ``Date`` or from text as posts write it ("1 December 2021", "Dec 1, 2021").

    The text is parsed against two different fixed defaults: if the results
    differ, the text lacks a year, month or day and nothing is guessed.
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    plain, day = _plain_date(value.strip())
    if plain:
        return day
    from dateutil import parser as _dateparser  # only for a date written as text

    try:
        a = _dateparser.parse(value, default=_DEFAULT_A)
        b = _dateparser.parse(value, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        return None
    return a.date() if a.date() == b.date() else None

"""The rule model and the one code → rule table.

A rule is a class: its code, alias, severity and fix availability are class
attributes, its docstring (What it does / Why is this bad? / Example / Use
instead) is its documentation, and :meth:`Rule.check` yields :class:`Hit`s for
one page.  The table maps codes to dotted paths so that a run imports only the
rule families it selected (``check`` starts fast).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..core.diagnostics import Diagnostic, Fix, Severity
from ..core.lazy_re import lazy_compile
from ..core.registry import Registry

if TYPE_CHECKING:
    from .page import Page


_SENTENCE = lazy_compile(r"(.*?[.!?])(?:\s+[A-Z]|$)")


class FixAvailability(enum.Enum):
    NEVER = "never"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


@dataclass(frozen=True, slots=True)
class Hit:
    """One problem a rule found: offsets ``[start, end)`` in the page's normalised text."""

    start: int
    message: str
    end: int | None = None
    hint: str = ""
    fix: Fix | None = None


class Rule:
    """Base of every rule; subclasses set the class attributes and :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    fixable: ClassVar[FixAvailability] = FixAvailability.NEVER
    #: False for rules that only make sense inside a site (links, variables, utils.jl names).
    needs_site: ClassVar[bool] = False
    #: Parser diagnostics this rule reports as they are (same code, parser's message).
    parser_codes: ClassVar[tuple[str, ...]] = ()

    def check(self, page: Page) -> Iterable[Hit]:
        """Hits for ``page``; the default reports the parser's diagnostics of :attr:`parser_codes`."""
        return (h for _, h in parser_hits(page, self.parser_codes))

    @classmethod
    def doc(cls) -> str:
        import inspect  # only for docs and --explain: keep it off the start-up path

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The first sentence of "What it does", for listings and SARIF."""
        text = " ".join(cls.doc().split("## What it does", 1)[-1].strip().split("\n\n", 1)[0].split())
        m = _SENTENCE.match(text)
        return m.group(1) if m else text


def parser_hits(page: Page, codes: tuple[str, ...]) -> Iterator[tuple[Diagnostic, Hit]]:
    """The parser's diagnostics with these codes, each with the :class:`Hit` that reports it."""
    for d in page.parse_diagnostics:
        if d.code in codes and d.offset is not None:
            end = page.offset_of(d.end_line, d.end_col) if d.end_line is not None else None
            yield d, Hit(d.offset, d.message, end=end, hint=d.hint)


# Code → "module:Class".  Codes follow docs/architecture.md: FC1xx syntax, FC2xx
# page variables, FC3xx templates, FC4xx commands, FC5xx paths, FC9xx lints.
_TABLE: dict[str, str] = {
    "FC111": "syntax:UnclosedComment",
    "FC112": "syntax:UnclosedFrontMatter",
    "FC113": "syntax:UnclosedCodeFence",
    "FC114": "syntax:UnclosedInlineCode",
    "FC115": "syntax:UnclosedRawHtml",
    "FC116": "syntax:UnclosedInlineMath",
    "FC117": "syntax:UnclosedDisplayMath",
    "FC118": "syntax:UnclosedDiv",
    "FC119": "syntax:UnclosedBrace",
    "FC120": "syntax:UnclosedEnvironment",
    "FC121": "syntax:DollarAcrossParagraphs",
    "FC122": "syntax:DoubleBraceInMath",
    "FC130": "syntax:ParseFailure",
    "FC201": "variables:UnreadableValue",
    "FC202": "variables:MalformedDef",
    "FC203": "variables:Interpolation",
    "FC204": "variables:TextAfterValue",
    "FC205": "variables:JuliaOnlyValue",
    "FC210": "variables:BadDate",
    "FC310": "templates:UnknownFunction",
    "FC311": "templates:UndefinedVariable",
    "FC330": "templates:UserFunctionFails",
    "FC331": "templates:JuliaOnlyFunction",
    "FC401": "commands:BadDefinition",
    "FC402": "commands:UnknownCommand",
    "FC403": "commands:MissingArguments",
    "FC406": "commands:LonelyEnd",
    "FC420": "commands:RecursiveDefinition",
    "FC510": "links:MissingAsset",
    "FC511": "links:MissingPage",
    "FC512": "links:JavascriptUrl",
    "FC910": "structure:DuplicateHeaderId",
    "FC911": "structure:UndefinedFootnote",
    "FC912": "structure:UnusedFootnote",
    "FC913": "structure:BadFootnoteId",
    "FC914": "structure:MissingCodeOutput",
    "FC920": "suppress:UnusedSuppression",
}

RULES: Registry[type[Rule]] = Registry("rule")
for _code, _where in _TABLE.items():
    _mod, _, _cls = _where.partition(":")
    RULES.add_lazy(_code, f"franklin_compat.check.{_mod}:{_cls}")


def codes() -> list[str]:
    """Every rule code, sorted."""
    return sorted(_TABLE)


def matches(code: str, selector: str) -> bool:
    """``FC1`` selects ``FC1xx`` (ruff-style prefixes); ``ALL`` selects everything."""
    return selector == "ALL" or code.startswith(selector)


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    """Selectors that match no rule (typos in ``--select``/``--ignore``/config)."""
    return [s for s in selectors if not any(matches(c, s) for c in _TABLE)]


def selected(select: Iterable[str], ignore: Iterable[str]) -> list[str]:
    """Codes picked by ``select`` minus ``ignore``; the longer (more specific) selector wins."""
    sel, ign = list(select), list(ignore)
    out = []
    for code in codes():
        s = max((len(x) if x != "ALL" else 0 for x in sel if matches(code, x)), default=-1)
        i = max((len(x) if x != "ALL" else 0 for x in ign if matches(code, x)), default=-1)
        if s >= 0 and s > i:
            out.append(code)
    return out


def load(selected_codes: Iterable[str]) -> Iterator[Rule]:
    """Instances of the rules with these codes (importing only their modules)."""
    for code in selected_codes:
        yield RULES.get(code)()

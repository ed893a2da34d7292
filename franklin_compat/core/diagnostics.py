"""One record for every problem we report: parse errors, lints and migration losses.

Modelled on ruff: a code, a severity, a message, an exact 1-based position
(in characters, against the original file) and a hint saying what to do.
:class:`FranklinError` wraps one diagnostic so that a failing call carries the
same information a ``check`` run prints.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``[start, end)`` (offsets in the normalised text) by ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    safe: bool = True
    title: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    code: str
    message: str
    severity: Severity = Severity.ERROR
    path: str | None = None
    line: int | None = None
    col: int | None = None
    end_line: int | None = None
    end_col: int | None = None
    hint: str = ""
    fix: Fix | None = None
    offset: int | None = field(default=None, compare=False)

    def located(self, path: str | None) -> Diagnostic:
        return self if self.path or not path else replace(self, path=path)

    def render(self) -> str:
        """``path:line:col: CODE message``, the format editors and CI understand; a problem of no
        file and no place (a bad option) is ``CODE message``, and text given as a string is
        ``<string>``."""
        if self.path is None and self.line is None:
            return f"{self.code} {self.message}"
        where = self.path or "<string>"
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.code} {self.message}"

    def __str__(self) -> str:
        return self.render() + (f"\n  hint: {self.hint}" if self.hint else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "hint": self.hint,
            "fix": None
            if self.fix is None
            else {
                "safe": self.fix.safe,
                "title": self.fix.title,
                "edits": [{"start": e.start, "end": e.end, "text": e.text} for e in self.fix.edits],
            },
        }


class FranklinError(Exception):
    """Base of every error raised on bad input; carries one :class:`Diagnostic`."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str = "",
        offset: int | None = None,
        diagnostic: Diagnostic | None = None,
    ) -> None:
        if diagnostic is None:
            diagnostic = Diagnostic(
                code=code, message=message, path=path, line=line, col=col, hint=hint, offset=offset
            )
        self.diagnostic = diagnostic
        super().__init__(self._text())

    def _text(self) -> str:
        d = self.diagnostic
        return d.render() + (f"\n  hint: {d.hint}" if d.hint else "")

    def __str__(self) -> str:
        return self._text()

    @property
    def code(self) -> str:
        return self.diagnostic.code

    @property
    def path(self) -> str | None:
        return self.diagnostic.path

    @property
    def line(self) -> int | None:
        return self.diagnostic.line

    @property
    def col(self) -> int | None:
        return self.diagnostic.col

    def located(self, path: str | None) -> FranklinError:
        """The same error with ``path`` filled in where it was unknown."""
        if self.diagnostic.path or not path:
            return self
        err = type(self).__new__(type(self))
        FranklinError.__init__(err, "", "", diagnostic=self.diagnostic.located(path))
        return err


class FranklinSyntaxError(FranklinError):
    """Markup that cannot be parsed: an unclosed construct, unreadable front matter."""


class FranklinPathError(FranklinError):
    """A path that leaves the site root or names no file."""


class FranklinWarning(UserWarning):
    """A warning Franklin would print, carrying its :class:`Diagnostic`.

    The text opens like Franklin's own box (``Franklin Warning: in <page>``) so that
    tools grepping Franklin's logs still match, then gives ``path:line:col: CODE message``.
    """

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(f"Franklin Warning: in <{diagnostic.path or 'input string'}>\n{diagnostic.render()}")

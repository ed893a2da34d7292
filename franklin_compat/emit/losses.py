"""What a target cannot hold: one :class:`Loss` per place, shared by every non-HTML emitter."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Loss:
    """Something of the page the target cannot hold, where it is, and why."""

    code: str
    file: str | None
    line: int | None
    col: int | None
    what: str
    why: str

    def render(self) -> str:
        """``path:line:col: CODE what: why``, as diagnostics print."""
        where = self.file or "<string>"
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.code} {self.what}: {self.why}"


class LossWarning(UserWarning):
    """A :class:`Loss`, issued by the registered emitters (which return text only)."""


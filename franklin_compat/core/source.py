"""Source text: decoding, newline normalisation and offset -> (line, col).

Every later stage works on the normalised text (LF only, no BOM).  Offsets are
indices into that text; :meth:`Source.position` turns one into the 1-based
line and column (in characters) of the original file.  Dropping a CR never
shifts a column, because CRs only ever end a line.  Which lines ended with CRLF is
kept (:attr:`Source.crlf`): Franklin reads the file as it is, and a few of its rules
(and Julia's lists) see the ``\r`` of a blank line.
"""

from __future__ import annotations

import os
import re
import stat
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import FranklinError
from .frozen import frozen_dataclass
from .lazy_re import lazy_compile


@frozen_dataclass()
class Span:
    """Half-open range ``[start, end)`` of character offsets in a :class:`Source`."""

    start: int
    end: int

    def shift(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)

    def cover(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))


@dataclass(slots=True)
class Source:
    """A decoded, normalised text with its path and a line-start index."""

    text: str
    path: str | None = None
    bom: bool = False  # the file opened with a byte-order mark (dropped from ``text``)
    #: 1-based numbers of the lines that ended with CRLF in the file (a lone CR counts as LF)
    crlf: frozenset[int] = frozenset()
    #: where each line starts: an array (8 bytes a line) rather than a list of int objects
    _starts: array[int] = field(default_factory=lambda: array("q"), repr=False)

    def __post_init__(self) -> None:
        starts = array("q", [0])
        starts.extend(map(re.Match.end, _NEWLINE.finditer(self.text)))  # in C: a page may have 10^6 lines
        self._starts = starts

    @classmethod
    def from_text(cls, text: str, path: str | None = None) -> Source:
        """A page given as Python text; a lone surrogate (which no UTF-8 file can hold, and no
        output could be written with) is ``FC002`` at its position, as a bad byte is."""
        source = cls(normalise(text), path, text.startswith("\ufeff"), crlf_lines(text))
        bad = _SURROGATE.search(source.text)
        if bad is not None:
            line, col = source.position(bad.start())
            raise FranklinError("FC002", f"not Unicode text: a lone surrogate U+{ord(bad.group()):04X}",
                                path=path, line=line, col=col,
                                hint="decode the text with errors='replace', or pass the file's bytes")
        return source

    @classmethod
    def from_bytes(cls, data: bytes, path: str | None = None) -> Source:
        text = decode(data, path)
        return cls(normalise(text), path, data.startswith(b"\xef\xbb\xbf"), crlf_lines(text))

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        p = Path(path)
        try:
            # opened without blocking and checked before reading: a FIFO would wait for a
            # writer forever, a device (/dev/zero) never end
            with os.fdopen(os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
                mode = os.fstat(f.fileno()).st_mode
                if stat.S_ISDIR(mode):
                    raise IsADirectoryError(str(p))
                if not stat.S_ISREG(mode):
                    raise FranklinError(
                        "FC001",
                        f"{p} is not a regular file (a pipe, a socket or a device)",
                        path=str(p),
                        hint="name a Markdown file",
                    )
                data = f.read()
        except IsADirectoryError:
            raise FranklinError(
                "FC001", f"{p} is a folder, not a file", path=str(p), hint="name a Markdown file"
            ) from None
        except OSError as e:
            raise FranklinError(
                "FC001",
                f"cannot read {p}: {e.strerror or e}",
                path=str(p),
                hint="check that the file exists and is readable",
            ) from None
        return cls.from_bytes(data, str(p))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; offsets past the end clamp to it."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def ends_crlf(self, offset: int) -> bool:
        """Whether the line that the ``\n`` at ``offset`` ends ended with CRLF in the file."""
        return bool(self.crlf) and bisect_right(self._starts, offset) in self.crlf

    def as_read(self) -> str:
        """The text with CRLF back at the end of the lines that had it (:attr:`crlf`), as
        Franklin reads the file; reading it again gives this source (a lone CR stays LF)."""
        if not self.crlf:
            return self.text
        lines = self.text.split("\n")
        return "\n".join(t + "\r" if n in self.crlf else t for n, t in enumerate(lines, 1))

    def line_text(self, line: int) -> str:
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        return self.text[start:end]

    @property
    def line_count(self) -> int:
        return len(self._starts)


def decode(data: bytes, path: str | None = None) -> str:
    """UTF-8 with the BOM dropped; anything else is a :class:`FranklinError`."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col_start = data.rfind(b"\n", 0, e.start) + 1
        col = len(data[col_start : e.start].decode("utf-8", "replace")) + 1
        raise FranklinError(
            "FC002",
            f"not UTF-8: byte 0x{data[e.start]:02x} at byte offset {e.start}",
            path=path,
            line=line,
            col=col,
            hint="re-save the file as UTF-8",
        ) from None


_SURROGATE = re.compile("[\ud800-\udfff]")
_NEWLINE = lazy_compile("\n")


_LINE_END = re.compile(r"\r\n?|\n")


def crlf_lines(text: str) -> frozenset[int]:
    """The 1-based numbers of the lines of ``text`` that end with CRLF (lines as
    :func:`normalise` leaves them: a lone CR ends a line too)."""
    if "\r\n" not in text:
        return frozenset()
    out: list[int] = []
    for line, m in enumerate(_LINE_END.finditer(text), 1):
        if m.end() - m.start() == 2:
            out.append(line)
    return frozenset(out)


def normalise(text: str) -> str:
    """Drop a BOM and turn CRLF and lone CR into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text

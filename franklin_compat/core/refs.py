"""Franklin's anchor ids (``refstring``, reference §3.4) and its HTML escaping."""

from __future__ import annotations

import html
import re

_BARE_TAG = re.compile(r"<[a-z/]+>")
_NUM_ENTITY = re.compile(r"&#[0-9]+;")
_SPACES = re.compile(r"\s+")
_KEPT = frozenset("0123456789_-")
_NOT_SPACE = frozenset("\x1c\x1d\x1e\x1f")  # Python's isspace() says yes, PCRE's \s and Julia no
#: an ASCII text's characters :func:`julia_kept` drops, for one substitution instead of a call each
_ASCII_DROPPED = re.compile(r"[^A-Za-z0-9_\- \t\n\x0b\x0c\r]+")


def julia_kept(c: str) -> bool:
    r"""Julia's ``[\p{L}0-9_\-\s]``: letters and ASCII digits (``\w`` would keep ``²``, ``Ⅻ``, ``２``)."""
    return c.isalpha() or c in _KEPT or (c.isspace() and c not in _NOT_SPACE)


def julia_lowercase(s: str) -> str:
    """Julia's ``lowercase``: the simple one-to-one mapping of each character, so ``İ`` gives
    ``i`` (Python: ``i`` + U+0307, the only code point whose full mapping is longer) and a
    word-final ``Σ`` gives ``σ`` (Python applies the Final_Sigma rule: ``ς``)."""
    if "\u0130" not in s and "\u03a3" not in s:
        return s.lower()
    return "".join("i" if c == "\u0130" else c.lower() for c in s)


def refstring(text: str) -> str:
    """The id Franklin gives a header or label (quirks included: see reference §3.4)."""
    s = _BARE_TAG.sub("", text)
    s = _NUM_ENTITY.sub("", s)
    s = _ASCII_DROPPED.sub("", s) if s.isascii() else "".join(c for c in s if julia_kept(c))
    s = _SPACES.sub("_", julia_lowercase(s.strip()))
    s = s.replace("__", "_")
    if not s:
        import hashlib  # rare: a header with no letter nor digit

        return "id_" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return s


_WIDE = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "`": "&#96;",
    "!": "&#33;",
    "$": "&#36;",
    "%": "&#37;",
    "(": "&#40;",
    ")": "&#41;",
    "=": "&#61;",
    "+": "&#43;",
    "{": "&#123;",
    "}": "&#125;",
    "[": "&#91;",
    "]": "&#93;",
}
_WIDE_TABLE = str.maketrans(_WIDE)
#: ``&`` first: the other characters' entities hold one, and none of the characters
_WIDE_ITEMS = tuple(_WIDE.items())
_ENTITY_OR_AMP = re.compile(r"&(?:[a-z0-9]+|#[0-9]{1,6}|#x[0-9a-f]{1,6});|[&<>\"'`!$%()=+{}\[\]]")


def escape_wide(text: str) -> str:
    """Julia's old Markdown escaping: the four XML characters and ``' ` ! $ % ( ) = + { } [ ]``.

    ``str.translate`` looks each character up in Python's mapping once the text is not plain
    ASCII or a character is replaced: fast for a character or two, but seven times slower than a
    ``replace`` per character of the table on a line of code, and the table's cost is at most
    seventeen scans in C."""
    if len(text) < 4:
        return text.translate(_WIDE_TABLE)
    for char, entity in _WIDE_ITEMS:
        if char in text:
            text = text.replace(char, entity)
    return text


def escape_text(text: str) -> str:
    """Like :func:`escape_wide` but valid entities (``&pi;``, ``&#33;``) pass untouched (text
    with no ``&`` holds none: escaped wide, without a call back per character)."""
    if "&" not in text:
        return escape_wide(text)
    return _ENTITY_OR_AMP.sub(lambda m: m.group(0) if len(m.group(0)) > 1 else _WIDE[m.group(0)], text)


def escape_attr(text: str) -> str:
    return html.escape(text, quote=True)


_ESCAPED_FORMS = re.compile(r"&(?:amp|lt|gt|quot|#[0-9]+);")


def escape_code(code: str) -> str:
    """Code is escaped unless it already looks escaped (an escaped form and no ``<``)."""
    if "<" not in code and _ESCAPED_FORMS.search(code):
        return code
    return escape_wide(code)


def unescape(text: str) -> str:
    return html.unescape(text)

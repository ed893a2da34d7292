"""Franklin's anchor ids (``refstring``, reference §3.4) and its HTML escaping."""

from __future__ import annotations

import hashlib
import html
import re

_BARE_TAG = re.compile(r"<[a-z/]+>")
_NUM_ENTITY = re.compile(r"&#[0-9]+;")
_NOT_WORD = re.compile(r"[^\w\s\-]")
_SPACES = re.compile(r"\s+")


def refstring(text: str) -> str:
    """The id Franklin gives a header or label (quirks included: see reference §3.4)."""
    s = _BARE_TAG.sub("", text)
    s = _NUM_ENTITY.sub("", s)
    s = _NOT_WORD.sub("", s)
    s = _SPACES.sub("_", s.strip().lower())
    s = s.replace("__", "_")
    if not s:
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
_ENTITY_OR_AMP = re.compile(r"&(?:[a-z0-9]+|#[0-9]{1,6}|#x[0-9a-f]{1,6});|[&<>\"'`!$%()=+{}\[\]]")


def escape_wide(text: str) -> str:
    """Julia's old Markdown escaping: the four XML characters and ``' ` ! $ % ( ) = + { } [ ]``."""
    return text.translate(_WIDE_TABLE)


def escape_text(text: str) -> str:
    """Like :func:`escape_wide` but valid entities (``&pi;``, ``&#33;``) pass untouched."""
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

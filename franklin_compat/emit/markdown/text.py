"""Text, addresses and line starts written so that CommonMark and Franklin read them back alike."""

from __future__ import annotations

import re

from ...core.refs import escape_text as escape_html
from ...reading import ast as A

_INLINE_KINDS = frozenset({
    "text", "emphasis", "link", "image", "code_span", "line_break", "soft_break", "inline_html", "styled",
    "footnote_ref", "escape", "anchor", "reference", "hfun_call", "raw_html", "unresolved", "command",
})
_ENTITY = re.compile(r"&(?:[A-Za-z0-9]+|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
#: the characters :func:`escape_text` may have to write otherwise; any other is copied as it is
#: (``-`` only in literal text: elsewhere ``--`` is a dash before any escaping)
_SPECIAL = re.compile(r"[\\*`$_{}<&~@|\[\]-]")
_SPECIAL_TEXT = re.compile(r"[\\*`$_{}<&~@|\[\]]")
_SPECIAL_SEARCH = _SPECIAL_TEXT.search  # no match: :func:`escape_text` gives the text back as it is
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ALT_ENTITIES = str.maketrans({
    "*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;", "\\": "&#92;", "$": "&#36;",
    "{": "&#123;", "}": "&#125;", "<": "&lt;", "~": "&#126;", "@": "&#64;", "\n": " ",
})
# A paragraph line that would start a block, or mean something at a line start.
_LINE_START = re.compile(
    r"(?:#{1,6}|[-+]|=+|-+|:::|!!!|\?\?\?)(?=[ \t]|$)|>|\+\+\+|\d{1,9}(?=[.)](?:[ \t]|$))"
)
#: the characters a :data:`_LINE_START` match starts with, besides digits
_BLOCK_FIRST = frozenset("#-+=:!?>")
_SPACES = frozenset(" \t")
# A first line that opens a block spanning several lines (a fence, display math, a div).
_OPENS_LINES = re.compile(r"`{3,}|~{3,}|\$\$|:{3,}|!!!|\{%|<div\b")
_DBB_OPEN = re.compile(r"\{\{")
_DBB_CLOSE = re.compile(r"\}\}")
_DELIM = {None: "---", "left": ":--", "right": "--:", "center": ":-:"}
# Julia admonition kinds a target lacks, and the nearest one it has.
_CALLOUT_FALLBACK = {"danger": "caution", "info": "note", "compat": "note", "details": "note"}


def escape_text(
    s: str, *, html_ok: bool = False, in_link: bool = False, in_table: bool = False, braces: bool = True,
    literal: bool = False,
) -> str:
    """Text as Markdown that CommonMark and Franklin both read back as ``s``.

    ``html_ok`` keeps ``<`` and ``&`` (for values Franklin inserts as HTML);
    ``braces=False`` leaves ``{ }`` alone (Franklin only rejects unbalanced ones).
    A ``_`` inside a word stays bare only when it is the only one: Julia's Markdown
    opens emphasis inside words (``a_b_c`` is ``a<em>b</em>c`` to Franklin).
    ``literal`` text (Franklin's literal paragraphs) escapes every ``_`` and keeps
    ``--`` from becoming a dash.
    """
    out: list[str] = []
    n = len(s)
    lone_underscore = not literal and s.count("_") == 1
    pos = 0  # text before it is in ``out``; runs of ordinary characters are copied whole
    for m in (_SPECIAL if literal else _SPECIAL_TEXT).finditer(s):
        i = m.start()
        c = s[i]
        nxt = s[i + 1] if i + 1 < n else ""
        if c == "\\":
            rep = "&#92;" if not nxt or nxt in _ASCII_PUNCT or nxt.isalpha() or nxt == "\n" else "\\"
        elif c in "*`$" or (c in "{}" and braces):
            rep = "\\" + c
        elif c == "_":
            prev = s[i - 1] if i else ""
            rep = "_" if lone_underscore and prev.isalnum() and nxt.isalnum() else "\\_"
        elif c == "-" and literal and i and s[i - 1] == "-":
            rep = "&#45;"
        elif c == "<" and not html_ok and (nxt.isalpha() or nxt in "/!?"):
            rep = "&lt;"
        elif c == "&" and not html_ok and _ENTITY.match(s, i):
            rep = "&amp;"
        elif c == "~" and nxt == "~":
            rep = "&#126;"
        elif c == "@" and (nxt == "@" or s.startswith("@def ", i)):
            rep = "\\@"
        elif c in "[]" and in_link:
            rep = "&#91;" if c == "[" else "&#93;"
        elif c == "|" and in_table:
            rep = "\\|"
        else:
            continue
        if rep != c:
            out.append(s[pos:i])
            out.append(rep)
            pos = i + 1
    if not out:
        return s
    out.append(s[pos:])
    return "".join(out)


def _same_list(a: A.List | None, b: A.List) -> bool:
    """Would CommonMark read ``b``, written after ``a``, as more items of ``a``?"""
    return a is not None and a.ordered == b.ordered and (a.ordered or a.bullet == b.bullet)


def _fix_lines(text: str) -> str:
    """A paragraph's lines, none of them starting a block by accident."""
    if "\n" not in text:  # (most paragraphs: one line, which the loop below would leave alone)
        first = text[:1]
        if first not in _BLOCK_FIRST and first not in _SPACES and text[-1:] not in _SPACES \
                and not first.isdigit():
            return text
    out: list[str] = []
    for line in text.split("\n"):
        line = line.lstrip(" \t")
        if not line.endswith("\\"):
            line = line.rstrip(" \t")
        first = line[:1]
        m = _LINE_START.match(line) if first in _BLOCK_FIRST or first.isdigit() else None
        if m:
            if line[0].isdigit():
                line = line[: m.end()] + "\\" + line[m.end() :]
            elif line.startswith("+"):
                line = "&#43;" + line[1:]
            else:
                line = "\\" + line
        out.append(line)
    return "\n".join(out)


def is_text(n: A.Node) -> bool:
    return isinstance(n, _TEXTISH)


_TEXTISH = (A.Text, A.SoftBreak, A.LineBreak, A.Escape)  # (a tuple made once, not a union per call)


def _literal_text(n: A.Node) -> str | None:
    """The text of a stretch of Franklin's literal paragraph (the parser's :class:`A.Escape`
    holding several characters shown as they are), or ``None``."""
    if isinstance(n, A.Escape) and len(n.char) > 1 and not _ENTITY.fullmatch(n.char) \
            and n.html == escape_html(n.char):
        return n.char
    return None


def _balanced(nodes: list[A.Node]) -> bool:
    """Do the braces of the text under ``nodes`` pair up (then they can stay as written)?"""
    depth = 0
    stack = nodes[::-1]  # one walk over them all, in page order (no walker made per node)
    pop, extend = stack.pop, stack.extend
    while stack:
        n = pop()
        if type(n) is A.Text:
            text: str | None = n.text
        elif type(n) is A.Escape:  # (a leaf, as text is)
            text = _literal_text(n)
        else:
            kids = n.child_nodes()
            if kids:
                extend(reversed(kids))
            continue
        if text is not None and ("{" in text or "}" in text):
            if "{{" in text or "}}" in text or "{%" in text:
                return False  # a template call to Franklin, Liquid or Hugo
            for c in text:
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                    if depth < 0:
                        return False
    return depth == 0


def _hang(prefix: str, body: str) -> str:
    """``body`` after ``prefix``, later lines indented to line up with it."""
    if "\n" not in body:
        return prefix + body
    pad = " " * len(prefix)
    lines = body.split("\n")
    return prefix + lines[0] + "".join("\n" + (pad + ln if ln else "") for ln in lines[1:])


def _indent(body: str, pad: str) -> str:
    return "\n".join(pad + ln if ln else "" for ln in body.split("\n"))


def _quote(body: str) -> str:
    return "\n".join("> " + ln if ln else ">" for ln in body.split("\n"))


def _fence(text: str, char: str = "`") -> str:
    if char not in text:
        return char * 3
    runs = [len(m) for m in re.findall(re.escape(char) + "+", text)]
    return char * max(3, max(runs, default=0) + 1)


_URL_ESCAPES = str.maketrans({" ": "%20", "\n": "%0A", "<": "%3C", ">": "%3E", "$": "%24", "\\": "%5C"})
_URL_ESCAPES_ANGLED = str.maketrans({"\n": "%0A", "<": "%3C", ">": "%3E", "$": "%24", "\\": "%5C"})
_URL_ESCAPED = re.compile(r"[ \n<>$\\]").search  # a character either table writes otherwise


def _link_dest(url: str, *, angled: bool = True) -> str:
    """A link address both readers take whole: what would end it or mean math is percent-encoded;
    one with spaces (Julia's Markdown reads ``[a](b c)`` and ``[a]( b)`` as links to ``b c`` and
    `` b``) is written in CommonMark's ``<…>`` form, which keeps them (not ``angled``: for Julia's
    Markdown, which would keep the brackets, spaces are ``%20``).  Spaces around it are left
    out: a browser strips them from an ``href`` (so Franklin's `` b`` goes to ``b``), while
    CommonMark would encode them (``%20b``, another address)."""
    url = url.strip(" \t\n\r\f")
    spaced = angled and " " in url
    if _URL_ESCAPED(url):  # (``translate`` looks up every character: most addresses need none)
        url = url.translate(_URL_ESCAPES_ANGLED if spaced else _URL_ESCAPES)
    if url.count("(") != url.count(")"):
        url = url.replace("(", "%28").replace(")", "%29")
    return f"<{url}>" if spaced else url

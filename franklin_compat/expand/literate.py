"""A Literate.jl script turned into the Franklin Markdown that ``\\literate{…}`` inserts.

Franklin 0.10 (``src/eval/literate.jl``) runs ``Literate.markdown`` (Literate ≥ 2.9,
``FranklinFlavor``, nothing executed) with its own pre- and post-processing, then parses
the result as page text.  This module does the same in Python, step for step, so that
the Markdown is the one Franklin writes to ``__site/assets/literate/…/name.md`` byte for
byte:

1. Franklin's pre-processing: a line ending in ``#hide`` becomes ``# hide``, so Literate
   keeps it and Franklin hides it (it still runs);
2. Literate's ``replace_default`` for Markdown: ``#= … =#`` (and ``md\"\"\"`` strings with
   ``literate_mds``) become comment lines; ``#src`` lines go; ``#md`` lines stay without
   their marker; ``#nb`` / ``#jl`` / ``#!md`` lines go; ``@__NAME__`` and Documenter links
   are replaced; ``# !!! note`` admonitions become quotes (Literate ≥ 2.20);
3. Literate's chunks: ``# text`` lines are Markdown, other lines code, ``#-`` and ``#+``
   start a new chunk; blank edges of chunks dropped; code lines ending in ``#hide`` left out;
4. Franklin's post-processing: the k-th code fence becomes ````` ````julia:exk `````, so
   each chunk is an evaluated block named ``ex1``, ``ex2``… (relative to the *page*).

Every step is a regular-expression pass or a loop over lines: linear in the script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.pairs import sub_pairs

#: Franklin's first line of every generated Markdown file.
GENERATED = "<!--This file was generated, do not modify it.-->\n"
_FENCE = "````julialit"  # Franklin's fence for Literate ≥ 2.9, replaced in post-processing
_CLOSE = "````"

# PCRE's \h (horizontal space) and Julia's isspace, written out: Python's \s differs from both.
_H = "[ \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]"
JULIA_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
    "\u202f\u205f\u3000"

_HIDE = re.compile(r"#hide[\t\n\v\f\r ]*?\n")
# ``#= … =#`` and ``md""" … """`` blocks: an opening line, the nearest closing line after it
_MULTI_COMMENT = (re.compile(r"^#=+$\n", re.M), re.compile(r"\n^=+#$", re.M))
_MULTI_MDSTRING = (re.compile(r'^md"""$\n', re.M), re.compile(r'\n^"""$', re.M))
_MARKDOWN_FILTERS = (
    (re.compile(r"^#src.*\n?", re.M), ""),  # #src lines, unconditionally
    (re.compile(r"^.*#src$\n?", re.M), ""),  # ^: from line starts only (else quadratic)
    (re.compile(r"^#(md|!nb|!jl) ", re.M), ""),  # lines for Markdown: the marker goes
    (re.compile(r" #(md|!nb|!jl)$", re.M), ""),
    (re.compile(r"^#(!md|nb|jl).*\n?", re.M), ""),  # lines for notebooks and scripts go
    (re.compile(r"^.*#(!md|nb|jl)$\n?", re.M), ""),
)
_URL_PLACEHOLDERS = ("@__REPO_ROOT_URL__", "@__NBVIEWER_ROOT_URL__", "@__BINDER_ROOT_URL__")
#: Documenter's links Literate reduces to their text: ``[text](@ref)``, ``[text](@ref …)``…, as
#: what follows the ``]`` and whether the link then runs to the next ``)``
_DOCUMENTER_LINKS = (
    ("(@ref)", False), ("(@ref ", True), ("(@extref)", False), ("(@extref ", True), ("(@id ", True),
)
_ADMONITION = re.compile(r'^# !!! (?P<type>\w+)(?: "(?P<title>.+)")?(?P<lines>(?:\n^#     .*$)+)', re.M)
_ADMONITION_BODY = re.compile(r"^#     ", re.M)

_NEW_CHUNK = re.compile(f"^{_H}*#-")
_NEW_CODE_CHUNK = re.compile(f"^{_H}*#\\+")
_MD_LINE = re.compile(f"^{_H}*#(?: (.*))?$")
_CODE_COMMENT = re.compile(f"^({_H}*)#(# .*)$")
_CODE_HASH = re.compile(f"^({_H}*#)#$")
_DOUBLE_HASH = re.compile(f"^{_H}*##")


@dataclass
class _Chunk:
    markdown: bool
    lines: list[str] = field(default_factory=list)


def literate_to_markdown(script: str, *, name: str, mdstrings: bool = False) -> str:
    """The Markdown Franklin builds from the Literate script ``script`` (file stem ``name``)."""
    text = _HIDE.sub("# hide\n", script.replace("\r\n", "\n"))
    text = replace_default(text, name=name, mdstrings=mdstrings)
    return _number_blocks(_write(_chunks(text)))


def replace_default(text: str, *, name: str, mdstrings: bool = False) -> str:
    """Literate's ``replace_default`` for a Markdown output (comments, filters, names, links)."""
    text = sub_pairs(text, *_MULTI_COMMENT, _as_comment_lines)
    if mdstrings:
        text = sub_pairs(text, *_MULTI_MDSTRING, _as_comment_lines)
    for pattern, by in _MARKDOWN_FILTERS:
        text = pattern.sub(by, text)
    text = text.replace("@__NAME__", name)
    for placeholder in _URL_PLACEHOLDERS:
        text = text.replace(placeholder, "<unknown>")  # what Literate writes off CI
    for tail, to_paren in _DOCUMENTER_LINKS:
        text = _unwrap_links(text, tail, to_paren=to_paren)
    return _ADMONITION.sub(_admonition_quote, text)


def _unwrap_links(text: str, tail: str, *, to_paren: bool) -> str:
    """Each ``[text]`` followed by ``tail`` (and, ``to_paren``, by anything up to the next ``)``)
    as its text: what Literate's ``\\[([^]]+?)\\]\\(@ref .*?\\)`` (``.`` matching newlines)
    replaces, in one pass.  Only the first ``[`` after a ``]`` can start a link that ends at the
    next ``]``, and the first ``)`` after a point is looked for once (the pattern read to the
    end of the text from each ``[`` when no ``]`` or ``)`` followed)."""
    out: list[str] = []
    head = pos = 0
    paren = -2  # the first ")" at or after some point before the link's tail; -1: none is left
    while (close := text.find("]", pos)) >= 0:
        start = text.find("[", pos, close)
        pos = close + 1
        if start < 0 or start + 1 == close or not text.startswith(tail, pos):
            continue
        end = pos + len(tail)
        if to_paren:
            if paren != -1 and paren < end:
                paren = text.find(")", end)
            if paren == -1:
                continue
            end = paren + 1
        out += (text[head:start], text[start + 1 : close])
        head = pos = end
    out.append(text[head:])
    return "".join(out)


def _as_comment_lines(_whole: str, body: str) -> str:
    """A ``#= … =#`` block: each of its lines as a ``# `` comment (Julia's ``eachline``, then ``chop``)."""
    lines = body.split("\n")
    if body.endswith("\n"):
        lines.pop()
    return "".join("# " + line + "\n" for line in lines)[:-1]


def _admonition_quote(m: re.Match[str]) -> str:
    """Literate ≥ 2.20: ``# !!! note "Title"`` and its indented lines become a quote."""
    title = m.group("title") or m.group("type")[:1].upper() + m.group("type")[1:]
    return f"# > **{title}**\n# >" + _ADMONITION_BODY.sub("# > ", m.group("lines"))


def _rstrip(line: str) -> str:
    return line.rstrip(JULIA_SPACE)


def _is_md_line(line: str) -> bool:
    return _MD_LINE.match(line) is not None and _DOUBLE_HASH.match(line) is None


def _chunks(text: str) -> list[_Chunk]:
    """Literate's ``parse``: Markdown and code chunks, cleaned of empty chunks and blank edges."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if not lines:
        return []
    chunks = [_Chunk(_is_md_line(_rstrip(lines[0])))]
    for raw in lines:
        line = _rstrip(raw)
        if _NEW_CHUNK.match(line):
            chunks.append(_Chunk(chunks[-1].markdown))
        elif _NEW_CODE_CHUNK.match(line):
            chunks.append(_Chunk(False))
        elif _is_md_line(line):
            if not chunks[-1].markdown:
                chunks.append(_Chunk(True))
            m = _MD_LINE.match(line)
            chunks[-1].lines.append((m.group(1) if m else None) or "")  # the indentation is dropped
        else:
            if chunks[-1].markdown:
                chunks.append(_Chunk(False))
            line = _CODE_COMMENT.sub(r"\1\2", line)
            chunks[-1].lines.append(_CODE_HASH.sub(r"\1", line))
    kept = [c for c in chunks if any(c.lines)]
    for c in kept:
        start, end = 0, len(c.lines)
        while not c.lines[start]:
            start += 1
        while not c.lines[end - 1]:
            end -= 1
        c.lines = c.lines[start:end]
    return kept


def _write(chunks: list[_Chunk]) -> str:
    """Literate's ``markdown`` writer: text lines as they are, code in fences, ``#hide`` lines out."""
    out: list[str] = []
    for c in chunks:
        if c.markdown:
            out.extend(line + "\n" for line in c.lines)
        else:
            code = [line + "\n" for line in c.lines if not line.endswith("#hide")]
            if code:
                out.append(_FENCE + "\n" + "".join(code) + _CLOSE + "\n")
        out.append("\n")
    return "".join(out)


def _number_blocks(text: str) -> str:
    """Franklin's ``literate_post_process``: the header comment, and fences named ``ex1``, ``ex2``…

    Like Franklin, the character after each fence (its line break) is replaced, and a single
    character left after the last fence is dropped.
    """
    if not text:
        return text
    out = [GENERATED]
    head = 0
    for k, m in enumerate(re.finditer(re.escape(_FENCE), text), start=1):
        out.append(text[head : m.start()])
        out.append(f"{_CLOSE}julia:ex{k}\n")
        head = m.end() + 1
    if head < len(text) - 1:
        out.append(text[head:])
    return "".join(out)

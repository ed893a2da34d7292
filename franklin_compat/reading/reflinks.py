"""Reference links: ``[id]``, ``[text][id]``, ``![alt][id]`` resolved on the tree (reference §3.15)."""

from __future__ import annotations

from dataclasses import replace

from ..core.lazy_re import lazy_compile
from . import ast as A

# Franklin's ``ESC_LINK_PAT`` on the escaped HTML: each bracket's content runs to the first ``]``
# (``(.*?)``), the first one may be empty (``![][id]``), and ``[id]:`` is no reference.
_REFLINK = lazy_compile(r"(!?)\[([^\]\n]*)\](?!:)(?:\[([^\]\n]*)\])?")
_MARK = 0xF0100  # private-use code points standing for non-text nodes while matching


def resolve_reflinks(doc: A.Document) -> A.Document:
    """``[id]``, ``[text][id]``, ``![alt][id]`` in text → links/images (reference §3.15).

    Franklin rewrites the escaped brackets at the html stage; we do it on the
    tree, across inline nodes (``[`code`][]`` works).  The id is the second
    bracket when it is not empty, else the first, stripped, and compared with the
    definition's label as written.  Unknown ids stay as text; ``![text][id]`` and
    ``![][id]`` take ``id`` as their alt, and ``[][id]`` is a link with no text, as
    Franklin does (``find_and_fix_md_links``).
    """
    urls = {d.label: d.url for d in doc.link_defs}
    text = doc.source.text if doc.source is not None else ""

    def fix(nodes: tuple[A.Node, ...]) -> tuple[A.Node, ...]:
        if any(isinstance(n, A.Text) and "[" in n.text for n in nodes):
            nodes = _link_run(nodes, urls, text)
        out: list[A.Node] = []
        for n in nodes:
            if isinstance(n, A.Parent) and n.children and not isinstance(n, A.Link):
                out.append(replace(n, children=fix(n.children)))
            else:
                out.append(n)
        return tuple(out)

    return replace(doc, children=fix(doc.children))


def _link_run(nodes: tuple[A.Node, ...], urls: dict[str, str], source: str) -> tuple[A.Node, ...]:
    """Rewrite reference links in a run of inline nodes.

    Text is matched with non-text nodes replaced by one private-use character
    each; a match is rebuilt from the nodes it covers.
    """
    flat: list[str] = []
    owner: list[tuple[int, int]] = []  # per character: (node index, offset in its text)
    for i, n in enumerate(nodes):
        if isinstance(n, A.Text):
            flat.append(n.text)
            owner.extend((i, k) for k in range(len(n.text)))
        else:
            flat.append(chr(_MARK + i))
            owner.append((i, -1))
    joined = "".join(flat)

    def label_of(lo: int, hi: int) -> str:
        """The bracket content as written in the source (for code, math… inside)."""
        out = []
        for k in range(lo, hi):
            i, offset = owner[k]
            if offset < 0:  # a node's mark (the page's own text may hold such characters too)
                n = nodes[i]
                out.append(source[n.span.start : n.span.end] if source else "")
            else:
                out.append(joined[k])
        return "".join(out)

    result: list[A.Node] = []
    pos = 0
    for m in _REFLINK.finditer(joined):
        bang, second = m.group(1), m.group(3)
        key = label_of(m.start(3), m.end(3)) if second else label_of(m.start(2), m.end(2))
        key = key.strip()
        if not key or key not in urls:
            continue
        result.extend(_slice_nodes(nodes, owner, pos, m.start()))
        span = nodes[owner[m.start()][0]].span
        if bang:
            result.append(A.Image(span=span, url=urls[key], alt=key, franklin=True))
        else:
            inner = tuple(_slice_nodes(nodes, owner, m.start(2), m.end(2)))
            result.append(A.Link(span=span, url=urls[key], children=inner))
        pos = m.end()
    if pos == 0:
        return nodes
    result.extend(_slice_nodes(nodes, owner, pos, len(joined)))
    return tuple(result)


def _slice_nodes(nodes: tuple[A.Node, ...], owner: list[tuple[int, int]], lo: int, hi: int) -> list[A.Node]:
    """The nodes covering characters ``[lo, hi)`` of the joined text (text nodes cut)."""
    out: list[A.Node] = []
    k = lo
    while k < hi:
        i, off = owner[k]
        n = nodes[i]
        if off < 0:
            out.append(n)
            k += 1
            continue
        assert isinstance(n, A.Text)
        end = k
        while end < hi and owner[end][0] == i:
            end += 1
        piece = n.text[off : off + (end - k)]
        if piece:
            out.append(A.Text(span=n.span, text=piece))
        k = end
    return out



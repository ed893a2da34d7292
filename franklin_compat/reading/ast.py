"""The document tree: small frozen nodes, each with its span in the source.

Generic nodes as in pandoc (``Div``, ``RawHtml``, ``Math``, ``Command``…), not
a class per case.  ``kind`` is the JSON ``type`` and the emitter method suffix
(``visit_<kind>``).  Things Franklin removes from the flow (page variables,
``\\newcommand`` definitions, comments, link definitions) live on the
:class:`Document` beside the children, still with their spans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import field, fields
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, ClassVar, TypeVar

from ..core.frozen import frozen_dataclass
from ..core.source import Source, Span

N = TypeVar("N", bound="Node")

#: per node class: its compared fields' values as a tuple, and the names of its shown fields
_KEYS: dict[type, tuple[Callable[[Any], tuple[Any, ...]], tuple[str, ...]]] = {}


def _key_and_shown(cls: type) -> tuple[Callable[[Any], tuple[Any, ...]], tuple[str, ...]]:
    found = _KEYS.get(cls)
    if found is None:
        compared = [f.name for f in fields(cls) if f.compare]
        get = attrgetter(*compared)
        key = get if len(compared) > 1 else lambda node: (get(node),)
        found = _KEYS[cls] = (key, tuple(f.name for f in fields(cls) if f.repr))
    return found


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Node:
    """Equality, hash and ``repr`` are those a dataclass generates, written once here: generating
    them for each of the forty-three node classes made this module the slowest import of ``check``."""

    kind: ClassVar[str] = "node"
    span: Span

    def child_nodes(self) -> tuple[Node, ...]:
        return ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = _key_and_shown(self.__class__)[0]
        return key(self) == key(other)

    def __hash__(self) -> int:
        return hash(_key_and_shown(self.__class__)[0](self))

    @recursive_repr()
    def __repr__(self) -> str:
        shown = _key_and_shown(self.__class__)[1]
        return self.__class__.__qualname__ + "(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in shown) + ")"


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Parent(Node):
    children: tuple[Node, ...] = ()

    def child_nodes(self) -> tuple[Node, ...]:
        return self.children


# -- Markdown (what mistune parses between Franklin constructs) ---------------


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Paragraph(Parent):
    kind = "paragraph"
    classes: tuple[str, ...] = ()


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Heading(Parent):
    """A header; ``anchor`` is Franklin's ``# title`` (with id), else a Markdown one."""

    kind = "heading"
    level: int
    anchor: bool = True


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Text(Node):
    kind = "text"
    text: str


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Emphasis(Parent):
    kind = "emphasis"
    strong: bool = False


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Link(Parent):
    """A link; ``target`` holds the nodes of a destination written with Franklin
    constructs (``[x](\\cmd{a})``), whose rendering is the URL."""

    kind = "link"
    url: str
    title: str | None = None
    target: tuple[Node, ...] = ()

    def child_nodes(self) -> tuple[Node, ...]:
        return self.children + self.target


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Image(Node):
    """An image; ``franklin`` is one written by ``\\fig``/``\\figalt``."""

    kind = "image"
    url: str
    alt: str
    franklin: bool = False
    target: tuple[Node, ...] = ()

    def child_nodes(self) -> tuple[Node, ...]:
        return self.target


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class CodeSpan(Node):
    kind = "code_span"
    code: str


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class LineBreak(Node):
    """``\\\\`` (Franklin) or a Markdown hard break."""

    kind = "line_break"
    franklin: bool = True


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class SoftBreak(Node):
    kind = "soft_break"


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class InlineHtml(Node):
    """HTML typed in Markdown text: Julia's Markdown escapes it, so it shows as text."""

    kind = "inline_html"
    html: str


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class List(Parent):
    kind = "list"
    ordered: bool = False
    start: int = 1
    tight: bool = True
    bullet: str = "-"


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class ListItem(Parent):
    kind = "list_item"


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class BlockQuote(Parent):
    kind = "block_quote"


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Table(Parent):
    """Rows of :class:`TableCell`s (as :class:`TableRow`); the first row is the head."""

    kind = "table"
    aligns: tuple[str | None, ...] = ()


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class TableRow(Parent):
    kind = "table_row"
    head: bool = False


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class TableCell(Parent):
    kind = "table_cell"
    align: str | None = None
    head: bool = False


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class ThematicBreak(Node):
    kind = "thematic_break"


# -- Franklin constructs -------------------------------------------------------


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class RawHtml(Node):
    """``~~~ … ~~~``: emitted byte for byte."""

    kind = "raw_html"
    html: str


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Math(Node):
    """``$…$`` (inline), ``$$…$$`` / ``\\[…\\]`` / math environments (display).

    ``env`` is the environment name for ``\\begin{align}`` and friends; ``label``
    the ``\\label{}`` found inside display math (removed from ``tex``).
    """

    kind = "math"
    tex: str
    display: bool
    env: str | None = None
    label: str | None = None
    numbered: bool = True


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class CodeBlock(Node):
    """A fenced block.  ``lang`` None means "the page's ``lang``"; ``name`` is the
    evaluation label of ````` ```julia:ex ````` (after expansion, also Franklin's
    ``_ceval_N`` name of a ````` ```! ````` block); ``shortcut`` the ``!``, ``>``, ``;``,
    ``]`` or ``?`` of a shortcut fence (cleared once expanded: the output follows)."""

    kind = "code_block"
    code: str
    lang: str | None = None
    name: str | None = None
    fence: str = "```"
    shortcut: str | None = None


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Div(Parent):
    kind = "div"
    classes: tuple[str, ...] = ()


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Styled(Parent):
    """Inline element with a style (``\\style{css}{text}``)."""

    kind = "styled"
    style: str = ""


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Command(Node):
    """A ``\\name{arg}…`` use, before expansion."""

    kind = "command"
    name: str
    args: tuple[str, ...] = ()


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Environment(Node):
    """``\\begin{name}{args}body\\end{name}``, before expansion."""

    kind = "environment"
    name: str
    args: tuple[str, ...] = ()
    body: str = ""


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Fragment(Parent):
    """What a command or environment expanded to (``source`` is its name)."""

    kind = "fragment"
    source: str = ""
    strip_p: bool = True


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class HFunCall(Node):
    """``{{ name args }}``: left for the html stage (template pass)."""

    kind = "hfun_call"
    name: str
    args: tuple[str, ...] = ()
    raw: str = ""


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class FootnoteRef(Node):
    kind = "footnote_ref"
    id: str


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class FootnoteDef(Parent):
    kind = "footnote_def"
    id: str


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Escape(Node):
    """A Franklin special character (``\\*``, ``\\_``, ``\\@``, ``\\ ``…) or a valid entity."""

    kind = "escape"
    char: str
    html: str


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Anchor(Node):
    """``\\label{x}`` / ``\\biblabel{x}{…}``: an empty ``<a id class="anchor">``."""

    kind = "anchor"
    id: str
    name: str | None = None


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Reference(Node):
    """``\\eqref`` / ``\\cite`` / ``\\citet`` / ``\\citep``: resolved at emission."""

    kind = "reference"
    style: str
    keys: tuple[str, ...] = ()


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Toc(Node):
    kind = "toc"
    min_level: int | None = None
    max_level: int | None = None


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class CodeOutput(Node):
    """``\\output`` / ``\\show`` / ``\\textoutput`` (or the output Franklin shows after an
    evaluated block): the text the site cached, inserted as it is; ``None`` when it cannot be
    shown, with ``error`` the message of Franklin's placeholder."""

    kind = "code_output"
    name: str
    text: str | None = None
    mode: str = "output"
    error: str = ""


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Unresolved(Node):
    """Content that needs Julia (or a missing user function): kept visible."""

    kind = "unresolved"
    what: str
    raw: str


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class ErrorBlock(Node):
    """Franklin's red ``// message //`` paragraph for a failing file command."""

    kind = "error_block"
    message: str


# -- out-of-flow records kept on the Document ----------------------------------


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class VarAssignment(Node):
    kind = "var_assignment"
    name: str
    value: Any
    text: str
    form: str = "def"


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class CommandDef(Node):
    """``\\newcommand{\\name}[n]{body}`` or ``\\newenvironment{name}[n]{pre}{post}``."""

    kind = "command_def"
    name: str
    nargs: int
    body: str
    post: str | None = None

    @property
    def is_environment(self) -> bool:
        return self.post is not None


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class LinkDef(Node):
    kind = "link_def"
    label: str
    url: str


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Comment(Node):
    kind = "comment"
    text: str


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class AssetRef(Node):
    """A path the page refers to, and the site file Franklin resolves it to."""

    kind = "asset_ref"
    text: str
    role: str
    resolved: str | None = None
    external: bool = False


@frozen_dataclass(kw_only=True, eq=False, repr=False)
class Document(Parent):
    kind = "document"
    vars: tuple[VarAssignment, ...] = ()
    definitions: tuple[CommandDef, ...] = ()
    link_defs: tuple[LinkDef, ...] = ()
    comments: tuple[Comment, ...] = ()
    assets: tuple[AssetRef, ...] = ()
    source: Source | None = field(default=None, compare=False, repr=False)

    def page_vars(self) -> dict[str, Any]:
        return {a.name: a.value for a in self.vars}


def walk(node: Node) -> Iterator[Node]:
    """Every node under ``node`` (itself included), document order, no recursion; the node types
    without children (text, breaks…: most nodes of a page) are not asked for them."""
    stack: list[Node] = [node]
    pop, extend = stack.pop, stack.extend
    leaves = _LEAVES
    while stack:
        cur = pop()
        yield cur
        if type(cur) not in leaves:
            kids = cur.child_nodes()
            if kids:
                extend(reversed(kids))


def find_all(node: Node, cls: type[N] | tuple[type[N], ...]) -> list[N]:
    """The nodes of type ``cls`` under ``node`` (itself included), document order: what a
    :func:`walk` filtered by type gives, in one loop (no generator resumed per node)."""
    out: list[N] = []
    stack: list[Node] = [node]
    pop, extend, add = stack.pop, stack.extend, out.append
    leaves = _LEAVES
    while stack:
        cur = pop()
        if isinstance(cur, cls):
            add(cur)
        if type(cur) not in leaves:
            kids = cur.child_nodes()
            if kids:
                extend(reversed(kids))
    return out


def node_fields(node: Node) -> dict[str, Any]:
    """The node's own fields (span and children included), for emitters and JSON."""
    return {f.name: getattr(node, f.name) for f in fields(node)}


NODE_TYPES: dict[str, type[Node]] = {
    cls.kind: cls
    for cls in list(globals().values())
    if isinstance(cls, type) and issubclass(cls, Node) and cls.kind != "node"
}
"""Every concrete node class by its ``kind`` (the classes ``dataclass(slots=True)`` made)."""

_LEAVES = frozenset(t for t in NODE_TYPES.values() if t.child_nodes is Node.child_nodes)

"""The small intermediate form a ``utils.jl`` is read into before it runs.

Every node is a slotted dataclass carrying the 1-based line and column (in
characters) of the Julia text it came from, so that any error names the exact
place.  Julia makes no difference between statements and expressions, and
neither does this form: a ``for`` loop is a node whose value is ``nothing``.
Nodes marked "syntax only" exist while the tree is converted and are folded into
their parent; if one is ever run it is an unsupported construct.

Nodes are never changed once built, but they are not ``frozen``: equality and
``repr`` (for tests and debugging) are written once, in :class:`Node`, because
generating them and a frozen ``__setattr__`` for each of the fifty classes made
this module the slowest import of ``franklin-compat check``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = [
    "And", "Args", "Assign", "Binary", "Block", "Break", "Call", "CatchClause", "Chain", "Comprehension",
    "Cond", "Continue", "Curly", "Else", "ElseIf", "Field", "FinallyClause", "For", "FunctionDef", "If",
    "Index", "Interp", "KwArg", "Lambda", "Let", "Literal", "Local", "LoopSpec", "Loops", "Name",
    "NamedTupleExpr", "Node", "Or", "Param", "Params", "RangeExpr", "Return", "Row", "Signature",
    "Something", "Splat", "Ternary", "Try", "TupleExpr", "TypeAssert", "TypedVectorExpr", "Unary",
    "Unsupported", "Using", "VCat", "VectorExpr", "Where", "While",
]


@dataclass(slots=True, eq=False, repr=False)
class Node:
    line: int
    col: int

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def __eq__(self, other: object) -> bool:
        """Field by field, as a dataclass's ``==`` (nodes of different classes are unequal)."""
        if not isinstance(other, Node) or type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __repr__(self) -> str:
        args = ", ".join(f"{f.name}={v!r}" for f, v in zip(fields(self), self._values(), strict=True))
        return f"{type(self).__name__}({args})"


@dataclass(slots=True, eq=False, repr=False)
class Literal(Node):
    """A value known when reading: numbers, strings without ``$``, chars, symbols, regexes."""

    value: object


@dataclass(slots=True, eq=False, repr=False)
class Name(Node):
    """A variable, a function or a type by name (``end`` inside brackets too)."""

    name: str


@dataclass(slots=True, eq=False, repr=False)
class Interp(Node):
    """A string with ``$x`` / ``$(…)``: literal text (:class:`Literal` of ``str``) and expressions."""

    parts: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class KwArg(Node):
    """``name = value`` inside a call's parentheses (syntax only)."""

    name: str
    value: Node


@dataclass(slots=True, eq=False, repr=False)
class Splat(Node):
    """``x...``: the items of ``x`` as separate arguments."""

    value: Node


@dataclass(slots=True, eq=False, repr=False)
class Call(Node):
    """``f(args…; kwargs…)``, ``f.(args…)`` when ``dot``; a ``do`` block is the first argument."""

    fn: Node
    args: tuple[Node, ...]
    kwargs: tuple[KwArg | Splat, ...] = ()
    dot: bool = False
    pre_kw: int = 0  # how many of ``kwargs`` were written before the ``;`` (defaults in a signature)


@dataclass(slots=True, eq=False, repr=False)
class Field(Node):
    """``value.name``: a module member, a named-tuple field, ``m.captures``…"""

    value: Node
    name: str


@dataclass(slots=True, eq=False, repr=False)
class Index(Node):
    """``value[i, …]``; ``uses_end`` when an index mentions ``end``."""

    value: Node
    indices: tuple[Node, ...]
    uses_end: bool = False


@dataclass(slots=True, eq=False, repr=False)
class Binary(Node):
    """An infix operator other than ``&&``/``||``; ``dot`` for ``.+``, ``.==``…"""

    op: str
    left: Node
    right: Node
    dot: bool = False


@dataclass(slots=True, eq=False, repr=False)
class Chain(Node):
    """``a < b <= c``: Julia compares pairwise and stops at the first false."""

    ops: tuple[str, ...]
    operands: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class Unary(Node):
    op: str
    operand: Node
    dot: bool = False


@dataclass(slots=True, eq=False, repr=False)
class And(Node):
    left: Node
    right: Node


@dataclass(slots=True, eq=False, repr=False)
class Or(Node):
    left: Node
    right: Node


@dataclass(slots=True, eq=False, repr=False)
class Ternary(Node):
    cond: Node
    then: Node
    other: Node


@dataclass(slots=True, eq=False, repr=False)
class TupleExpr(Node):
    items: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class NamedTupleExpr(Node):
    names: tuple[str, ...]
    values: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class VectorExpr(Node):
    items: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class VCat(Node):
    """``[a; b; c]``: vectors among the items are spliced in."""

    items: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class TypedVectorExpr(Node):
    """``T[items…]`` (``String[]``)."""

    eltype: Node
    items: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class Comprehension(Node):
    """``[body for t in it, … if cond]``; ``generator`` for ``(… for …)`` (lazy)."""

    body: Node
    loops: tuple[tuple[Node, Node], ...]
    cond: Node | None
    generator: bool


@dataclass(slots=True, eq=False, repr=False)
class RangeExpr(Node):
    start: Node
    step: Node | None
    stop: Node


@dataclass(slots=True, eq=False, repr=False)
class Curly(Node):
    """``Vector{String}``: a type with parameters."""

    base: Node
    params: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class TypeAssert(Node):
    """``value::T`` in an expression."""

    value: Node
    type: Node


@dataclass(slots=True, eq=False, repr=False)
class Something(Node):
    """``@something(a, b, …)``: the first argument that is not ``nothing`` (``Some`` unwrapped)."""

    args: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class Param(Node):
    """One positional parameter: a name or a destructuring ``(a, b)``, its type, its default."""

    name: str
    pattern: Node | None = None
    type: Node | None = None
    default: Node | None = None


@dataclass(slots=True, eq=False, repr=False)
class Signature(Node):
    params: tuple[Param, ...]
    vararg: Param | None = None
    kwparams: tuple[Param, ...] = ()
    kwvararg: str | None = None
    rettype: Node | None = None


@dataclass(slots=True, eq=False, repr=False)
class Lambda(Node):
    """A method body: ``x -> …``, ``function (x) … end``, a ``do`` block or a named method.

    ``depth`` is the deepest nesting of the body (not counting inner functions): how
    much Python stack one call of it may take.
    """

    name: str
    sig: Signature
    body: Node
    depth: int
    path: str


@dataclass(slots=True, eq=False, repr=False)
class FunctionDef(Node):
    """``function name(…) … end`` / ``name(…) = …``; ``kind`` is ``lx``/``env`` under FranklinUtils'
    ``@lx``/``@env``; ``delayed`` under Franklin's ``@delay``."""

    name: str
    method: Lambda
    owner: str = ""
    kind: str = ""
    delayed: bool = False


@dataclass(slots=True, eq=False, repr=False)
class Block(Node):
    body: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class Assign(Node):
    """``target = value`` (``op`` is ``+`` for ``+=``…); the target is a name, an index, a field,
    a :class:`TupleExpr` to destructure, or a :class:`TypeAssert` declaring a type."""

    target: Node
    value: Node
    op: str = ""
    const: bool = False


@dataclass(slots=True, eq=False, repr=False)
class Local(Node):
    """``local x`` / ``global x`` without a value."""

    names: tuple[str, ...]
    is_global: bool


@dataclass(slots=True, eq=False, repr=False)
class If(Node):
    cond: Node
    then: Node
    other: Node | None


@dataclass(slots=True, eq=False, repr=False)
class For(Node):
    """``for t in it, … body end``: the loops nest left to right."""

    loops: tuple[tuple[Node, Node], ...]
    body: Node


@dataclass(slots=True, eq=False, repr=False)
class While(Node):
    cond: Node
    body: Node


@dataclass(slots=True, eq=False, repr=False)
class Let(Node):
    bindings: tuple[Node, ...]
    body: Node


@dataclass(slots=True, eq=False, repr=False)
class Break(Node):
    pass


@dataclass(slots=True, eq=False, repr=False)
class Continue(Node):
    pass


@dataclass(slots=True, eq=False, repr=False)
class Return(Node):
    value: Node | None


@dataclass(slots=True, eq=False, repr=False)
class Try(Node):
    body: Node
    var: str | None
    catch: Node | None
    final: Node | None


@dataclass(slots=True, eq=False, repr=False)
class Using(Node):
    """``using A, B`` / ``using A: x, @y`` / ``import A``: ``names`` empty means the whole module."""

    modules: tuple[str, ...]
    names: tuple[str, ...] = ()
    is_import: bool = False


@dataclass(slots=True, eq=False, repr=False)
class Unsupported(Node):
    """Julia outside the subset, or text that does not parse: an error only when run."""

    what: str
    code: str = "FC801"
    hint: str = ""


# ---- syntax only: folded into their parent by the builders

@dataclass(slots=True, eq=False, repr=False)
class Args(Node):
    """An argument list: positional items, ``a=…`` written before and after the ``;``."""

    items: tuple[Node, ...]
    before: tuple[KwArg, ...]
    after: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class LoopSpec(Node):
    target: Node
    iterable: Node


@dataclass(slots=True, eq=False, repr=False)
class Loops(Node):
    loops: tuple[tuple[Node, Node], ...]


@dataclass(slots=True, eq=False, repr=False)
class Cond(Node):
    cond: Node


@dataclass(slots=True, eq=False, repr=False)
class Row(Node):
    items: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class Params(Node):
    """``{…}`` after a type name, or the arguments of a macro written without parentheses."""

    items: tuple[Node, ...]


@dataclass(slots=True, eq=False, repr=False)
class Where(Node):
    """``sig where {T, …}``: the type variables are read as ``Any``."""

    inner: Node
    typevars: tuple[str, ...]


@dataclass(slots=True, eq=False, repr=False)
class ElseIf(Node):
    cond: Node
    body: Node


@dataclass(slots=True, eq=False, repr=False)
class Else(Node):
    body: Node


@dataclass(slots=True, eq=False, repr=False)
class CatchClause(Node):
    var: str | None
    body: Node


@dataclass(slots=True, eq=False, repr=False)
class FinallyClause(Node):
    body: Node

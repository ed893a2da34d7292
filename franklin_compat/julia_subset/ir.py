"""The small intermediate form a ``utils.jl`` is read into before it runs.

Every node is a frozen, slotted dataclass carrying the 1-based line and column
(in characters) of the Julia text it came from, so that any error names the
exact place.  Julia makes no difference between statements and expressions, and
neither does this form: a ``for`` loop is a node whose value is ``nothing``.
Nodes marked "syntax only" exist while the tree is converted and are folded into
their parent; if one is ever run it is an unsupported construct.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "And", "Args", "Assign", "Binary", "Block", "Break", "Call", "CatchClause", "Chain", "Comprehension",
    "Cond", "Continue", "Curly", "Else", "ElseIf", "Field", "FinallyClause", "For", "FunctionDef", "If",
    "Index", "Interp", "KwArg", "Lambda", "Let", "Literal", "Local", "LoopSpec", "Loops", "Name",
    "NamedTupleExpr", "Node", "Or", "Param", "Params", "RangeExpr", "Return", "Row", "Signature",
    "Something", "Splat", "Ternary", "Try", "TupleExpr", "TypeAssert", "TypedVectorExpr", "Unary",
    "Unsupported", "Using", "VCat", "VectorExpr", "Where", "While",
]


@dataclass(frozen=True, slots=True)
class Node:
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Literal(Node):
    """A value known when reading: numbers, strings without ``$``, chars, symbols, regexes."""

    value: object


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A variable, a function or a type by name (``end`` inside brackets too)."""

    name: str


@dataclass(frozen=True, slots=True)
class Interp(Node):
    """A string with ``$x`` / ``$(…)``: literal text (:class:`Literal` of ``str``) and expressions."""

    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class KwArg(Node):
    """``name = value`` inside a call's parentheses (syntax only)."""

    name: str
    value: Node


@dataclass(frozen=True, slots=True)
class Splat(Node):
    """``x...``: the items of ``x`` as separate arguments."""

    value: Node


@dataclass(frozen=True, slots=True)
class Call(Node):
    """``f(args…; kwargs…)``, ``f.(args…)`` when ``dot``; a ``do`` block is the first argument."""

    fn: Node
    args: tuple[Node, ...]
    kwargs: tuple[KwArg | Splat, ...] = ()
    dot: bool = False
    pre_kw: int = 0  # how many of ``kwargs`` were written before the ``;`` (defaults in a signature)


@dataclass(frozen=True, slots=True)
class Field(Node):
    """``value.name``: a module member, a named-tuple field, ``m.captures``…"""

    value: Node
    name: str


@dataclass(frozen=True, slots=True)
class Index(Node):
    """``value[i, …]``; ``uses_end`` when an index mentions ``end``."""

    value: Node
    indices: tuple[Node, ...]
    uses_end: bool = False


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """An infix operator other than ``&&``/``||``; ``dot`` for ``.+``, ``.==``…"""

    op: str
    left: Node
    right: Node
    dot: bool = False


@dataclass(frozen=True, slots=True)
class Chain(Node):
    """``a < b <= c``: Julia compares pairwise and stops at the first false."""

    ops: tuple[str, ...]
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str
    operand: Node
    dot: bool = False


@dataclass(frozen=True, slots=True)
class And(Node):
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Or(Node):
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Ternary(Node):
    cond: Node
    then: Node
    other: Node


@dataclass(frozen=True, slots=True)
class TupleExpr(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class NamedTupleExpr(Node):
    names: tuple[str, ...]
    values: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class VectorExpr(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class VCat(Node):
    """``[a; b; c]``: vectors among the items are spliced in."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class TypedVectorExpr(Node):
    """``T[items…]`` (``String[]``)."""

    eltype: Node
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Comprehension(Node):
    """``[body for t in it, … if cond]``; ``generator`` for ``(… for …)`` (lazy)."""

    body: Node
    loops: tuple[tuple[Node, Node], ...]
    cond: Node | None
    generator: bool


@dataclass(frozen=True, slots=True)
class RangeExpr(Node):
    start: Node
    step: Node | None
    stop: Node


@dataclass(frozen=True, slots=True)
class Curly(Node):
    """``Vector{String}``: a type with parameters."""

    base: Node
    params: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class TypeAssert(Node):
    """``value::T`` in an expression."""

    value: Node
    type: Node


@dataclass(frozen=True, slots=True)
class Something(Node):
    """``@something(a, b, …)``: the first argument that is not ``nothing`` (``Some`` unwrapped)."""

    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Param(Node):
    """One positional parameter: a name or a destructuring ``(a, b)``, its type, its default."""

    name: str
    pattern: Node | None = None
    type: Node | None = None
    default: Node | None = None


@dataclass(frozen=True, slots=True)
class Signature(Node):
    params: tuple[Param, ...]
    vararg: Param | None = None
    kwparams: tuple[Param, ...] = ()
    kwvararg: str | None = None
    rettype: Node | None = None


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class FunctionDef(Node):
    """``function name(…) … end`` / ``name(…) = …``; ``kind`` is ``lx``/``env`` under FranklinUtils'
    ``@lx``/``@env``; ``delayed`` under Franklin's ``@delay``."""

    name: str
    method: Lambda
    owner: str = ""
    kind: str = ""
    delayed: bool = False


@dataclass(frozen=True, slots=True)
class Block(Node):
    body: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Assign(Node):
    """``target = value`` (``op`` is ``+`` for ``+=``…); the target is a name, an index, a field,
    a :class:`TupleExpr` to destructure, or a :class:`TypeAssert` declaring a type."""

    target: Node
    value: Node
    op: str = ""
    const: bool = False


@dataclass(frozen=True, slots=True)
class Local(Node):
    """``local x`` / ``global x`` without a value."""

    names: tuple[str, ...]
    is_global: bool


@dataclass(frozen=True, slots=True)
class If(Node):
    cond: Node
    then: Node
    other: Node | None


@dataclass(frozen=True, slots=True)
class For(Node):
    """``for t in it, … body end``: the loops nest left to right."""

    loops: tuple[tuple[Node, Node], ...]
    body: Node


@dataclass(frozen=True, slots=True)
class While(Node):
    cond: Node
    body: Node


@dataclass(frozen=True, slots=True)
class Let(Node):
    bindings: tuple[Node, ...]
    body: Node


@dataclass(frozen=True, slots=True)
class Break(Node):
    pass


@dataclass(frozen=True, slots=True)
class Continue(Node):
    pass


@dataclass(frozen=True, slots=True)
class Return(Node):
    value: Node | None


@dataclass(frozen=True, slots=True)
class Try(Node):
    body: Node
    var: str | None
    catch: Node | None
    final: Node | None


@dataclass(frozen=True, slots=True)
class Using(Node):
    """``using A, B`` / ``using A: x, @y`` / ``import A``: ``names`` empty means the whole module."""

    modules: tuple[str, ...]
    names: tuple[str, ...] = ()
    is_import: bool = False


@dataclass(frozen=True, slots=True)
class Unsupported(Node):
    """Julia outside the subset, or text that does not parse: an error only when run."""

    what: str
    code: str = "FC801"
    hint: str = ""


# ---- syntax only: folded into their parent by the builders

@dataclass(frozen=True, slots=True)
class Args(Node):
    """An argument list: positional items, ``a=…`` written before and after the ``;``."""

    items: tuple[Node, ...]
    before: tuple[KwArg, ...]
    after: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class LoopSpec(Node):
    target: Node
    iterable: Node


@dataclass(frozen=True, slots=True)
class Loops(Node):
    loops: tuple[tuple[Node, Node], ...]


@dataclass(frozen=True, slots=True)
class Cond(Node):
    cond: Node


@dataclass(frozen=True, slots=True)
class Row(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Params(Node):
    """``{…}`` after a type name, or the arguments of a macro written without parentheses."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Where(Node):
    """``sig where {T, …}``: the type variables are read as ``Any``."""

    inner: Node
    typevars: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ElseIf(Node):
    cond: Node
    body: Node


@dataclass(frozen=True, slots=True)
class Else(Node):
    body: Node


@dataclass(frozen=True, slots=True)
class CatchClause(Node):
    var: str | None
    body: Node


@dataclass(frozen=True, slots=True)
class FinallyClause(Node):
    body: Node

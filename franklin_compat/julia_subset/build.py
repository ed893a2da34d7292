"""One builder per tree-sitter-julia node type: converted children in, an :mod:`.ir` node out.

Called by :mod:`.syntax` bottom-up; a builder never descends itself (it may read
the tokens of its own node, never convert a subtree).  The ``_Args``-like classes
are syntax-only intermediates that a parent folds into its own node.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.diagnostics import Diagnostic
from . import ir
from .build_defs import DefBuilder
from .lexemes import LexError, char_value, find_holes, number_value, string_parts
from .values import DateFormat, JuliaRegex, SubstitutionString, Symbol

__all__ = ["MAX_DEPTH", "Builder", "Syntax"]

#: Deepest nesting of the syntax tree that is converted (a Julia file nests ~20 levels).
MAX_DEPTH = 120

_COMPARE = frozenset({"==", "!=", "<", "<=", ">", ">=", "≤", "≥", "≠", "===", "!==", "≡", "≢", "in", "∈",
                      "∉", "isa", "<:"})
_PREFIX_PACKAGES = {"L": "LaTeXStrings", "md": "Markdown", "html": "Markdown", "json": "JSON3",
                    "fmt": "Printf", "f": "PyFormattedStrings"}


class Syntax:
    """The text being read: its bytes for tree-sitter, positions in the file, diagnostics."""

    def __init__(self, data: bytes, text: str, path: str, line: int, col: int, nesting: int = 0,
                 reparse: Callable[..., tuple[ir.Block, list[Diagnostic]]] | None = None) -> None:
        self.nesting = nesting  # strings read again inside an interpolation (see ``Builder.hole``)
        #: :func:`.syntax.parse`, passed in: an interpolation the grammar missed is read on its own
        self.reparse = reparse
        self.data = data
        self.text = text
        self.path = path
        self.line0 = line
        self.col0 = col
        self.diagnostics: list[Diagnostic] = []

    def pos(self, node: Any) -> tuple[int, int]:
        """1-based (line, column in characters) of ``node`` in the file."""
        row, bcol = node.start_point
        start = node.start_byte
        head = self.data[start - bcol:start]
        col = bcol if head.isascii() else len(head.decode("utf-8", "replace"))
        return row + self.line0, col + 1 + (self.col0 - 1 if row == 0 else 0)

    def token(self, node: Any) -> str:
        return str(node.text.decode("utf-8", "replace"))


class Builder(DefBuilder):
    """Expression builders; statements, definitions and macros come from :class:`DefBuilder`."""

    def build(self, n: Any, kids: list[ir.Node], sub: int, uses_end: bool) -> ir.Node:
        method = getattr(self, "b_" + n.type, None)
        line, col = self.syn.pos(n)
        if n.type == "ERROR" or n.is_missing:
            return self.syntax_error(n)
        if method is None:
            return ir.Unsupported(line, col, f"`{_what(n.type)}`")
        if n.type in _WITH_DEPTH:
            node: ir.Node = method(n, kids, line, col, sub)
        else:
            node = method(n, kids, line, col)
        if uses_end and isinstance(node, ir.Index):
            node = ir.Index(node.line, node.col, node.value, node.indices, True)
        return node

    def too_deep(self, n: Any) -> ir.Node:
        line, col = self.syn.pos(n)
        return ir.Unsupported(line, col, f"an expression nested more than {MAX_DEPTH} levels deep", "FC804")

    # ---- leaves

    def b_identifier(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Name(line, col, self.syn.token(n))

    def b_operator(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Name(line, col, self.syn.token(n))

    def b_boolean_literal(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Literal(line, col, self.syn.token(n) == "true")

    def b_integer_literal(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        try:
            return ir.Literal(line, col, number_value(self.syn.token(n), is_float=False))
        except LexError as e:
            return self.bad_literal(line, col, e)

    def b_float_literal(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Literal(line, col, number_value(self.syn.token(n), is_float=True))

    def b_character_literal(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        try:
            return ir.Literal(line, col, char_value(self.syn.token(n)))
        except LexError as e:
            return self.bad_literal(line, col, e)

    def b_quote_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        if len(kids) == 1 and isinstance(kids[0], ir.Name):
            return ir.Literal(line, col, Symbol(kids[0].name))
        return ir.Unsupported(line, col, "quoted code `:(…)`", "FC805",
                              "building and evaluating Julia expressions is not allowed")

    # ---- strings

    def b_string_literal(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return self.string(n, kids, line, col, raw=False)

    def b_string_interpolation(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return kids[0] if kids else ir.Unsupported(line, col, "an empty interpolation `$()`", "FC800")

    def b_prefixed_string_literal(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        prefix = self.syn.token(n.child_by_field_name("prefix"))
        suffix_node = n.child_by_field_name("suffix")
        suffix = self.syn.token(suffix_node) if suffix_node is not None else ""
        if prefix == "raw":
            return self.string(n, kids, line, col, raw=True)
        body = self.raw_body(n)
        if prefix == "r":
            if any(c not in "imsxa" for c in suffix):
                return ir.Unsupported(line, col, f'the regex flag(s) "{suffix}"')
            return ir.Literal(line, col, JuliaRegex(body.replace('\\"', '"'), suffix))
        if prefix == "s":
            return ir.Literal(line, col, SubstitutionString(body.replace('\\"', '"')))
        if prefix == "dateformat":
            return ir.Literal(line, col, DateFormat(body))
        package = _PREFIX_PACKAGES.get(prefix)
        if package:
            return ir.Unsupported(line, col, f'the string macro {prefix}"…"', "FC802",
                                  f"{prefix}\"…\" comes from the package {package}")
        return ir.Unsupported(line, col, f'the string macro {prefix}"…"')

    def raw_body(self, n: Any) -> str:
        """The source text between the quotes of a (prefixed) string literal."""
        start, end = _body_span(n)
        return self.syn.data[start:end].decode("utf-8", "replace")

    def string(self, n: Any, kids: list[ir.Node], line: int, col: int, *, raw: bool) -> ir.Node:
        quotes = [c for c in n.children if c.type in ('"', '"""')]
        if not quotes:
            return ir.Unsupported(line, col, "a string literal", "FC800")
        triple = quotes[0].type == '"""'
        base, end = _body_span(n)
        data = self.syn.data
        content = data[base:end].decode("utf-8", "replace")
        try:
            holes = [] if raw else find_holes(content)
            parts = string_parts(content, holes, triple=triple, raw=raw)
        except LexError as e:
            return self.bad_literal(line, col, e)
        if not holes:
            return ir.Literal(line, col, "".join(p for p in parts if isinstance(p, str)))
        found = {}  # interpolations the grammar did see, by offset in ``content``
        k = 0
        for c in n.named_children:
            if c.type == "string_interpolation":
                found[len(data[base:c.start_byte].decode("utf-8", "replace"))] = kids[k]
                k += 1
        start_line, start_col = self.syn.pos(quotes[0])
        start_col += len(quotes[0].type)
        exprs = [found.get(s) or self.hole(content, s, e, start_line, start_col) for s, e in holes]
        nodes = tuple(ir.Literal(line, col, p) if isinstance(p, str) else exprs[p] for p in parts)
        return ir.Interp(line, col, nodes)

    def hole(self, content: str, s: int, e: int, line: int, col: int) -> ir.Node:
        """An interpolation the grammar missed: ``$name``, or ``$(…)`` read on its own."""
        before = content[:s]
        nl = before.rfind("\n")
        line, col = (line + before.count("\n"), s - nl) if nl >= 0 else (line, col + s)
        if content[s + 1] != "(":
            return ir.Name(line, col + 1, content[s + 1:e])
        if self.syn.nesting >= 4:
            return ir.Unsupported(line, col, "strings nested this deep in interpolations", "FC804")
        if self.syn.reparse is None:
            return ir.Unsupported(line, col, "an interpolation read on its own", "FC801")
        block, diags = self.syn.reparse(content[s + 2:e - 1], self.syn.path, line=line, col=col + 2,
                                        nesting=self.syn.nesting + 1)
        self.syn.diagnostics.extend(diags)
        return block.body[0] if len(block.body) == 1 else block

    def b_command_literal(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Unsupported(line, col, "running an external command (`…`)", "FC805",
                              "user code may not start processes")

    b_prefixed_command_literal = b_command_literal

    def bad_literal(self, line: int, col: int, e: LexError) -> ir.Node:
        self.syn.diagnostics.append(Diagnostic(code="FC800", message=f"syntax: {e.message}",
                                               path=self.syn.path, line=line, col=col))
        return ir.Unsupported(line, col, f"a literal Julia rejects ({e.message})", "FC800")

    # ---- calls, fields, indexing

    def b_argument_list(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        items: list[ir.Node] = []
        before: list[ir.KwArg] = []
        after: list[ir.Node] = []
        semicolon = False
        k = 0
        for c in n.children:
            if c.type == ";":
                semicolon = True
                continue
            if not c.is_named or c.type in ("line_comment", "block_comment"):
                continue
            node = kids[k]
            k += 1
            if isinstance(node, ir.Loops):
                gen = _generator(items.pop() if items else node, node, None, line, col)
                items.append(gen)
            elif isinstance(node, ir.Cond) and items and isinstance(items[-1], ir.Comprehension):
                g = items[-1]
                items[-1] = ir.Comprehension(g.line, g.col, g.body, g.loops, node.cond, True)
            elif semicolon:
                after.append(ir.KwArg(node.line, node.col, node.name, node) if isinstance(node, ir.Name)
                             else node)
            elif isinstance(node, ir.KwArg):
                before.append(node)
            else:
                items.append(node)
        return ir.Args(line, col, tuple(items), tuple(before), tuple(after))

    def b_named_argument(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        target, value = kids[0], kids[-1]
        if isinstance(target, ir.Name):
            return ir.KwArg(line, col, target.name, value)
        if isinstance(target, ir.TypeAssert) and isinstance(target.value, ir.Name):
            return ir.KwArg(line, col, target.value.name, ir.TypeAssert(line, col, value, target.type))
        return ir.Unsupported(line, col, "this keyword argument", "FC800")

    b_named_field = b_named_argument

    def b_call_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return self.call(kids, line, col, dot=False)

    def b_broadcast_call_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return self.call(kids, line, col, dot=True)

    def call(self, kids: list[ir.Node], line: int, col: int, *, dot: bool) -> ir.Node:
        fn = kids[0]
        if isinstance(fn, ir.Name) and fn.name in ("ccall", "cglobal"):
            return ir.Unsupported(line, col, f"`{fn.name}` (calling C code)", "FC805",
                                  "user code may not call C libraries")
        if isinstance(fn, ir.Name) and len(fn.name) > 1 and fn.name[0] == "." and not fn.name[1].isalnum():
            fn, dot = ir.Name(fn.line, fn.col, fn.name[1:]), True  # .!(x), .+(a, b)
        args = kids[1] if len(kids) > 1 and isinstance(kids[1], ir.Args) else ir.Args(line, col, (), (), ())
        items = args.items
        if kids and isinstance(kids[-1], ir.Lambda):  # a do block is the first argument
            items = (kids[-1], *items)
        kw = (*args.before, *args.after)
        checked: list[ir.KwArg | ir.Splat] = []
        for a in kw:
            if isinstance(a, (ir.KwArg, ir.Splat)):
                checked.append(a)
            else:
                return ir.Unsupported(a.line, a.col, "this keyword argument", "FC800")
        return ir.Call(line, col, fn, tuple(items), tuple(checked), dot, len(args.before))

    def b_field_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        value, name = kids[0], kids[-1]
        if isinstance(name, ir.Name):
            return ir.Field(line, col, value, name.name)
        if isinstance(name, ir.Literal) and isinstance(name.value, Symbol):  # Base.:(==)
            return ir.Field(line, col, value, str(name.value))
        return ir.Unsupported(line, col, "this field access")

    def b_index_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        value, index = kids[0], kids[-1]
        if isinstance(index, ir.Comprehension):  # T[f(x) for x in v]
            return ir.TypedVectorExpr(line, col, value, (ir.Splat(index.line, index.col, index),))
        if isinstance(index, ir.VectorExpr):
            return ir.Index(line, col, value, index.items)
        if isinstance(index, ir.VCat) and len(index.items) == 1:
            return ir.Index(line, col, value, index.items)
        return ir.Unsupported(line, col, "this kind of indexing")

    # ---- operators

    def b_binary_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        left, right = kids[0], kids[-1]
        op = self.syn.token(n.named_children[1]) if len(n.named_children) >= 3 else ""
        if op == "&&":
            return ir.And(line, col, left, right)
        if op == "||":
            return ir.Or(line, col, left, right)
        dot = op.startswith(".") and len(op) > 1 and op != "..."
        base = op[1:] if dot else op
        if base in _COMPARE and not dot and n.named_children[0].type == "binary_expression":
            if isinstance(left, ir.Chain):
                return ir.Chain(line, col, (*left.ops, base), (*left.operands, right))
            if isinstance(left, ir.Binary) and left.op in _COMPARE and not left.dot:
                return ir.Chain(line, col, (left.op, base), (left.left, left.right, right))
        if base == "^":
            return self.power(left, right, line, col, dot)
        return ir.Binary(line, col, base, left, right, dot)

    def power(self, left: ir.Node, right: ir.Node, line: int, col: int, dot: bool) -> ir.Node:
        """``a^b^c`` is ``a^(b^c)`` in Julia; the grammar groups it to the left, so regroup the chain
        of unparenthesised powers (``self.powers``) down its right side."""
        spine: list[ir.Binary] = []
        node = left
        while isinstance(node, ir.Binary) and id(node) in self.powers:
            spine.append(node)
            node = node.right
        result: ir.Node = ir.Binary(line, col, "^", node, right, dot)
        self.powers.add(id(result))
        for b in reversed(spine):
            result = ir.Binary(b.line, b.col, "^", b.left, result, b.dot)
            self.powers.add(id(result))
        return result

    def b_unary_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        op = self.syn.token(n.named_children[0])
        operand = kids[-1]
        if op == "-" and isinstance(operand, ir.Literal) and type(operand.value) in (int, float):
            v = operand.value
            assert isinstance(v, (int, float))
            return ir.Literal(line, col, -v)
        if op in ("<:", ">:"):
            return ir.Unsupported(line, col, f"the type bound `{op}` outside a type")
        dot = op.startswith(".") and len(op) > 1
        return ir.Unary(line, col, op[1:] if dot else op, operand, dot)

    def b_ternary_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Ternary(line, col, kids[0], kids[1], kids[2])

    def b_range_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        first, last = kids[0], kids[-1]
        if isinstance(first, ir.RangeExpr) and first.step is None and n.named_children[0].type == \
                "range_expression":
            return ir.RangeExpr(line, col, first.start, first.stop, last)
        return ir.RangeExpr(line, col, first, None, last)

    def b_juxtaposition_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Binary(line, col, "*", kids[0], kids[1])

    def b_splat_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Splat(line, col, kids[0])

    def b_typed_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.TypeAssert(line, col, kids[0], kids[-1])

    def b_unary_typed_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.TypeAssert(line, col, ir.Name(line, col, "_"), kids[-1])

    def b_parametrized_type_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        params = kids[-1].items if isinstance(kids[-1], ir.Params) else ()
        return ir.Curly(line, col, kids[0], params)

    def b_curly_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Params(line, col, tuple(kids))

    def b_adjoint_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Unsupported(line, col, "the adjoint `x'`")

    def b_interpolation_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Unsupported(line, col, "`$` outside a string", "FC805",
                              "building and evaluating Julia expressions is not allowed")

    # ---- brackets

    def b_parenthesized_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        self.powers.discard(id(kids[0]) if kids else 0)
        if any(isinstance(k, ir.Loops) for k in kids):
            return _comprehension(kids, line, col, generator=True)
        if len(kids) == 1:
            return kids[0]
        return ir.Block(line, col, tuple(kids))

    def b_tuple_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        if kids and all(isinstance(k, ir.KwArg) for k in kids):
            named = [k for k in kids if isinstance(k, ir.KwArg)]
            return ir.NamedTupleExpr(line, col, tuple(k.name for k in named), tuple(k.value for k in named))
        if any(isinstance(k, ir.Loops) for k in kids):
            return _comprehension(kids, line, col, generator=True)
        return ir.TupleExpr(line, col, tuple(kids))

    b_open_tuple = b_tuple_expression

    def b_vector_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.VectorExpr(line, col, tuple(kids))

    def b_matrix_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        rows = [k for k in kids if isinstance(k, ir.Row)]
        if len(rows) == len(kids) and all(len(r.items) == 1 for r in rows):
            return ir.VCat(line, col, tuple(r.items[0] for r in rows))
        return ir.Unsupported(line, col, "a matrix (`[a b; c d]`)")

    def b_matrix_row(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Row(line, col, tuple(kids))

    def b_comprehension_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return _comprehension(kids, line, col, generator=False)

    def b_generator(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return _comprehension(kids, line, col, generator=True)

    def b_for_clause(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Loops(line, col, tuple((k.target, k.iterable) for k in kids if isinstance(k, ir.LoopSpec)))

    def b_for_binding(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.LoopSpec(line, col, kids[0], kids[-1])

    def b_if_clause(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Cond(line, col, kids[0])


def _body_span(n: Any) -> tuple[int, int]:
    """Byte span between the quotes (the grammar gives the opening quote as a child, not the closing)."""
    quote = next(c for c in n.children if c.type in ('"', '"""'))
    suffix = n.child_by_field_name("suffix")
    end = suffix.start_byte if suffix is not None else n.end_byte
    return quote.end_byte, max(quote.end_byte, end - len(quote.type))


def _generator(body: ir.Node, loops: ir.Loops, cond: ir.Node | None, line: int, col: int) -> ir.Comprehension:
    return ir.Comprehension(line, col, body, loops.loops, cond, True)


def _comprehension(kids: list[ir.Node], line: int, col: int, *, generator: bool) -> ir.Node:
    body = kids[0]
    loops: list[tuple[ir.Node, ir.Node]] = []
    cond: ir.Node | None = None
    for k in kids[1:]:
        if isinstance(k, ir.Loops):
            loops.extend(k.loops)
        elif isinstance(k, ir.Cond):
            cond = k.cond
        else:
            return ir.Unsupported(line, col, "this comprehension", "FC800")
    return ir.Comprehension(line, col, body, tuple(loops), cond, generator)


def _what(node_type: str) -> str:
    return node_type.replace("_", " ")


_WITH_DEPTH = frozenset({"function_definition", "arrow_function_expression", "do_clause", "assignment",
                         "macrocall_expression", "source_file"})

"""Julia text → the :mod:`.ir` form, with tree-sitter-julia's grammar.

The tree is walked once, bottom-up, with an explicit stack (never Python
recursion on the nesting of the input); a subtree nested deeper than
:data:`MAX_DEPTH` becomes an :class:`~.ir.Unsupported` node.  Syntax errors
(tree-sitter's ERROR and missing nodes) are diagnostics with their position, and
the statement holding one becomes a node that fails when run, so one broken
function does not take the others down.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ..core.diagnostics import Diagnostic
from . import ir
from .build import MAX_DEPTH, Builder, Syntax
from .build_defs import first_error

__all__ = ["MAX_DEPTH", "parse"]


_SKIP = frozenset({"line_comment", "block_comment"})
#: nodes whose children the builder reads itself, from the tree-sitter node
_OPAQUE = frozenset({
    "identifier", "integer_literal", "float_literal", "boolean_literal", "character_literal", "operator",
    "using_statement", "import_statement", "command_literal", "prefixed_command_literal",
    "export_statement", "public_statement", "macro_identifier", "content", "escape_sequence",
})
#: nodes whose only converted children are their interpolations
_STRINGS = frozenset({"string_literal", "prefixed_string_literal"})


@functools.cache
def _parser() -> Any:
    import tree_sitter
    import tree_sitter_julia

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_julia.language()))


@dataclass(slots=True)
class _Frame:
    node: Any
    depth: int
    children: list[Any]
    kids: list[ir.Node] = field(default_factory=list)
    sub: int = 0  # deepest converted subtree below, in tree levels
    uses_end: bool = False


def parse(text: str, path: str, *, line: int = 1, col: int = 1, nesting: int = 0
          ) -> tuple[ir.Block, list[Diagnostic]]:
    """Read ``text`` (normalised: LF line ends, no BOM) into a block of statements.

    ``line``/``col`` are where ``text`` starts in ``path`` (a ``config.md`` expression
    sits inside a larger file); every position in the result and in the
    diagnostics is in ``path``'s terms.
    """
    data = text.encode("utf-8")
    tree = _parser().parse(data)
    syn = Syntax(data, text, path, line, col, nesting, reparse=parse)
    builder = Builder(syn)
    top = tree.root_node
    if not top.has_error:
        root = _convert(top, builder)
        assert isinstance(root, ir.Block)
        return root, syn.diagnostics
    # A statement holding a syntax error fails as a whole when run (Julia would refuse the whole
    # file); the statements the grammar could still delimit load.
    stmts: list[ir.Node] = []
    named = [top] if top.type == "ERROR" else [c for c in top.named_children if c.type not in _SKIP]
    for c in named:
        if not c.has_error and c.type != "ERROR":
            stmts.append(_convert(c, builder))
            continue
        # (``or c``: an error the grammar reports on the node itself, with no ERROR or missing child)
        bad = next((t for t in c.children if not t.is_named), c) if c.type == "ERROR" else first_error(c) or c
        before = len(syn.diagnostics)
        builder.syntax_error(bad)
        del syn.diagnostics[before + 1:]
        line_, col_ = syn.pos(bad)
        stmts.append(ir.Unsupported(line_, col_, "code that does not parse", "FC800",
                                    syn.diagnostics[-1].message))
        if c.type == "ERROR":
            stmts.extend(_salvage(c, builder))
    return ir.Block(1, 1, tuple(sorted(stmts, key=lambda k: (k.line, k.col)))), syn.diagnostics


_STATEMENTS = frozenset({"assignment", "function_definition", "macrocall_expression", "const_statement",
                         "using_statement", "import_statement"})


def _salvage(error: Any, b: Builder) -> list[ir.Node]:
    """The definitions an ERROR node holds whole (the fragments around the error are left out)."""
    return [_convert(c, b) for c in error.named_children if c.type in _STATEMENTS and not c.has_error]


def _children(node: Any) -> list[Any]:
    t = node.type
    if t in _OPAQUE:
        return []
    if t in _STRINGS:
        return [c for c in node.named_children if c.type == "string_interpolation"]
    return [c for c in node.named_children if c.type not in _SKIP]


def _convert(root: Any, b: Builder) -> ir.Node:
    """Bottom-up conversion with an explicit stack of frames, one per open tree node."""
    stack = [_Frame(root, 0, _children(root))]
    while True:
        f = stack[-1]
        k = len(f.kids)
        if k < len(f.children):
            child = f.children[k]
            if f.depth + 1 > MAX_DEPTH:
                f.kids.append(b.too_deep(child))
                continue
            if child.type == "identifier" and child.text == b"end":
                _mark_end(stack)
            stack.append(_Frame(child, f.depth + 1, _children(child)))
            continue
        stack.pop()
        node = b.build(f.node, f.kids, f.sub, f.uses_end)
        if not stack:
            return node
        parent = stack[-1]
        parent.kids.append(node)
        grow = 1 if isinstance(node, (ir.Lambda, ir.FunctionDef)) else f.sub + 1
        parent.sub = max(parent.sub, grow)


def _mark_end(stack: list[_Frame]) -> None:
    """``end`` as a value: it belongs to the innermost index expression around it."""
    for f in reversed(stack):
        if f.node.type == "index_expression":
            f.uses_end = True
            return

"""Builders for statements, function definitions, macros and imports (see :mod:`.build`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.diagnostics import Diagnostic
from . import ir

if TYPE_CHECKING:
    from .build import Syntax

__all__ = ["DefBuilder", "first_error"]

_TRANSPARENT_MACROS = frozenset({"view", "views", "inbounds", "inline", "noinline", "static", "nospecialize",
                                 "fastmath", "simd", "propagate_inbounds", "specialize", "time"})
_REFUSED_MACROS = {"eval": "evaluating code", "everywhere": "distributed code", "generated": "generated code",
                   "ccall": "calling C code", "spawn": "threads", "async": "tasks", "threads": "threads",
                   "__DIR__": "the folder of utils.jl on disk", "__FILE__": "the path of utils.jl on disk"}
_DEFINITIONS = {"struct_definition": "a struct definition", "module_definition": "a module definition",
                "macro_definition": "a macro definition",
                "abstract_definition": "an abstract type definition",
                "primitive_definition": "a primitive type definition"}


class DefBuilder:
    def __init__(self, syn: Syntax) -> None:
        self.syn = syn
        self.powers: set[int] = set()  # ids of the `^` nodes written without parentheses

    def syntax_error(self, n: Any) -> ir.Node:
        line, col = self.syn.pos(n)
        message = _error_message(self.syn, n)
        self.syn.diagnostics.append(Diagnostic(code="FC800", message=message, path=self.syn.path,
                                               line=line, col=col, hint="Julia cannot read this utils.jl"))
        return ir.Unsupported(line, col, "code that does not parse", "FC800", message)

    # ---- blocks

    def b_source_file(self, n: Any, kids: list[ir.Node], line: int, col: int, sub: int) -> ir.Node:
        return ir.Block(line, col, tuple(kids))

    def b_compound_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Block(line, col, tuple(kids))

    def b_if_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        cond, rest = kids[0], kids[1:]
        body = [k for k in rest if not isinstance(k, (ir.ElseIf, ir.Else))]
        alts = [k for k in rest if isinstance(k, (ir.ElseIf, ir.Else))]
        other: ir.Node | None = None
        for alt in reversed(alts):
            if isinstance(alt, ir.Else):
                other = alt.body
            else:
                other = ir.If(alt.line, alt.col, alt.cond, alt.body, other)
        return ir.If(line, col, cond, ir.Block(line, col, tuple(body)), other)

    def b_elseif_clause(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.ElseIf(line, col, kids[0], ir.Block(line, col, tuple(kids[1:])))

    def b_else_clause(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Else(line, col, ir.Block(line, col, tuple(kids)))

    def b_for_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        loops = tuple((k.target, k.iterable) for k in kids if isinstance(k, ir.LoopSpec))
        body = tuple(k for k in kids if not isinstance(k, ir.LoopSpec))
        return ir.For(line, col, loops, ir.Block(line, col, body))

    def b_while_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.While(line, col, kids[0], ir.Block(line, col, tuple(kids[1:])))

    def b_let_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        bindings: list[ir.Node] = []
        body: list[ir.Node] = []
        k = 0
        prev: Any = None
        let_row = n.start_point[0]
        for c in n.children:
            if c.is_named and c.type not in ("line_comment", "block_comment"):
                node = kids[k]
                k += 1
                after_let = prev is not None and prev.type == "let" and c.start_point[0] == let_row
                binding = c.type == "let_binding" or (
                    c.type == "identifier" and not body
                    and (after_let or (prev is not None and prev.type == ",")))
                (bindings if binding else body).append(node)
            prev = c
        return ir.Let(line, col, tuple(bindings), ir.Block(line, col, tuple(body)))

    def b_let_binding(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Assign(line, col, kids[0], kids[-1])

    def b_try_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        body = tuple(k for k in kids if not isinstance(k, (ir.CatchClause, ir.FinallyClause, ir.Else)))
        catch = next((k for k in kids if isinstance(k, ir.CatchClause)), None)
        final = next((k for k in kids if isinstance(k, ir.FinallyClause)), None)
        if any(isinstance(k, ir.Else) for k in kids):
            return ir.Unsupported(line, col, "`try … else`")
        return ir.Try(line, col, ir.Block(line, col, body), catch.var if catch else None,
                      catch.body if catch else None, final.body if final else None)

    def b_catch_clause(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        named = [c for c in n.children if c.is_named and c.type not in ("line_comment", "block_comment")]
        semicolon = any(c.type == ";" for c in n.children if not c.is_named and
                        (not named or c.start_byte < named[0].start_byte))
        var: str | None = None
        if (named and named[0].type == "identifier" and not semicolon
                and named[0].start_point[0] == n.start_point[0] and isinstance(kids[0], ir.Name)):
            var = kids[0].name
            kids = kids[1:]
        return ir.CatchClause(line, col, var, ir.Block(line, col, tuple(kids)))

    def b_finally_clause(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.FinallyClause(line, col, ir.Block(line, col, tuple(kids)))

    def b_return_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Return(line, col, kids[0] if kids else None)

    def b_break_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Break(line, col)

    def b_continue_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Continue(line, col)

    # ---- assignments and declarations

    def b_assignment(self, n: Any, kids: list[ir.Node], line: int, col: int, sub: int) -> ir.Node:
        target, value = kids[0], kids[-1]
        if _is_signature(target):
            return self.function(target, ir.Block(value.line, value.col, (value,)), line, col, sub)
        return ir.Assign(line, col, target, value)

    def b_compound_assignment_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        op = self.syn.token(n.named_children[1])
        dot = op.startswith(".")
        if dot:
            return ir.Unsupported(line, col, f"the broadcast assignment `{op}`")
        return ir.Assign(line, col, kids[0], kids[-1], op[:-1])

    def b_const_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        node = kids[0]
        if isinstance(node, ir.Assign):
            return ir.Assign(node.line, node.col, node.target, node.value, node.op, True)
        return node

    def b_global_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return _declare(kids, line, col, is_global=True)

    def b_local_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return _declare(kids, line, col, is_global=False)

    def b_using_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return self.using(n, line, col, is_import=False)

    def b_import_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return self.using(n, line, col, is_import=True)

    def using(self, n: Any, line: int, col: int, *, is_import: bool) -> ir.Node:
        modules: list[str] = []
        names: list[str] = []
        for c in n.named_children:
            if c.type == "selected_import":
                parts = [x for x in c.named_children if x.type not in ("line_comment", "block_comment")]
                modules.append(self.syn.token(parts[0]))
                names.extend(self.syn.token(x).split(" as ")[0].strip() for x in parts[1:])
            elif c.type not in ("line_comment", "block_comment"):
                modules.append(self.syn.token(c).split(" as ")[0].strip())
        return ir.Using(line, col, tuple(modules), tuple(names), is_import)

    def b_export_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Block(line, col, ())

    b_public_statement = b_export_statement

    def b_struct_definition(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Unsupported(line, col, _DEFINITIONS.get(n.type, n.type))

    b_module_definition = b_struct_definition
    b_macro_definition = b_struct_definition
    b_abstract_definition = b_struct_definition
    b_primitive_definition = b_struct_definition

    def b_quote_statement(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Unsupported(line, col, "a `quote` block", "FC805",
                              "building and evaluating Julia expressions is not allowed")

    # ---- functions

    def b_signature(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return kids[0]

    def b_where_expression(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        names: list[str] = []
        for k in kids[1:]:
            items = k.items if isinstance(k, ir.Params) else (k,)
            for item in items:
                base = item.left if isinstance(item, ir.Binary) and item.op == "<:" else item
                if isinstance(base, ir.Name):
                    names.append(base.name)
        return ir.Where(line, col, kids[0], tuple(names))

    def b_function_definition(self, n: Any, kids: list[ir.Node], line: int, col: int, sub: int) -> ir.Node:
        body = ir.Block(line, col, tuple(kids[1:]))
        sig = kids[0]
        if isinstance(sig, ir.Name):  # `function f end`
            return ir.Block(line, col, ())
        return self.function(sig, body, line, col, sub)

    def b_arrow_function_expression(self, n: Any, kids: list[ir.Node], line: int, col: int, sub: int
                                    ) -> ir.Node:
        params, body = kids[0], kids[-1]
        if isinstance(params, ir.Args):
            call = ir.Call(line, col, ir.Name(line, col, "#anon"), params.items, (*params.before, *[
                a for a in params.after if isinstance(a, (ir.KwArg, ir.Splat))]), False, len(params.before))
        elif isinstance(params, ir.TupleExpr):
            call = ir.Call(line, col, ir.Name(line, col, "#anon"), params.items)
        else:
            call = ir.Call(line, col, ir.Name(line, col, "#anon"), (params,))
        method = self.method("#anon", call, ir.Block(body.line, body.col, (body,)), line, col, sub)
        return method

    def b_do_clause(self, n: Any, kids: list[ir.Node], line: int, col: int, sub: int) -> ir.Node:
        params = kids[0] if kids and isinstance(kids[0], ir.Args) else ir.Args(line, col, (), (), ())
        body = ir.Block(line, col, tuple(k for k in kids if not isinstance(k, ir.Args)))
        call = ir.Call(line, col, ir.Name(line, col, "#do"), params.items)
        return self.method("#do", call, body, line, col, sub)

    def function(self, sig: ir.Node, body: ir.Node, line: int, col: int, sub: int) -> ir.Node:
        inner = sig.inner if isinstance(sig, ir.Where) else sig
        core = inner.value if isinstance(inner, ir.TypeAssert) else inner
        if isinstance(core, ir.Args):  # function (a, b) … end
            call = ir.Call(line, col, ir.Name(line, col, "#anon"), core.items, core.before, False,
                           len(core.before))
            return self.method("#anon", call, body, line, col, sub)
        if not isinstance(core, ir.Call):
            return ir.Unsupported(line, col, "this function signature")
        owner = ""
        fn = core.fn
        if isinstance(fn, ir.Field) and isinstance(fn.value, ir.Name):
            owner, fn = fn.value.name, ir.Name(fn.line, fn.col, fn.name)
        if not isinstance(fn, ir.Name):
            return ir.Unsupported(line, col, "a function defined on a callable object")
        if owner:
            return ir.Unsupported(line, col, f"adding a method to {owner}.{fn.name}")
        method = self.method(fn.name, sig, body, line, col, sub)
        if isinstance(method, ir.Unsupported):
            return method
        return ir.FunctionDef(line, col, fn.name, method)

    def method(self, name: str, sig: ir.Node, body: ir.Node, line: int, col: int, sub: int
               ) -> ir.Lambda | ir.Unsupported:
        typevars: tuple[str, ...] = ()
        if isinstance(sig, ir.Where):
            typevars = sig.typevars
            sig = sig.inner
        rettype: ir.Node | None = None
        if isinstance(sig, ir.TypeAssert):
            rettype = _untyped(sig.type, typevars)
            sig = sig.value
        if not isinstance(sig, ir.Call):
            return ir.Unsupported(line, col, "this function signature")
        params: list[ir.Param] = []
        vararg: ir.Param | None = None
        for a in sig.args:
            p = _param(a, typevars)
            if p is None:
                return ir.Unsupported(a.line, a.col, "this parameter")
            if isinstance(a, ir.Splat):
                vararg = p
            else:
                params.append(p)
        for kw in sig.kwargs[:sig.pre_kw]:
            if not isinstance(kw, ir.KwArg):
                return ir.Unsupported(kw.line, kw.col, "this parameter")
            value, ptype = _typed_default(kw, typevars)
            params.append(ir.Param(kw.line, kw.col, kw.name, None, ptype, value))
        kwparams: list[ir.Param] = []
        kwvararg: str | None = None
        for kw in sig.kwargs[sig.pre_kw:]:
            if isinstance(kw, ir.Splat) and isinstance(kw.value, ir.Name):
                kwvararg = kw.value.name
            elif isinstance(kw, ir.KwArg):
                required = isinstance(kw.value, ir.Name) and kw.value.name == kw.name and (
                    kw.value.line, kw.value.col) == (kw.line, kw.col)
                value, ptype = _typed_default(kw, typevars)
                kwparams.append(ir.Param(kw.line, kw.col, kw.name, None, ptype, None if required else value))
            else:
                return ir.Unsupported(kw.line, kw.col, "this keyword parameter")
        signature = ir.Signature(line, col, tuple(params), vararg, tuple(kwparams), kwvararg, rettype)
        return ir.Lambda(line, col, name, signature, body, sub, self.syn.path)

    # ---- macros

    def b_macro_argument_list(self, n: Any, kids: list[ir.Node], line: int, col: int) -> ir.Node:
        return ir.Params(line, col, tuple(kids))

    def b_macrocall_expression(self, n: Any, kids: list[ir.Node], line: int, col: int, sub: int) -> ir.Node:
        ident = next((c for c in n.children if c.type == "macro_identifier"), None)
        name = self.syn.token(ident).lstrip("@") if ident is not None else ""
        name = name.rsplit(".", 1)[-1].lstrip("@")
        args: tuple[ir.Node, ...] = ()
        for k in kids:
            if isinstance(k, ir.Params):
                args = k.items
            elif isinstance(k, ir.Args):
                args = (*k.items, *k.before)
        if name in ("delay", "lx", "env"):
            fd = args[0] if len(args) == 1 else None
            if not isinstance(fd, ir.FunctionDef):
                return ir.Unsupported(line, col, f"@{name} before what is not a function definition")
            if name == "delay":
                return ir.FunctionDef(fd.line, fd.col, fd.name, fd.method, fd.owner, fd.kind, True)
            return ir.FunctionDef(fd.line, fd.col, fd.name, fd.method, fd.owner, name, fd.delayed)
        if name == "something":
            return ir.Something(line, col, args)
        if name in _TRANSPARENT_MACROS and len(args) == 1:
            return args[0]
        if name == "doc" and args:
            return args[-1]
        if name in _REFUSED_MACROS:
            return ir.Unsupported(line, col, f"@{name} ({_REFUSED_MACROS[name]})", "FC805")
        if name == "assert" and args:
            first = next(c for c in n.named_children if c.type in ("macro_argument_list", "argument_list"))
            text = self.syn.token(first.named_children[0]) if first.named_children else ""
            message = args[1] if len(args) > 1 else ir.Literal(line, col, text)
            return ir.Call(line, col, ir.Name(line, col, "@assert"), (args[0], message))
        return ir.Call(line, col, ir.Name(line, col, "@" + name), args)


def _is_signature(node: ir.Node) -> bool:
    if isinstance(node, ir.Where):
        node = node.inner
    if isinstance(node, ir.TypeAssert):
        node = node.value
    return isinstance(node, ir.Call) and not node.dot


def _untyped(t: ir.Node, typevars: tuple[str, ...]) -> ir.Node:
    """A parameter type with the ``where`` variables read as ``Any`` (``Vector{T}`` as ``Vector``)."""
    if isinstance(t, ir.Name) and t.name in typevars:
        return ir.Name(t.line, t.col, "Any")
    if isinstance(t, ir.Curly) and any((isinstance(p, ir.Name) and p.name in typevars) or
                                       isinstance(p, ir.Unsupported) for p in t.params):
        return t.base
    return t


def _typed_default(kw: ir.KwArg, typevars: tuple[str, ...]) -> tuple[ir.Node, ir.Node | None]:
    """``x::T = v`` in a signature: the named-argument builder put the type around the value."""
    value = kw.value
    if isinstance(value, ir.TypeAssert) and (value.line, value.col) == (kw.line, kw.col):
        return value.value, _untyped(value.type, typevars)
    return value, None


def _param(a: ir.Node, typevars: tuple[str, ...]) -> ir.Param | None:
    if isinstance(a, ir.Splat):
        a = a.value
    if isinstance(a, ir.Name):
        return ir.Param(a.line, a.col, a.name)
    if isinstance(a, ir.TypeAssert) and isinstance(a.value, ir.Name):
        return ir.Param(a.line, a.col, a.value.name, None, _untyped(a.type, typevars))
    if isinstance(a, ir.TupleExpr):
        return ir.Param(a.line, a.col, "#destructure", a)
    return None


def _declare(kids: list[ir.Node], line: int, col: int, *, is_global: bool) -> ir.Node:
    names = [k.name for k in kids if isinstance(k, ir.Name)]
    assigns = [k for k in kids if isinstance(k, ir.Assign)]
    for a in assigns:
        target = a.target.value if isinstance(a.target, ir.TypeAssert) else a.target
        if isinstance(target, ir.Name):
            names.append(target.name)
    decl = ir.Local(line, col, tuple(names), is_global)
    return ir.Block(line, col, (decl, *assigns)) if assigns else decl


def _error_message(syn: Syntax, n: Any) -> str:
    if n.is_missing:
        return f"syntax: expected `{n.type}`"
    leaf = n
    while leaf.child_count:
        leaf = leaf.children[0]
    text = syn.token(leaf)[:30] or n.type
    return f"syntax: unexpected `{text}`"


def first_error(node: Any) -> Any:
    """The first ERROR or missing node under ``node`` (an explicit stack, in source order)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "ERROR" or n.is_missing:
            return n
        if n.has_error:
            stack.extend(reversed(n.children))
    return node  # the grammar flagged an error without an ERROR node under it (`"\a`): the whole

"""Franklin's API as user code calls it (``locvar``, ``pagevar``, ``fd2html``, ``get_url``…), through
the :class:`~.host.Host`, and FranklinUtils (``html``, ``lxproc``, ``lxargs``, ``@lx``/``@env``).

An ``lx_name(com, _)`` function receives the command (``com.braces[1]`` is its
first ``{…}``; ``Franklin.content`` of it is the text inside); an ``env_name(env, _)``
receives the environment (``Franklin.content(env)`` is its body).  What they
return is Franklin Markdown, which Franklin parses again.
"""

from __future__ import annotations

import re
from typing import Any

from ..core.refs import julia_kept, julia_lowercase
from .calls import Builtin, JFunction, builtin
from .errors import key_error, throw, unsupported
from .lib_io import SITE_FOLDER
from .ops import to_string
from .runtime import Runtime
from .values import Pair, Symbol, TypedVector

__all__ = ["FRANKLIN", "FRANKLIN_IMPORTS", "FRANKLIN_UTILS", "Brace", "KeywordCommand", "LxObject", "get_url",
           "htmlesc", "keyword_command", "lxargs", "refstring"]

FRANKLIN: dict[str, Any] = {}
FRANKLIN_UTILS: dict[str, Any] = {}


class Brace:
    """A ``{…}`` argument of a command: ``Franklin.content(b)`` is the text inside."""

    __slots__ = ("content",)
    julia_typename = "Franklin.OCBlock"

    def __init__(self, content: str) -> None:
        self.content = content

    def __str__(self) -> str:
        return "{" + self.content + "}"

    def jl_getfield(self, rt: Runtime, name: str) -> Any:
        if name == "ss":
            return str(self)
        raise throw("ErrorException", f"type OCBlock has no field {name}")


class LxObject:
    """A ``\\name{…}`` command (``LxCom``) or a ``\\begin{name}{…} … \\end{name}`` environment (``LxEnv``)."""

    __slots__ = ("body", "braces", "is_env", "name")

    def __init__(self, name: str, braces: list[str], body: str | None = None) -> None:
        self.name = name
        self.braces = [Brace(b) for b in braces]
        self.body = body
        self.is_env = body is not None

    @property
    def julia_typename(self) -> str:
        return "Franklin.LxEnv" if self.is_env else "Franklin.LxCom"

    def text(self) -> str:
        args = "".join(str(b) for b in self.braces)
        if self.is_env:
            return f"\\begin{{{self.name}}}{args}{self.body}\\end{{{self.name}}}"
        return f"\\{self.name}{args}"

    def __str__(self) -> str:
        return f"{self.julia_typename}({self.text()!r})"

    def jl_getfield(self, rt: Runtime, name: str) -> Any:
        if name == "braces":
            return list(self.braces)
        if name == "ss":
            return self.text()
        if name == "lxdef":
            return None
        raise throw("ErrorException", f"type {self.julia_typename} has no field {name}")


class _Vars:
    """``Franklin.LOCAL_VARS`` / ``GLOBAL_VARS``: what ``set_var!`` writes to."""

    julia_typename = "Franklin.PageVars"

    def __init__(self, is_global: bool) -> None:
        self.is_global = is_global

    def __str__(self) -> str:
        return "Franklin.GLOBAL_VARS" if self.is_global else "Franklin.LOCAL_VARS"


class _HostRef:
    """``Franklin.PAGEVAR_DEPTH`` / ``FOLDER_PATH``: ``r[]`` reads and ``r[] = v`` writes the host's
    attribute of that name when it has one, else a value kept by the program (never shared)."""

    julia_typename = "Base.RefValue"

    def __init__(self, attr: str, default: object) -> None:
        self.attr, self.default = attr, default

    def __str__(self) -> str:
        return f"Base.RefValue({to_string(self.default)})"

    def jl_deref(self, rt: Runtime) -> Any:
        if hasattr(rt.host, self.attr):
            return getattr(rt.host, self.attr)
        return rt.refs.get(self.attr, self.default)

    def jl_setref(self, rt: Runtime, value: Any) -> None:
        if hasattr(rt.host, self.attr):
            setattr(rt.host, self.attr, value)
        else:
            rt.refs[self.attr] = value


class _FdEnv:
    """``Franklin.FD_ENV[:SOURCE]`` / ``[:CUR_PATH]``: the page being built."""

    julia_typename = "OrderedCollections.LittleDict"

    def jl_getindex(self, rt: Runtime, key: Any) -> Any:
        if str(key) in ("SOURCE", "CUR_PATH"):
            try:
                return rt.host.locvar("fd_rpath")
            except KeyError:
                return ""
        raise throw("KeyError", f"key {to_string(key)} not found", key=key)


def _name(x: Any) -> str:
    if isinstance(x, str):
        return str.__str__(x)
    raise throw("MethodError", f"no method matching locvar(::{type(x).__name__})")


def _read(rt: Runtime, fetch: Any, kw: dict[str, Any]) -> Any:
    try:
        return fetch()
    except KeyError:
        return kw.get("default")


@builtin(FRANKLIN, "locvar")
def _locvar(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (name,) = args
    return _read(rt, lambda: rt.host.locvar(_name(name)), kw)


@builtin(FRANKLIN, "globvar")
def _globvar(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (name,) = args
    return _read(rt, lambda: rt.host.globvar(_name(name)), kw)


@builtin(FRANKLIN, "pagevar")
def _pagevar(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    rpath, name = args
    path = _name(rpath)
    stem, ext = path.rsplit(".", 1) if "." in path.rsplit("/", 1)[-1] else (path, "")
    if ext in ("md", "html"):
        path = stem
    return _read(rt, lambda: rt.host.pagevar(path.lstrip("/"), _name(name)), kw)


@builtin(FRANKLIN, "fd2html")
def _fd2html(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (text,) = args
    if not isinstance(text, str):
        raise throw("MethodError", f"no method matching fd2html(::{type(text).__name__})")
    if not text:
        return ""
    html = str(rt.host.fd2html(str.__str__(text)))
    if kw.get("nop") and html.startswith("<p>") and re.search(r"</p>\n?$", html):
        html = re.sub(r"(^<p>|</p>\n?$)", "", html)
    return html


@builtin(FRANKLIN, "set_var!")
def _set_var(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    target, key, value = args
    if not isinstance(target, _Vars) or target.is_global:
        raise unsupported(f"set_var! on {to_string(target)} (only Franklin.LOCAL_VARS, the page's own)")
    rt.host.set_var(_name(key), value)
    return None


def get_url(rpath: str) -> str:
    """Franklin's ``get_url``: ``blog/post.md`` → ``/blog/post/``."""
    stem, ext = rpath.rsplit(".", 1) if "." in rpath.rsplit("/", 1)[-1] else (rpath, "")
    url = stem if ext in ("md", "html") else rpath
    if url.endswith("index"):
        url = url[:-len("index")]
    url = url.strip("/")
    return "/" if not url else f"/{url}/"


@builtin(FRANKLIN, "get_url")
def _get_url(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (rpath,) = args
    return get_url(_name(rpath))


def refstring(s: str) -> str:
    """Franklin's ``refstring`` (tag and anchor names): tags dropped, letters and digits kept."""
    st = re.sub(r"<[a-z/]+>", "", s)
    st = re.sub(r"&#[0-9]+;", "", st)
    st = "".join(c for c in st if julia_kept(c))
    st = re.sub(r"\s+", "_", julia_lowercase(st.strip()))
    st = st.replace("__", "_")
    if not st:
        raise unsupported("refstring of a text with no letter or digit (Franklin falls back on Julia's hash)")
    return st


@builtin(FRANKLIN, "refstring")
def _refstring(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (s,) = args
    return refstring(_name(s))


_ESCAPES = {"<": "&lt;", ">": "&gt;", '"': "&quot;", "&": "&amp;",
            **{c: f"&#{ord(c)};" for c in "'`!$%()=+{}[]"}}


def htmlesc(s: str) -> str:
    """Julia's ``Markdown.htmlesc``, which Franklin uses."""
    return "".join(_ESCAPES.get(c, c) for c in s)


@builtin(FRANKLIN, "htmlesc")
def _htmlesc(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (s,) = args
    return htmlesc(to_string(s))


@builtin(FRANKLIN, "html_err")
def _html_err(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    mess = to_string(args[0]) if args else ""
    return f'<p><span style="color:red;">// {mess} //</span></p>'


@builtin(FRANKLIN, "content")
def _content(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    if isinstance(x, Brace):
        return x.content
    if isinstance(x, LxObject) and x.body is not None:
        return x.body
    what = getattr(x, "julia_typename", type(x).__name__)
    raise throw("MethodError", f"no method matching content(::{what})")


@builtin(FRANKLIN, "getname")
def _getname(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return x.name


def _not_here(name: str) -> Builtin:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        raise unsupported(f"Franklin.{name} (Franklin's internals)")
    return Builtin(name, fn)


#: Franklin's ``PATHS``, below the site folder
_PATHS = {"folder": "", "site": "__site", "assets": "_assets", "css": "_css", "layout": "_layout",
          "libs": "_libs", "literate": "_literate", "tag": "__site/tag"}


@builtin(FRANKLIN, "path")
def _path(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    """``Franklin.path(:folder)``…: below ``Franklin.FOLDER_PATH[]`` (:data:`.lib_io.SITE_FOLDER`):
    ``joinpath(Franklin.path(:folder), "x.md")`` reads the site's file, and the site's place on
    disk stays unknown to the code."""
    (key,) = args
    sub = _PATHS.get(str(key)) if isinstance(key, Symbol) else None
    if sub is None:
        raise key_error(key)
    folder = to_string(FRANKLIN["FOLDER_PATH"].jl_deref(rt))
    return f"{folder.rstrip('/')}/{sub}" if sub else folder


for _n in ("form_codepaths", "html_code", "convert_md", "convert_html", "fdplotly", "lunr",
           "utils_module", "hfun_fill", "def_LOCAL_VARS!", "set_vars!", "reprocess"):
    FRANKLIN[_n] = _not_here(_n)
FRANKLIN.update({"LOCAL_VARS": _Vars(False), "GLOBAL_VARS": _Vars(True),
                 "PAGEVAR_DEPTH": _HostRef("pagevar_depth", 0),
                 "FOLDER_PATH": _HostRef("folder_path", SITE_FOLDER),
                 "FD_ENV": _FdEnv()})

#: What Franklin's Utils module imports by name (``import Franklin: locvar, pagevar, …``).
FRANKLIN_IMPORTS = {n: FRANKLIN[n] for n in ("locvar", "pagevar", "globvar", "fd2html", "get_url")}


# ---- FranklinUtils

@builtin(FRANKLIN_UTILS, "html")
def _html(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (s,) = args
    return f"~~~{to_string(s)}~~~"


@builtin(FRANKLIN_UTILS, "lxproc")
def _lxproc(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (com,) = args
    return _first_brace(com)


def _first_brace(com: Any) -> str:
    if not isinstance(com, LxObject):
        raise throw("MethodError", f"no method matching lxproc(::{type(com).__name__})")
    if not com.braces:
        raise throw("BoundsError", f"attempt to access 0-element Vector{{OCBlock}} at index [1] "
                                   f"(\\{com.name} has no {{…}} argument)")
    return com.braces[0].content


def lxargs(rt: Runtime, text: str, fname: str) -> tuple[list[Any], dict[str, Any]]:
    """FranklinUtils' ``lxargs``: read ``a, b, key="v", n=2`` as Julia call arguments."""
    if not text.strip():
        return [], {}
    from .syntax import parse

    block, diags = parse("(" + text + ",)", f"\\{fname}{{…}}")
    node = block.body[0] if len(block.body) == 1 else None
    if diags or node is None:
        raise throw("ErrorException", f"A command/env {fname} had improper options:\n({text},); verify.")
    from . import ir

    items: list[ir.Node]
    if isinstance(node, ir.NamedTupleExpr):
        items = [ir.KwArg(v.line, v.col, n, v) for n, v in zip(node.names, node.values, strict=True)]
    elif isinstance(node, ir.TupleExpr):
        items = list(node.items)
    else:
        items = [node]
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for item in items:
        if isinstance(item, ir.KwArg):
            kwargs[item.name] = rt.isolated(item.value)
        elif kwargs:
            raise throw("ErrorException", f"In command/env {fname}, expected arguments followed by keyword "
                                          f"arguments but got:\n({text},); verify.")
        else:
            args.append(rt.isolated(item))
    return args, kwargs


@builtin(FRANKLIN_UTILS, "lxargs")
def _lxargs(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    src = args[0]
    if isinstance(src, LxObject):
        text, fname = _first_brace(src), src.name
    else:
        text, fname = to_string(src), to_string(args[1]) if len(args) > 1 else ""
    pos, kws = lxargs(rt, text, fname)
    return (TypedVector("Any", pos), TypedVector("Any", [Pair(Symbol(k), v) for k, v in kws.items()]))


@builtin(FRANKLIN_UTILS, "isapproxstr")
def _isapproxstr(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = (re.sub(r"\s", "", to_string(x)) for x in args)
    return a == b


class KeywordCommand:
    """``lx_name(com, _)`` / ``env_name(env, _)`` made by ``@lx``/``@env``: the first brace read as
    keyword arguments, then ``_lx_name(args…; kw…)`` / ``_env_name(content; kw…)``."""

    __slots__ = ("fn", "kind", "name")

    def __init__(self, kind: str, name: str, fn: JFunction) -> None:
        self.kind, self.name, self.fn = kind, name, fn

    @property
    def julia_typename(self) -> str:
        return f"typeof({self.kind}_{self.name})"

    def __str__(self) -> str:
        return f"{self.kind}_{self.name}"

    def jl_call(self, rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        if len(args) != 2 or not isinstance(args[0], LxObject):
            raise throw("MethodError", f"no method matching {self}({len(args)} arguments)")
        com = args[0]
        pos, kws = lxargs(rt, _first_brace(com), self.name)
        if self.kind == "env":
            return rt.call(self.fn, [com.body or ""], kws)
        return rt.call(self.fn, pos, kws)


def keyword_command(kind: str, name: str, fn: JFunction) -> KeywordCommand:
    return KeywordCommand(kind, name, fn)


"""``IOBuffer``, printing into it, and reading the site's files through the host.

Files are read only: ``readdir``, ``isfile``, ``read``, ``readlines``, ``eachline``,
``open`` for reading; anything that writes, removes or leaves the site root is a
refusal of the sandbox (FC805).  Paths are relative to the site root, as Franklin
runs with the site folder as working directory.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from .calls import Builtin, builtin
from .errors import Abort, sandbox, throw
from .jtypes import CONSTRUCTORS, JType
from .lib_base import BASE, write_out
from .ops import to_string
from .protocols import Lazy
from .runtime import EMPTY_KW, MAX_STRING, Runtime
from .values import Bytes, TypedVector

__all__ = ["IO", "IOBuf", "site_path"]

IO: dict[str, Any] = {}


class IOBuf:
    """An ``IOBuffer``: text written to it, or text to read from (``IOBuffer("…")``, ``open``)."""

    __slots__ = ("closed", "parts", "pos", "size", "source")
    julia_typename = "IOBuffer"

    def __init__(self, source: str | None = None) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.source = source or ""
        self.pos = 0
        self.closed = False

    def __str__(self) -> str:
        return f"IOBuffer(data=UInt8[...], readable=true, writable=true, size={self.size})"

    def write_text(self, rt: Runtime, text: str) -> None:
        self.size += len(text)
        rt.steps -= len(text) >> 6
        if self.size > MAX_STRING or rt.steps < 0:
            rt.built(self.size)
        self.parts.append(text)

    def getvalue(self) -> str:
        text = self.source[self.pos:] + "".join(self.parts)
        return text

    def take(self) -> Bytes:
        data = Bytes(self.getvalue().encode("utf-8"))
        self.parts, self.size, self.source, self.pos = [], 0, "", 0
        return data

    def readline(self, keep: bool = False) -> str:
        text = self.source
        if self.parts:
            text, self.parts = text + "".join(self.parts), []
            self.source = text
        nl = text.find("\n", self.pos)
        end = len(text) if nl < 0 else nl + 1
        line = text[self.pos:end]
        self.pos = end
        return line if keep else line.removesuffix("\n").removesuffix("\r")

    def at_end(self) -> bool:
        return self.pos >= len(self.source) and not self.parts


#: the site's folder as user code sees it (``Franklin.FOLDER_PATH[]``, ``Franklin.path(:folder)``):
#: absolute, as Franklin's is, so that code cutting it off a path finds ``/news/…`` as Franklin
#: does (sciml.ai's redirects), and not the folder's place on disk
SITE_FOLDER = "/site"


def site_path(path: Any) -> str:
    """A path of the site as the host takes it: relative, normalised, never leaving the root."""
    if not isinstance(path, str):
        raise throw("MethodError", f"expected a path (a String), got {to_string(path)}")
    p = str.__str__(path)
    if p == SITE_FOLDER or p.startswith(SITE_FOLDER + "/"):
        p = p[len(SITE_FOLDER) + 1:]
    if p.startswith("/") or p.startswith("~") or (len(p) > 1 and p[1] == ":"):
        raise sandbox(f"reading {p!r}: only files inside the site, by a relative path, can be read")
    norm = posixpath.normpath(p) if p else "."
    if norm == ".." or norm.startswith("../"):
        raise sandbox(f"reading {p!r}, which is outside the site")
    return "" if norm == "." else norm


def _system_error(path: str, e: OSError) -> Exception:
    reason = "No such file or directory" if isinstance(e, FileNotFoundError) else (
        "Is a directory" if isinstance(e, IsADirectoryError) else (e.strerror or str(e)))
    return throw("SystemError", f"opening file {path!r}: {reason}", msg=reason)


def _read_text(rt: Runtime, path: Any) -> str:
    rel = site_path(path)
    try:
        data = rt.host.read_file(rel)
    except OSError as e:
        raise _system_error(str(path), e) from None
    rt.check_size(len(data))
    rt.charge(len(data))
    return str(data.decode("utf-8", "replace"))


def _kind(rt: Runtime, path: Any) -> str:
    rel = site_path(path)
    try:
        return str(rt.host.path_kind(rel))
    except OSError:
        return ""


# ---- IOBuffer

def _make_iobuffer(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    if args and isinstance(args[0], str):
        return IOBuf(str.__str__(args[0]))
    if args and isinstance(args[0], Bytes):
        return IOBuf(args[0].data.decode("utf-8", "replace"))
    return IOBuf()


CONSTRUCTORS["IOBuffer"] = _make_iobuffer


#: the built site's folder, where a site's html functions may write (redirect pages)
BUILT = "__site/"


def _built(rt: Runtime, path: Any) -> str | None:
    """``path`` below ``__site`` (the built site), when the host takes files written there."""
    if getattr(rt.host, "outputs", None) is None:
        return None
    try:
        rel = site_path(path)
    except Abort:  # outside the site: refused as a write
        return None
    return rel[len(BUILT):] if rel.startswith(BUILT) else "" if rel + "/" == BUILT else None



@builtin(IO, "write")
def _write(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    target = args[0]
    built = _built(rt, target) if isinstance(target, str) else None
    if isinstance(target, str) and not built:
        raise sandbox(f"writing the file {str.__str__(target)!r}")
    total = 0
    texts: list[str] = []
    for x in args[1:]:
        if isinstance(x, str):
            text = str.__str__(x)
        elif isinstance(x, Bytes):
            text = x.data.decode("utf-8", "replace")
        else:
            raise throw("MethodError",
                        f"no method matching write(::IOBuffer, ::{_tname(x)}); only text is written here: "
                        "use print")
        if built:
            texts.append(text)
        else:
            write_out(rt, target, text)
        total += len(text) if text.isascii() else len(text.encode("utf-8"))
    if built:
        rt.built(total)
        try:
            rt.host.write_output(built, "".join(texts))
        except PermissionError:
            raise sandbox(f"writing the file {str.__str__(target)!r}") from None
    return total


@builtin(IO, "mkpath")
def _mkpath(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    """A folder of the built site: made when a file is written into it."""
    (path,) = args
    if not isinstance(path, str) or _built(rt, path) is None:
        raise sandbox("changing files or folders")
    return path


@builtin(IO, "take!")
def _take(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (io,) = args
    if not isinstance(io, IOBuf):
        raise throw("MethodError", f"no method matching take!(::{_tname(io)})")
    return io.take()


@builtin(IO, "close", "flush")
def _close(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return None


@builtin(IO, "eof")
def _eof(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (io,) = args
    return io.at_end()


# ---- reading files

@builtin(IO, "read")
def _read(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    src = args[0]
    as_string = len(args) > 1 and isinstance(args[1], JType) and args[1].name == "String"
    if isinstance(src, IOBuf):
        text = src.getvalue()
        src.pos = len(src.source)
        src.parts = []
    else:
        text = _read_text(rt, src)
    return text if as_string else Bytes(text.encode("utf-8"))


@builtin(IO, "readline")
def _readline(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (src,) = args
    keep = bool(kw.get("keep", False))
    if isinstance(src, IOBuf):
        return src.readline(keep)
    return IOBuf(_read_text(rt, src)).readline(keep)


def _lines(text: str, keep: bool) -> list[str]:
    lines = text.splitlines(keepends=True) if "\r" in text else text.split("\n")
    if "\r" not in text:
        lines = [ln + "\n" for ln in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return lines if keep else [ln.removesuffix("\n").removesuffix("\r") for ln in lines]


@builtin(IO, "readlines")
def _readlines(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (src,) = args
    text = src.getvalue() if isinstance(src, IOBuf) else _read_text(rt, src)
    return TypedVector("String", _lines(text, bool(kw.get("keep", False))))


@builtin(IO, "eachline")
def _eachline(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (src,) = args
    text = src.getvalue() if isinstance(src, IOBuf) else _read_text(rt, src)
    lines = _lines(text, bool(kw.get("keep", False)))
    return Lazy(lambda rt_: iter(lines), lambda rt_: len(lines), "Base.EachLine")


@builtin(IO, "open")
def _open(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    fn = None
    if args and getattr(args[0], "jl_call", None) is not None and not isinstance(args[0], str):
        fn, args = args[0], args[1:]
    path = args[0]
    mode = args[1] if len(args) > 1 else "r"
    if mode != "r" or any(kw.get(k) for k in ("write", "append", "create", "truncate")):
        raise sandbox(f"opening {to_string(path)!r} for writing")
    handle = IOBuf(_read_text(rt, path))
    return rt.call(fn, [handle], EMPTY_KW) if fn is not None else handle


# ---- folders and paths

@builtin(IO, "readdir")
def _readdir(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    path = args[0] if args else "."
    rel = site_path(path)
    try:
        names = sorted(str(n) for n in rt.host.list_dir(rel))
    except OSError as e:
        raise throw("SystemError", f"readdir({to_string(path)!r}): {e.strerror or 'no such directory'}",
                    msg=str(e)) from None
    if kw.get("join"):
        names = [_joinpath([str.__str__(path), n]) for n in names]
    return TypedVector("String", names)


@builtin(IO, "isdir")
def _isdir(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (p,) = args
    return _kind(rt, p) == "dir"


@builtin(IO, "isfile")
def _isfile(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (p,) = args
    return _kind(rt, p) == "file"


@builtin(IO, "ispath")
def _ispath(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (p,) = args
    return _kind(rt, p) != ""


@builtin(IO, "walkdir")
def _walkdir(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    root = str.__str__(args[0])

    def walk(rt_: Runtime) -> Any:
        stack = [root]
        while stack:
            top = stack.pop(0)
            names = sorted(str(n) for n in rt_.host.list_dir(site_path(top)))
            dirs = [n for n in names if _kind(rt_, _joinpath([top, n])) == "dir"]
            files = [n for n in names if n not in dirs]
            yield (top, TypedVector("String", dirs), TypedVector("String", files))
            stack[0:0] = [_joinpath([top, d]) for d in dirs]
    return Lazy(walk, None, "Base.Filesystem.WalkDir")


def _joinpath(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if p.startswith("/") or not out:
            out = p
        elif out.endswith("/"):
            out += p
        else:
            out += "/" + p
    return out


@builtin(IO, "joinpath")
def _joinpath_fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return _joinpath([str.__str__(a) for a in args if isinstance(a, str) or _bad_path(a)])


def _bad_path(a: Any) -> bool:
    raise throw("MethodError", f"no method matching joinpath(::{_tname(a)})")


def _on_one_path(fn: Callable[[str], Any]) -> Callable[[Runtime, list[Any], dict[str, Any]], Any]:
    """A Julia function of one path that is Python's ``posixpath`` function of the same job."""

    def call(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        (p,) = args
        return fn(str.__str__(p))

    return call


for _name, _fn in (("splitext", posixpath.splitext), ("basename", posixpath.basename),
                   ("dirname", posixpath.dirname), ("splitdir", posixpath.split)):
    builtin(IO, _name)(_on_one_path(_fn))


@builtin(IO, "normpath")
def _normpath(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return posixpath.normpath(_joinpath([str.__str__(a) for a in args]))


@builtin(IO, "isabspath")
def _isabspath(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (p,) = args
    return str.__str__(p).startswith("/")


def _refuse(what: str) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        raise sandbox(what)
    return fn


for _names, _what in (
        (("mkdir", "rm", "cp", "mv", "touch", "chmod", "chown", "symlink", "hardlink", "rmdir",
          "mktempdir", "mktemp", "tempname", "tempdir"), "changing files or folders"),
        (("pwd", "homedir", "abspath", "realpath", "expanduser"), "the site's location on disk"),
):
    for _n in _names:
        IO[_n] = Builtin(_n, _refuse(_what))


def _tname(v: Any) -> str:
    from .ops import tname

    return tname(v)


@builtin(BASE, "sprint")
def _sprint(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    io = IOBuf()
    rt.call(args[0], [io, *args[1:]], EMPTY_KW)
    return io.getvalue()

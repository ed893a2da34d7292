"""Modules as values (``Dates``, ``Franklin``, ``Base``…), field access, ``using``/``import``.

A package we do not have is still accepted by ``using``; only when one of its
names is used does the call fail, with FC802 naming the package.
"""

from __future__ import annotations

from typing import Any

from .errors import Abort, JException, needs_package, throw
from .show import julia_type
from .values import NamedTup, Pair, Period, RegexMatch, Some, TypedVector

__all__ = ["PACKAGE_EXPORTS", "MissingModule", "Module", "getfield", "package_of", "use"]


class Module:
    """A module of names we provide (``package``: a package of which we provide only these, and
    ``exports``: those of them ``using`` binds, all by default)."""

    __slots__ = ("exports", "members", "name", "package")
    julia_typename = "Module"

    def __init__(self, name: str, members: dict[str, Any], *, package: bool = False,
                 exports: tuple[str, ...] | None = None) -> None:
        self.name = name
        self.members = members
        self.package = package
        self.exports = tuple(members) if exports is None else exports

    def __str__(self) -> str:
        return self.name


class MissingModule:
    """A package named by ``using`` that franklin_compat does not have."""

    __slots__ = ("name",)
    julia_typename = "Module"

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name


#: Names exported by packages we do not have, so that using one reads "needs the package X".
PACKAGE_EXPORTS: dict[str, frozenset[str]] = {
    "Random": frozenset({"shuffle", "shuffle!", "randperm", "seed!", "bitrand", "randsubseq"}),
    "Artifacts": frozenset({"@artifact_str", "artifact_path", "artifact_exists"}),
    "JSON3": frozenset(), "Pkg": frozenset(), "HTTP": frozenset(),
    "Weave": frozenset({"weave", "tangle", "notebook", "convert_doc"}),
    "Literate": frozenset({"markdown", "notebook", "script"}),
    "DataFrames": frozenset({"DataFrame", "groupby", "combine", "select", "transform", "nrow", "ncol"}),
    "CSV": frozenset(), "Downloads": frozenset({"download"}), "Markdown": frozenset({"@md_str"}),
    "PlutoStaticHTML": frozenset({"notebook2html"}), "YAML": frozenset(), "TOML": frozenset(),
    "Plots": frozenset({"plot", "plot!", "savefig", "scatter"}), "PyPlot": frozenset(),
    "LaTeXStrings": frozenset({"@L_str", "latexstring"}), "Gumbo": frozenset({"parsehtml"}),
    "Documenter": frozenset(), "FranklinTemplates": frozenset(), "NodeJS": frozenset(),
    "LiveServer": frozenset({"serve"}), "Printf": frozenset({"@sprintf", "@printf"}),
}
#: Base names that draw random numbers: not reproducible, so treated as needing Random.
_RANDOM = frozenset({"rand", "randn", "shuffle", "shuffle!", "randperm"})


def package_of(name: str, loaded: set[str], imported: dict[str, str]) -> str:
    """The package (among ``loaded``, or Random for random numbers) that ``name`` needs, or ``""``."""
    if name in imported:
        return imported[name]
    for package in sorted(loaded):
        if name in PACKAGE_EXPORTS.get(package, frozenset()):
            return package
    if name in _RANDOM:
        return "Random"
    return ""


def use(rt: Any, modules: tuple[str, ...], names: tuple[str, ...], provided: dict[str, Module]) -> None:
    """``using``/``import``: our modules bind their names; other packages are noted as missing."""
    gvars = rt.globals.vars
    for full in modules:
        top = full.split(".")[0]
        mod = provided.get(top)
        if mod is None:
            rt.loaded.add(top)
            gvars.setdefault(top, MissingModule(top))
            for n in names:
                rt.imported[n] = top
            continue
        gvars.setdefault(top, mod)
        if mod.package:  # the names we do not have are still that package's (FC802)
            rt.loaded.add(top)
        for n in names or mod.exports:
            if n in mod.members:
                gvars[n] = mod.members[n]


def getfield(rt: Any, v: Any, name: str) -> Any:
    """``v.name``."""
    if isinstance(v, Module):
        try:
            return v.members[name]
        except KeyError:
            if name in rt.globals.vars and v.name == "Main":
                return rt.globals.vars[name]
            if v.package:
                raise Abort("FC802", f"`{v.name}.{name}` needs the Julia package {v.name}, of which "
                            f"franklin_compat has only {', '.join(sorted(v.members))}") from None
            raise throw("UndefVarError", f"`{name}` not defined in `{v.name}`", var=name) from None
    if isinstance(v, MissingModule):
        raise needs_package(v.name, f"{v.name}.{name}")
    if isinstance(v, NamedTup):
        if name in v.names:
            return v.get(name)
    elif isinstance(v, RegexMatch):
        fields = {"match": v.match, "offset": v.offset, "offsets": list(v.offsets),
                  "captures": TypedVector("Union{Nothing, SubString{String}}", v.captures)}
        if name in fields:
            return fields[name]
    elif isinstance(v, Pair):
        if name in ("first", "second"):
            return getattr(v, name)
    elif isinstance(v, (Period, Some)):
        if name == "value":
            return v.value
    elif isinstance(v, JException):
        if name in v.fields:
            return v.fields[name]
    elif hasattr(v, "jl_getfield"):
        return v.jl_getfield(rt, name)
    raise throw("ErrorException", f"type {julia_type(v)[0].split('{')[0]} has no field {name}")

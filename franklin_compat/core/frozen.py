"""Frozen slotted dataclasses with a faster ``__init__``, same signature and behaviour.

The ``__init__`` that ``dataclass(frozen=True)`` writes sets each field with
``__dataclass_builtins_object__.__setattr__(self, name, value)``: a global and an attribute
lookup, then the generic attribute search, per field.  Pages are built of many small frozen
nodes and spans, so :func:`frozen_dataclass` makes the dataclass without an ``__init__`` and
gives it one that calls each slot's own setter, bound once per class: a two-field node is built
about three times faster.  Assignment after construction still raises ``FrozenInstanceError``
(``__setattr__`` is the dataclass's), and the signature, defaults, default factories,
``__post_init__``, ``__match_args__``, ``__doc__`` and error messages are the dataclass's.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
from collections import deque
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any, TypeVar, cast, dataclass_transform

T = TypeVar("T", bound=type)
Obj = TypeVar("Obj")


class _Factory:
    """Marks a parameter whose default comes from its field's ``default_factory``."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _Factory()


#: the slot setters of each class given its ``__init__`` by :func:`direct_init` (without
#: ``__post_init__``), by field name in ``__init__``'s order: what :func:`build_many` and
#: :func:`maker` set
_SETTERS: dict[type, dict[str, Callable[[Any, Any], None]]] = {}

#: compiled ``__init__`` bodies by shape: (positional count, keyword count, the parameter each
#: field sets in field order, which of them have a default factory, whether ``__post_init__`` runs)
_TEMPLATES: dict[tuple[int, int, tuple[int, ...], tuple[bool, ...], bool], types.CodeType] = {}


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen_dataclass(*, kw_only: bool = False, eq: bool = True, repr: bool = True) -> Callable[[T], T]:
    """``dataclass(frozen=True, slots=True, …)`` with the ``__init__`` of :func:`direct_init` (the
    dataclass's own is not generated: compiling one per class would only slow the import)."""

    def make(cls: T) -> T:
        documented = cls.__dict__.get("__doc__") is not None
        if not documented:
            cls.__doc__ = "-"  # written below: the dataclass would write it from an inherited __init__
        made = cast(T, dataclasses.dataclass(frozen=True, slots=True, kw_only=kw_only, eq=eq, repr=repr,
                                             init=False)(cls))
        direct_init(made)
        if not documented:  # what dataclass writes, from the signature of the __init__ it makes
            made.__doc__ = made.__name__ + str(inspect.signature(made)).replace(" -> None", "")
        return made

    return make


def direct_init(cls: T) -> T:
    """Give ``cls`` (a frozen slotted dataclass) an ``__init__`` that sets the slots directly.

    The code is compiled once per shape with placeholder names (node classes share a few shapes:
    compiling one per class made importing the tree a tenth slower), then renamed for the class."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__qualname__} is not a frozen slotted dataclass")
    fs = dataclasses.fields(cls)
    if any(_is_initvar(f.type) for f in cls.__dict__["__dataclass_fields__"].values()):
        raise TypeError(f"{cls.__qualname__} has an InitVar: not supported")
    ordered = [f for f in fs if not f.kw_only] + [f for f in fs if f.kw_only]  # the dataclass's order
    n_pos = sum(1 for f in fs if not f.kw_only)
    cells: dict[str, object] = {"_HAS_FACTORY": _HAS_FACTORY}
    setters: dict[str, Callable[[Any, Any], None]] = {}
    defaults: list[object] = []
    kwdefaults: dict[str, object] = {}
    for i, f in enumerate(ordered):
        slot = getattr(cls, f.name, None)
        if not f.init or f.name == "self" or type(slot) is not types.MemberDescriptorType:
            raise TypeError(f"{cls.__qualname__}.{f.name}: not a plain init field in a slot")
        cells[f"_set{i}"] = setters[f.name] = slot.__set__
        cells[f"_factory{i}"] = f.default_factory
        default = _HAS_FACTORY if f.default_factory is not dataclasses.MISSING else f.default
        if default is not dataclasses.MISSING:
            if i < n_pos:
                defaults.append(default)
            else:
                kwdefaults[f.name] = default
    factories = tuple(f.default_factory is not dataclasses.MISSING for f in ordered)
    post = any("__post_init__" in c.__dict__ for c in cls.__mro__)
    if not post:
        _SETTERS[cls] = setters
    shape = (n_pos, len(fs) - n_pos, tuple(ordered.index(f) for f in fs), factories, post)
    code = _TEMPLATES.get(shape)
    if code is None:
        code = _TEMPLATES[shape] = _template(*shape)
    qualname = f"{cls.__qualname__}.__init__"
    code = code.replace(co_varnames=("self", *(f.name for f in ordered)), co_qualname=qualname)
    init = types.FunctionType(code, {}, "__init__", tuple(defaults) or None,
                              tuple(types.CellType(cells[name]) for name in code.co_freevars))
    init.__kwdefaults__ = kwdefaults or None
    init.__qualname__ = qualname
    init.__annotations__ = {**{f.name: f.type for f in fs}, "return": None}
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return cls


def build_many(cls: type[Obj], count: int, **columns: Iterable[Any]) -> list[Obj]:
    """``count`` instances of ``cls`` (a class of :func:`frozen_dataclass`, no ``__post_init__``),
    the ``i``-th given the ``i``-th value of each column, one column per field: what calling
    ``cls`` on each would make, its slots set a column at a time in C (a million one-letter texts
    of a paragraph were a million ``__init__`` calls)."""
    setters = _SETTERS.get(cls)
    if setters is None or cls.__new__ is not object.__new__:
        raise TypeError(f"{cls.__qualname__}: not a frozen_dataclass without __post_init__")
    if columns.keys() != setters.keys():
        raise TypeError(f"{cls.__qualname__}: one column per field ({', '.join(setters)})")
    made = list(map(object.__new__, repeat(cls, count)))
    for name, values in columns.items():
        deque(map(setters[name], made, values), 0)
    return made


def maker(cls: type[Obj]) -> Callable[..., Obj]:
    """A function of ``cls``'s fields (all of them, positional, in ``__init__``'s order) that makes
    what calling ``cls`` makes (a class of :func:`frozen_dataclass`, no ``__post_init__``), without
    the keyword matching and the ``__init__`` call: the nodes made one at a time in a loop."""
    setters = _SETTERS.get(cls)
    if setters is None or cls.__new__ is not object.__new__:
        raise TypeError(f"{cls.__qualname__}: not a frozen_dataclass without __post_init__")
    count = len(setters)
    args = ", ".join(f"_a{i}" for i in range(count))
    body = "".join(f"  _set{i}(o, _a{i})\n" for i in range(count))
    free = ", ".join(["_new", "_cls", *(f"_set{i}" for i in range(count))])
    source = f"def _make({free}):\n def make({args}):\n  o = _new(_cls)\n{body}  return o\n return make\n"
    scope: dict[str, Any] = {}
    exec(source, {}, scope)  # the text is made here of numbered names only
    make: Callable[..., Obj] = scope["_make"](object.__new__, cls, *setters.values())
    make.__qualname__ = f"{cls.__qualname__}.make"
    return make


def _template(n_pos: int, n_kw: int, order: tuple[int, ...], factories: tuple[bool, ...],
              post: bool) -> types.CodeType:
    """``__init__(self, _a0, …, *, …)`` calling ``_set<i>(self, _a<i>)`` for each field in order."""
    args = [f"_a{i}" for i in range(n_pos + n_kw)]
    signature = ", ".join(["self", *args[:n_pos], *(["*", *args[n_pos:]] if n_kw else [])])
    body = [f"_set{i}(self, _factory{i}() if _a{i} is _HAS_FACTORY else _a{i})" if factories[i]
            else f"_set{i}(self, _a{i})" for i in order]
    if post:
        body.append("self.__post_init__()")
    free = ["_HAS_FACTORY", *(f"_set{i}" for i in range(len(args))),
            *(f"_factory{i}" for i in range(len(args)))]
    source = (f"def _make({', '.join(free)}):\n def __init__({signature}):\n"
              + "".join(f"  {line}\n" for line in body or ["pass"]) + " return __init__\n")
    scope: dict[str, Any] = {}
    exec(source, {}, scope)  # the text is made here of numbered names only
    code: types.CodeType = scope["_make"](*free).__code__
    return code


def _is_initvar(annotation: object) -> bool:
    """An ``InitVar`` annotation, as a type or (``from __future__ import annotations``) a string."""
    if isinstance(annotation, str):
        return annotation.startswith(("InitVar", "dataclasses.InitVar"))
    return isinstance(annotation, dataclasses.InitVar)

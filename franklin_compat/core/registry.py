"""One registry pattern for emitters, commands, html functions and lint rules.

Built-ins are registered as dotted paths and imported on first use (so that
``franklin-compat check`` starts fast); third-party entries come from an
entry-point group, loaded on a miss.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from .diagnostics import FranklinError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, what: str, group: str | None = None) -> None:
        self.what = what
        self.group = group
        self._items: dict[str, T] = {}
        self._lazy: dict[str, str] = {}
        self._loaded_group = False

    def register(self, name: str, *, replace: bool = False) -> Callable[[T], T]:
        """Decorator: ``@REG.register("name")``; a duplicate raises unless ``replace``."""

        def deco(obj: T) -> T:
            self.add(name, obj, replace=replace)
            return obj

        return deco

    def add(self, name: str, obj: T, *, replace: bool = False) -> None:
        if not replace and (name in self._items or name in self._lazy):
            raise ValueError(f"{self.what} {name!r} is already registered (pass replace=True)")
        self._lazy.pop(name, None)
        self._items[name] = obj

    def add_lazy(self, name: str, dotted: str) -> None:
        """Register ``module:attribute`` to be imported when first asked for."""
        self._lazy[name] = dotted

    def remove(self, name: str) -> None:
        self._items.pop(name, None)
        self._lazy.pop(name, None)

    def get(self, name: str) -> T:
        found = self.find(name)
        if found is None:
            import difflib  # only to word the error

            close = difflib.get_close_matches(name, self.names(), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(self.names())}"
            raise FranklinError("FC003", f"unknown {self.what} {name!r}", hint=hint)
        return found

    def find(self, name: str) -> T | None:
        if name in self._items:
            return self._items[name]
        if name in self._lazy:
            module, _, attr = self._lazy.pop(name).partition(":")
            obj: T = getattr(importlib.import_module(module), attr)
            self._items[name] = obj
            return obj
        if self._load_group() and name in self._items:
            return self._items[name]
        return None

    def __contains__(self, name: str) -> bool:
        return name in self._items or name in self._lazy

    def names(self) -> list[str]:
        self._load_group()
        return sorted({*self._items, *self._lazy})

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def _load_group(self) -> bool:
        if self.group is None or self._loaded_group:
            return False
        self._loaded_group = True
        from importlib.metadata import entry_points  # only on a miss: it costs 30 ms to import

        for ep in entry_points(group=self.group):
            if ep.name not in self:
                self._lazy[ep.name] = ep.value
        return True

"""Settings from ``[tool.franklin_compat]`` in the nearest ``pyproject.toml`` above a site.

The keys are those of the command line (``select``, ``ignore``,
``per-file-ignores``, ``output-format``, ``exclude``); command-line values
replace ``select``/``output-format`` and add to ``ignore``.
"""

from __future__ import annotations

import contextlib
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..core.diagnostics import FranklinError

FORMATS = ("text", "json", "github", "sarif")
_KEYS = ("select", "ignore", "per-file-ignores", "output-format", "exclude")


class ConfigError(FranklinError):
    """A ``pyproject.toml`` whose ``[tool.franklin_compat]`` table cannot be used."""


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    output_format: str = "text"
    exclude: list[str] = field(default_factory=list)
    #: The folder of the pyproject.toml read; patterns are relative to it.
    base: Path | None = None

    def ignored_for(self, path: Path) -> list[str]:
        """Codes ``per-file-ignores`` switches off for ``path``."""
        return [c for pattern, cs in self.per_file_ignores.items() if self._match(path, pattern) for c in cs]

    def excluded(self, path: Path) -> bool:
        return any(self._match(path, p) for p in self.exclude)

    def _match(self, path: Path, pattern: str) -> bool:
        rel = path
        if self.base is not None:
            with contextlib.suppress(ValueError):  # outside the base: match as given
                rel = path.resolve().relative_to(self.base)
        posix = PurePosixPath(rel.as_posix())
        return fnmatch.fnmatch(str(posix), pattern) or fnmatch.fnmatch(posix.name, pattern)


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` with a ``[tool.franklin_compat]`` table."""
    cur = start.resolve()
    for d in (cur, *cur.parents):
        f = d / "pyproject.toml"
        if f.is_file():
            import tomllib  # here: most sites have no pyproject.toml above them

            try:
                data = tomllib.loads(f.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
                raise ConfigError("FC603", f"cannot read {f}: {e}", path=str(f),
                                  hint="fix the TOML syntax") from None
            if "franklin_compat" in data.get("tool", {}):
                return f
    return None


def load(pyproject: Path | None) -> Settings:
    """Settings from ``pyproject`` (defaults when None)."""
    if pyproject is None:
        return Settings()
    import tomllib

    table: dict[str, Any] = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["franklin_compat"]
    where = f"{pyproject} [tool.franklin_compat]"
    for key in table:
        if key not in _KEYS:
            import difflib  # only to word the error

            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(_KEYS)}"
            raise ConfigError("FC603", f"{where}: unknown key {key!r}", path=str(pyproject), hint=hint)
    s = Settings(base=pyproject.parent.resolve())
    s.select = _codes(table, "select", where) or s.select
    s.ignore = _codes(table, "ignore", where)
    s.exclude = _strings(table.get("exclude", []), f"{where} exclude")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError("FC603", f"{where}: per-file-ignores must be a table of pattern = [codes]",
                          path=str(pyproject))
    s.per_file_ignores = {str(k): _strings(v, f"{where} per-file-ignores {k!r}") for k, v in pfi.items()}
    fmt = table.get("output-format", s.output_format)
    if fmt not in FORMATS:
        raise ConfigError("FC603", f"{where}: output-format must be one of {', '.join(FORMATS)}",
                          path=str(pyproject))
    s.output_format = fmt
    return s


def _codes(table: dict[str, Any], key: str, where: str) -> list[str]:
    return _strings(table.get(key, []), f"{where} {key}")


def _strings(value: object, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError("FC603", f"{what} must be a list of strings", hint='write e.g. ["FC1", "FC510"]')
    return list(value)

"""Front matter: a page's Franklin variables translated for another generator.

Translated, not copied: ``published = Date(2021, 12, 1)`` becomes
``date: 2021-12-01``, ``rss`` becomes ``description``, build flags such as
``hascode`` are dropped (and said so).  One table, :data:`KEY_MAP`, says where
each Franklin name goes; a caller overrides entries with ``key_map=``.  Several
Franklin names may feed one key (``date`` ← ``date``, ``published``,
``rss_pubdate``): the first of them, in table order, with a usable value wins.

YAML is written here by hand, every string double-quoted (so ``no``, ``1.0`` or
``: `` inside a title stay strings), because PyYAML is not a dependency; TOML is
written with tomlkit, keys in the order the page set them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..julia_subset.values import MAX_VALUE_DEPTH, ValueTooDeep, too_deep
from ..reading import ast as A
from ..reading.pagevars import GLOBAL_DEFAULTS, LOCAL_DEFAULTS, JuliaRegex, Pair, parse_date, to_julia_string
from .flavors import Flavor

#: Franklin build flags: they steer Franklin's own build and mean nothing elsewhere.
BUILD_FLAGS = frozenset({"hascode", "hasmath", "hasplotly", "reeval", "showall", "noeval", "prerender"})

_MAPPED: dict[str, str | None] = {
    "title": "title",
    "date": "date",
    "published": "date",
    "rss_pubdate": "date",
    "tags": "tags",
    "rss": "description",
    "rss_description": "description",
    "rss_descr": "description",
    "descr": "description",
    "abstract": "description",
    "author": "author",
    "authors": "author",
    "draft": "draft",
    "slug": "slug",
}

#: Franklin name -> front-matter key, ``None`` = dropped and reported.  Every
#: Franklin setting (its default page and global variables) is listed, so a page's
#: own variables (``@def image = …``) are the only ones carried over unmapped.
KEY_MAP: Mapping[str, str | None] = MappingProxyType({
    **_MAPPED,
    **{k: None for k in (*sorted(BUILD_FLAGS), *LOCAL_DEFAULTS, *GLOBAL_DEFAULTS) if k not in _MAPPED},
})

#: Keys whose values are dates, written as ISO 8601.
DATE_KEYS = frozenset({"date"})


@dataclass(frozen=True, slots=True)
class Dropped:
    """A variable (or part of one) that did not make it into the front matter, and why."""

    code: str
    node: A.VarAssignment | None
    what: str
    why: str


@dataclass
class FrontMatter:
    """Target keys in output order, with plain values (str, bool, int, float, date, list, dict)."""

    items: dict[str, object] = field(default_factory=dict)
    dropped: list[Dropped] = field(default_factory=list)


def translate(
    assignments: Iterable[A.VarAssignment],
    flavor: Flavor,
    *,
    key_map: Mapping[str, str | None] | None = None,
) -> FrontMatter:
    """The front matter ``flavor`` should get for a page's own assignments."""
    table, rank = _key_table(flavor, key_map)
    latest: dict[str, A.VarAssignment] = {}
    for a in assignments:
        latest[a.name] = a  # Franklin: the last assignment of a name wins
    fm = FrontMatter()
    candidates: dict[str, list[A.VarAssignment]] = {}
    first_seen: list[str] = []
    for a in latest.values():
        target = table.get(a.name, a.name)
        if target is None:
            why = ("a Franklin build flag" if a.name in BUILD_FLAGS else "a Franklin setting") + \
                f"; {flavor.name} has no use for it"
            if a.name in flavor.keys:
                why = flavor.key_notes.get(a.name, f"the {flavor.name} front matter has no field for it")
            fm.dropped.append(Dropped("FC701", a, f"page variable '{a.name}' dropped", why))
            continue
        if target not in candidates:
            candidates[target] = []
            first_seen.append(target)
        candidates[target].append(a)
    for target in first_seen:
        group = sorted(candidates[target], key=lambda a: rank.get(a.name, len(table)))
        value = _first_value(target, group, flavor, fm.dropped)
        if value is not None:
            fm.items[target] = value
    for key in sorted(flavor.required - fm.items.keys()):
        fm.dropped.append(Dropped("FC706", None, f"no '{key}' in the front matter",
                                  f"{flavor.name} needs one on every page; no page variable gave it"))
    if flavor.front_matter == "documenter":
        _documenter_only(fm)
    return fm


def _key_table(flavor: Flavor, key_map: Mapping[str, str | None] | None,
               ) -> tuple[dict[str, str | None], dict[str, int]]:
    """Each page variable's front-matter key, and the rank of each in the key map (which of two
    variables for one key wins); made once per flavor (KEY_MAP has some hundred entries)."""
    if key_map:
        table = {**KEY_MAP, **flavor.keys, **key_map}
        return table, {name: i for i, name in enumerate(table)}
    found = _KEY_TABLES.get(id(flavor))
    if found is None or found[0] is not flavor:  # (the flavor is kept: its id is not reused)
        if len(_KEY_TABLES) >= 64:
            _KEY_TABLES.clear()
        table = {**KEY_MAP, **flavor.keys}
        found = _KEY_TABLES[id(flavor)] = (flavor, table, {name: i for i, name in enumerate(table)})
    return found[1], found[2]


_KEY_TABLES: dict[int, tuple[Flavor, dict[str, str | None], dict[str, int]]] = {}


def _first_value(target: str, group: list[A.VarAssignment], flavor: Flavor, dropped: list[Dropped]) -> object:
    """The value of the best assignment in ``group``; the others, if they disagree, are reported."""
    chosen: object = None
    source: A.VarAssignment | None = None
    for a in group:
        value = _value_for(target, a, flavor, dropped)
        if value is None:
            continue
        if source is None:
            chosen, source = value, a
        elif value != chosen:
            dropped.append(Dropped(
                "FC705", a, f"page variable '{a.name}' not used for '{target}'",
                f"'{source.name}' also sets '{target}' and comes first in the key map",
            ))
    return chosen


def _value_for(target: str, a: A.VarAssignment, flavor: Flavor, dropped: list[Dropped]) -> object:
    value = a.value
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return None
    if too_deep(value):  # the readers refuse such values; a caller's own Document may hold one
        dropped.append(Dropped("FC703", a, f"page variable '{a.name}' dropped",
                               f"it nests more than {MAX_VALUE_DEPTH} levels deep"))
        return None
    if target in DATE_KEYS:
        if isinstance(value, dt.datetime):
            return value
        day = parse_date(value)
        if day is None:
            dropped.append(Dropped(
                "FC702", a, f"date {to_julia_string(value)!r} of '{a.name}' not understood",
                "it does not name one day (year, month and day); write it as Date(y, m, d)",
            ))
        return day
    if target == "tags" or target == "categories":
        return [_text(x) for x in (value if isinstance(value, list | tuple) else [value])]
    if target in ("author", "authors") and flavor.author_list and isinstance(value, str):
        names = [n.strip() for n in re.split(r",|\band\b|&", value) if n.strip()]
        return names if len(names) > 1 or target == "authors" else value.strip()
    return _plain(value, a, dropped, toml=flavor.front_matter == "toml")


def _text(value: object) -> str:
    return value if isinstance(value, str) else to_julia_string(value)


def _plain(value: object, a: A.VarAssignment, dropped: list[Dropped], *, toml: bool = False) -> object:
    """A Julia value as YAML/TOML can hold it; what has no such form becomes its Julia text
    (TOML: an integer beyond 64 bits too)."""
    if toml and isinstance(value, int) and not isinstance(value, bool) \
            and not _TOML_INT_MIN <= value <= _TOML_INT_MAX:
        dropped.append(Dropped("FC703", a, f"page variable '{a.name}' written as text",
                               f"{value} is beyond TOML's 64-bit integers"))
        return str(value)
    if isinstance(value, bool | int | float | dt.date):
        return value
    if isinstance(value, str):
        return str(value)  # a Symbol is a str subclass: plain text
    if isinstance(value, Pair):
        return [_plain(value.first, a, dropped, toml=toml), _plain(value.second, a, dropped, toml=toml)]
    if isinstance(value, list | tuple):
        return [_plain(x, a, dropped, toml=toml) for x in value if x is not None]
    if isinstance(value, dict):
        return {_text(k): _plain(v, a, dropped, toml=toml) for k, v in value.items() if v is not None}
    kind = "a regular expression" if isinstance(value, JuliaRegex) else f"a Julia {type(value).__name__}"
    dropped.append(Dropped("FC703", a, f"page variable '{a.name}' written as text",
                           f"it holds {kind}, which front matter cannot hold"))
    return to_julia_string(value)


def _documenter_only(fm: FrontMatter) -> None:
    """Documenter pages have no front matter; ``@meta`` keeps only the description."""
    keep = {"description": "Description"}
    items = fm.items
    fm.items = {keep[k]: v for k, v in items.items() if k in keep}
    for k in items:
        if k not in keep:
            fm.dropped.append(Dropped("FC704", None, f"front-matter field '{k}' dropped",
                                      "Documenter pages have no front matter (only an @meta block)"))


# -- writers -------------------------------------------------------------------


def render(fm: FrontMatter, flavor: Flavor) -> str:
    """The front-matter block with its fences and a blank line after it, or "" if empty."""
    if not fm.items:
        return ""
    if flavor.front_matter == "toml":
        return "+++\n" + to_toml(fm.items, flavor.known_keys) + "+++\n\n"
    if flavor.front_matter == "documenter":
        body = "".join(f"{k} = {julia_literal(str(v))}\n" for k, v in fm.items.items())
        return "```@meta\n" + body + "```\n\n"
    return "---\n" + to_yaml(fm.items) + "---\n\n"


def to_toml(items: Mapping[str, object], known: frozenset[str] = frozenset()) -> str:
    """TOML in the given key order; keys outside ``known`` (when given) go under ``[params]``.

    Written line by line (tomlkit's document grows in quadratic time: 8,000 keys took
    30 s); tables become inline tables, so every value is one line.
    """
    top: list[str] = []
    params: list[str] = []
    for k, v in items.items():
        if v is None:
            continue
        (params if known and k not in known else top).append(f"{_toml_key(k)} = {toml_value(v)}\n")
    if params:
        top.append(("\n" if top else "") + "[params]\n")
    return "".join(top + params)


def toml_value(v: object, depth: int = 1) -> str:
    """One TOML value (inline: arrays and inline tables); one call per level of nesting."""
    _check_depth(depth)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        if not _TOML_INT_MIN <= v <= _TOML_INT_MAX:
            return _toml_string(str(v))  # translate() reported it
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return "[" + ", ".join(toml_value(x, depth + 1) for x in v if x is not None) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_toml_key(str(k))} = {toml_value(x, depth + 1)}" for k, x in v.items()
                               if x is not None) + "}"
    return _toml_string(str(v))


_TOML_INT_MIN, _TOML_INT_MAX = -(2**63), 2**63 - 1
_TOML_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# TOML basic strings: every control character but tab escaped (JSON leaves DEL raw)
_TOML_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _toml_key(k: str) -> str:
    return k if _TOML_BARE_KEY.fullmatch(k) else _toml_string(k)


def _toml_string(s: str) -> str:
    body = s.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _TOML_CONTROLS.sub(lambda m: f"\\u{ord(m.group(0)):04x}", body) + '"'


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def to_yaml(items: Mapping[str, object], indent: str = "") -> str:
    """A block mapping; strings always double-quoted, dates bare (YAML timestamps)."""
    _check_depth(len(indent) // 2 + 1)
    out: list[str] = []
    for k, v in items.items():
        key = k if _PLAIN_KEY.fullmatch(k) else _yaml_string(k)
        if len(key) > _YAML_KEY_MAX:  # a longer implicit key is a YAML error: say it is a key with `?`
            out.append(f"{indent}? {key}\n")
            key = ""
        if isinstance(v, dict) and v:
            out.append(f"{indent}{key}:\n" + to_yaml(v, indent + "  "))
        elif isinstance(v, list) and any(isinstance(x, list | dict) for x in v):
            out.append(f"{indent}{key}:\n" + _yaml_block_list(v, indent + "  "))
        else:
            out.append(f"{indent}{key}: {_yaml_flow(v, len(indent) // 2 + 2)}\n")
    return "".join(out)


def _yaml_block_list(values: list[object], indent: str) -> str:
    out: list[str] = []
    for v in values:
        if isinstance(v, dict) and v:
            inner = to_yaml(v, indent + "  ")
            out.append(f"{indent}- " + inner[len(indent) + 2 :])
        else:
            out.append(f"{indent}- {_yaml_flow(v, len(indent) // 2 + 2)}\n")
    return "".join(out)


def _yaml_flow(v: object, depth: int) -> str:
    _check_depth(depth)
    if isinstance(v, list):
        return "[" + ", ".join(_yaml_flow(x, depth + 1) for x in v) + "]"
    if isinstance(v, dict):
        inner = (f"{_yaml_key(str(k))}: {_yaml_flow(x, depth + 1)}" for k, x in v.items())
        return "{" + ", ".join(inner) + "}"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return ".nan"
        if math.isinf(v):
            return ".inf" if v > 0 else "-.inf"
        return repr(v)
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return _yaml_string(str(v))


# YAML 1.1 readers break lines at NEL, LS and PS, and refuse what is not printable (DEL, C1
# controls, U+FFFE/U+FFFF) even inside quotes; json.dumps leaves all of them literal.
_YAML_BREAKS = {"\u0085": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\ufeff"}
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


#: YAML reads an implicit key (``key: value``) of at most 1024 characters.
_YAML_KEY_MAX = 1000


def _yaml_key(k: str) -> str:
    key = _yaml_string(k)
    return key if len(key) <= _YAML_KEY_MAX else "? " + key


def _yaml_escape(m: re.Match[str]) -> str:
    c = m.group(0)
    return _YAML_BREAKS.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


_json_string = json.encoder.encode_basestring


def _yaml_string(s: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are a subset of YAML's): what
    ``json.dumps(s, ensure_ascii=False)`` writes, without the encoder it makes for each call."""
    return _YAML_UNSAFE.sub(_yaml_escape, _json_string(s))


def _check_depth(depth: int) -> None:
    """The writers call themselves once per level: refuse what no reader makes (FC201)."""
    if depth > MAX_VALUE_DEPTH + 2:  # the front matter and a key add a level each
        raise ValueTooDeep("write")


def julia_literal(s: str) -> str:
    """``s`` as a Julia string literal (``\\``, ``"``, ``$`` escaped): Documenter's ``@meta``, make.jl."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'

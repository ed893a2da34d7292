"""The order in which Julia iterates a ``Dict``: its keys' slots in Julia's hash table.

Julia's ``Dict`` is an open-addressing table (linear probing, 16 slots to start, grown to
``_tablesz(4 × count)`` once over two thirds full) and iterates its slots in order, so a
site's ``for (name, url) in Dict(…)`` writes its menu in an order set by the keys' hashes.
We keep a ``Dict`` as a Python ``dict`` (insertion order) and give its keys in Julia's order
where the order shows: iteration, ``keys``, ``values``, ``collect``, printing.  Strings hash
as ``hash(::String)`` in the Julia versions the corpus sites were built with (MurmurHash3
x64 128, seeded; JuliaCon's 2026 build ran Julia 1.10; Julia's newer sources use rapidhash); keys of
other types keep the order they were put in (a ``Symbol``'s hash is its address in memory:
no order can be foreseen).  A ``Set`` is a ``Dict`` of its elements, and iterates alike.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

__all__ = ["julia_keys", "julia_order", "sized_table", "string_hash"]

_M64 = (1 << 64) - 1
_C1, _C2 = 0x87C37B91114253D5, 0x4CF5AD432745937F
#: ``Base.memhash_seed`` on 64-bit Julia
_STRING_SEED = 0x71E729FD56419C81


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & _M64


def _fmix(k: int) -> int:
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & _M64
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & _M64
    return k ^ (k >> 33)


def _murmur3_x64_128_high(data: bytes, seed: int) -> int:
    """The second 64-bit half of MurmurHash3_x64_128 (what Julia's ``memhash_seed`` returns)."""
    n = len(data)
    h1 = h2 = seed & 0xFFFFFFFF
    full = n - n % 16
    for i in range(0, full, 16):
        k1 = int.from_bytes(data[i:i + 8], "little")
        k2 = int.from_bytes(data[i + 8:i + 16], "little")
        h1 ^= (_rotl((k1 * _C1) & _M64, 31) * _C2) & _M64
        h1 = (((_rotl(h1, 27) + h2) & _M64) * 5 + 0x52DCE729) & _M64
        h2 ^= (_rotl((k2 * _C2) & _M64, 33) * _C1) & _M64
        h2 = (((_rotl(h2, 31) + h1) & _M64) * 5 + 0x38495AB5) & _M64
    tail = data[full:]
    if len(tail) > 8:
        h2 ^= (_rotl((int.from_bytes(tail[8:], "little") * _C2) & _M64, 33) * _C1) & _M64
    if tail:
        h1 ^= (_rotl((int.from_bytes(tail[:8], "little") * _C1) & _M64, 31) * _C2) & _M64
    h1 ^= n
    h2 ^= n
    h1 = (h1 + h2) & _M64
    h2 = (h2 + h1) & _M64
    h1, h2 = _fmix(h1), _fmix(h2)
    h1 = (h1 + h2) & _M64
    return (h2 + h1) & _M64


@functools.lru_cache(maxsize=4096)
def string_hash(s: str) -> int:
    """Julia's ``hash(s)`` for a ``String`` (64-bit; MurmurHash3, as Julia 1.10 has it)."""
    h = _STRING_SEED  # hash(s) = hash(s, zero(UInt)): h += memhash_seed
    data = s.encode("utf-8", "surrogatepass")
    return (_murmur3_x64_128_high(data, h & 0xFFFFFFFF) + h) & _M64


def _tablesz(n: int) -> int:
    return 16 if n < 16 else 1 << (n - 1).bit_length()


def sized_table(n: int) -> int:
    """The table ``sizehint!(d, n)`` gives a new ``Dict`` (room for 1.5 n): what ``Dict(pairs…)``
    of one key type and one value type, and ``Set(vector)``, start with."""
    return _tablesz(-(-3 * n // 2))


def julia_keys(d: Mapping[object, object] | Iterable[object], table: int | None = None) -> list[object]:
    """The keys of ``d`` in Julia's order (``table``: the size its table started with, by default
    what ``d`` records, else 16: a ``Dict()`` filled one key at a time)."""
    keys = list(d)
    order = julia_order(keys, table if table is not None else getattr(d, "table", 16))
    return keys if order is None else order


def julia_order(keys: Iterable[object], table: int = 16) -> list[object] | None:
    """``keys`` (in the order they were put in) in the order Julia's ``Dict`` iterates them, or
    None when a key is not a ``String`` (the order kept is then the order they were put in).
    Keys taken out leave no mark here, where Julia's table keeps one."""
    hashes: list[tuple[object, int]] = []
    for k in keys:
        if type(k) is not str:
            return None
        hashes.append((k, string_hash(k)))
    size = table
    slots: list[tuple[object, int] | None] = [None] * size
    for count, entry in enumerate(hashes, 1):
        _place(slots, entry)
        if count * 3 > size * 2:  # over two thirds full: the table is rebuilt, slot by slot
            size = _tablesz(count * 2 if count > 64000 else count * 4)
            old, slots = slots, [None] * size
            for e in old:
                if e is not None:
                    _place(slots, e)
    return [e[0] for e in slots if e is not None]


def _place(slots: list[tuple[object, int] | None], entry: tuple[object, int]) -> None:
    """``entry`` in the first free slot from its hash's (linear probing)."""
    mask = len(slots) - 1
    i = entry[1] & mask
    while slots[i] is not None:
        i = (i + 1) & mask
    slots[i] = entry

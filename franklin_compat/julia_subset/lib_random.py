"""``Random.randstring``, drawn from the call instead of from chance.

Sites draw random strings for the ids that tie an element to its script (GiggleLiu's asciinema
players).  Franklin's ids change with every build; ours are drawn from the page, the call and the
draw's rank in it, so that a build is reproducible and two calls on a page get two ids (two calls
with the same arguments on one page get the same id).  The rest of Random (``rand``, ``shuffle``…)
stays FC802: a page whose content depends on chance cannot be reproduced.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .calls import builtin
from .errors import throw
from .runtime import Runtime

__all__ = ["RANDOM"]

RANDOM: dict[str, Any] = {}
_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@builtin(RANDOM, "randstring")
def _randstring(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    chars: Any = _ALPHANUMERIC
    n = 8
    if len(args) == 2:
        chars, n = args
    elif len(args) == 1:
        (n,) = args
    if type(n) is not int or n < 0 or isinstance(chars, int):
        raise throw("MethodError", "randstring takes a length, or characters and a length")
    pool = [str(c) for c in (chars if not isinstance(chars, str) else str.__str__(chars))]
    if not pool:
        raise throw("ArgumentError", "collection must be non-empty")
    rt.built(n)
    rt.draws += 1
    seed = f"{getattr(rt.host, 'seed', '')}\0{rt.draws}".encode()
    out: list[str] = []
    block = 0
    while len(out) < n:
        digest = hashlib.sha256(seed + block.to_bytes(8, "little")).digest()
        out.extend(pool[b % len(pool)] for b in digest[: n - len(out)])
        block += 1
    return "".join(out)

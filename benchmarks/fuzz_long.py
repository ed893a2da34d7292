"""The long fuzz run: the properties of tests/test_fuzz.py for a million examples and more.

    python benchmarks/fuzz_long.py [--examples 1000000] [--workers 2] [--chunk 20000] [--out FILE.json]

Each worker runs its share of each property (``MIX``) in chunks of at most
``--chunk`` examples (fewer for the slow ones, ``CHUNK_MAX``), in a shuffled
order; each chunk is a fresh Hypothesis run with its own seed (printed, so a
failure can be replayed with ``--replay PROPERTY:SEED``).  The properties are
those of the CI run: a soup of Franklin's openers and closers, well-formed
documents with noise, any Unicode text, random bytes, pages of a site whose
commands read files, the template pass alone, and (issue #16) page-variable
values, mutated JSON trees and whole small sites through build, migrate and
check.  Every example must convert or raise a FranklinError placed inside the
input (see tests/test_fuzz.py and tests/fuzz_sites.py).

At the end it prints (and writes to ``--out``) the examples run per property,
the time, and every failure with its falsifying example.  Exit status 1 if
any property failed.  docs/reliability.md records the last long run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
import traceback
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: property -> share of the examples (more of the well-formed documents than the CI run has).
#: The properties of issue #16 cost 10-60 times more per example (values hundreds of levels deep,
#: integers of thousands of digits, a site built, migrated and checked), so they take less.
MIX = {"soup": 0.29, "structured": 0.34, "unicode": 0.12, "bytes": 0.12, "site": 0.05, "template": 0.037,
       "values": 0.02, "json": 0.02, "sites": 0.003}
#: The largest chunk of a property (a chunk is one Hypothesis run): slow ones in smaller chunks.
CHUNK_MAX = {"values": 2_000, "json": 2_000, "sites": 250}


def build(name: str, n: int, seed: int, counter: list[int]) -> Any:
    """A Hypothesis test running property ``name`` for ``n`` examples from ``seed``."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hseed
    from hypothesis import strategies as st

    import tests.test_fuzz as F

    opts = settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    if name == "bytes":

        @hseed(seed)
        @opts
        @given(data=F.BYTES)
        def bytes_test(data: bytes) -> None:
            counter[0] += 1
            F.one_bytes(data)

        return bytes_test
    if name in ("site", "template"):
        inner = F.test_documents_reading_files_of_a_site if name == "site" else F.test_the_template_pass_alone
        strategy_of = {"site": F.SITE_TEXT, "template": F.TEMPLATE_TEXT}[name]

        @hseed(seed)
        @opts
        @given(text=strategy_of)
        def other_test(text: str) -> None:
            counter[0] += 1
            inner.hypothesis.inner_test(text)  # type: ignore[attr-defined]

        return other_test
    if name in ("json", "sites"):
        import tests.fuzz_sites as FS

        if name == "json":

            @hseed(seed)
            @opts
            @given(mutations=FS.MUTATIONS, emitter=st.sampled_from(F.EMITTER_NAMES))
            def json_test(mutations: list[tuple[int, str, Any]], emitter: str) -> None:
                counter[0] += 1
                FS.one_json(FS.mutate(FS.BASE_TREE, mutations), emitter)

            return json_test

        @hseed(seed)
        @opts
        @given(site=FS.SITE)
        def sites_test(site: tuple[str, dict[str, str], str]) -> None:
            counter[0] += 1
            FS.one_site(*site)

        return sites_test
    if name == "values":
        import tests.fuzz_sites as FS

        strategy = FS.VALUE_PAGE
    else:
        strategy = {"soup": F.SOUP, "structured": F.STRUCTURED, "unicode": F.UNICODE}[name]

    @hseed(seed)
    @opts
    @given(text=strategy, emitter=st.sampled_from(F.EMITTER_NAMES))
    def text_test(text: str, emitter: str) -> None:
        counter[0] += 1
        F.one_document(text, emitter)

    return text_test


def worker(args: tuple[int, int, int, int]) -> dict[str, Any]:
    wid, quota, chunk, seed = args
    warnings.simplefilter("ignore")
    rng = random.Random(seed)
    # each property's share of the quota, cut into chunks, run in a shuffled order
    plan: list[tuple[str, int]] = []
    for name, share in MIX.items():
        left = round(quota * share)
        size = min(chunk, CHUNK_MAX.get(name, chunk))
        while left > 0:
            plan.append((name, min(size, left)))
            left -= size
    rng.shuffle(plan)
    done: dict[str, int] = dict.fromkeys(MIX, 0)
    failures: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for name, n in plan:
        s = rng.getrandbits(32)
        counter = [0]
        try:
            build(name, n, s, counter)()
        except Exception as e:
            notes = getattr(e, "__notes__", [])
            failures.append({
                "property": name,
                "seed": s,
                "error": "".join(traceback.format_exception_only(type(e), e))[-4000:],
                "notes": [str(x)[:4000] for x in notes],
            })
            print(f"[worker {wid}] FAILURE in {name} (seed {s}): {str(e)[:300]}", file=sys.stderr, flush=True)
        done[name] += counter[0]
        elapsed = time.perf_counter() - t0
        total = sum(done.values())
        print(f"[worker {wid}] {total}/{quota} examples, {elapsed:.0f} s, {len(failures)} failures",
              file=sys.stderr, flush=True)
    return {"worker": wid, "examples": done, "seconds": time.perf_counter() - t0, "failures": failures}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--out", help="write the summary as JSON here")
    ap.add_argument("--replay", metavar="PROPERTY:SEED", help="run one chunk again (to see a failure)")
    ap.add_argument("--smoke", action="store_true", help="a few hundred examples on one worker (CI)")
    args = ap.parse_args()
    if args.smoke:
        args.examples, args.workers, args.chunk = 300, 1, 100
    if args.replay:
        name, _, s = args.replay.partition(":")
        warnings.simplefilter("ignore")
        build(name, args.chunk, int(s), [0])()
        print("no failure")
        return 0
    per = -(-args.examples // args.workers)
    jobs = [(w, per, args.chunk, args.seed + w) for w in range(args.workers)]
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        results = pool.map(worker, jobs)
    wall = time.perf_counter() - t0
    examples: dict[str, int] = dict.fromkeys(MIX, 0)
    failures: list[dict[str, Any]] = []
    for r in results:
        for k, v in r["examples"].items():
            examples[k] += v
        failures.extend(r["failures"])
    summary = {
        "examples": sum(examples.values()),
        "per_property": examples,
        "workers": args.workers,
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(sum(r["seconds"] for r in results), 1),
        "failures": failures,
        "seed": args.seed,
    }
    print(json.dumps(summary, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""A whole Franklin site moved to another generator: pages as Markdown, files copied, addresses
rewritten, the generator's configuration and a starter theme written, losses reported.

One module per job: :mod:`.targets` (where each generator wants things),
:mod:`.addresses` (the file map and address rewriting), :mod:`.run` (the run),
:mod:`.config` (configuration files), :mod:`.themes` (starter themes),
:mod:`.frombuild` (``--from-build``), :mod:`.inserts` (``{{insert}}`` pages),
:mod:`.report` (report, summary, next steps).

``franklin_compat.migrate(site, out, to=…)`` is :func:`migrate`: the package itself
can be called, so the name means the same whether the package was imported or not.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .report import Harvested, MigrationReport, next_steps, summary, write_report
from .run import migrate
from .targets import TARGETS, Target
from .themes import MATH_ENGINES

__all__ = ["MATH_ENGINES", "TARGETS", "Harvested", "MigrationReport", "Target", "migrate", "next_steps",
           "summary", "write_report"]


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> MigrationReport:
        return migrate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

"""Python stand-ins for a site's Julia functions, loaded from files the user names.

A site's ``utils.jl`` defines ``hfun_*`` and ``lx_*`` functions we cannot run.
A plugin file registers Python replacements with ``@franklin_compat.hfun`` /
``@franklin_compat.lxfun`` (see :mod:`hooks`); ``franklin-compat build
--plugins FILE`` imports it before the build.  Only the files named are
imported, never anything found in the site folder: running code is the
user's explicit choice.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from ..core.diagnostics import FranklinError


def load_plugins(paths: Iterable[str | Path]) -> list[ModuleType]:
    """Import each Python file in ``paths`` (in order) so that its registrations take effect.

    A file that is missing or fails while importing raises :class:`FranklinError`
    (``FC001`` / ``FC609``) naming it; files before it stay loaded.
    """
    modules = []
    for p in paths:
        path = Path(p).resolve()
        if not path.is_file():
            raise FranklinError("FC001", f"plugin file {p} not found", path=str(p),
                                hint="--plugins takes the path of a .py file")
        # one module name per file, so two plugins called utils.py do not clash
        name = "franklin_compat_plugin_" + hashlib.sha1(str(path).encode()).hexdigest()[:12]
        if name in sys.modules:
            modules.append(sys.modules[name])
            continue
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise FranklinError("FC609", f"{p} cannot be imported as a Python module", path=str(p),
                                hint="name a .py file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as e:  # any error in user code: report it as the plugin's
            del sys.modules[name]
            raise FranklinError("FC609", f"plugin {p} failed while loading: {type(e).__name__}: {e}",
                                path=str(p), hint="run it with python to see the traceback") from e
        modules.append(module)
    return modules


__all__ = ["load_plugins"]

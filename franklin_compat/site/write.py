"""Writing outputs: atomically, with the user's umask, and whole builds swapped in at once.

A file is written to a temporary name and renamed, so it is never seen half written.  A
build is written into a staging folder beside the output folder and takes its place only
when complete (:func:`swap_in`): killed at any moment, it leaves the previous build whole,
and the next build clears what it left.  Files get the mode the user's umask gives
(``0644`` by default), not ``mkstemp``'s ``0600``: generators copy modes into deployed
sites, and a ``0600`` image answers 403.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..core.diagnostics import FranklinError

TEMP_PREFIX = ".fc-tmp-"
#: Written into every build's output folder: a folder holding it is one a build may replace.
MARKER = ".franklin-compat-build"
_STAGING = ".fc-build-"
_OLD = ".fc-old-"
_UMASK: list[int] = []


def _umask() -> int:
    """The process umask (read once: reading it means setting it)."""
    if not _UMASK:
        mask = os.umask(0o022)
        os.umask(mask)
        _UMASK.append(mask)
    return _UMASK[0]


def file_mode() -> int:
    """The mode a new file gets: ``0o666`` less the umask."""
    return 0o666 & ~_umask()


def write_atomic(path: Path, data: str | bytes, *, keep_mode: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; the file gets the umask's
    mode, or with ``keep_mode`` the mode ``path`` already has (``check --fix`` on a source)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = file_mode()
    if keep_mode:
        with contextlib.suppress(OSError):  # a new file: the umask's mode
            mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_atomic(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` through a temporary file and a rename, with the umask's mode."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=dst.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, file_mode())
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(out: Path) -> None:
    """Delete the temporary files a killed run left in ``out``: the rebuilt tree is then a clean one."""
    if not out.is_dir():
        return
    for dirpath, _dirs, names in os.walk(out):
        for name in names:
            if name.startswith(TEMP_PREFIX):
                Path(dirpath, name).unlink(missing_ok=True)


def _siblings(final: Path, tag: str) -> list[Path]:
    prefix = f".{final.name}{tag}"
    return [p for p in final.parent.iterdir() if p.name.startswith(prefix)] if final.parent.is_dir() else []


def staging_folder(final: Path) -> Path:
    """A fresh, empty folder beside ``final`` to build into, after putting right what a killed
    build left: a previous build moved aside but never replaced is moved back, stale staging
    folders are removed.  ``final`` itself must be a folder a build may replace."""
    if final.exists() and not final.is_dir():
        raise FranklinError("FC611", f"the output {final} is a file, not a folder",
                            hint="name a folder (it is created if missing)")
    if not final.exists():
        for old in _siblings(final, _OLD):
            old.rename(final)  # killed between moving the old build aside and moving the new one in
            break
    if final.is_dir() and not _replaceable(final):
        raise FranklinError(
            "FC611", f"the output folder {final} holds files that no franklin-compat build wrote",
            hint="build into a new or empty folder (or the site's __site), or remove what is there")
    for stale in (*_siblings(final, _STAGING), *_siblings(final, _OLD)):
        shutil.rmtree(stale, ignore_errors=True)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}{_STAGING}", dir=final.parent))
    except OSError as e:
        raise FranklinError("FC611", f"cannot create a folder beside {final}: {e.strerror or e}",
                            hint="the build is written next to its output folder first: make the "
                                 "folder that holds it writable") from None
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's 0o700 would be what the output folder keeps
    return staging


def _replaceable(folder: Path) -> bool:
    """Empty, Franklin's own ``__site``, or the output of an earlier build (it holds the marker)."""
    return folder.name == "__site" or (folder / MARKER).is_file() or not any(folder.iterdir())


def swap_in(staging: Path, final: Path) -> None:
    """Make the complete build in ``staging`` the output folder: one atomic exchange where the
    system offers it (Linux ``renameat2``), else the old build moved aside, the new moved in."""
    (staging / MARKER).write_text(json.dumps({"tool": "franklin-compat"}) + "\n", encoding="utf-8")
    os.chmod(staging / MARKER, file_mode())
    if not final.exists():
        staging.rename(final)
        return
    if _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous build
        return
    old = Path(tempfile.mkdtemp(prefix=f".{final.name}{_OLD}", dir=final.parent))
    old.rmdir()
    final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return int(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)) == 0

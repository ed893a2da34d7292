"""Julia's REPL emoji table (GitHub short names), which Franklin uses for ``:name:``."""

from __future__ import annotations

import json
from importlib.resources import files

EMOJI: dict[str, str] = json.loads(
    files("franklin_compat").joinpath("data/emoji.json").read_text(encoding="utf-8")
)

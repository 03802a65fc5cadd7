"""Typed helpers for reading the environment. Secrets may come from ``NAME_FILE`` instead of ``NAME``."""

from __future__ import annotations

import os
from pathlib import Path


class EnvError(RuntimeError):
    pass


def env_str(name: str, default: str | None = None) -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise EnvError(f"environment variable {name} (or {name}_FILE) is required")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise EnvError(f"environment variable {name}={raw!r} is not a boolean")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise EnvError(f"environment variable {name}={raw!r} is not an integer") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]

"""Opt-in timing of script parts for bench/: with APP_TIMING_LOG=<file> set, each decorated call
appends "name,milliseconds" to that file; without it the decorator costs one dictionary lookup."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from typing import Any


def measured(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            path = os.environ.get("APP_TIMING_LOG")
            if not path:
                return fn(*args, **kwargs)
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                with open(path, "a", encoding="utf-8") as log:
                    log.write(f"{name},{(time.perf_counter() - started) * 1000:.2f}\n")

        return timed

    return wrap

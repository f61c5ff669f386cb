"""Reading uploads in worker processes, each file within a time and a memory budget.

A hostile or broken file must not stall the server for everyone: the Streamlit server is one
process whose sessions share one interpreter, so a reader that spins in Python holds every other
user's page. Here each upload gets up to `WORKERS` fresh Python processes (`python -m
lib.intake.isolation`, ~0.3 s to start; multiprocessing's fork would copy the server's threads and
its spawn would re-run the Streamlit page as `__main__`). A worker that runs past the time budget is
killed and its file refused; one that hits its memory limit refuses its file and is replaced. When
the upload is done the workers exit and their memory goes back to the system. Results come back in
the order the files came in, as they are ready, so the caller stores one file while the next ones
are read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from lib.intake.reading import Context, ParsedFile, Problem, parse_upload

WORKERS = 2  # the machine a municipality runs this on has 2 cores
MAX_PARALLEL_UPLOADS = 2  # uploads read at once in the whole server; later ones wait their turn


@dataclass(frozen=True)
class Budget:
    """What one file may cost its reader: wall-clock seconds and address space in bytes."""

    seconds: float = 30.0
    memory_bytes: int = 2 * 2**30


DEFAULT_BUDGET = Budget()
STARTUP_SECONDS = 30.0  # a worker that has not even started reading by then is taken as stuck
STARTED = "started"
_uploads = threading.BoundedSemaphore(MAX_PARALLEL_UPLOADS)
ROOT = Path(__file__).resolve().parents[2]


def _serve(conn: Connection, memory_bytes: int) -> None:
    """A worker: take the context, then read files until told to stop. After a MemoryError it reports
    and exits (its heap may be in any state), and the parent starts a fresh one."""
    ctx: Context = conn.recv()
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    os.nice(10)  # reading a big upload must not slow other users' pages
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        name, data = job
        conn.send(STARTED)  # the budget counts from here, not from the worker's own start
        try:
            conn.send((parse_upload(name, data, ctx), True))
        except MemoryError:
            conn.send((_refused(name, data, "over_memory"), False))
            return


def _refused(name: str, data: bytes, key: str, **params: object) -> ParsedFile:
    return ParsedFile(name, hashlib.sha256(data).hexdigest(), None, problems=(Problem(name, key, params=tuple(
        params.items())),))


@dataclass
class _Worker:
    process: subprocess.Popen
    conn: Connection
    job: int | None = None  # index of the file it is reading
    deadline: float = 0.0


def _start(ctx: bytes, budget: Budget) -> _Worker:
    """A fresh worker process joined by a socket pair; it gets the (pickled) context first."""
    parent, child = socket.socketpair()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen([sys.executable, "-m", "lib.intake.isolation", str(child.fileno()),
                                str(budget.memory_bytes)], pass_fds=(child.fileno(),), cwd=ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    child.close()
    conn = Connection(parent.detach())
    with contextlib.suppress(OSError):
        conn.send_bytes(ctx)
    return _Worker(process, conn)


def _kill(worker: _Worker) -> None:
    worker.process.kill()
    worker.process.wait()
    worker.conn.close()


def _stop(worker: _Worker) -> None:
    with contextlib.suppress(OSError, ValueError):
        worker.conn.send(None)
    try:
        worker.process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        worker.process.kill()
        worker.process.wait()
    worker.conn.close()


def parse_isolated(files: list[tuple[str, bytes]], ctx: Context, budget: Budget = DEFAULT_BUDGET
                   ) -> Iterator[ParsedFile]:
    """Every file read and checked in a worker process; yields the results in input order."""
    if not files:
        return
    with _uploads:
        context = pickle.dumps(ctx)
        workers = [_start(context, budget) for _ in range(min(WORKERS, len(files)))]
        results: dict[int, ParsedFile] = {}
        queued = iter(range(len(files)))
        pending = len(files)
        emitted = 0

        def assign(worker: _Worker) -> None:
            index = next(queued, None)
            worker.job = index
            if index is not None:
                worker.deadline = time.monotonic() + STARTUP_SECONDS
                with contextlib.suppress(OSError):  # a worker that is gone shows as a closed pipe below
                    worker.conn.send(files[index])

        def replace(worker: _Worker) -> _Worker:
            _kill(worker)
            fresh = _start(context, budget)
            assign(fresh)
            return fresh

        try:
            for w in workers:
                assign(w)
            while pending:
                busy = [w for w in workers if w.job is not None]
                now = time.monotonic()
                ready = wait([w.conn for w in busy], timeout=max(0.0, min(w.deadline for w in busy) - now))
                for i, w in enumerate(workers):
                    if w.job is None:
                        continue
                    index = w.job
                    name, data = files[index]
                    if w.conn in ready:
                        try:
                            message = w.conn.recv()
                            if message == STARTED:
                                w.deadline = time.monotonic() + budget.seconds
                                continue
                            results[index], healthy = message
                        except (EOFError, OSError):  # the reader died (killed by the system, crashed)
                            results[index], healthy = _refused(name, data, "reader_crashed"), False
                        if healthy:
                            assign(w)
                        else:
                            workers[i] = replace(w)
                        pending -= 1
                    elif time.monotonic() >= w.deadline:
                        results[index] = _refused(name, data, "too_slow", seconds=budget.seconds)
                        workers[i] = replace(w)
                        pending -= 1
                while emitted in results:
                    yield results.pop(emitted)
                    emitted += 1
        finally:
            for w in workers:
                _stop(w)


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1])), int(sys.argv[2]))

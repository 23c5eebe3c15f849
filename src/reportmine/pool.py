"""Worker processes that read and extract documents, results handed back in input order.

Neither ``multiprocessing.Pool`` nor ``ProcessPoolExecutor`` fits: when a
worker dies (a segfault in a parser, the OOM killer) the first leaves the
task hanging forever and the second breaks every pending task. Here each
worker holds one document at a time, so a death or a time-out costs exactly
that document: the worker is killed if need be, replaced, and the document
becomes an error row. At most ``window`` documents are ahead of the next one
to be emitted, which bounds the results held for reordering.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

_NEVER = float("inf")
T = TypeVar("T")
R = TypeVar("R")

#: Called in the parent when a document is lost: (task, why) -> the result to emit instead.
OnLost = Callable[[Any, str], Any]


_READY = "ready"

#: What a worker runs: ``python -c _BOOT FD``. It takes sys.path from the parent before
#: unpickling anything, then serves. Nothing of the caller's ``__main__`` is re-run, which is
#: what multiprocessing's spawn and forkserver do (and what breaks a script without a
#: ``if __name__ == "__main__":`` guard, or code piped into ``python -``).
_BOOT = (
    "import sys\n"
    "from multiprocessing.connection import Connection\n"
    "conn = Connection(int(sys.argv[1]))\n"
    "sys.path[:] = conn.recv()\n"
    "from reportmine.pool import _serve\n"
    "_serve(conn, *conn.recv())\n"
)


def _serve(conn: Connection, work: Callable[[Any], Any], warm: Callable[[], None]) -> None:
    # Ctrl-C reaches the whole process group; the parent decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm()  # imports and lexicons load before the first document's clock starts
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(work(task))


class _Child:
    """A worker process started as a fresh interpreter (POSIX) that talks over a socket pair."""

    def __init__(self, work: Callable[[Any], Any], warm: Callable[[], None]) -> None:
        ours, theirs = socket.socketpair()
        fd = theirs.fileno()
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(fd)],
            pass_fds=(fd,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # stdout may be the JSONL the caller is writing
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send([p if p else os.getcwd() for p in sys.path])
        self.conn.send((work, warm))

    @property
    def handles(self) -> list[Any]:
        return [self.conn]

    @property
    def exitcode(self) -> int | None:
        return self.process.poll()

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()

    def join(self, timeout: float) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout)

    def alive(self) -> bool:
        return self.process.poll() is None


class _Spawned:
    """Where a fresh interpreter cannot inherit a socket (Windows): multiprocessing's spawn."""

    def __init__(self, work: Callable[[Any], Any], warm: Callable[[], None]) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, work, warm), daemon=True)
        self.process.start()
        child.close()

    @property
    def handles(self) -> list[Any]:
        return [self.conn, self.process.sentinel]

    @property
    def exitcode(self) -> int | None:
        return self.process.exitcode

    def kill(self) -> None:
        self.process.kill()

    def join(self, timeout: float) -> None:
        self.process.join(timeout)

    def alive(self) -> bool:
        return self.process.is_alive()


@dataclass
class _Worker:
    process: _Child | _Spawned
    conn: Connection
    index: int | None = None
    deadline: float = 0.0
    ready: bool = False


class OrderedPool(Generic[T, R]):
    """``run(tasks)`` yields ``work(task)`` for each task in order, computed in ``jobs`` processes.

    ``work`` and ``warm`` must be module-level functions of an importable module
    (workers import them by name; the caller's ``__main__`` is never re-run, so
    no ``if __name__ == "__main__":`` guard is needed). ``lost(task, why)``
    makes the result of a task whose worker died or ran past ``timeout`` seconds.
    """

    def __init__(
        self,
        work: Callable[[T], R],
        lost: Callable[[T, str], R],
        jobs: int,
        timeout: float | None,
        warm: Callable[[], None],
    ) -> None:
        self.work, self.lost, self.jobs, self.timeout = work, lost, max(1, jobs), timeout
        self.warm = warm

    def _start(self) -> _Worker:
        # A fresh interpreter, not fork: safe with threads in the parent (progress bar, Dask,
        # Jupyter), and it starts from daemonic processes (Dask workers) too.
        kind = _Child if os.name == "posix" else _Spawned
        child = kind(self.work, self.warm)
        return _Worker(child, child.conn)

    @staticmethod
    def _stop(worker: _Worker, kill: bool) -> None:
        if kill:
            worker.process.kill()
        else:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        worker.process.join(timeout=5)
        if worker.process.alive():
            worker.process.kill()
            worker.process.join(timeout=60)
        worker.conn.close()

    @staticmethod
    def _started(worker: _Worker, ready: list[Any]) -> None:
        if any(h in ready for h in worker.process.handles):
            try:
                worker.ready = worker.conn.recv() == _READY
            except (EOFError, OSError):
                worker.process.join(timeout=5)
                raise RuntimeError(
                    f"a worker process could not start: {_death(worker.process.exitcode)}"
                ) from None

    def run(self, tasks: Sequence[T]) -> Iterator[R]:
        pending = deque(range(len(tasks)))
        window = 2 * self.jobs + 2
        done: dict[int, R] = {}
        emitted = 0
        workers = [self._start() for _ in range(min(self.jobs, len(tasks)))]
        try:
            while emitted < len(tasks):
                for worker in workers:
                    if not worker.ready:
                        continue
                    if worker.index is None and pending and pending[0] < emitted + window:
                        worker.index = pending.popleft()
                        worker.deadline = time.monotonic() + (self.timeout or _NEVER)
                        worker.conn.send(tasks[worker.index])
                busy = [w for w in workers if w.index is not None or not w.ready]
                soonest = min((w.deadline for w in busy if w.index is not None), default=_NEVER)
                left = None if soonest == _NEVER else max(0.0, soonest - time.monotonic())
                ready = wait([h for w in busy for h in w.process.handles], left)
                for n, worker in enumerate(workers):
                    if not worker.ready:
                        self._started(worker, ready)
                        continue
                    if worker.index is None:
                        continue
                    index = worker.index
                    why = ""
                    if any(h in ready for h in worker.process.handles):
                        try:
                            done[index] = worker.conn.recv()
                            worker.index = None
                            continue
                        except (EOFError, OSError):
                            worker.process.join(timeout=5)
                            why = _death(worker.process.exitcode)
                    elif time.monotonic() >= worker.deadline:
                        why = (
                            f"took longer than the time limit of {self.timeout:g} s and was "
                            "stopped; raise --timeout, or exclude the file"
                        )
                    if why:
                        done[index] = self.lost(tasks[index], why)
                        self._stop(worker, kill=True)
                        workers[n] = self._start()
                while emitted in done:
                    yield done.pop(emitted)
                    emitted += 1
        finally:
            for worker in workers:
                self._stop(worker, kill=worker.index is not None)


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        cause = f"killed by {name}"
        if name == "SIGKILL":
            cause += " (out of memory?)"
    else:
        cause = f"exit status {exitcode}"
    return f"the worker process reading it died ({cause}); the rest of the batch went on"

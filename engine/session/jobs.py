"""Slow derived work (a surface, an optimum) as jobs that an executor runs a block at a time.

A job is an object with ``step() -> bool`` (one block of work; True when finished),
``ready`` (False while it only waits for another thread) and ``cancel()``. The session submits jobs and never runs them itself; the executor it was given
decides when:

- ``SynchronousExecutor`` runs a job to its end at once: tests replay messages deterministically,
  and the CLI computes what it prints;
- ``CooperativeExecutor`` keeps jobs and runs their blocks only when asked (``run``), until the
  caller says stop: the worker asks between messages, so a new message waits one block at most.

The optimum is one call that cannot be split; it runs on a ``concurrent.futures`` pool (a helper
thread in the app, ``InlinePool`` in tests), and its job only waits for the future.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Protocol


class Job(Protocol):
    ready: bool

    def step(self) -> bool: ...

    def cancel(self) -> None: ...


class SynchronousExecutor:
    """Runs every job to its end the moment it is submitted."""

    def submit(self, job: Job) -> None:
        while not job.step():
            pass

    def cancel(self, job: Job) -> None:
        job.cancel()

    def run(self, stop: Callable[[], bool]) -> bool:
        return False

    @property
    def pending(self) -> bool:
        return False

    @property
    def runnable(self) -> bool:
        return False


class CooperativeExecutor:
    """Keeps jobs, oldest first, and runs one block at a time when ``run`` is called."""

    def __init__(self) -> None:
        self._jobs: list[Job] = []

    def submit(self, job: Job) -> None:
        self._jobs.append(job)

    def cancel(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        job.cancel()

    def run(self, stop: Callable[[], bool]) -> bool:
        """Blocks of the ready jobs until ``stop()`` says so or none is ready; True if any ran.

        Jobs take turns, one block each, so a long surface does not hold back a finished optimum.
        """
        ran = False
        while not stop():
            job = next((job for job in self._jobs if job.ready), None)
            if job is None:
                break
            ran = True
            self._jobs.remove(job)
            if not job.step():
                self._jobs.append(job)
        return ran

    @property
    def pending(self) -> bool:
        return bool(self._jobs)

    @property
    def runnable(self) -> bool:
        return any(job.ready for job in self._jobs)


class InlinePool:
    """A ``concurrent.futures`` executor that calls the function at once: deterministic tests."""

    def submit(self, fn, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # delivered by future.result(), like a real pool
            future.set_exception(error)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


class FutureJob:
    """Waits for a call running on a pool; ``done(result_or_exception)`` is called once it is back."""

    def __init__(self, pool, fn, args, done: Callable[[Future], None], notify: Callable[[], None] | None = None):
        self._done = done
        self._cancelled = False
        self._delivered = False
        self.future = pool.submit(fn, *args)
        if notify is not None:
            self.future.add_done_callback(lambda _: notify())

    @property
    def ready(self) -> bool:
        return self._cancelled or self.future.done()

    def step(self) -> bool:
        if self._cancelled:
            return True
        if not self.future.done():
            return False
        if not self._delivered:
            self._delivered = True
            self._done(self.future)
        return True

    def cancel(self) -> None:
        self._cancelled = True
        self.future.cancel()

"""Benchmarks and their data generators (`kausa bench ...`), one module per domain.

A benchmark that times a wrong answer is worse than none: each one checks its results with
:func:`check`, which raises even when Python runs with ``-O`` (where ``assert`` is skipped).
"""


class BenchmarkCheckFailed(RuntimeError):
    """A benchmark's result is wrong (not slow: wrong); its figures must not be reported."""


def check(condition: object, message: object = "result check failed") -> None:
    if not condition:
        raise BenchmarkCheckFailed(str(message))

from __future__ import annotations

import argparse
import io

from kausa.bench import jobwalk as bench


def test_bench_runs_at_a_small_size():
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    out = io.StringIO()
    bench.run(parser.parse_args(["--small", "--no-networkx"]), out)
    text = out.getvalue()
    assert "bounded is" in text and "Held-Karp = brute force optimum" in text

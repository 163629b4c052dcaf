"""Print the load test's results as Markdown: one row per page and number of users.

    python tests/load/report.py RESULTS_DIR 1 10 50

RESULTS_DIR holds locust's ``u<N>_stats.csv`` (``--csv RESULTS_DIR/u<N>``) and the load
averages ``load_u<N>.txt`` written by run.sh. Latencies are locust's (ms, client side;
above 100 ms locust rounds them to 10 ms, above 1 s to 100 ms).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

PAGES = ["offer search page", "GET /api/v1/offers", "event page", "tour page", "/healthz"]
FLOOR = "/healthz"
RATIO_USERS = (10, 1)  # the brief asks for 10; 1 user = service time, no queueing


def read_stats(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="") as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def failures_by_kind(path: Path) -> dict[str, int]:
    """Failures per page, e.g. to see at once if anything answered 429."""
    if not path.exists():
        return {}
    with path.open(newline="") as f:
        return {
            f"{row['Name']}: {row['Error']}": int(row["Occurrences"]) for row in csv.DictReader(f)
        }


def others_busy(path: Path, min_cpu: float = 10.0) -> str:
    """Other processes using the CPUs halfway through a run (run.sh's top snapshot)."""
    if not path.exists():
        return "?"
    ours = ("gunicorn kausa.wsgi", "tests/load/locustfile.py", "kausa_load", " top ")
    found = []
    lines = path.read_text().splitlines()
    header = next((i for i, line in enumerate(lines) if line.strip().startswith("PID")), None)
    for line in lines[header + 1 :] if header is not None else []:
        fields = line.split(None, 11)
        if len(fields) < 12 or any(mark in line for mark in ours):
            continue
        cpu = float(fields[8].replace(",", "."))
        if cpu >= min_cpu:
            found.append(f"{fields[11][:60]} {cpu:.0f} %")
    cpu_line = next((line for line in lines if line.startswith("%Cpu")), "")
    idle = cpu_line.split(",")[3].strip() if cpu_line.count(",") >= 3 else "?"
    return f"others ≥ {min_cpu:.0f} % CPU: {'; '.join(found) or 'none'} ({idle})"


def ms(value: str) -> str:
    return f"{float(value):.0f}" if value not in ("", "N/A") else "–"


def main(argv: list[str]) -> None:
    out = Path(argv[1])
    users = [int(n) for n in argv[2:]] or [1, 10, 50]
    version = out / "version.txt"
    if version.exists():
        print("".join(f"- {line}\n" for line in version.read_text().splitlines()))
    print("| page | users | req/s | p50 ms | p95 ms | p99 ms | failures |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    stats = {n: read_stats(out / f"u{n}_stats.csv") for n in users}
    for page in [*PAGES, "Aggregated"]:
        for n in users:
            row = stats[n].get(page)
            if row is None:
                continue
            requests, failed = int(row["Request Count"]), int(row["Failure Count"])
            name = "**all pages**" if page == "Aggregated" else f"`{page}`"
            print(
                f"| {name} | {n} | {float(row['Requests/s']):.1f} | {ms(row['50%'])} "
                f"| {ms(row['95%'])} | {ms(row['99%'])} | {failed} of {requests} |"
            )
    for ratio_users in RATIO_USERS:
        if ratio_users not in stats:
            continue
        floor = float(stats[ratio_users][FLOOR]["50%"])
        print()
        print(f"p50 of each page / p50 of `{FLOOR}` ({floor:.0f} ms) at {ratio_users} users:")
        print()
        print("| page | p50 ms | × /healthz |")
        print("|---|---:|---:|")
        for page in PAGES:
            p50 = float(stats[ratio_users][page]["50%"])
            print(f"| `{page}` | {p50:.0f} | {p50 / floor:.1f} |")
    print()
    for n in users:
        load = out / f"load_u{n}.txt"
        if load.exists():
            date, before, busy, after = [*load.read_text().strip().splitlines(), "", "", ""][:4]
            print(
                f"- {n} users: started {date}, load average before "
                f"{before.split('load average:')[-1].strip()} ({busy}), "
                f"after {after.split('load average:')[-1].strip()}; halfway "
                f"{others_busy(out / f'top_u{n}.txt')}"
            )
        for kind, count in failures_by_kind(out / f"u{n}_failures.csv").items():
            print(f"  - failure {kind}: {count}")
            if "429" in kind:
                print("    (429 Too Many Requests: a rate limit applied to reads)")


if __name__ == "__main__":
    main(sys.argv)

"""Where a cold request spends its time (issue 10): `bench/profile_cold.py KIND [--count N]`.

Runs N questions asked once each (the bench's `cold-urls`, KIND one of agenda_page_cold,
agenda_json_cold, directory_page_cold, action_page_cold, organisation_page_cold) through Django's
test client against the database of DATABASE_URL (a kept bench database: `bench/run.py --keep`
or `--generate-only`), production-like (DEBUG off, shared copies as deployed). Prints the
milliseconds per request without a profiler, the queries per request and their share of the
time (the query log), then under cProfile the time spent in templates, widget rendering, the
ORM's SQL compilation, the database and the rest, and the 25 heaviest functions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_bench \\
        .venv/bin/python bench/profile_cold.py agenda_page_cold --count 200
"""

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")
os.environ.pop("ENTRAIDE_TESTING", None)
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

# Where the time goes, by the file a function lives in (cumulative time of the outermost call).
PHASES = {
    "templates": "django/template/",
    "widgets": "entraide/core/form_rendering.py",
    "sql compilation": "django/db/models/sql/compiler.py",
    "database": "django/db/backends/utils.py",
}


def cold_urls(kind: str, count: int) -> list[str]:
    output = subprocess.run(  # noqa: S603 - our own step
        [sys.executable, str(ROOT / "bench" / "steps.py"), "cold-urls"],
        capture_output=True, text=True, check=True, cwd=ROOT / "bench",
    )  # fmt: skip
    return json.loads(output.stdout.strip().splitlines()[-1])[kind][:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind")
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    urls = cold_urls(args.kind, args.count + 10)
    client = Client()
    for url in urls[:10]:  # templates compiled, connection opened
        client.get(url)
    urls = urls[10:]
    half = len(urls) // 2

    queries: list[float] = []

    def logged(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(time.perf_counter() - started)

    started = time.perf_counter()
    with connection.execute_wrapper(logged):
        statuses = {client.get(url).status_code for url in urls[:half]}
    elapsed = time.perf_counter() - started
    print(f"{args.kind}: {half} requests, statuses {sorted(statuses)}")
    print(f"  {1000 * elapsed / half:.1f} ms a request without profiler")
    print(
        f"  {len(queries) / half:.1f} queries a request, {1000 * sum(queries) / half:.1f} ms "
        f"in the database ({100 * sum(queries) / elapsed:.0f} %)"
    )

    profile = cProfile.Profile()
    profile.enable()
    for url in urls[half:]:
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile)
    root = max(row[3] for row in stats.stats.values())  # type: ignore[attr-defined]
    # A phase includes what it calls: widgets are rendered from templates, a lazy query from
    # a template is compiled there too, so the shares overlap.
    print("  under cProfile, share of the request (each phase with what it calls):")
    for phase, path in PHASES.items():
        # The outermost calls of the phase: its functions called from outside it.
        spent = sum(
            row[3]
            for (filename, _line, _name), row in stats.stats.items()  # type: ignore[attr-defined]
            if path in filename and not any(path in caller[0] for caller in row[4])
        )
        print(f"    {phase:16} {100 * spent / root:5.1f} %")
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()

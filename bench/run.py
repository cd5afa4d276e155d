"""`make bench` / `make bench SIZE=small`: the agenda's and the volunteers' benchmark (docs/benchmarks.md).

On a fresh SQLite file (var/bench.sqlite3) and a fresh PostgreSQL database (entraide_bench):
migrate, load the communes, generate the data (bench/steps.py; both databases at once), then,
one measurement at a time, time the agenda search, the association-side volunteer search and
"actions for me"; then,
on PostgreSQL, serve the site with gunicorn (two workers, DEBUG off) and count requests per
second of the agenda page, the JSON search and a minimal view; then race sign-ups and check
that no slot went over capacity. Ends with one line of key=value figures, also merged into
bench/results.json. With --explain, the query plans of the slowest queries go to
var/bench/explain-*.txt (not committed).

Beside the agenda, the trusted network of issue 14 (bench/network.py): 350,000 members (small:
20,000) with ~50 connections each and 2,000 groups (small: 100), generated after the agenda's
data (its members are the volunteers' users), measured after everything else: friends-of-
friends audience and fan-out, personal and group feeds. `--part network` generates and
measures only the network (sizes tiny, small, full), `--part agenda` only the rest.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DIR = ROOT / "bench"
RESULTS = BENCH_DIR / "results.json"
# The query plans of the slowest queries, written only on demand (--explain) and never committed:
# they describe one machine's run, not the code (var/ is git-ignored).
PLANS_DIR = ROOT / "var" / "bench"
# Another pair of databases (BENCH_SQLITE, BENCH_POSTGRES_DB) keeps a full-size set beside the
# default one, to measure again later with --reuse.
SQLITE_PATH = Path(os.environ.get("BENCH_SQLITE", ROOT / "var" / "bench.sqlite3"))
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DB = os.environ.get("BENCH_POSTGRES_DB", "entraide_bench")


def http_port(environ: dict[str, str] | os._Environ[str]) -> int:
    """The served pages' port: BENCH_PORT when set, which must then be free, or else one the
    system has free now (a fixed default failed whenever something listened there). Between
    this check and gunicorn's bind another program could take it: the bench then stops when
    gunicorn exits (`serve_and_load`)."""
    wanted = int(environ.get("BENCH_PORT") or 0)
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", wanted))
        except OSError as error:
            raise SystemExit(f"BENCH_PORT={wanted} is in use on 127.0.0.1 ({error})") from error
        return int(probe.getsockname()[1])


HTTP_PORT = http_port(os.environ)
BENCH_TERRITORY = "bench-ile-de-france"
# Centres inside the bench territory for the served pages (the search set's are all over France).
IDF_POSTCODES = ["75011", "75015", "75018", "92100", "93200", "94000", "78000", "91000",
                 "77000", "95000"]  # fmt: skip


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def django_env(database_url: str) -> dict[str, str]:
    """Production-like: DEBUG off (no query log), a bench secret, the tests' switches off;
    DJANGO_ENV stays development so that plain HTTP on 127.0.0.1 is not redirected."""
    env = {k: v for k, v in os.environ.items() if k != "ENTRAIDE_TESTING"}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        DJANGO_ENV="development",
        ALLOWED_HOSTS="127.0.0.1",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def run(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a step; its output goes to the console, its last line is its JSON result."""
    process = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603 - our own steps
    lines = process.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(f"    {line}", flush=True)
    if process.returncode != 0:
        sys.stderr.write(process.stderr)
        raise SystemExit(f"step failed: {' '.join(args)}")
    try:
        return json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        return {}


def manage(env: dict[str, str], *args: str) -> None:
    run([PYTHON, "manage.py", *args], env)


def step(env: dict[str, str], name: str, size: str, *extra: str) -> dict[str, Any]:
    return run([PYTHON, str(BENCH_DIR / "steps.py"), name, "--size", size, *extra], env)


def network_step(env: dict[str, str], name: str, size: str) -> dict[str, Any]:
    return run([PYTHON, str(BENCH_DIR / "network.py"), name, "--size", size], env)


# What a run generates and measures: everything, the agenda's part (agenda, volunteers, served
# pages, sign-ups) or the trusted network's (bench/network.py); set from --part.
PARTS = {"agenda": True, "network": True}


# Overrides the size's volunteer count (e.g. the full million beside the small agenda); the
# detail files are then named <size>-v<count> so that they do not replace the plain size's.
VOLUNTEERS: list[str] = []
LABEL: dict[str, str] = {}


def file_label(size: str) -> str:
    return LABEL.get(size, size)


def prepare_database(env: dict[str, str], size: str, vendor: str) -> dict[str, Any]:
    started = time.perf_counter()
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_communes")
    log(f"{vendor}: migrated and communes loaded in {time.perf_counter() - started:.0f} s")
    generated: dict[str, Any] = {}
    if PARTS["agenda"]:
        generated = step(env, "generate", size, *VOLUNTEERS)
        log(f"{vendor}: generated {generated}")
    if PARTS["network"]:
        # After the agenda: its volunteers' users become the network's members.
        generated["network"] = network_step(env, "generate", size)
        log(f"{vendor}: network generated {generated['network']}")
    return generated


def kept_counts(env: dict[str, str], size: str) -> dict[str, Any]:
    """What a kept database holds (--reuse)."""
    generated = step(env, "counts", size) if PARTS["agenda"] else {}
    if PARTS["network"]:
        generated["network"] = network_step(env, "counts", size)
    return generated


def measure_moderation(env: dict[str, str], vendor: str) -> dict[str, Any]:
    """Issue 15's moderation queue with 100,000 reports (bench/moderation.py), written into the
    network's database once and kept with it."""
    figures = run([PYTHON, str(BENCH_DIR / "moderation.py"), "measure"], env)
    log(f"{vendor}: moderation queue first page p95 {figures['first_page_ms_p95']} ms {figures}")
    return figures


def measure_network(env: dict[str, str], size: str, vendor: str, explain: bool) -> dict[str, Any]:
    """The trusted network's figures (bench/network.py measure), after every other
    measurement: the fan-out writes (and removes) thousands of rows."""
    figures = network_step(env, "measure", size)
    figures["moderation"] = measure_moderation(env, vendor)
    audience, fanout = figures.get("audience", {}), figures.get("fanout", {})
    feeds = figures.get("feeds", {})
    if audience:
        log(
            f"{vendor}: friends-of-friends audience p95 {audience['ms_p95']} ms "
            f"({audience['people_p50']} people median, {audience['people_p95']} p95)"
        )
    if fanout:
        log(f"{vendor}: fan-out p95 {fanout['s_p95']} s ({fanout['rows_p50']} reach rows median)")
    for name in ("personal", "group"):
        if name in feeds:
            log(f"{vendor}: {name} feed p95 {feeds[name]['ms_p95']} ms {feeds[name]}")
    if explain:
        plans = network_step(env, "explain", size)
        PLANS_DIR.mkdir(parents=True, exist_ok=True)
        path = PLANS_DIR / f"explain-network-{vendor}-{size}.txt"
        with path.open("w", encoding="utf-8") as out:
            for label, queries in plans.items():
                for n, query in enumerate(queries, 1):
                    out.write(f"### {label}, query {n} ({query['ms']} ms)\n\n{query['sql']}\n\n")
                    out.write(f"{query['plan']}\n\n")
        log(f"{vendor}: the network's query plans in {path.relative_to(ROOT)}")
    return figures


def measure_search(env: dict[str, str], size: str, vendor: str, explain: bool) -> dict[str, Any]:
    figures = step(env, "search", size)
    log(f"{vendor}: search p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms")
    cities = figures["city_words"]
    log(
        f"{vendor}: place names over the whole country p95 {cities['p95_ms']} ms {cities['medians']}"
    )
    for label, median in figures["slowest"]:
        log(f"    slow: {median} ms  {label}")
    if not explain:
        return figures
    plans = step(
        env, "explain", size, "--labels", json.dumps([label for label, _ in figures["slowest"]])
    )
    PLANS_DIR.mkdir(parents=True, exist_ok=True)
    path = PLANS_DIR / f"explain-{vendor}-{file_label(size)}.txt"
    with path.open("w", encoding="utf-8") as out:
        for label, plan in plans.items():
            out.write(f"### {label}\n\n-- page (first 20):\n{plan['page']}\n\n")
            out.write(f"-- count:\n{plan['count']}\n\n-- SQL:\n{plan['sql']}\n\n")
    log(f"{vendor}: query plans of the slowest in {path.relative_to(ROOT)}")
    return figures


def measure_volunteers(
    env: dict[str, str], size: str, vendor: str, explain: bool
) -> dict[str, Any]:
    figures = step(env, "volunteers", size)
    found, mine = figures["search"], figures["actions_for_me"]
    log(
        f"{vendor}: volunteer search p50 {found['p50_ms']} ms, p95 {found['p95_ms']} ms "
        f"(page p95 {found['page_p95_ms']} ms, count p95 {found['count_p95_ms']} ms)"
    )
    for label, median, count_ms, hits in found["slowest"]:
        log(f"    slow: {median} ms (count {count_ms} ms, {hits} found)  {label}")
    log(f"{vendor}: actions for me p50 {mine['p50_ms']} ms, p95 {mine['p95_ms']} ms")
    for label, median, suggestions in mine["slowest"]:
        log(f"    slow: {median} ms ({suggestions} suggestions)  {label}")
    plans = figures.pop("plans")
    if not explain:
        return figures
    PLANS_DIR.mkdir(parents=True, exist_ok=True)
    path = PLANS_DIR / f"explain-volunteers-{vendor}-{file_label(size)}.txt"
    with path.open("w", encoding="utf-8") as out:
        for label, plan in plans.items():
            out.write(f"### {label}\n\n-- page (first 20):\n{plan['page']}\n\n")
            out.write(f"-- count:\n{plan['count']}\n\n-- SQL:\n{plan['sql']}\n\n")
    log(f"{vendor}: volunteer search plans of the slowest in {path.relative_to(ROOT)}")
    return figures


# --- SQLite and PostgreSQL ------------------------------------------------------------------


def fresh_sqlite() -> dict[str, str]:
    SQLITE_PATH.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    return django_env(f"sqlite:///{SQLITE_PATH}")


def measure_sqlite(
    env: dict[str, str], size: str, duration: float, explain: bool
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if PARTS["agenda"]:
        figures["search"] = measure_search(env, size, "sqlite", explain)
        figures["volunteers"] = measure_volunteers(env, size, "sqlite", explain)
        step(env, "prepare-http", size)
        figures["cold"] = bench_cold(env, duration)
    if PARTS["network"]:
        figures["network"] = measure_network(env, size, "sqlite", explain)
    return figures


def postgres_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(statement)


def fresh_postgres() -> dict[str, str]:
    postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
    postgres_admin(f"CREATE DATABASE {POSTGRES_DB}")
    return django_env(f"{POSTGRES_SERVER}/{POSTGRES_DB}")


def measure_postgres(
    env: dict[str, str], size: str, duration: float, explain: bool
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if PARTS["agenda"]:
        figures["search"] = measure_search(env, size, "postgres", explain)
        figures["volunteers"] = measure_volunteers(env, size, "postgres", explain)
        step(env, "prepare-http", size)
        figures["http"] = bench_http(env, duration)
        figures["cold"] = bench_cold(env, duration)
        figures["signups"] = step(env, "signups", size)
        log(f"postgres: sign-ups {figures['signups']}")
    if PARTS["network"]:
        figures["network"] = measure_network(env, size, "postgres", explain)
    return figures


def prepare_both(envs: dict[str, dict[str, str]], size: str) -> dict[str, dict[str, Any]]:
    """Both databases generated at once: independent work, two cores, and the longest part of a
    run. Nothing is measured meanwhile; every measurement below runs alone."""
    with ThreadPoolExecutor(max_workers=len(envs)) as pool:
        futures = {
            vendor: pool.submit(prepare_database, env, size, vendor) for vendor, env in envs.items()
        }
        return {vendor: future.result() for vendor, future in futures.items()}


# --- Served pages ---------------------------------------------------------------------------


def page_urls(queries: list[dict[str, Any]], *, json_api: bool) -> list[str]:
    """The search set's filters on the agenda page (or the JSON search) of the bench territory,
    centred on its own postcodes."""
    urls = []
    for n, params in enumerate(queries):
        params = dict(params)
        if "near" in params:
            params["near"] = IDF_POSTCODES[n % len(IDF_POSTCODES)]
            if json_api:
                params["radius_km"] = params.pop("radius")
        for key, value in list(params.items()):
            if value is True:
                params[key] = "true"
        if json_api:
            params["territory"] = BENCH_TERRITORY
        query = urlencode(params, doseq=True)
        base = "/api/v1/actions" if json_api else f"/{BENCH_TERRITORY}/agenda/"
        urls.append(f"{base}?{query}")
    return urls


def fetch(path: str) -> int:
    """One request on a fresh connection (gunicorn's sync workers close after each)."""
    with socket.create_connection(("127.0.0.1", HTTP_PORT), timeout=30) as connection:
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        head = b""
        while chunk := connection.recv(65536):
            head = head or chunk
    return int(head[9:12]) if head else 0


def load(paths: list[str], seconds: float, clients: int = 4) -> dict[str, Any]:
    """Requests per second that answer 200, with `clients` requests always in flight."""
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(offset: int) -> None:
        n = offset
        while time.perf_counter() < stop_at:
            status = fetch(paths[n % len(paths)])
            n += clients
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"rps": round(statuses.get(200, 0) / elapsed, 1), "statuses": statuses}


def load_once(paths: list[str], clients: int = 4) -> dict[str, Any]:
    """Every path asked exactly once, `clients` at a time: requests per second that answer 200.
    With distinct questions nothing can come from a copy of an earlier answer (issue 10)."""
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    queue = list(reversed(paths))

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                path = queue.pop()
            status = fetch(path)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "rps": round(statuses.get(200, 0) / elapsed, 1),
        "statuses": statuses,
        "requests": len(paths),
    }


def bench_cold(env: dict[str, str], duration: float) -> dict[str, Any]:
    """Questions asked once each, served as deployed (shared copies on): the agenda page and
    JSON, the directory, action and organisation pages, beside the minimal view of the same
    server (docs/benchmarks.md, "Cold pages")."""
    cold = step(env, "cold-urls", "small")
    warm = [paths[0] for paths in cold.values()] + ["/bench/minimal"]
    return serve_and_load(env, {"minimal": ["/bench/minimal"]}, duration, once=cold, warm=warm)


def warm_up(paths: list[str], passes: int = 4, clients: int = 4, limit_s: float = 20.0) -> None:
    """Every URL asked `passes` times (so that each worker has most of them), within
    `limit_s` (under the shared copies' 30 s): a fixed two seconds was too short where a
    first answer takes 100 ms or more, and the measured window then timed first answers."""
    stop_at = time.perf_counter() + limit_s
    queue = list(range(len(paths) * passes))
    lock = threading.Lock()

    def client() -> None:
        while time.perf_counter() < stop_at:
            with lock:
                if not queue:
                    return
                n = queue.pop()
            fetch(paths[n % len(paths)])

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def bench_http(env: dict[str, str], duration: float) -> dict[str, Any]:
    """The three endpoints as served (shared copies of the agenda's results on, as deployed),
    then the agenda page and JSON again with sharing off: every request searches and renders."""
    queries = step(env, "queries", "small")["queries"]
    endpoints = {
        "minimal": ["/bench/minimal"],
        "agenda_page": page_urls(queries, json_api=False),
        "agenda_json": page_urls(queries, json_api=True),
        # Issue 15: the territory's front page, the same for every visitor (no question in it).
        "front_page": [f"/{BENCH_TERRITORY}/"],
    }
    figures = serve_and_load(env, endpoints, duration)
    unshared = serve_and_load(
        {**env, "AGENDA_SHARED_SECONDS": "0"},
        {f"{name}_unshared": endpoints[name] for name in ("agenda_page", "agenda_json")},
        duration,
    )
    return {**figures, **unshared}


def serve_and_load(
    env: dict[str, str],
    endpoints: dict[str, list[str]],
    duration: float,
    *,
    once: dict[str, list[str]] | None = None,
    warm: list[str] | None = None,
) -> dict[str, Any]:
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    server = subprocess.Popen(  # noqa: S603 - gunicorn from the venv
        [gunicorn, "bench.wsgi:application", "--workers", "2", "--bind",
         f"127.0.0.1:{HTTP_PORT}", "--chdir", str(ROOT), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            if server.poll() is not None:  # the port was taken meanwhile: measure nobody else
                raise SystemExit(f"gunicorn could not serve on 127.0.0.1:{HTTP_PORT}")
            try:
                if fetch("/bench/minimal") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer /bench/minimal")
        figures = {}
        # Without shared copies there is nothing to fill: one pass opens the connections.
        passes = 1 if env.get("AGENDA_SHARED_SECONDS") == "0" else 4
        if warm:
            # Templates compiled and connections opened in both workers, on a few pages that
            # are not measured afterwards.
            warm_up(warm, passes=4)
        for name, paths in endpoints.items():
            warm_up(paths, passes)
            figures[name] = load(paths, duration)
            log(f"http: {name} {figures[name]}")
        for name, paths in (once or {}).items():
            figures[name] = load_once(paths[1:] if warm else paths)
            log(f"http: {name} {figures[name]}")
        return figures
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- Figures --------------------------------------------------------------------------------


def served_rps(http: dict[str, Any], name: str) -> float | None:
    """None when the endpoint did not answer 200 (not written yet): the figure is skipped."""
    figures = http.get(name, {})
    ok = figures.get("statuses", {}).get("200", figures.get("statuses", {}).get(200, 0))
    return figures["rps"] if ok else None


def volunteer_figures(volunteers: dict[str, Any], vendor: str) -> dict[str, Any]:
    found, mine = volunteers["search"], volunteers["actions_for_me"]
    return {
        f"volunteer_search_p50_ms_{vendor}": found["p50_ms"],
        f"volunteer_search_p95_ms_{vendor}": found["p95_ms"],
        f"actions_for_me_p50_ms_{vendor}": mine["p50_ms"],
        f"actions_for_me_p95_ms_{vendor}": mine["p95_ms"],
    }


COLD_PAGES = (
    "agenda_page", "agenda_json", "directory_page", "action_page", "organisation_page",
)  # fmt: skip


def cold_figures(cold: dict[str, Any], suffix: str) -> dict[str, Any]:
    """`agenda_page_ratio_cold` (PostgreSQL) and `agenda_page_ratio_cold_sqlite`: each page's
    requests per second, questions asked once, over the minimal view's in the same server."""
    minimal = served_rps(cold, "minimal")
    figures: dict[str, Any] = {f"minimal_view_rps_cold{suffix}": minimal}
    for name in COLD_PAGES:
        rps = served_rps(cold, f"{name}_cold")
        figures[f"{name}_rps_cold{suffix}"] = rps if rps is not None else "skipped"
        figures[f"{name}_ratio_cold{suffix}"] = (
            round(rps / minimal, 4) if rps and minimal else "skipped"
        )
    return figures


def network_figures(network: dict[str, Any], vendor: str) -> dict[str, Any]:
    """Issue 14's figures: p95 of the friends-of-friends audience (ms) and of its fan-out with
    every reach and notification row written and committed (s), p95 of the personal and the
    group feed's first page (ms); the audience's size (people, median and p95) for context."""
    figures: dict[str, Any] = {}
    audience, fanout = network.get("audience"), network.get("fanout")
    feeds = network.get("feeds", {})
    figures[f"fof_audience_ms_{vendor}"] = audience["ms_p95"] if audience else "skipped"
    figures[f"fof_fanout_s_{vendor}"] = fanout["s_p95"] if fanout else "skipped"
    figures[f"feed_p95_ms_{vendor}"] = (
        feeds["personal"]["ms_p95"] if "personal" in feeds else "skipped"
    )
    figures[f"group_feed_p95_ms_{vendor}"] = (
        feeds["group"]["ms_p95"] if "group" in feeds else "skipped"
    )
    moderation = network.get("moderation")
    figures[f"moderation_queue_p95_ms_{vendor}"] = (
        moderation["first_page_ms_p95"] if moderation else "skipped"
    )
    if audience:
        figures[f"fof_audience_people_p50_{vendor}"] = audience["people_p50"]
        figures[f"fof_audience_people_p95_{vendor}"] = audience["people_p95"]
    return figures


def summarise(size: str, sqlite: dict[str, Any], postgres: dict[str, Any]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if "search" in sqlite:
        figures["agenda_search_p50_ms_sqlite"] = sqlite["search"]["p50_ms"]
        figures["agenda_search_p95_ms_sqlite"] = sqlite["search"]["p95_ms"]
        figures["agenda_city_words_p95_ms_sqlite"] = sqlite["search"]["city_words"]["p95_ms"]
        figures.update(volunteer_figures(sqlite["volunteers"], "sqlite"))
    if "search" in postgres:
        figures["agenda_search_p50_ms_postgres"] = postgres["search"]["p50_ms"]
        figures["agenda_search_p95_ms_postgres"] = postgres["search"]["p95_ms"]
        figures["agenda_city_words_p95_ms_postgres"] = postgres["search"]["city_words"]["p95_ms"]
        figures.update(volunteer_figures(postgres["volunteers"], "postgres"))
        http = postgres["http"]
        minimal = served_rps(http, "minimal")
        page = served_rps(http, "agenda_page")
        api = served_rps(http, "agenda_json")
        figures["agenda_page_rps"] = page if page is not None else "skipped"
        figures["agenda_json_rps"] = api if api is not None else "skipped"
        figures["minimal_view_rps"] = minimal
        figures["agenda_page_ratio"] = round(page / minimal, 4) if page and minimal else "skipped"
        figures["agenda_json_ratio"] = round(api / minimal, 4) if api and minimal else "skipped"
        # The same with shared copies off: the cost of a question nobody asked in the last seconds.
        for name in ("agenda_page", "agenda_json"):
            unshared = served_rps(http, f"{name}_unshared")
            figures[f"{name}_rps_unshared"] = unshared if unshared is not None else "skipped"
            figures[f"{name}_ratio_unshared"] = (
                round(unshared / minimal, 4) if unshared and minimal else "skipped"
            )
        front = served_rps(http, "front_page")
        figures["front_page_rps"] = front if front is not None else "skipped"
        figures["front_page_ratio"] = round(front / minimal, 4) if front and minimal else "skipped"
        figures["signup_per_s_postgres"] = postgres["signups"]["signup_per_s"]
        figures["overbooked_slots"] = postgres["signups"]["overbooked_slots"]
    for vendor, measured in (("postgres", postgres), ("sqlite", sqlite)):
        if "cold" in measured:
            figures.update(
                cold_figures(measured["cold"], "" if vendor == "postgres" else "_sqlite")
            )
    # Issue 14's, after the agenda's.
    for vendor, measured in (("sqlite", sqlite), ("postgres", postgres)):
        if "network" in measured:
            figures.update(network_figures(measured["network"], vendor))
    generated = (postgres or sqlite)["generated"]
    if "slots" in generated:
        figures["bench_size"] = size
        figures["bench_slots"] = generated["slots"]
        figures["bench_volunteers"] = generated["volunteers"]
    if "network" in generated:
        figures["bench_network_size"] = size
        figures["bench_network_members"] = generated["network"]["members"]
        figures["bench_network_connections"] = generated["network"]["connections"]
        figures["bench_network_groups"] = generated["network"]["groups"]
    figures["bench_date"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", choices=("tiny", "small", "full"), default="full", help="tiny: --part network"
    )
    parser.add_argument(
        "--part",
        choices=("all", "agenda", "network"),
        default="all",
        help="the agenda's part (agenda, volunteers, pages, sign-ups), the trusted network's, or both",
    )
    parser.add_argument("--only", choices=("sqlite", "postgres"), help="one database only")
    parser.add_argument("--duration", type=float, help="seconds per served endpoint")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="generate and keep the databases, measure nothing (then --reuse)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the databases a --keep run left, without generating them again",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also write the query plans of the slowest queries to var/bench/explain-*.txt",
    )
    parser.add_argument(
        "--volunteers", type=int, help="volunteer profiles (default: 50,000 small, 1,000,000 full)"
    )
    args = parser.parse_args()
    if args.size == "tiny" and args.part != "network":
        parser.error("--size tiny exists for --part network only")
    PARTS["agenda"] = args.part != "network"
    PARTS["network"] = args.part != "agenda"
    if args.part == "network":
        LABEL[args.size] = f"network-{args.size}"
    if args.volunteers is not None:
        VOLUNTEERS.extend(["--volunteers", str(args.volunteers)])
        LABEL[args.size] = f"{args.size}-v{args.volunteers}"
    duration = args.duration or (5.0 if args.size == "small" else 10.0)
    started = time.perf_counter()
    envs = {}
    if args.only != "postgres":
        envs["sqlite"] = django_env(f"sqlite:///{SQLITE_PATH}") if args.reuse else fresh_sqlite()
    if args.only != "sqlite":
        envs["postgres"] = (
            django_env(f"{POSTGRES_SERVER}/{POSTGRES_DB}") if args.reuse else fresh_postgres()
        )
    sqlite: dict[str, Any] = {}
    postgres: dict[str, Any] = {}
    try:
        if args.reuse:
            generated = {vendor: kept_counts(env, args.size) for vendor, env in envs.items()}
        else:
            generated = prepare_both(envs, args.size)
        if args.generate_only:
            log(f"generated and kept: {generated}")
            return
        if "sqlite" in envs:
            sqlite = {
                "generated": generated["sqlite"],
                **measure_sqlite(envs["sqlite"], args.size, duration, args.explain),
            }
        if "postgres" in envs:
            postgres = {
                "generated": generated["postgres"],
                **measure_postgres(envs["postgres"], args.size, duration, args.explain),
            }
    finally:
        if "postgres" in envs and not (args.keep or args.reuse or args.generate_only):
            postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
    figures = summarise(args.size, sqlite, postgres)
    figures["bench_seconds"] = round(time.perf_counter() - started)
    details = {"sqlite": sqlite, "postgres": postgres}
    if args.size == "tiny":
        # A development size: its figures are printed, never merged with the real ones.
        print(" ".join(f"{key}={value}" for key, value in figures.items()))
        return
    (BENCH_DIR / f"last-run-{file_label(args.size)}.json").write_text(
        json.dumps(details, indent=2) + "\n"
    )
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged.update(figures)
    RESULTS.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    # This run's figures first, in the order, then the keys other benchmarks added.
    line = {**figures, **{key: value for key, value in merged.items() if key not in figures}}
    print(" ".join(f"{key}={value}" for key, value in line.items()))


if __name__ == "__main__":
    main()

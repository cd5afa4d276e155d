"""`make soak`: ten minutes of real use on PostgreSQL while processes die (issue 10 §3, ADR 0021).

On a fresh database (entraide_soak: migrate, the communes, the demo territories) it serves the
site with gunicorn (two workers) and runs one task worker, sending e-mail to an SMTP sink in this
process. A first minute measures the most requests per second the mix gets; then, for
`--minutes` (10), clients send the mix at `--share` (80 %) of it, open loop:

    agenda questions (each asked once) 45 %, action pages 20 %, the JSON search 10 %,
    « Je participe » 12 %, cancellations that hand places to the waiting list 5 %,
    messages to an organisation 3 %, the inbox 5 %.

Meanwhile the task worker is killed with SIGKILL and restarted twice, and one web worker is
killed once (gunicorn starts another). Then the queue is left to drain (the sweep of ADR 0021
hands out what the dead worker held), and the run is judged:

    soak_requests, soak_rps, soak_target_rps, soak_5xx (target 0), soak_dropped (connections
    cut by the killed web worker), soak_overbooked (0), soak_lost_emails (0: every confirmed
    participation's confirmation and every offer's e-mail reached the sink),
    soak_duplicate_emails (0: none reached it twice).

Ends with that key=value line, also written to bench/last-soak.json. Needs PostgreSQL on
127.0.0.1 (BENCH_POSTGRES, SOAK_POSTGRES_DB); binds free ports on 127.0.0.1 only.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import POSTGRES_SERVER, PYTHON, django_env, log, manage, postgres_admin  # noqa: E402

SOAK_DB = os.environ.get("SOAK_POSTGRES_DB", "entraide_soak")
SOAK_USERS = 400
SOAK_DOMAIN = "soak.entraide.fr"
# The dead worker's tasks come back after this (600 s in production): seen within the run.
STALLED_AFTER_S = 30
SWEEP_EVERY_S = 10
MIX = {
    "agenda": 45, "action": 20, "json": 10, "join": 12, "cancel": 5, "message": 3, "inbox": 5,
}  # fmt: skip
CONFIRMED_SUBJECT = "Inscription confirmée"
OFFERED_SUBJECT = "Une place s’est libérée"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- The SMTP sink --------------------------------------------------------------------------


class Sink:
    """Every message received: (recipient, subject, Message-ID)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[tuple[str, str, str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=email_policy.default)
        with self.lock:
            for to in envelope.rcpt_tos:
                self.messages.append((to, str(message["subject"]), str(message["message-id"])))
        return "250 Message accepted for delivery"


# --- Preparing the database (run in a child process with Django set up) ----------------------


def prepare() -> None:
    """Soak users with open sessions, the slots they join (some made small, so that the
    waiting list fills and cancellations make offers), and the pages they read. Prints JSON."""
    import django

    django.setup()
    from datetime import timedelta
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from entraide.accounts.models import User
    from entraide.actions import services
    from entraide.actions.models import Slot
    from entraide.organisations.enums import Role
    from entraide.organisations.models import Organisation
    from entraide.territories.models import Territory

    password = make_password(None)
    User.objects.bulk_create(
        [
            User(email=f"soak{n}@{SOAK_DOMAIN}", password=password, first_name=f"Soak{n}")
            for n in range(SOAK_USERS)
        ]
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    people = []
    for user in User.objects.filter(email__endswith=f"@{SOAK_DOMAIN}").order_by("pk"):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append({"id": user.pk, "session": session.session_key})
    slots = list(
        Slot.objects.filter(
            is_listed=True,
            capacity__isnull=False,
            starts_at__gt=timezone.now() + timedelta(days=3),
            action__requires_approval=False,
        )
        .select_related("action__organisation")
        .order_by("pk")[:200]
    )
    for slot in slots[:60]:  # a few places each: the waiting list fills within minutes
        owner = slot.action.organisation.memberships.filter(role=Role.OWNER).first()
        if owner is not None and slot.seats_taken <= 2:
            services.change_slot_capacity(owner.person, slot, capacity=3)
    territories = list(Territory.objects.values_list("slug", flat=True))
    organisations = list(Organisation.objects.verified().values_list("slug", flat=True)[:50])
    print(
        json.dumps(
            {
                "people": people,
                "slots": [slot.pk for slot in slots],
                "actions": sorted({slot.action_id for slot in slots}),
                "territories": territories,
                "organisations": organisations,
            }
        )
    )


# --- The clients ----------------------------------------------------------------------------


class Clients:
    def __init__(self, port: int, world: dict[str, Any], seed: int = 1) -> None:
        self.port = port
        self.world = world
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.dropped = 0
        self.joined: set[tuple[int, int]] = set()
        self.asked = 0
        self.csrf = secrets.token_hex(16)  # any 32 characters: the cookie and the header agree

    def request(self, method: str, path: str, person: dict[str, Any] | None = None,
                form: dict[str, str] | None = None) -> int:  # fmt: skip
        headers = {"Host": "127.0.0.1", "Connection": "close"}
        if person is not None:
            headers["Cookie"] = f"sessionid={person['session']}; csrftoken={self.csrf}"
            headers["X-CSRFToken"] = self.csrf
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            connection.close()
        except (OSError, http.client.HTTPException):
            with self.lock:
                self.dropped += 1
            return 0
        with self.lock:
            self.statuses[status] += 1
        return status

    def one(self) -> None:
        with self.lock:
            kind = self.random.choices(list(MIX), weights=list(MIX.values()))[0]
            person = self.random.choice(self.world["people"])
            self.asked += 1
            n = self.asked
        getattr(self, f"_{kind}")(person, n)

    def _agenda(self, person: dict[str, Any], n: int) -> None:
        rng = random.Random(n)
        territory = rng.choice(self.world["territories"])
        params: dict[str, Any] = {"q": rng.choice(["", "", "jardin", "repas", "sport", "aide"])}
        if rng.random() < 0.5:
            params["radius"] = rng.choice([2, 5, 10, 20])
        params["page"] = rng.choice([1, 1, 1, 2])
        params["n"] = n  # every question asked once
        self.request("GET", f"/{territory}/agenda/?{urlencode(params)}", person if n % 2 else None)

    def _action(self, person: dict[str, Any], n: int) -> None:
        action = random.Random(n).choice(self.world["actions"])
        self.request("GET", f"/actions/{action}/", person if n % 2 else None)

    def _json(self, person: dict[str, Any], n: int) -> None:
        rng = random.Random(n)
        params = {
            "territory": rng.choice(self.world["territories"]),
            "q": rng.choice(["", "jardin", "repas", "sport", "aide"]),
            "page": rng.choice([1, 1, 2]),
            "page_size": rng.choice([10, 20, 50]),
        }
        self.request("GET", f"/api/v1/actions?{urlencode(params)}")

    def _join(self, person: dict[str, Any], n: int) -> None:
        with self.lock:
            slot = self.random.choice(self.world["slots"])
            if (person["id"], slot) in self.joined:
                return
            self.joined.add((person["id"], slot))
        self.request("POST", f"/actions/creneaux/{slot}/participer/", person, {})

    def _cancel(self, person: dict[str, Any], n: int) -> None:
        participation = self.world["confirmed_of"](person["id"])
        if participation is not None:
            self.request("POST", f"/actions/participations/{participation}/annuler/", person,
                         {"reason": "unavailable", "detail": ""})  # fmt: skip

    def _message(self, person: dict[str, Any], n: int) -> None:
        slug = random.Random(n).choice(self.world["organisations"])
        self.request("POST", f"/organisations/{slug}/contacter/", person, {
            "subject": f"Question numéro {n}", "body": "Bonjour, comment puis-je aider ? Merci.",
        })  # fmt: skip

    def _inbox(self, person: dict[str, Any], n: int) -> None:
        self.request("GET", "/messages/", person)


def closed_loop_rps(clients: Clients, seconds: float, threads: int = 8) -> float:
    stop_at = time.perf_counter() + seconds
    done = Counter[str]()

    def run() -> None:
        while time.perf_counter() < stop_at:
            clients.one()
            done["n"] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return done["n"] / (time.perf_counter() - started)


def open_loop(clients: Clients, rps: float, seconds: float, faults: list[tuple[float, Any]]) -> int:
    """`rps` requests a second whatever the answers' speed, at most 64 in flight: when the
    server falls that far behind, a request waits for a free client (counted as late) instead
    of piling up after the end. Returns how many were late."""
    started = time.perf_counter()
    pending = sorted(faults, key=lambda fault: fault[0])
    in_flight = threading.BoundedSemaphore(64)
    late = 0

    def one() -> None:
        try:
            clients.one()
        finally:
            in_flight.release()

    with ThreadPoolExecutor(max_workers=64) as pool:
        n = 0
        while (elapsed := time.perf_counter() - started) < seconds:
            while pending and elapsed >= pending[0][0] * seconds:
                threading.Thread(target=pending.pop(0)[1]).start()
            due = started + n / rps
            if due > time.perf_counter():
                time.sleep(due - time.perf_counter())
            if not in_flight.acquire(blocking=False):
                late += 1
                in_flight.acquire()
            pool.submit(one)
            n += 1
    return late


# --- The processes --------------------------------------------------------------------------


class Processes:
    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env = env
        self.port = port
        self.worker: subprocess.Popen[bytes] | None = None
        self.web: subprocess.Popen[bytes] | None = None
        self.kills: list[str] = []
        # The processes' own output, for a look afterwards.
        self.log = (ROOT / "var" / "soak.log").open("w")

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--verbosity", "0"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def kill_worker(self) -> None:
        assert self.worker is not None
        self.worker.send_signal(signal.SIGKILL)
        self.worker.wait()
        self.kills.append(f"task worker {time.strftime('%H:%M:%S')}")
        log("soak: task worker killed (SIGKILL); restarting it in 3 s")
        time.sleep(3)
        self.start_worker()

    def start_web(self) -> None:
        gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
        self.web = subprocess.Popen(  # noqa: S603 - gunicorn from the venv
            [gunicorn, "bench.wsgi:application", "--workers", "2", "--bind",
             f"127.0.0.1:{self.port}", "--chdir", str(ROOT), "--log-level", "warning",
             "--timeout", "60"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def kill_web_worker(self) -> None:
        assert self.web is not None
        children = Path(f"/proc/{self.web.pid}/task/{self.web.pid}/children").read_text().split()
        if children:
            os.kill(int(children[0]), signal.SIGKILL)
            self.kills.append(f"web worker {time.strftime('%H:%M:%S')}")
            log(f"soak: web worker {children[0]} killed (SIGKILL)")

    def stop(self) -> None:
        for process in (self.web, self.worker):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


# --- Judging --------------------------------------------------------------------------------


def database(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def confirmed_picker(url: str) -> Any:
    """A confirmed participation of a person (what the client's « Annuler » button points at)."""
    local = threading.local()

    def pick(person_id: int) -> int | None:
        if not hasattr(local, "db"):
            local.db = database(url)
        row = local.db.execute(
            "SELECT p.id FROM actions_participation p WHERE p.person_id = %s "
            "AND p.status = 'confirmed' ORDER BY random() LIMIT 1",
            (person_id,),
        ).fetchone()
        return row[0] if row else None

    return pick


def drained(db: Any) -> bool:
    waiting = db.execute(
        "SELECT count(*) FROM core_outgoingemail WHERE status IN ('queued', 'sending')"
    ).fetchone()[0]
    tasks = db.execute(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE "
        "(status = 'READY' AND run_after <= now()) OR status = 'RUNNING'"
    ).fetchone()[0]
    return waiting == 0 and tasks == 0


def judge(db: Any, sink: Sink) -> dict[str, int]:
    """Per person and action: a confirmed participation had exactly one confirmation, an
    offered place one offer. A participation cancelled before its confirmation left had none,
    by design (tell_participant tells the latest state only): at most one is allowed there."""
    due: Counter[tuple[str, str, str]] = Counter()  # must have arrived
    allowed: Counter[tuple[str, str, str]] = Counter()  # may have arrived
    rows = db.execute(
        "SELECT u.email, p.status, a.title FROM actions_participation p JOIN accounts_user u "
        "ON u.id = p.person_id JOIN actions_slot s ON s.id = p.slot_id JOIN actions_action a "
        "ON a.id = s.action_id WHERE u.email LIKE %s",
        (f"%@{SOAK_DOMAIN}",),
    ).fetchall()
    for address, status, title in rows:
        if status == "confirmed":
            due[(address, CONFIRMED_SUBJECT, title)] += 1
        if status in ("confirmed", "cancelled"):
            allowed[(address, CONFIRMED_SUBJECT, title)] += 1
        if status == "offered":
            due[(address, OFFERED_SUBJECT, title)] += 1
            allowed[(address, OFFERED_SUBJECT, title)] += 1
    received: Counter[tuple[str, str, str]] = Counter()
    with sink.lock:
        messages = list(sink.messages)
    for to, subject, _message_id in messages:
        for known in (CONFIRMED_SUBJECT, OFFERED_SUBJECT):
            if f"{known} : " in subject and to.endswith(f"@{SOAK_DOMAIN}"):
                received[(to, known, subject.split(f"{known} : ", 1)[1])] += 1
    keys = set(due) | set(allowed) | set(received)
    lost = sum(max(0, due[key] - received[key]) for key in keys)
    extra = sum(max(0, received[key] - allowed[key]) for key in keys)
    same_id = len(messages) - len({message_id for _to, _subject, message_id in messages})
    overbooked = db.execute(
        "SELECT count(*) FROM actions_slot s WHERE s.capacity IS NOT NULL AND "
        "(s.seats_taken > s.capacity OR (SELECT coalesce(sum(1 + p.companions), 0) FROM "
        "actions_participation p WHERE p.slot_id = s.id AND p.status IN ('confirmed', "
        "'offered')) > s.capacity)"
    ).fetchone()[0]
    return {
        "soak_expected_emails": sum(due.values()),
        "soak_lost_emails": lost,
        "soak_duplicate_emails": extra + same_id,
        "soak_overbooked": overbooked,
        "soak_emails_received": len(messages),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--share", type=float, default=0.8)
    parser.add_argument("--measure-seconds", type=float, default=60.0)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return
    from aiosmtpd.controller import Controller

    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    port = free_port()
    url = f"{POSTGRES_SERVER}/{SOAK_DB}"
    postgres_admin(f"DROP DATABASE IF EXISTS {SOAK_DB} WITH (FORCE)")
    postgres_admin(f"CREATE DATABASE {SOAK_DB}")
    env = django_env(url)
    env.update(
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port), DJANGO_SETTINGS_MODULE="bench.settings",
        TASKS_STALLED_AFTER_SECONDS=str(STALLED_AFTER_S), TASKS_SWEEP_SECONDS=str(SWEEP_EVERY_S),
        SITE_URL=f"http://127.0.0.1:{port}",
    )  # fmt: skip
    log(f"soak: preparing {SOAK_DB} (migrate, communes, demo)")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_communes")
    manage(env, "load_demo", "--seed", "1")
    prepared = subprocess.run(  # noqa: S603 - this script
        [PYTHON, __file__, "--prepare"], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    world = json.loads(prepared.stdout.strip().splitlines()[-1])
    world["confirmed_of"] = confirmed_picker(url)
    log(f"soak: {len(world['people'])} people, {len(world['slots'])} slots")
    manage(env, "start_recurring_tasks")
    processes = Processes(env, port)
    processes.start_worker()
    processes.start_web()
    clients = Clients(port, world)
    try:
        for _ in range(150):
            if clients.request("GET", "/bench/minimal") == 200:
                break
            time.sleep(0.2)
        clients.statuses.clear()
        clients.dropped = 0
        most = closed_loop_rps(clients, args.measure_seconds)
        target = round(most * args.share, 1)
        log(f"soak: the mix's most is {most:.1f} requests/s; soaking at {target}")
        clients.statuses.clear()
        seconds = args.minutes * 60
        faults = [
            (0.2, processes.kill_worker),
            (0.5, processes.kill_web_worker),
            (0.8, processes.kill_worker),
        ]
        started = time.perf_counter()
        late = open_loop(clients, target, seconds, faults)
        elapsed = time.perf_counter() - started
        log("soak: load over; waiting for the queue to drain")
        db = database(url)
        deadline = time.monotonic() + 300
        while not drained(db) and time.monotonic() < deadline:
            time.sleep(2)
        time.sleep(2)  # the last messages reach the sink
        requests = sum(clients.statuses.values()) + clients.dropped
        figures = {
            "soak_requests": requests,
            "soak_rps": round(requests / elapsed, 1),
            "soak_most_rps": round(most, 1),
            "soak_target_rps": target,
            "soak_5xx": sum(n for status, n in clients.statuses.items() if status >= 500),
            "soak_dropped": clients.dropped,
            "soak_late": late,
            "soak_drained": int(drained(db)),
            **judge(db, sink),
            "soak_statuses": dict(sorted(clients.statuses.items())),
            "soak_kills": processes.kills,
        }
    finally:
        processes.stop()
        smtp.stop()
    (ROOT / "bench" / "last-soak.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(
        " ".join(
            f"{key}={value}"
            for key, value in figures.items()
            if not isinstance(value, (dict, list))
        )
    )


if __name__ == "__main__":
    main()

"""Real server processes for the capacity tests: gunicorn, as in production, against the test
database, and many simultaneous HTTP clients, each logged in as a different person.

The clients log in through sessions written straight into the session table (signing in 200
people through the log-in form would measure the password hasher, not the sign-ups)."""

import http.client
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string

from entraide.accounts.models import User
from entraide.actions.tests.concurrency_workers import child_environment, database_url

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).parent / "gunicorn"
# Any 32 letters make a valid CSRF secret: sent as the cookie and as the header, it passes
# Django's double-submit check (plain HTTP has no Referer check).
CSRF_TOKEN = "capacity" * 4


@dataclass(frozen=True)
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def address(self) -> tuple[str, int]:
        return "127.0.0.1", self.port

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@dataclass(frozen=True)
class Request:
    server: Server
    path: str
    session_key: str
    data: dict[str, str]


@dataclass(frozen=True)
class Response:
    request: Request
    status: int  # 0 when the server could not be reached
    location: str
    seconds: float
    error: str = ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(server: Server) -> bool:
    connection = http.client.HTTPConnection(*server.address, timeout=2)
    try:
        connection.request("GET", "/")
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


@contextmanager
def running_servers(
    log_folder: Path, *, count: int = 2, workers: int = 2, threads: int = 4, startup: float = 30
) -> Iterator[list[Server]]:
    """`count` gunicorn servers of `workers` processes each (threaded workers, so that each
    process runs several requests at once on several connections), all on the test database.
    Stopped when the block ends, whatever happens."""
    env = {**child_environment(database_url()), "LOG_LEVEL": "WARNING"}
    servers: list[Server] = []
    try:
        for n in range(count):
            port = free_port()
            log = log_folder / f"server-{n}.log"
            command = [
                str(GUNICORN), "entraide.wsgi:application",
                "--bind", f"127.0.0.1:{port}",
                "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
                "--backlog", "1024", "--timeout", "60", "--graceful-timeout", "2",
            ]  # fmt: skip
            with log.open("wb") as output:
                process = subprocess.Popen(  # noqa: S603 - our own command line
                    command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
                )
            servers.append(Server(port=port, process=process, log=log))
        deadline = time.monotonic() + startup
        for server in servers:
            while not _answers(server):
                if server.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"The server did not start:\n{server.log_text()}")
                time.sleep(0.2)
        yield servers
    finally:
        for server in servers:
            server.process.terminate()
        for server in servers:
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()


def log_in(people: Sequence[User]) -> dict[int, str]:
    """A session for each person, as logging in leaves it; returns their session keys."""
    store = SessionStore()
    expires = timezone.now() + timedelta(hours=1)
    sessions = {
        person.pk: Session(
            session_key=get_random_string(32),
            session_data=store.encode(
                {
                    SESSION_KEY: str(person.pk),
                    BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                    HASH_SESSION_KEY: person.get_session_auth_hash(),
                }
            ),
            expire_date=expires,
        )
        for person in people
    }
    Session.objects.bulk_create(sessions.values())
    return {pk: session.session_key for pk, session in sessions.items()}


def post(request: Request, timeout: float = 60) -> Response:
    """One form submission, as a browser sends it (session and CSRF cookies, CSRF header);
    redirects are not followed."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(*request.server.address, timeout=timeout)
    try:
        connection.request(
            "POST",
            request.path,
            body=urlencode(request.data),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={request.session_key}; csrftoken={CSRF_TOKEN}",
                "X-CSRFToken": CSRF_TOKEN,
                "Connection": "close",
            },
        )
        answer = connection.getresponse()
        answer.read()
        return Response(
            request, answer.status, answer.getheader("Location", ""), time.monotonic() - started
        )
    except OSError as error:
        return Response(request, 0, "", time.monotonic() - started, error=repr(error))
    finally:
        connection.close()


def fire_together(jobs: Sequence[Callable[[], Response]], *, timeout: float = 60) -> list[Response]:
    """Run every job in its own thread, all released at once by a barrier."""
    barrier = threading.Barrier(len(jobs), timeout=timeout)
    responses: list[Response] = []
    lock = threading.Lock()

    def run(job: Callable[[], Response]) -> None:
        barrier.wait()
        response = job()
        with lock:
            responses.append(response)

    threads = [threading.Thread(target=run, args=(job,), daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(timeout=max(deadline - time.monotonic(), 0.1))
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError(f"{sum(t.is_alive() for t in threads)} requests still running")
    return responses

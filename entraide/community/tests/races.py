"""The same service called at once from several threads, each with its own database
connection, as several server processes would call it: what the rows' locks must hold.
Not collected by pytest (its name does not start with test_)."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection

from entraide.core.exceptions import ActionRefused


def at_once(calls: list[Callable[[], Any]], *, timeout: float = 60) -> list[str]:
    """Each call in its own thread, all released together by a barrier. Returns, in the order
    of `calls`, "ok", "refused: <message>" (an ActionRefused, what the person reads) or
    "error: <exception>" (anything else: a bug)."""
    barrier = threading.Barrier(len(calls), timeout=timeout)
    results: list[str] = [""] * len(calls)

    def work(index: int, call: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            call()
            results[index] = "ok"
        except ActionRefused as refusal:
            results[index] = f"refused: {refusal}"
        except Exception as error:
            results[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(index, call), daemon=True)
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results

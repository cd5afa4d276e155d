"""The demo loaded once per test module: loading it takes about a minute on PostgreSQL, and
each loaded database is asserted on at length rather than loaded again per fact. Each test runs
in a savepoint rolled back after it; the whole load is rolled back after the module, as the
privacy matrix's world is (core/tests/test_privacy_matrix.py). A test that needs a real commit
or an empty database lives in test_load_demo_commits.py."""

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        # The Saint-Dizier agglomeration reaches into the Marne (51), hence three departments.
        call_command("load_communes", departments="51,52,75", force=True, verbosity=0)
        out = StringIO()
        call_command("load_demo", seed=1, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo: str, db: None) -> str:
    return loaded_demo

"""The loader on a database of its own: really committed, or without communes. Apart from
test_load_demo.py, whose module holds one loaded demo in a transaction for all its tests."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from entraide.organisations.models import Organisation
from entraide.territories.models import Territory


def _load_demo() -> str:
    out = StringIO()
    call_command("load_demo", seed=1, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_load_demo_queues_no_email_and_runs_once() -> None:
    # A real commit (no test transaction around it): the services' on_commit e-mails would go
    # out here through the tests' immediate task backend if the loader did not drop them.
    call_command("load_communes", departments="51,52,75", force=True, verbosity=0)
    _load_demo()
    loaded = Organisation.objects.count(), Territory.objects.count()

    output = _load_demo()

    assert mail.outbox == []
    assert (Organisation.objects.count(), Territory.objects.count()) == loaded
    assert "already loaded" in output


def test_load_demo_without_communes_asks_for_load_communes(db: None) -> None:
    with pytest.raises(CommandError, match="load_communes"):
        _load_demo()

"""Links in mails and feeds point to where `make run HOST=… PORT=…` serves, unless SITE_URL
says otherwise."""

import pytest

from entraide.core.tests.test_settings import run_manage

PRINT_ADDRESS = (
    "from django.conf import settings; print(settings.SITE_URL, *settings.ALLOWED_HOSTS)"
)
# A key of its own, so that these runs make no key file in the working tree.
SOME_KEY = "k" * 60


def development_address(**env: str) -> list[str]:
    environment = {"SECRET_KEY": SOME_KEY, "SITE_URL": "", **env}
    result = run_manage("shell", "-v", "0", "-c", PRINT_ADDRESS, **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    ("host", "port", "site_url"),
    [
        ("127.0.0.1", "9123", "http://127.0.0.1:9123"),
        ("localhost", "8080", "http://localhost:8080"),
        ("0.0.0.0", "8001", "http://127.0.0.1:8001"),  # noqa: S104 - what make run is given
        ("::1", "8002", "http://[::1]:8002"),
    ],
)
def test_make_run_on_another_address_writes_links_to_it(host, port, site_url):
    assert development_address(ENTRAIDE_HOST=host, ENTRAIDE_PORT=port)[0] == site_url


def test_make_run_on_a_named_host_answers_under_that_name():
    site_url, *allowed_hosts = development_address(
        ENTRAIDE_HOST="entraide.lan", ENTRAIDE_PORT="9000"
    )

    assert site_url == "http://entraide.lan:9000"
    assert "entraide.lan" in allowed_hosts


def test_site_url_when_set_wins_over_the_address_served():
    address = development_address(
        SITE_URL="https://entraide.example.org/",
        ENTRAIDE_HOST="0.0.0.0",  # noqa: S104 - what make run is given
        ENTRAIDE_PORT="9000",
    )

    assert address[0] == "https://entraide.example.org"


def test_without_host_or_port_links_go_to_the_default_address():
    assert development_address()[0] == "http://127.0.0.1:8000"


def test_a_port_that_is_not_a_number_stops_the_start_with_a_clear_message():
    result = run_manage("check", SECRET_KEY=SOME_KEY, ENTRAIDE_PORT="huit-mille")

    assert result.returncode != 0
    assert "ENTRAIDE_PORT must be an integer" in result.stderr

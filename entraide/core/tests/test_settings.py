"""The production settings start only with a real secret key, and pass `check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
# What the test run itself sets (the browser tests allow async-unsafe calls, for instance).
ENVIRONMENT_OF_THE_TESTS = {
    "SECRET_KEY",
    "DJANGO_ENV",
    "ALLOWED_HOSTS",
    "DEBUG",
    "ENTRAIDE_TESTING",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in ENVIRONMENT_OF_THE_TESTS
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "-W", "ignore::DeprecationWarning", "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def production_env() -> dict[str, str]:
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(45)[:60],
        "ALLOWED_HOSTS": "entraide.example.org",
    }


def test_production_settings_pass_check_deploy(production_env):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env)

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_refuses_to_start(production_env):
    result = run_manage("check", **{**production_env, "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_production_with_the_demo_secret_key_refuses_to_start(production_env):
    result = run_manage("check", **{**production_env, "SECRET_KEY": settings.DEMO_SECRET_KEY})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_with_a_short_secret_key_refuses_to_start(production_env):
    result = run_manage("check", **{**production_env, "SECRET_KEY": "court"})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr

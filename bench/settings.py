"""The application's settings with the bench's URLs in front (bench/urls.py)."""

from entraide.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

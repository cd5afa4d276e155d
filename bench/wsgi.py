"""entraide's WSGI application with the bench's settings (its URLs add /bench/minimal)."""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

from entraide.wsgi import application

__all__ = ["application"]

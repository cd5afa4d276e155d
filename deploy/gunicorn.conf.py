"""Gunicorn settings for entraide: `gunicorn -c deploy/gunicorn.conf.py` (see the systemd unit).

nginx terminates TLS and proxies to 127.0.0.1:8000; Django trusts its X-Forwarded-Proto.
"""

import os

wsgi_app = "entraide.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two synchronous workers suit one small machine; raise with the CPU count (2 × cores + 1 at most).
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = 30
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
# Logs go to stdout/stderr, hence to the journal.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

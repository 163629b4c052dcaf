"""Kausa settings: everything comes from the environment (see README.md).

Production only hardens; nothing exists only in production.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kausa.core.env import env_bool, env_choice, env_int, env_list, env_secret, env_str
from kausa.core.file_storage import upload_storage
from kausa.core.rates import env_rate

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent

KAUSA_ENV = env_choice("KAUSA_ENV", ("development", "production", "test"), "development")
PRODUCTION = KAUSA_ENV == "production"
DATA_DIR = Path(env_str("KAUSA_DATA_DIR", str(BASE_DIR / "var"))).resolve()
# the shared offer index of this machine (kausa build-offer-index; kausa.matching.index)
KAUSA_OFFER_INDEX_DIR = env_str("KAUSA_OFFER_INDEX_DIR", str(DATA_DIR / "offer-index"))

SECRET_KEY = env_secret("KAUSA_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "KAUSA_SECRET_KEY (or KAUSA_SECRET_KEY_FILE) must be set when KAUSA_ENV=production."
        )
    SECRET_KEY = "django-insecure-kausa-development-key-never-use-in-production"  # noqa: S105
elif PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("KAUSA_SECRET_KEY must be at least 50 characters in production.")

DEBUG = env_bool("KAUSA_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("KAUSA_DEBUG must not be true in production.")

# The one canonical origin: every absolute link (mails, QR codes, iCal, feeds, API, PDFs,
# reminders) is built from it (kausa.core.links), never from the request.
_site_url = env_str("KAUSA_SITE_URL").strip()
if not _site_url:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "KAUSA_SITE_URL must be set when KAUSA_ENV=production "
            "(the address people use, e.g. https://kausa.example.org)."
        )
    _site_url = "http://127.0.0.1:8000"
_site = urlsplit(_site_url)
if _site.scheme not in ("http", "https") or not _site.hostname or _site.query or _site.fragment:
    raise ImproperlyConfigured(
        f"KAUSA_SITE_URL must be an http(s) address like https://kausa.example.org, "
        f"got {_site_url!r}"
    )
SITE_URL = _site_url.rstrip("/")
SITE_ORIGIN = f"{_site.scheme}://{_site.netloc}"

ALLOWED_HOSTS = env_list(
    "KAUSA_ALLOWED_HOSTS",
    [_site.hostname] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", _site.hostname],
)
CSRF_TRUSTED_ORIGINS = env_list("KAUSA_CSRF_TRUSTED_ORIGINS", [SITE_ORIGIN])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_rq",
    "django_tasks_rq",
    "kausa.core",
    "kausa.accounts",
    "kausa.reference",
    "kausa.companies",
    "kausa.people",
    "kausa.counselling",
    "kausa.matching",
    "kausa.jobwalk",
    "kausa.events",
    "kausa.network",
    "kausa.alerts",
    "kausa.privacy",
    "kausa.reporting",
    "kausa.api",
    "kausa.workspace",
    "kausa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kausa.core.middleware.SecurityHeadersMiddleware",
    "kausa.core.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kausa.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # after CSRF and authentication: counts public writes of anonymous clients (429)
    "kausa.core.ratelimit.PublicWriteLimitMiddleware",
]

ROOT_URLCONF = "kausa.urls"
WSGI_APPLICATION = "kausa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kausa.workspace.context_processors.kausa",
            ],
        },
    },
]

# --- database -------------------------------------------------------------
_default_db = f"sqlite:///{DATA_DIR / 'kausa.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", _default_db) or _default_db,
            conn_max_age=env_int("KAUSA_DB_CONN_MAX_AGE", 60),  # persistent, checked before reuse
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # a fresh data directory: `kausa migrate` creates the SQLite file, not its folder
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and tasks --------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
# Seconds: a dead or hung Redis costs a request at most this long (then the fallbacks of
# kausa.core.cache_safe and the task backend apply); normal answers take milliseconds.
KAUSA_REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
if REDIS_URL:
    _rq_url = REDIS_URL + ("&" if "?" in REDIS_URL else "?")
    _rq_url += "&".join(f"{k}={v}" for k, v in KAUSA_REDIS_CACHE_OPTIONS.items())
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": KAUSA_REDIS_CACHE_OPTIONS,
            "KEY_PREFIX": env_str("KAUSA_CACHE_PREFIX", "kausa"),
        }
    }
    # (an RQ worker raises the read timeout of its own connection for its blocking waits)
    RQ_QUEUES = {"default": {"URL": _rq_url, "DEFAULT_TIMEOUT": 600}}
    # RQ; with Redis unreachable a task runs in-process instead of being lost
    TASKS = {
        "default": {"BACKEND": "kausa.core.task_backend.FailSafeRQBackend", "QUEUES": ["default"]}
    }
    # Sessions read from Redis and written to the database too (Django's cached_db): valid
    # on every app server; a Redis restart or outage logs nobody out (kausa.core.sessions).
    SESSION_ENGINE = "kausa.core.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    RQ_QUEUES = {}
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if env_bool("KAUSA_TASKS_IMMEDIATE", default=False):
    # Tests and one-process set-ups run tasks in-process even when Redis serves the cache.
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- limits and health ------------------------------------------------------------------
# Public writes per client address (pages and API; JOBWALK walks count apart) and per
# e-mail address or phone number sent, e.g. "20/h", "100/15m", "off" (kausa.core.ratelimit).
KAUSA_RATELIMIT_PUBLIC_WRITES = env_rate("KAUSA_RATELIMIT_PUBLIC_WRITES", "20/h")
KAUSA_RATELIMIT_JOBWALK = env_rate("KAUSA_RATELIMIT_JOBWALK", "600/h")
KAUSA_RATELIMIT_PER_CONTACT = env_rate("KAUSA_RATELIMIT_PER_CONTACT", "5/h")
# Reverse proxies in front that append the client to X-Forwarded-For (0: none, trust nobody).
KAUSA_PROXY_COUNT = env_int("KAUSA_PROXY_COUNT", 0)
# /healthz fails when a task has waited longer (seconds) or the data directory runs full.
KAUSA_HEALTH_QUEUE_MAX_AGE = env_int("KAUSA_HEALTH_QUEUE_MAX_AGE", 900)
KAUSA_HEALTH_MIN_FREE_MB = env_int("KAUSA_HEALTH_MIN_FREE_MB", 500)

# --- auth -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:staff_home"
LOGOUT_REDIRECT_URL = "workspace:landing"
# Lock-out per user *and* address: another address cannot lock a victim out.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # reset and invitation links work for three days
AXES_FAILURE_LIMIT = env_int("KAUSA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours: the lock-out expires by itself
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10
CSRF_COOKIE_HTTPONLY = True

# --- i18n -------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("fa", _("Persian")),
    ("ru", _("Russian")),
]
LANGUAGES_BIDI = ["ar", "fa", "he", "ur"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- static -----------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    # uploads: a private S3 bucket when KAUSA_S3_BUCKET is set (several app servers), else
    # MEDIA_ROOT (kausa.core.file_storage)
    "default": upload_storage(),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"

# --- security headers -------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
KAUSA_TILE_URL = env_str("KAUSA_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# the operator of this installation, named on the Impressum, privacy notice and
# accessibility statement (kausa.workspace.views_public)
KAUSA_OPERATOR_NAME = env_str("KAUSA_OPERATOR_NAME", "KAUSA Demo-Träger e. V.")
KAUSA_OPERATOR_ADDRESS = env_str(
    "KAUSA_OPERATOR_ADDRESS", "Musterstraße 1, 10115 Berlin, Deutschland"
)
KAUSA_OPERATOR_EMAIL = env_str("KAUSA_OPERATOR_EMAIL", "kontakt@kausa.example")
KAUSA_DPO_EMAIL = env_str("KAUSA_DPO_EMAIL", "datenschutz@kausa.example")
# video rooms of online events and speed dating: <base>kausa-<random key>[-company-room]
KAUSA_VIDEO_ROOM_BASE_URL = env_str("KAUSA_VIDEO_ROOM_BASE_URL", "https://meet.kausa.example/")
if not KAUSA_VIDEO_ROOM_BASE_URL.endswith("/"):
    KAUSA_VIDEO_ROOM_BASE_URL += "/"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("KAUSA_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("KAUSA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Every mail passes the per-recipient cap (kausa.core.mail), then the configured backend.
EMAIL_BACKEND = "kausa.core.mail.RecipientLimitedBackend"
KAUSA_EMAIL_BACKEND = env_str(
    "KAUSA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
if KAUSA_EMAIL_BACKEND == EMAIL_BACKEND:
    raise ImproperlyConfigured("KAUSA_EMAIL_BACKEND must name the backend that delivers mail.")
KAUSA_MAIL_PER_RECIPIENT_PER_HOUR = env_int("KAUSA_MAIL_PER_RECIPIENT_PER_HOUR", 5)
DEFAULT_FROM_EMAIL = env_str("KAUSA_FROM_EMAIL", "kausa@localhost")
# SMTP (with KAUSA_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend)
EMAIL_HOST = env_str("KAUSA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KAUSA_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KAUSA_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("KAUSA_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("KAUSA_EMAIL_STARTTLS", default=False)
EMAIL_USE_SSL = env_bool("KAUSA_EMAIL_SSL", default=False)
EMAIL_TIMEOUT = env_int("KAUSA_EMAIL_TIMEOUT", 20)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("KAUSA_EMAIL_STARTTLS and KAUSA_EMAIL_SSL exclude each other.")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# with KAUSA_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: one file per
# connection in this directory (a test or staging server that must not mail anyone)
EMAIL_FILE_PATH = env_str("KAUSA_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KAUSA_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

NINJA_PAGINATION_MAX_LIMIT = 100
OTP_TOTP_ISSUER = "Kausa"

# Outside production WhiteNoise serves straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

"""Settings shared by every environment. Everything that differs between machines comes from the
environment (SALESDESK_* and DATABASE_URL); local.py, test.py and production.py only set defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from salesdesk.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = PACKAGE_DIR.parents[1]
VAR_DIR = Path(env_str("SALESDESK_VAR_DIR", str(PROJECT_DIR / "var")))

SECRET_KEY = env_str("SALESDESK_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("SALESDESK_DEBUG", False)
ALLOWED_HOSTS = env_list("SALESDESK_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("SALESDESK_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SALESDESK_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # First, so our sign-in, password and sign-out pages win over the admin's templates of the same name.
    "salesdesk.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "simple_history",
    "django_tasks_db",
    "crontask",
    "salesdesk.core",
    "salesdesk.org",
    "salesdesk.worklist",
    "salesdesk.customers",
    "salesdesk.prospects",
    "salesdesk.pipeline",
    "salesdesk.catalog",
    "salesdesk.orders",
    "salesdesk.contracts",
    "salesdesk.planning",
    "salesdesk.reports",
    "salesdesk.performance",
    "salesdesk.transfer",
    "salesdesk.search",
    "salesdesk.api",
    "salesdesk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "salesdesk.core.request_memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "salesdesk.org.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "salesdesk.config.urls"
WSGI_APPLICATION = "salesdesk.config.wsgi.application"
ASGI_APPLICATION = "salesdesk.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "salesdesk.web.context_processors.shell",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]


def _database() -> dict[str, Any]:
    default_sqlite = f"sqlite:///{VAR_DIR / 'salesdesk.sqlite3'}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(env_str("DATABASE_URL", default_sqlite), conn_max_age=60)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL and a busy timeout let the web server, worker and scheduler share one SQLite file.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
        config["CONN_MAX_AGE"] = 0
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "worklist:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Failed logins per username and per client address before the login form stops trying.
LOGIN_THROTTLE_ATTEMPTS = env_int("SALESDESK_LOGIN_THROTTLE_ATTEMPTS", 5)
LOGIN_THROTTLE_WINDOW_SECONDS = env_int("SALESDESK_LOGIN_THROTTLE_WINDOW", 15 * 60)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "salesdesk_cache",
    }
}
if env_str("SALESDESK_REDIS_URL", ""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("SALESDESK_REDIS_URL"),
    }

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("zh-hans", _("Simplified Chinese")),
    ("bg", _("Bulgarian")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["salesdesk.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("SALESDESK_TIME_ZONE", "Europe/Berlin")

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("SALESDESK_STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("SALESDESK_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Django 6.1 mailers: SMTP configured from the environment.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("SALESDESK_EMAIL_HOST", "localhost"),
            "port": env_int("SALESDESK_EMAIL_PORT", 25),
            "username": env_str("SALESDESK_EMAIL_USER", ""),
            "password": env_str("SALESDESK_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("SALESDESK_EMAIL_TLS", False),
            "timeout": 20,
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("SALESDESK_FROM_EMAIL", "Salesdesk <salesdesk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
CRONTASK = {"REDIS_URL": env_str("SALESDESK_REDIS_URL", "") or None}

# Content Security Policy: everything is served by us, so nothing else is allowed.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LOG_FORMAT = env_str("SALESDESK_LOG_FORMAT", "json")
LOG_LEVEL = env_str("SALESDESK_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "salesdesk.core.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)-7s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "apscheduler": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO; its warnings (a missing font) still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The rollups' covering index (planning.SalesActual) is a PostgreSQL feature; on the embedded SQLite
# it is a plain index, which is all that database needs at its size.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

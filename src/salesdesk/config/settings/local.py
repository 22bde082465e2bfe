"""`make run`: the product on one machine with its embedded SQLite database (or DATABASE_URL)."""

from salesdesk.config.env import env_bool, env_str
from salesdesk.config.settings.base import *  # noqa: F403
from salesdesk.config.settings.base import VAR_DIR

DEBUG = env_bool("SALESDESK_DEBUG", True)
LOG_FORMAT = env_str("SALESDESK_LOG_FORMAT", "plain")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # type: ignore[index]  # noqa: F405
# Without an SMTP server configured, mail is written to files a developer can open.
if env_str("SALESDESK_EMAIL_HOST", "") == "":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }

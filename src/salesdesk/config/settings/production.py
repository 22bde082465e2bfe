"""Production: secrets required from the environment, HTTPS everywhere, `check --deploy` clean."""

from salesdesk.config.env import env_bool, env_int, env_str
from salesdesk.config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("SALESDESK_SECRET_KEY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SALESDESK_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SALESDESK_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

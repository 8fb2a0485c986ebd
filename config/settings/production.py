"""Settings for production: everything secret or host-specific comes from the
environment (read in base.py); the server refuses to start without it."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    DATABASES,
    DEBUG,
    LOG_LEVEL,
    MIDDLEWARE,
    PRODUCTION_CONN_MAX_AGE,
    PRODUCTION_HSTS_SECONDS,
    PRODUCTION_SECURE_COOKIES,
    PRODUCTION_SSL_REDIRECT,
    REDIS_URL,
    S3_ACCESS_KEY,
    S3_BUCKET,
    S3_ENDPOINT_URL,
    S3_REGION,
    S3_SECRET_KEY,
    SECRET_KEY,
    STORAGES,
)

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if len(SECRET_KEY) < 50 or not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "SECRET_KEY (50 characters or more) and ALLOWED_HOSTS must be set."
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured(
        "Production runs on PostgreSQL: set DATABASE_URL (SQLite is for development "
        "only, see docs/deploy.md)."
    )

# Each gunicorn worker keeps its database connection for a minute, checked before
# reuse: a restarted PostgreSQL costs one failed check, not a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = PRODUCTION_CONN_MAX_AGE
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# HTTPS, behind a proxy that terminates TLS and says so.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = PRODUCTION_SSL_REDIRECT
SECURE_HSTS_SECONDS = PRODUCTION_HSTS_SECONDS
SESSION_COOKIE_SECURE = PRODUCTION_SECURE_COOKIES
CSRF_COOKIE_SECURE = PRODUCTION_SECURE_COOKIES
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Static files served by the application server itself, compressed and cache-busted.
MIDDLEWARE = [
    MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded files (agreements, mission documents, pending imports): local disk by
# default, S3-compatible storage when a bucket is configured, so that every worker on
# every host reads the same files.
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": S3_REGION or None,
            "access_key": S3_ACCESS_KEY or None,
            "secret_key": S3_SECRET_KEY or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# A cache shared by every worker (rendered sheets, sessions): Redis when configured,
# the database otherwise (`manage.py createcachetable`). Never one process's memory.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 60 * 60 * 24 * 7,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "TIMEOUT": 60 * 60 * 24 * 7,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# One JSON object per line on stdout: what a log collector reads.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "filters": {"forbidden_one_line": {"()": "core.logging.ForbiddenOneLine"}},
    "loggers": {
        # a 403 is one line (who, what URL), not a traceback
        "django.request": {"filters": ["forbidden_one_line"]},
        "django.db.backends": {"level": "WARNING"},
        "django.security.DisallowedHost": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

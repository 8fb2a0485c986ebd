"""Settings for the test suite (pytest)."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-a-secret-key-0123456789abcdefghijklmnop"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, inside the request that enqueues them; the tests of the worker
# itself switch back to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The catalogue tests check its content in the request; tests/core/test_jobs.py lowers
# this to see a catalogue made in the background.
SHEET_CATALOGUE_IN_REQUEST = 1000
# On SQLite the test database is a file, not memory, so that a real task worker (a
# process of its own, tests/core/test_jobs.py) reads what the tests enqueue. Under
# pytest-xdist (`make test` runs the suite in parallel) pytest-django adds each
# worker's name to it: .test-db.sqlite3_gw0, _gw1... (on PostgreSQL: test_portal_gw0).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
# Uploads of the tests that do not give their own folder: out of the media/ of `make
# run`, one folder per xdist worker and database (`make test` and `make test-pg` may
# run at once).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
DATABASE_VENDOR = DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media" / f"{DATABASE_VENDOR}-{XDIST_WORKER}"  # noqa: F405
# The API's rate limits (REST_FRAMEWORK above): high enough for the property-based
# runs; tests/portal/test_api_tokens.py lowers them to see a 429.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"token": "100000/hour", "session": "100000/hour"},
}

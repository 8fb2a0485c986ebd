"""Settings shared by every environment.

This module is the one place that reads the environment: the other settings modules
only adjust what is read here.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# SQLite (development only): concurrent saves answered 500 "database is locked".
# WAL lets readers and one writer work at once; IMMEDIATE transactions take the write
# lock when they begin, so a transaction that read first never meets a writer it
# cannot wait for; the busy time-out makes the others wait instead of failing.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **SQLITE_OPTIONS,
        **DATABASES["default"].get("OPTIONS", {}),
    }
# PostgreSQL: no server-side cursors. `.iterator()` (the options of every select of a
# form) opened one per field and per request; behind PgBouncer in transaction pooling
# a cursor would not outlive the transaction that declared it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# Read here, applied by config/settings/production.py only: a worker keeps its
# connection between requests (opening one costs a few milliseconds per request).
PRODUCTION_CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=60)
REDIS_URL = env("REDIS_URL", default="")
# Read here, applied by config/settings/production.py only.
PRODUCTION_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
PRODUCTION_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
PRODUCTION_SECURE_COOKIES = env.bool("SECURE_COOKIES", default=True)
S3_BUCKET = env("S3_BUCKET", default="")
S3_ENDPOINT_URL = env("S3_ENDPOINT_URL", default="")
S3_REGION = env("S3_REGION", default="")
S3_ACCESS_KEY = env("S3_ACCESS_KEY", default="")
S3_SECRET_KEY = env("S3_SECRET_KEY", default="")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
# Sessions: logged out after SESSION_IDLE_TIMEOUT seconds without a request, and in
# any case SESSION_COOKIE_AGE seconds after logging in (core.middleware).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=3 * 60 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
# Brute force (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=30)
# A fixed page at /bench/bare/, no database: what the load benchmarks compare the
# pages with. Off unless a benchmark turns it on (bench/server.py does).
BENCH_BARE_VIEW = env.bool("BENCH_BARE_VIEW", default=False)
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portail@localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "import_export",
    "simple_history",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our static files
    # the layers, from the floor up (pyproject.toml's import contracts hold them)
    "core",
    "partnerships",
    "projects",
    "missions",
    "evaluations",
    "imports",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # after the authentication: the language of the person's account, on every device
    "portal.middleware.AccountLanguageMiddleware",
    "core.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last, as django-axes asks: it turns a lockout into the lockout page
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login
    # Django's ModelBackend, reading the account's preferences with the user
    "portal.backends.PortalModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_RESET_ON_SUCCESS = True
# The lockout log line names the account and the address (never the password):
# what whoever reads the log needs to tell an attack from a forgetful colleague.
AXES_SENSITIVE_PARAMETERS = []
AXES_LOCKOUT_CALLABLE = "portal.views.login_lockout"

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from our own
# static files only; no inline script or style, no plugin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]

# The REST API (portal/api): session (the browser, with its CSRF token) or a
# personal token; read through the same selectors as the pages; JSON only.
API_TOKEN_RATE = env("API_TOKEN_RATE", default="1000/hour")
API_SESSION_RATE = env("API_SESSION_RATE", default="2000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # first: a request without credentials is answered 401 with its challenge
        "portal.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["portal.api.permissions.ModelPermissions"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PortalPagination",
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_TOKEN_RATE, "session": API_SESSION_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exceptions.api_exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API du portail de la coopération décentralisée",
    "DESCRIPTION": (
        "Partenariats, démarches pilotes, missions et évaluations, lus avec les "
        "droits du compte (un compte partenaire ne voit que ses partenariats)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # choices of the same field name in several models, each named after its model
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "partnerships.models.Organisation.Kind",
        "PartnershipStatusEnum": "partnerships.models.Partnership.Status",
        "ProjectStatusEnum": "projects.models.Project.Status",
        "FundingLineStatusEnum": "projects.models.FundingLine.Status",
        "MissionKindEnum": "missions.models.Mission.Kind",
        "MissionStepKindEnum": "missions.models.MissionStep.Kind",
        "EvaluationStatusEnum": "evaluations.models.Evaluation.Status",
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Fields in error name their message in aria-describedby (core.forms).
FORM_RENDERER = "core.forms.PortalFormRenderer"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English")), ("ro", _("Română"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The European Union funds several projects: it is not a country, but a funder has one.
COUNTRIES_OVERRIDE = {"EU": _("Union européenne")}

# A project form posts about eight fields per inline row (funding lines, key
# figures...): Django's default limit of 1,000 fields refused, with a 400, the save
# of a project with some 120 funding lines. 10,000 still stops a flood of fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The largest attachment (an agreement's document, a mission step's) one may upload,
# in bytes (core.uploads.validate_attachment).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# A project's photos (core.uploads.PhotoField): the largest upload, in bytes, and the
# longest side, in pixels, a photo is brought down to once, when it is uploaded.
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=10 * 1024 * 1024)
PHOTO_MAX_SIDE = env.int("PHOTO_MAX_SIDE", default=2000)

# Spreadsheet imports (the imports app): the limits of an uploaded file, and how long
# an upload waits for its confirmation before it is deleted.
IMPORT_MAX_FILE_SIZE = env.int("IMPORT_MAX_FILE_SIZE", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
# The cells a file may unfold into (shared strings, repeated cells): 50,000 rows of
# 20 columns. A crafted file of a few KB can declare millions.
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=1_000_000)
IMPORT_PENDING_HOURS = env.int("IMPORT_PENDING_HOURS", default=24)
# A confirmation of more rows than this is written by a task worker, with progress.
IMPORT_ROWS_IN_REQUEST = env.int("IMPORT_ROWS_IN_REQUEST", default=2_000)

# django-import-export in the admin: importing takes the `import_<model>` permission
# (projects.import_fundingline), which only administrators hold. Between preview and
# confirmation the spreadsheet imports keep the file in an ImportRecord row
# (imports.admin_mixins); any other admin import would keep it on the default
# storage, never in one worker's temporary folder.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Background tasks: Django's tasks API (django-tasks, the backport of Django 6's
# django.tasks) on the database backend: the queue is a table, which needs no other
# server (SQLite in development) and which several workers on several hosts share
# on PostgreSQL (SELECT ... FOR UPDATE SKIP LOCKED). A worker: manage.py db_worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A job's file is kept for its owner this long; a running job that gave no sign of
# life for JOB_STALLED_SECONDS (its worker was killed) is marked failed.
JOB_KEEP_HOURS = env.int("JOB_KEEP_HOURS", default=24)
# Longer than the longest step of a job (a PDF may take SHEET_BACKGROUND_TIME_LIMIT,
# 600 s), so that a job still at work is never taken for a stalled one.
JOB_STALLED_SECONDS = env.int("JOB_STALLED_SECONDS", default=900)
# The weekly digest of reminders: the day (0 = Monday) and the hour it is sent, and
# the address its links point to.
DIGEST_WEEKDAY = env.int("DIGEST_WEEKDAY", default=0)
DIGEST_HOUR = env.int("DIGEST_HOUR", default=7)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# The publisher of the IATI file (/iati/activities.xml): its IATI organisation
# identifier (agency prefix and number, as registered with IATI), its name and its
# IATI organisation type (11: local government).
IATI_REPORTING_ORG = {
    "ref": env("IATI_REPORTING_ORG_REF", default="FR-INSEE-00000000000000"),
    "name": env(
        "IATI_REPORTING_ORG_NAME", default="Portail de la coopération décentralisée"
    ),
    "type": env("IATI_REPORTING_ORG_TYPE", default="11"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "filters": {"forbidden_one_line": {"()": "core.logging.ForbiddenOneLine"}},
    "loggers": {
        # a 403 is one line (who, what URL), not a traceback
        "django.request": {"filters": ["forbidden_one_line"]},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The funders of the TERRINCLUS programme, printed at the foot of each of its sheets
# and of the catalogue's cover after "TERRINCLUS est une démarche financée par :".
# The guide prints them as logos, which the source text does not name: none are
# invented here; a deployment sets them once, separated by semicolons
# (SHEET_PROGRAMME_FUNDERS="Premier financeur;Second financeur").
SHEET_PROGRAMME_FUNDERS: list[str] = [
    name.strip()
    for name in env.str("SHEET_PROGRAMME_FUNDERS", default="").split(";")
    if name.strip()
]

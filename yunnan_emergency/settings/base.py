"""Settings shared by every environment; values that differ between machines come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "agencies.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The kernel (templatetags, run_portal), then the domain apps in layer order, then the aggregates on top
    # (README "Layout"; the import contract in pyproject.toml keeps the order).
    "core",
    "audit",
    "agencies",
    "notifications",
    "snapshots",
    "tasks",
    "projects",
    "indicators",
    "revisions",
    "supervision",
    "notices",
    "problems",
    "comments",
    "reporting",
    "plan_loader",
    "recompute",
    "dashboard",
    "workbook",
    "evaluation",
    "bulletins",
    "reminders",
    "bench",
    "demo",
    "portal",  # migrations only (see portal/apps.py)
]

MIDDLEWARE = [
    "core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "agencies.middleware.SessionIdleMiddleware",
    "core.middleware.PortalLocaleMiddleware",
    "core.middleware.UnwantedCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "agencies.middleware.TwoFactorMiddleware",
    "agencies.middleware.PasswordPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "agencies.backends.PortalModelBackend",
]
# Demo accounts (`manage.py seed_demo`): allowed by the local settings (`make run`) and the tests, refused here and
# so in production, where they cannot be made, cannot sign in, and fail `check --deploy` if found.
DEMO_ACCOUNTS_ALLOWED = False
# Five wrong passwords for one username lock it for 30 minutes; every attempt is kept (admin: Axes).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", 30)))
# By username only: a prefecture office's staff share one public address, and one person's typos must not lock
# out the whole office (so axes.W006, which asks for the address too, is silenced on purpose).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

# No inline script anywhere: templates load static files and pass data in <script type="application/json">.
# Styles may be inline (htmx adds its indicator style; progress bars set their width).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "yunnan_emergency.urls"
WSGI_APPLICATION = "yunnan_emergency.wsgi.application"
AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

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
                "notifications.context_processors.notifications",
                "agencies.context_processors.duties",
            ],
        },
    },
]

# DATABASE_URL selects PostgreSQL; without it the portal runs on an embedded SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        # A connection is kept for the next request (opening one was a third of a trivial request's time under
        # gunicorn, bench/), and checked before it is reused after an error or a database restart.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A Redis that hangs must not hold a page: the dashboard's cache falls back to computing (snapshots.selectors).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Passwords (等保2.0 身份鉴别): ten characters or more, of three kinds at least (lower case, upper case, digits,
# other), not like the user's names nor a common password; changed every PASSWORD_MAX_AGE_DAYS (0: never), and at
# the first sign-in after an administrator set it (agencies.middleware.PasswordPolicyMiddleware).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "agencies.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "agencies.passwords.CharacterKindsValidator", "OPTIONS": {"min_kinds": 3}},
]
# 签收: a unit acknowledges an assignment within this many working days, or it is flagged and the unit reminded.
SUPERVISION_ACKNOWLEDGE_DAYS = int(os.environ.get("SUPERVISION_ACKNOWLEDGE_DAYS", 3))
# 督办单: numbered {prefix}〔year〕N号; a unit answers within SUPERVISION_NOTICE_ANSWER_DAYS working days or a second
# notice follows. A blue notice warns of a deadline within LIGHT_WARNING_DAYS (below) of work that is on pace.
SUPERVISION_NOTICE_PREFIX = os.environ.get("SUPERVISION_NOTICE_PREFIX", "云应急督")
SUPERVISION_NOTICE_ANSWER_DAYS = int(os.environ.get("SUPERVISION_NOTICE_ANSWER_DAYS", 5))
SUPERVISION_NOTICE_ISSUER = os.environ.get("SUPERVISION_NOTICE_ISSUER", "云南省应急管理厅")
# 通报 (bulletins): numbered {prefix}〔year〕N号 when issued; their Word and PDF files are kept under MEDIA_ROOT.
BULLETIN_NUMBER_PREFIX = os.environ.get("BULLETIN_NUMBER_PREFIX", "云应急规通")
# Converts the notices' and bulletins' Word documents to PDF (Debian: apt-get install libreoffice-writer-nogui).
LIBREOFFICE_BINARY = os.environ.get("LIBREOFFICE_BINARY", "soffice")
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", 90))
# Accounts not signed in for this many days are disabled by a nightly job (0: never).
ACCOUNT_UNUSED_DAYS = int(os.environ.get("ACCOUNT_UNUSED_DAYS", 90))

# django-filter's empty choice of a select reads "All" (in the page's language), not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Evidence files (later issues) live outside the web root and are served through permission-checked views.
MEDIA_ROOT = VAR_DIR / "media"

# Signed out after two idle hours: a request renews the session (agencies.middleware.SessionIdleMiddleware), so
# the clock counts inactivity; at most once a SESSION_RENEW_SECONDS, since renewing is a database write (a third
# of a trivial request's time when every request did it, bench/middleware_cost.py).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 2 * 60 * 60))
SESSION_RENEW_SECONDS = min(60, SESSION_COOKIE_AGE // 2)  # an idle limit set very short still holds
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Evidence files (佐证材料): what may be uploaded and how large.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))
EVIDENCE_MAX_FILES = 10
# Evaluation workbooks: written under var/, built at once up to this many rows, kept this long.
EXPORT_ROOT = VAR_DIR / "exports"
EXPORT_SYNC_MAX_ROWS = int(os.environ.get("EXPORT_SYNC_MAX_ROWS", 5000))
EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", 72))
REPORT_UPLOAD_MAX_BYTES = int(os.environ.get("REPORT_UPLOAD_MAX_BYTES", 2 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "agencies.api.auth.TokenAuthentication",  # first, so an anonymous call is told 401 with WWW-Authenticate
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["agencies.api.auth.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("API_RATE", "600/min")},
    "EXCEPTION_HANDLER": "core.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PortalPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.SafeJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "云南省应急体系规划跟踪平台 API · Yunnan emergency plan tracking API",
    "DESCRIPTION": (
        "任务、重点工程、指标、州市报送、驾驶舱与导出。认证：浏览器会话，或个人令牌 `Authorization: Bearer ynp_…`"
        "（在“API令牌”页面创建）。错误统一为 `{code, message, fields}`，语言随 Accept-Language。\n\n"
        "Tasks, key projects, targets, prefecture reports, dashboard and exports. Authenticate with the browser "
        "session or a personal token `Authorization: Bearer ynp_…` (created on the API tokens page). Errors are "
        "always `{code, message, fields}`, in the language of Accept-Language."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],  # the schema holds no data
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # The sidecar's ReDoc with one line changed: its footer's logo came from cdn.redoc.ly, which the CSP (and an
    # offline network) refuses (static/vendor/README.md).
    "REDOC_DIST": f"/{STATIC_URL}vendor/redoc-sidecar-2026.10.1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_errors",
    ],
}

# Celery: Redis when REDIS_URL is set; otherwise the filesystem transport, which needs no server.
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers log through Django's LOGGING (JSON lines in production) rather than Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    CELERY_QUEUE_DIR = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # One folder for both directions: producers and the worker share a single queue directory.
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")

LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")  # "json" in production: one object per line
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Request lines are for production's log pipeline; on a developer console they are noise.
    "loggers": {"portal.request": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
                "axes": {"level": "WARNING"}},
}

PORTAL_TITLE = _("Yunnan Emergency Plan Tracking Portal")
# Where links in reminder e-mails point.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
# Light rules (see core.lights.Rules): days before a deadline that turn an item yellow, percentage points
# behind the expected pace that turn it yellow, and the reporting period that judges items without a deadline.
PROGRESS_RULES = {
    "warning_days": int(os.environ.get("LIGHT_WARNING_DAYS", 90)),
    "pace_margin": float(os.environ.get("LIGHT_PACE_MARGIN", 15)),
    "period_days": int(os.environ.get("LIGHT_PERIOD_DAYS", 92)),
}

# Two-factor sign-in (等保2.0 身份鉴别): a time-based code (TOTP, any authenticator app) after the password, with
# one-time recovery codes. Required for coordinators and auditors (agencies.permissions.needs_two_factor), and
# for anyone who has enrolled; the admin site too. Off only where TWO_FACTOR_REQUIRED=0 (the test settings, and
# `make run`'s demo unless asked for).
TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "1") == "1"
OTP_TOTP_ISSUER = "云南省应急体系规划跟踪"
RECOVERY_CODES = 10
# A password-reset link expires after this many seconds (one hour); it also stops working once used.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", 3600))

# A refusal shown as a message (messages.error) takes Bootstrap's red, as every other error on the pages.
MESSAGE_TAGS = {40: "danger"}  # django.contrib.messages.constants.ERROR

"""Settings for the BCĐ 35 portal.

Every value an operator may change comes from the environment (or a local, git-ignored
``.env`` file) through django-environ. Malformed values stop startup with a message that
names the variable; production refuses to start without a secret key or allowed hosts.
docs/configuration.md lists every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from network.allowed import SiteHosts

# --- Environment ---
BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# Real environment variables win over the file (read_env uses setdefault).
# DJANGO_ENV_FILE names another file (or "none" to read no file at all).
_env_file = environ.Env().str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env"))
if _env_file.lower() != "none":
    environ.Env.read_env(_env_file, overwrite=False)

_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f", ""}


def env_bool(name: str, default: bool) -> bool:
    """A strict boolean: 'maybe' is an error, not a silent False."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of true/false, 1/0, yes/no, on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def media_origin(media_url: str) -> str:
    """ "https://cdn.example.vn" for an absolute MEDIA_URL; "" when media are served by this site."""
    parts = urlsplit(media_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env.str(name, default=default).split(",") if item.strip()]


# --- Core ---
DEBUG = env_bool("DJANGO_DEBUG", False)
# HTTPS is on in production; `make run` serves plain HTTP on 127.0.0.1 and turns it off.
HTTPS = env_bool("DJANGO_HTTPS", True)

# Only a debug run may do without a key of its own; production refuses a missing, short or
# default one.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or (
    "insecure-development-key-only-used-with-DJANGO_DEBUG-on" if DEBUG else ""  # noqa: S105
)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a long random string (it is required when "
        "DJANGO_DEBUG is off), e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too short or a default: use at least 50 random characters."
    )

# The host names of the install's first site (the first is its canonical name); every other
# site's names come from its records (network.SiteAlias, the Site's domain). ALLOWED_HOSTS is
# these names plus the sites', never a wildcard.
PORTAL_FIRST_SITE_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not PORTAL_FIRST_SITE_HOSTS and not DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is empty. List the host names the portal answers to, "
        "separated by commas (e.g. bcd35.example.gov.vn)."
    )
ALLOWED_HOSTS = SiteHosts(PORTAL_FIRST_SITE_HOSTS)
# The platform's name, on the page an unknown host gets and in the network's directory.
PLATFORM_NAME = env.str("PLATFORM_NAME", default="Cổng thông tin Ban Chỉ đạo 35")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env.str("SITE_URL", default="").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "accounts.apps.AxesConfig",  # django-axes, named in Vietnamese
    # Two-factor sign-in for staff (accounts/two_factor): TOTP apps and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_ckeditor_5",
    "network",
    # Background jobs (jobs/api.py): django-tasks-db's table of jobs, under a Vietnamese name.
    "jobs.apps.TasksDatabaseConfig",
    "jobs",
    "pages",
    "imaging",
    "news",
    "committee",
    "documents",
    "stats",
    "search",
    "pagecache",
    "notices",
    "ratings",
    "accounts",
    "ops",
    "lifecycle",
    "civic",
    "questions",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Anonymous readers' whole-page cache: a hit is answered here, before the rest.
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    "portal.csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the first query: which database this request reads from (primary or replica).
    "ops.dbrouting.ReplicaReadsMiddleware",
    # The site the Host header names (or the platform's 404 page); everything below works
    # inside that site's scope.
    "network.middleware.SiteMiddleware",
    # Outermost of the app middleware: counts the visit after the response is final
    # (the page cache counts the pages it answers itself).
    "stats.middleware.VisitCounterMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "ops.middleware.RequestGuardMiddleware",  # before CSRF, the first reader of request.POST
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pages.middleware.PageLanguageMiddleware",  # by address, not by the browser's preference
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets request.user.otp_device / is_verified() from the session (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Platform administrators see every site's objects in the admin.
    "network.admin_scope.PlatformAdminScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.hardening.AbsoluteSessionAgeMiddleware",
    # After the age check: staff reach the admin only once the second step is passed.
    "accounts.two_factor.middleware.StaffSecondStepMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
# Only `make bench` turns this on: a minimal view measuring the middleware stack's ceiling.
BENCH_BASELINE_VIEW = env_bool("BENCH_BASELINE_VIEW", False)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.site",
                "network.context_processors.network",
                "pagecache.context_processors.fragments",
            ],
        },
    },
]


# --- Database ---
def _database_url(name: str, default: str | None = None) -> dict:
    try:
        database = env.db_url(name, default=default)
    except Exception as exc:  # django-environ raises several types for a bad URL
        raise ImproperlyConfigured(
            f"{name} is malformed ({exc}). Examples: sqlite:////abs/path/db.sqlite3 or "
            "postgres://user:password@host:5432/dbname"
        ) from None
    if not database.get("ENGINE", "").startswith("django.db.backends."):
        raise ImproperlyConfigured(
            f"{name} uses an unsupported scheme; use sqlite:// or postgres:// "
            f"(got {database.get('ENGINE', '')!r})."
        )
    return database


_database = _database_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
_engine = _database["ENGINE"]
# Persistent connections; on SQLite, closing after each request forces a WAL checkpoint (+25 ms).
# Behind PgBouncer they are connections to PgBouncer, cheap to keep; PgBouncer holds the few
# server connections.
_database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
# PgBouncer in transaction pooling mode hands each transaction to any server connection: a
# server-side cursor (iterator()) or a prepared statement would be looked for on another one.
DATABASE_POOLER = env.str("DATABASE_POOLER", default="").strip().lower()
if DATABASE_POOLER not in {"", "none", "pgbouncer"}:
    raise ImproperlyConfigured(
        f"DATABASE_POOLER={DATABASE_POOLER!r}: use pgbouncer (transaction pooling) or leave it empty."
    )
if "sqlite" in _engine:
    if DATABASE_POOLER == "pgbouncer":
        raise ImproperlyConfigured("DATABASE_POOLER=pgbouncer needs a postgres:// DATABASE_URL.")
    # WAL lets readers run beside the one writer. Every transaction takes the write lock when
    # it begins (IMMEDIATE) and waits up to `timeout` seconds for it: a transaction that read
    # first and upgraded later would fail at once with "database is locked" when another
    # writer committed in between, and the busy timeout cannot help it.
    _database.setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )


def _postgres_options(database: dict) -> dict:
    database["CONN_HEALTH_CHECKS"] = True
    database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    if DATABASE_POOLER == "pgbouncer":
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
        # Django already turns psycopg's prepared statements off; a pooled install keeps it so.
        database["OPTIONS"]["prepare_threshold"] = None
    return database


DATABASES = {"default": _database if "sqlite" in _engine else _postgres_options(_database)}

# A streaming replica of PostgreSQL (DATABASE_REPLICA_URL): anonymous GET and HEAD requests read
# from it, everything else uses the primary (ops.dbrouting). Empty: one database, as before.
_replica_url = env.str("DATABASE_REPLICA_URL", default="").strip()
if _replica_url:
    if "sqlite" in _engine:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a postgres:// DATABASE_URL.")
    _replica = _database_url("DATABASE_REPLICA_URL")
    if "postgresql" not in _replica["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// URL.")
    _replica["CONN_MAX_AGE"] = _database["CONN_MAX_AGE"]
    # Tests read the replica as the primary itself (no second test database).
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _postgres_options(_replica)
    DATABASE_ROUTERS = ["ops.dbrouting.PrimaryReplicaRouter"]
# After a request that changes something (any method but GET, HEAD, OPTIONS), that browser reads
# from the primary for this many seconds, so that nobody sees their own edit disappear.
DATABASE_READ_YOUR_WRITES_SECONDS = env_int("DATABASE_READ_YOUR_WRITES_SECONDS", 30)
# A replica further behind than this (or unreachable) is left aside; checked at most every
# DATABASE_REPLICA_CHECK_SECONDS per process.
DATABASE_REPLICA_MAX_LAG_SECONDS = env_int("DATABASE_REPLICA_MAX_LAG_SECONDS", 10)
DATABASE_REPLICA_CHECK_SECONDS = env_int("DATABASE_REPLICA_CHECK_SECONDS", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches ---
REDIS_URL = env.str("REDIS_URL", default="")
# Two caches. "default" holds what can be rebuilt: whole pages, derived lists and counts, site
# identity and menus. "state" holds the few keys the site's correctness rests on (the content
# version that every cached page is keyed by) and the rate-limit counters: page traffic,
# however heavy, must never push those out.
# Without Redis: files shared by every gunicorn worker of one machine, so an edit invalidates
# for all of them; each cache in its own folder, culled on its own.
_cache_dir = Path(env.str("DJANGO_CACHE_DIR", default=str(VAR_DIR / "cache")))
# The shared parts of every public page (header, footer, sidebar blocks) and the values pages
# are built from, kept in each worker's own memory under keys holding the site's content version:
# a copy is never read after the edit that changes it, and time alone (scheduled documents) bounds
# it to FRAGMENT_CACHE_SECONDS. See pagecache/fragments.py.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "bcd35-fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
FILE_CACHES = {
    "default": {
        "BACKEND": "ops.cache.BoundedFileCache",
        "LOCATION": str(_cache_dir / "pages"),
        "KEY_PREFIX": "bcd35",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20_000), "CULL_FREQUENCY": 4},
    },
    "state": {
        "BACKEND": "ops.cache.BoundedFileCache",
        "LOCATION": str(_cache_dir / "state"),
        "KEY_PREFIX": "bcd35",
        "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
    },
    "fragments": FRAGMENT_CACHE,
}
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
    # One Redis for both; its eviction policy must spare keys without a TTL (volatile-lru).
    # Redis down: the cache answers "miss" (logged at most once a minute) instead of failing pages.
    CACHES = {
        alias: {
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        for alias, prefix in (("default", "bcd35"), ("state", "bcd35:state"))
    }
    CACHES["fragments"] = FRAGMENT_CACHE
else:
    CACHES = FILE_CACHES
STATE_CACHE = "state"
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 10)

# --- Authentication and accounts ---
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "accounts.hardening.VietnameseCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out username+IP pairs first
    # Django's ModelBackend, with a role's rights counted on the sites it was given for.
    "network.backends.SiteRoleBackend",
]
# Brute-force lockout (django-axes): a username from one address is locked after
# AXES_FAILURE_LIMIT failures for AXES_COOLOFF_MINUTES; other users and addresses are unaffected.
# The client IP honours X-Forwarded-For only from DJANGO_TRUSTED_PROXIES (same rule as the
# visit counter), so a spoofed header neither bypasses the lock nor locks anyone else out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 30)
AXES_COOLOFF_TIME = AXES_COOLOFF_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ops.clients.client_ip"
AXES_LOCKOUT_TEMPLATE = "errors/lockout.html"
AXES_VERBOSE = False
# Staff sessions: idle limit (renewed on every request) and an absolute limit.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 8 * 60 * 60)
# Database sessions that know their user, so that logging out ends every session of the user.
SESSION_ENGINE = "accounts.sessions"
# Every staff member passes a second step (a 6-digit code from an authenticator app, or a
# single-use recovery code) before the admin and the editor's image upload. Off: password alone.
STAFF_2FA_REQUIRED = env_bool("DJANGO_STAFF_2FA_REQUIRED", True)
# Non-admin URLs that need the second step too (the admin prefix always does).
STAFF_2FA_URL_NAMES = ["news:editor-image-upload"]
STAFF_2FA_RECOVERY_CODES = 10


def _otp_issuer(device) -> str:
    """The name the authenticator app shows: the site's short name (pages.SiteSettings)."""
    from accounts.two_factor.devices import issuer_name
    from pages.models import SiteSettings

    return issuer_name(SiteSettings.load().short_name)


OTP_TOTP_ISSUER = _otp_issuer
# django-otp's own throttling (on by default, set here so it stays on): after n wrong codes in a
# row a device refuses every code for 2^(n-1) seconds (1, 2, 4 … 512 s after 10).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- Language and time ---
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# The admin strings Django's Vietnamese catalogue lacks (locale/vi; compiled by `make messages`).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
# Day-first date input (05/03/2026 is 5 March) for forms, the admin and its date picker.
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static, media, storages and upload limits ---
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# In the embedded `make run` mode the app serves uploads itself; in production nginx does.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Document attachments: private, handed out only by the download view.
    "documents": {"BACKEND": "documents.storage.LocalDocumentStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Object storage (ops/objectstore.py): with S3_MEDIA_BUCKET set, uploads go to that public-read
# bucket and document files to the private S3_DOCUMENTS_BUCKET, so app hosts share no disk.
S3_MEDIA_BUCKET = env.str("S3_MEDIA_BUCKET", default="")
S3_DOCUMENTS_BUCKET = env.str("S3_DOCUMENTS_BUCKET", default="")
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="")  # empty = AWS's own endpoint
S3_REGION = env.str("S3_REGION", default="us-east-1")
# Where browsers fetch public media: a CDN or the bucket's public address, ending in "/".
# Empty = "<S3_ENDPOINT_URL>/<S3_MEDIA_BUCKET>/" (path-style, as SeaweedFS and MinIO serve it).
S3_MEDIA_URL = env.str("S3_MEDIA_URL", default="")


def object_storages(
    media_bucket: str,
    documents_bucket: str,
    *,
    endpoint_url: str = "",
    region: str = "us-east-1",
    access_key: str = "",
    secret_key: str = "",
    media_url: str = "",
) -> tuple[dict, str]:
    """(STORAGES entries, MEDIA_URL) for the two buckets; the one place that maps S3_* onto
    django-storages' options (tests build theirs with it too)."""
    if not documents_bucket or documents_bucket == media_bucket:
        raise ImproperlyConfigured(
            "S3_DOCUMENTS_BUCKET must name a second, private bucket (not S3_MEDIA_BUCKET) "
            "when S3_MEDIA_BUCKET is set."
        )
    if media_url and not (media_url.startswith(("https://", "http://")) and media_url.endswith("/")):
        raise ImproperlyConfigured("S3_MEDIA_URL must be an absolute http(s) URL ending in '/'.")
    if not media_url:
        if not endpoint_url:
            raise ImproperlyConfigured("Set S3_MEDIA_URL (the bucket's public address) or S3_ENDPOINT_URL.")
        media_url = f"{endpoint_url.rstrip('/')}/{media_bucket}/"
    common = {
        "endpoint_url": endpoint_url or None,
        "region_name": region,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "addressing_style": "path" if endpoint_url else None,
        "signature_version": "s3v4",
    }
    parts = urlsplit(media_url)
    media = {
        **common,
        "bucket_name": media_bucket,
        "custom_domain": parts.netloc + parts.path.rstrip("/"),
        "url_protocol": parts.scheme + ":",
    }
    return (
        {
            "default": {"BACKEND": "ops.objectstore.PublicMediaStorage", "OPTIONS": media},
            "documents": {
                "BACKEND": "ops.objectstore.PrivateDocumentStorage",
                "OPTIONS": {**common, "bucket_name": documents_bucket},
            },
        },
        media_url,
    )


if S3_MEDIA_BUCKET:
    _buckets, MEDIA_URL = object_storages(
        S3_MEDIA_BUCKET,
        S3_DOCUMENTS_BUCKET,
        endpoint_url=S3_ENDPOINT_URL,
        region=S3_REGION,
        access_key=env.str("S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
        media_url=S3_MEDIA_URL,
    )
    STORAGES.update(_buckets)
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# Request size limits (abuse limits): past them Django answers the Vietnamese 400 page.
# Form fields of one request, files excluded: an article body of ~1.5 MB still fits even when
# the browser percent-encodes every Vietnamese letter. Files are bounded per upload
# (IMAGE_MAX_UPLOAD_MB, DOCUMENT_MAX_UPLOAD_MB) and per request by nginx's client_max_body_size.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000  # Django's default, kept explicit
DATA_UPLOAD_MAX_NUMBER_FILES = 100  # Django's default; every file input counts, even left empty
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads are spooled to a temporary file

# --- Security ---
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS and not DEBUG
SESSION_COOKIE_SECURE = HTTPS and not DEBUG
CSRF_COOKIE_SECURE = HTTPS and not DEBUG
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if HTTPS and not DEBUG else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_HSTS_SECONDS >= 31536000)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp; policies in portal/csp.py). CSP_EXTRA_SCRIPT_SRC lists
# origins allowed to serve scripts, e.g. the state EMC monitoring script's host.
CSP_EXTRA_SCRIPT_SRC = env_list("CSP_EXTRA_SCRIPT_SRC")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *CSP_EXTRA_SCRIPT_SRC],
        "style-src": ["'self'"],
        # plus the media host when it is not this site (a bucket or a CDN): portal/csp.py
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],  # the document page previews its PDF from our own URL
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# A CSRF refusal gets a Vietnamese page (reload and resend) and a line in the security log.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
SILENCED_SYSTEM_CHECKS: list[str] = []
# The admin lives at a configurable path, away from scripted guessing at /admin/.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="quan-tri/").strip("/") + "/"
# Client IP: REMOTE_ADDR unless the request came through one of these proxies.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")

# --- Mail and logging ---
ADMINS = [(addr.split("@")[0], addr) for addr in env_list("DJANGO_ADMINS") if "@" in addr]
SERVER_EMAIL = env.str("DJANGO_SERVER_EMAIL", default="portal@localhost")
DEFAULT_FROM_EMAIL = SERVER_EMAIL
# EMAIL_URL (e.g. smtp+tls://user:password@host:587) sets the backend from its scheme, and the
# host, port and credentials; without it mail is printed to the console.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"DJANGO_LOG_LEVEL={LOG_LEVEL!r} is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "logfmt": {"()": "common.logfmt.LogfmtFormatter"},
        "security": {"()": "ops.security_log.SecurityFormatter"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "logfmt"},
        "security": {"class": "logging.StreamHandler", "formatter": "security"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"handlers": ["stderr", "mail_admins"], "level": "WARNING", "propagate": False},
        "django.security": {"handlers": ["stderr", "mail_admins"], "level": "WARNING", "propagate": False},
        # Failed logins, lockouts, 403s, refused uploads: one flat logfmt line each (ops.security_log).
        "security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        # A background job that failed for good (its last attempt): the admins must act.
        "jobs": {"handlers": ["stderr", "mail_admins"], "level": "INFO", "propagate": False},
        # Uploads that could not be stored (disk full, I/O error): the admins must act.
        "ops.uploads": {"handlers": ["security", "mail_admins"], "level": "WARNING", "propagate": False},
    },
}

# --- Background jobs (jobs/api.py) ---
# Renditions, text extraction, bulk reindexing, e-mail notices and the counter's flush and prune
# run in `manage.py db_worker` (django-tasks' database backend: a row per job in this database,
# no broker). JOBS_BACKEND=immediate runs each job at once inside the process that enqueues it
# (the request): for a machine that runs no worker, at the cost of slow uploads again.
JOBS_BACKEND = env.str("JOBS_BACKEND", default="database")
_JOBS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if JOBS_BACKEND not in _JOBS_BACKENDS:
    raise ImproperlyConfigured(f"JOBS_BACKEND={JOBS_BACKEND!r} is not one of {', '.join(_JOBS_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _JOBS_BACKENDS[JOBS_BACKEND], "QUEUES": ["default"]}}
# A failed job runs again up to JOBS_MAX_ATTEMPTS times in all, JOBS_RETRY_BASE_SECONDS after
# the first failure, twice as long after each next one (at most an hour).
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 4)
JOBS_RETRY_BASE_SECONDS = env_int("JOBS_RETRY_BASE_SECONDS", 30)

# --- Operations: rate limits and reliability ---
# Requests per client address (see ops/ratelimit.py) as "count/period", period s, m, h or d
# (e.g. 30/m, 500/h). Past it the client gets "Quá nhiều yêu cầu" (429) with Retry-After.
# The counters live in the "state" cache: shared by every worker with Redis (REDIS_URL,
# production); with the file cache shared by one machine's workers, approximate under bursts.


def _rate(name: str, value: str) -> str:
    """A django-ratelimit rate, checked: that library would read "30/M" as 30 per second."""
    value = value.strip()
    count, _, period = value.partition("/")
    multiple = period[:-1]
    if not (
        count.isdigit()
        and int(count) > 0
        and period[-1:] in ("s", "m", "h", "d")
        and (multiple == "" or (multiple.isdigit() and int(multiple) > 0))
    ):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: write requests/period, e.g. 30/m, 500/h or 5/10s."
        )
    return value


RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# The search form; document filters and news list pages; files and "Lưu bài viết".
RATELIMIT_SEARCH = _rate("RATELIMIT_SEARCH", env.str("RATELIMIT_SEARCH", default="30/m"))
RATELIMIT_LISTS = _rate("RATELIMIT_LISTS", env.str("RATELIMIT_LISTS", default="120/m"))
RATELIMIT_DOWNLOAD = _rate("RATELIMIT_DOWNLOAD", env.str("RATELIMIT_DOWNLOAD", default="120/m"))
# Citizen forms (civic): each form its own group (ops.ratelimit.register_group) and setting
# RATELIMIT_<GROUP>; only submissions (POST) are counted.
# Hỏi đáp: questions sent, and tracking-code look-ups (the status page).
RATELIMIT_QUESTIONS = _rate("RATELIMIT_QUESTIONS", env.str("RATELIMIT_QUESTIONS", default="10/h"))
RATELIMIT_QUESTION_LOOKUP = _rate(
    "RATELIMIT_QUESTION_LOOKUP", env.str("RATELIMIT_QUESTION_LOOKUP", default="30/h")
)
# "Thông tin này có hữu ích không?": each rating is one or two requests (the token, then the
# rating; or, without JavaScript, the first send and its confirmation).
RATELIMIT_RATING = _rate("RATELIMIT_RATING", env.str("RATELIMIT_RATING", default="20/m"))
# Báo tin xấu độc, tin giả (/bao-tin-xau-doc/): a citizen seldom has more than a few to send.
RATELIMIT_REPORTS = _rate("RATELIMIT_REPORTS", env.str("RATELIMIT_REPORTS", default="10/h"))
# Comments on a draft open for comment (documents: /van-ban/du-thao/<slug>/).
RATELIMIT_CONSULTATION_COMMENTS = _rate(
    "RATELIMIT_CONSULTATION_COMMENTS", env.str("RATELIMIT_CONSULTATION_COMMENTS", default="5/10m")
)
RATELIMIT_VIEW = "ops.ratelimit.rate_limited"
RATELIMIT_USE_CACHE = STATE_CACHE  # counters that page traffic cannot evict
RATELIMIT_FAIL_OPEN = True  # a cache that cannot count lets requests through, it never refuses all
# Database unreachable: every page answers the static 503 page (templates/errors/503.html) with
# this Retry-After (seconds); /healthz answers 503 too.
DATABASE_DOWN_RETRY_AFTER = 30

# --- Citizen forms (civic) ---
# A form sent sooner than this after it was shown is refused (no person types that fast); one
# older than the maximum age is refused as expired (the text is kept, the citizen resends).
CIVIC_MIN_FILL_SECONDS = env_int("CIVIC_MIN_FILL_SECONDS", 3)
CIVIC_FORM_MAX_AGE_SECONDS = env_int("CIVIC_FORM_MAX_AGE_SECONDS", 6 * 3600)
# Longest text a citizen form field accepts when the field names no limit of its own.
CIVIC_TEXT_MAX_CHARS = env_int("CIVIC_TEXT_MAX_CHARS", 5000)
# ALTCHA proof of work (civic/pow.py): on by default; the work is about half this many hashes.
CIVIC_POW_ENABLED = env_bool("CIVIC_POW_ENABLED", True)
CIVIC_POW_MAX_NUMBER = env_int("CIVIC_POW_MAX_NUMBER", 50_000)
# Days a closed case keeps the citizen's contact details (manage.py purge_citizen_contacts).
CIVIC_CONTACT_RETENTION_DAYS = env_int("CIVIC_CONTACT_RETENTION_DAYS", 90)

# --- Imaging ---
IMAGE_MAX_UPLOAD_MB = env_int("IMAGE_MAX_UPLOAD_MB", 15)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 50_000_000)
IMAGE_MAX_EDGE = env_int("IMAGE_MAX_EDGE", 2400)
IMAGE_RENDITION_WIDTHS = (480, 960, 1600)

# --- Page cache ---
# Whole-page cache for anonymous readers (0 turns it off). Bounds widget staleness and how
# late a scheduled article appears (with VISIT_WIDGET_CACHE_SECONDS: ≤ 15 s). See pagecache/cache.py.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 10)
# Each worker keeps its most read pages (up to this many bytes of page bodies; 0 turns it off)
# and each site's content version, renewed from the shared cache after this many milliseconds:
# a hit then needs no round trip to Redis, and an edit made on another app host shows here at
# most this late (one made in the same process at once). See pagecache/local.py.
# Query parameters that social networks and ad platforms add to shared links (Facebook's fbclid
# on every click, Zalo's zarsrc and utm_*). No page reads them, so they are dropped from the
# request at the door: a link shared on Facebook is then served from the page cache like its
# plain address, instead of one render per click. Names ending in "*" are prefixes.
TRACKING_PARAMETERS = env_list(
    "TRACKING_PARAMETERS",
    "utm_*,fbclid,gclid,gbraid,wbraid,dclid,msclkid,zarsrc,igshid,_ga,_gl,mc_cid,mc_eid",
)
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 8 * 1024 * 1024)
PAGE_CACHE_LOCAL_SECONDS = env_int("PAGE_CACHE_LOCAL_MS", 500) / 1000
# Long lists (news, a category, documents) keep their total count this long, or until the next
# edit: a COUNT over 20,000 articles on every page view is the cost of deep pages. Also bounds
# how long a newly due scheduled article is missing from the page count (0 turns it off).
LIST_COUNT_CACHE_SECONDS = env_int("LIST_COUNT_CACHE_SECONDS", 60)

# --- Notices (banners) ---
# Nghị định 224/2026/NĐ-CP, Điều 13 khoản 1 điểm a: a planned stop is announced this many
# working days ahead (no Saturday, Sunday or notices.Holiday counts), unless force majeure.
NOTICE_PLANNED_STOP_WORKING_DAYS = 7
# The site's list of banners not yet over is kept this long, or until the next edit of a banner
# (which bumps the site's content version). Which of them show is decided on every request.
NOTICE_SCHEDULE_SECONDS = 300

# --- Ratings ("Thông tin này có hữu ích không?") ---
# The content a rating may be about: model labels whose default manager has published().
RATING_MODELS = ["news.article", "documents.document", "questions.question"]
RATING_COMMENT_MAX_LENGTH = 500

# --- Stats ---
VISIT_COUNTER_ENABLED = env_bool("VISIT_COUNTER_ENABLED", True)
# The four numbers of the "Thống kê truy cập" widget are local to Vietnam whatever the server's
# own time zone is (UTC+7, no DST since 1975: local midnight is 17:00 UTC).
VISIT_TIME_ZONE = "Asia/Ho_Chi_Minh"
VISIT_ONLINE_WINDOW = 300  # "Đang online": distinct visitors seen in the last 5 minutes
VISIT_INACTIVITY = 1800  # a new visit starts after 30 minutes without an eligible page view
# The widget may lag the exact counts by at most this plus PAGE_CACHE_SECONDS (5 + 10 = 15 s).
VISIT_WIDGET_CACHE_SECONDS = 5
# Redis mode (REDIS_URL set): key prefix, socket timeout (seconds) and how many recent local
# days live in Redis (read from Redis, flushed to the database by flush_visit_counts).
VISIT_REDIS_PREFIX = env.str("VISIT_REDIS_PREFIX", default="vc:")
VISIT_REDIS_TIMEOUT = 0.1
VISIT_REDIS_RECENT_DAYS = 8
# Path prefixes never counted, on top of static, media, admin, health, feeds and sitemaps.
VISIT_EXCLUDED_PREFIXES = ["/ckeditor5/"]
# Per-object daily view/download rows older than this are removed by prune_visits.
VISIT_OBJECT_DAYS_KEPT = 400
# Counted hits wait in each worker and reach the store together this often (stats/buffer.py):
# a store round trip per view cost 30–75 % of a cached page. 0: one store operation per view.
VISIT_BUFFER_SECONDS = max(env_int("VISIT_BUFFER_MS", 1000), 0) / 1000
# At most this many hits wait per worker (when the store is down, later ones are dropped).
VISIT_BUFFER_MAX_HITS = 50_000

# --- Search ---
# Rows ranked in Python per search (the best by tier and date); later pages keep the database order.
SEARCH_CANDIDATE_LIMIT = env_int("SEARCH_CANDIDATE_LIMIT", 200)
# Results that can be paged through, and where the counts stop ("hơn 1.000").
SEARCH_RESULT_LIMIT = env_int("SEARCH_RESULT_LIMIT", 1000)
# Folded body text indexed per object, and original text kept for snippets (characters).
SEARCH_BODY_MAX_CHARS = env_int("SEARCH_BODY_MAX_CHARS", 20_000)
SEARCH_EXCERPT_MAX_CHARS = env_int("SEARCH_EXCERPT_MAX_CHARS", 20_000)

# --- News ---
NEWS_MAX_PINNED = env_int("NEWS_MAX_PINNED", 3)
# Days a pin lasts unless an approver sets its end ("ghim đến").
NEWS_PIN_DAYS = env_int("NEWS_PIN_DAYS", 7)
# A pinned story leads the home page only while it is at most this many days older than the
# newest published story.
NEWS_LEAD_MAX_AGE_DAYS = env_int("NEWS_LEAD_MAX_AGE_DAYS", 7)
_CK_TOOLBAR = [
    "heading",
    "|",
    "bold",
    "italic",
    "underline",
    "link",
    "|",
    "bulletedList",
    "numberedList",
    "blockQuote",
    "insertTable",
    "|",
    "imageUpload",
    "alignment",
    "|",
    "removeFormat",
    "undo",
    "redo",
]
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "vi",
        "toolbar": {"items": _CK_TOOLBAR, "shouldNotGroupWhenFull": False},
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Đoạn văn", "class": "ck-heading_paragraph"},
                # The page title is the only <h1>: a pasted Word "Heading 1" becomes a level-2 heading.
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Tiêu đề 2",
                    "class": "ck-heading_heading2",
                    "upcastAlso": ["h1"],
                },
                {"model": "heading3", "view": "h3", "title": "Tiêu đề 3", "class": "ck-heading_heading3"},
                {
                    "model": "heading4",
                    "view": "h4",
                    "title": "Tiêu đề 4",
                    "class": "ck-heading_heading4",
                    "upcastAlso": ["h5", "h6"],
                },
            ]
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignCenter",
                "imageStyle:alignRight",
            ],
            "upload": {"types": ["jpeg", "png", "webp"]},
        },
        # Classes, not inline styles: the sanitiser (common.html) keeps these and drops style="".
        "alignment": {
            "options": [
                {"name": "left", "className": "text-align-left"},
                {"name": "center", "className": "text-align-center"},
                {"name": "right", "className": "text-align-right"},
                {"name": "justify", "className": "text-align-justify"},
            ]
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells", "toggleTableCaption"]},
        "link": {"addTargetToExternalLinks": False},
    },
    "simple": {
        "language": "vi",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "undo",
                "redo",
            ]
        },
    },
}
# Every editor image upload goes to news' own view: it requires the right to change articles
# and sends the file through the photo pipeline (EXIF/GPS stripped, renditions made).
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "news:editor-image-upload"
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
# The package's own endpoint (/ckeditor5/image_upload/) is not routed; should it ever be, it
# would store files raw: an empty extension list makes its form refuse every file.
CKEDITOR_5_UPLOAD_FILE_TYPES: list[str] = []

# --- Documents ---
DOCUMENT_MAX_UPLOAD_MB = env_int("DOCUMENT_MAX_UPLOAD_MB", 25)
# "05-KH/BCĐ" (Party style) or "05/KH-BCĐ" (state style).
DOCUMENT_NUMBER_STYLE = env.str("DOCUMENT_NUMBER_STYLE", default="party")
if DOCUMENT_NUMBER_STYLE not in {"party", "state"}:
    raise ImproperlyConfigured("DOCUMENT_NUMBER_STYLE must be 'party' or 'state'.")
# Attachments are stored OUTSIDE MEDIA_ROOT (which nginx serves as-is): only the download view,
# which checks that the document is published, hands them out. Empty = "<MEDIA_ROOT>/../documents".
DOCUMENT_FILES_ROOT = env.str("DOCUMENT_FILES_ROOT", default="")
# Formats accepted, recognised by content (never by name or browser header).
DOCUMENT_KNOWN_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods")
DOCUMENT_ALLOWED_TYPES = env_list("DOCUMENT_ALLOWED_TYPES", ",".join(DOCUMENT_KNOWN_TYPES))
if not DOCUMENT_ALLOWED_TYPES or set(DOCUMENT_ALLOWED_TYPES) - set(DOCUMENT_KNOWN_TYPES):
    raise ImproperlyConfigured(
        f"DOCUMENT_ALLOWED_TYPES={','.join(DOCUMENT_ALLOWED_TYPES)!r}: use a comma-separated subset of "
        f"{','.join(DOCUMENT_KNOWN_TYPES)}."
    )
# Text extracted once on upload for search (PDF, DOCX, ODT), bounded so a huge file stays cheap.
DOCUMENT_TEXT_MAX_CHARS = env_int("DOCUMENT_TEXT_MAX_CHARS", 200_000)
DOCUMENT_TEXT_MAX_PAGES = env_int("DOCUMENT_TEXT_MAX_PAGES", 100)
# Optional: let nginx send the bytes. Set e.g. "/_tep-van-ban/" and add to nginx
#   location /_tep-van-ban/ { internal; alias <DOCUMENT_FILES_ROOT>/;
#     add_header X-Content-Type-Options nosniff always;
#     add_header Content-Security-Policy $upstream_http_x_document_csp always; }
# The view still checks publication, counts the download and sets Content-Disposition.
DOCUMENT_X_ACCEL_PREFIX = env.str("DOCUMENT_X_ACCEL_PREFIX", default="")
if DOCUMENT_X_ACCEL_PREFIX and not (
    DOCUMENT_X_ACCEL_PREFIX.startswith("/") and DOCUMENT_X_ACCEL_PREFIX.endswith("/")
):
    raise ImproperlyConfigured("DOCUMENT_X_ACCEL_PREFIX must start and end with '/', e.g. /_tep-van-ban/.")
DOCUMENTS_PER_PAGE = env_int("DOCUMENTS_PER_PAGE", 20)
# --- Hỏi đáp (questions) ---
QUESTIONS_PER_PAGE = env_int("QUESTIONS_PER_PAGE", 20)
# Largest file a citizen may attach to a question (checked like document uploads).
QUESTIONS_ATTACHMENT_MAX_MB = env_int("QUESTIONS_ATTACHMENT_MAX_MB", 10)

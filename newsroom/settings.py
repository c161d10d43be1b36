"""
Newsroom settings, read from the environment.

Every knob is an environment variable (see .env.example). With none set, the
site runs on an embedded SQLite database and local-memory cache, which is all
`make run` needs. DEBUG is off unless DJANGO_DEBUG says otherwise, and with DEBUG
off the site refuses to serve without DJANGO_SECRET_KEY (management commands such
as makemigrations still load these settings).
"""

import os
import tempfile
from decimal import Decimal, InvalidOperation
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name, default=""):
    """Addresses or networks (or *) from the environment, checked."""
    networks = env_list(name, default)
    for network in networks:
        try:
            if network != "*":
                ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {network!r} is not an address or network.") from None
    return networks


def env_rating_scale(best_name, step_name):
    """The critics' rating scale: its best rating and its step, positive numbers with at most one
    decimal, the best a whole number of steps and at most 100."""
    values = {}
    for name, default in ((best_name, "5"), (step_name, "0.5")):
        try:
            values[name] = Decimal(os.environ.get(name, default))
        except InvalidOperation:
            raise ImproperlyConfigured(f"{name} must be a number.") from None
    best, step = values[best_name], values[step_name]
    if not (0 < step <= best <= 100) or best % step or step != round(step, 1):
        raise ImproperlyConfigured(
            f"{best_name}={best} and {step_name}={step} make no rating scale: the best rating is a "
            "whole number of steps, at most 100, and a step has at most one decimal (5 and 0.5, 10 and 1)."
        )
    return best, step


def env_site_url(name):
    """A site address from the environment, checked: a scheme and a host, no path; "" if unset."""
    value = os.environ.get(name, "").strip().rstrip("/")
    parts = urlsplit(value)
    if value and (parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query):
        raise ImproperlyConfigured(
            f"{name} must be a scheme and a host, like https://news.example.com; not {value!r}."
        )
    if value and parts.port == {"http": 80, "https": 443}[parts.scheme]:
        # A scheme's own port is left out of the addresses browsers show and send.
        return f"{parts.scheme}://{parts.hostname}"
    return value


DEBUG = env_bool("DJANGO_DEBUG")

MISSING_SECRET_KEY = (
    "DJANGO_SECRET_KEY is not set. Set it (see .env.example), or set DJANGO_DEBUG=1 for local development."
)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# With DEBUG off and no key, tools that only read settings (migrations, checks) still work, but
# the key stays empty, so nothing can be signed; serving refuses to start (newsroom/wsgi.py,
# asgi.py) and `check --deploy` reports it (newsroom/checks.py).
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# The site's address ("https://news.example.com"): every absolute URL the site writes uses it,
# and requests for other hosts are redirected to it (newsroom/site.py). Set it in production.
NEWSROOM_SITE_URL = env_site_url("NEWSROOM_SITE_URL")
if NEWSROOM_SITE_URL and urlsplit(NEWSROOM_SITE_URL).hostname not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(urlsplit(NEWSROOM_SITE_URL).hostname)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Served over HTTPS (the default with DEBUG off): redirect http, secure cookies, HSTS.
# `make serve` turns it off to try production settings on http://127.0.0.1.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# Load balancers check health over plain http, by address: these answer on any scheme and host.
NEWSROOM_HEALTH_PATHS = ["/healthz", "/readyz"]
SECURE_REDIRECT_EXEMPT = [f"^{path.lstrip('/')}$" for path in NEWSROOM_HEALTH_PATHS]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31_536_000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", HTTPS)
# Behind a proxy or CDN that terminates TLS and says so in X-Forwarded-Proto. Only then are the
# proxy's headers believed, and only from the proxies' addresses (FORWARDED_ALLOW_IPS, which
# gunicorn reads too; newsroom.security.ForwardedHeadersMiddleware drops them from anyone
# else): the scheme, and the client's address in X-Forwarded-For, as appended by the outermost
# of NEWSROOM_PROXY_HOPS proxies of ours (nginx alone: 1; a CDN, then nginx: 2).
NEWSROOM_BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
NEWSROOM_TRUSTED_PROXIES = env_networks("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
NEWSROOM_PROXY_HOPS = int(os.environ.get("DJANGO_PROXY_HOPS", 1))
if NEWSROOM_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_SECONDS", 60 * 60 * 12))

INSTALLED_APPS = [
    "newsroom.admin_site.NewsroomAdminConfig",  # django.contrib.admin, with the desk
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "taggit",
    "django_countries",
    "reversion",
    "django_prose_editor",
    "ninja",
    "corsheaders",
    "django_tasks_db",
    "articles",
    "api",
    "autosave",
    "desk",
    "webhooks",
    "importers",
    "newsroom",
]
# Development tools (`make bench`, `make load`): never installed unless asked for.
if env_bool("NEWSROOM_BENCHMARKS"):
    INSTALLED_APPS.append("benchmarks")

MIDDLEWARE = [
    "newsroom.security.ForwardedHeadersMiddleware",
    "newsroom.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.site.CanonicalHostMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so cached responses answer conditional requests with 304 too.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before the page cache, so a kept API answer still gets this request's CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # WordPress's old addresses (importers.redirects): outside the page cache, which would
    # answer /?p=123 with the home page.
    "importers.redirects.OldAddressMiddleware",
    # Innermost: what it replays still gets every header the middleware above adds.
    "newsroom.page_cache.PublicPageCacheMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

# The public pages' and the news sitemap's templates are Jinja2 (templates/public/; see
# newsroom.templating); the admin's are Django's. Jinja2 comes first: readers' pages are asked for most.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "public"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsroom.templating.environment",
            "context_processors": ["articles.context_processors.newsroom"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        # A connection broken by a database restart is replaced on the next request.
        conn_health_checks=True,
    )
}
# Fail fast when the database is unreachable or a query hangs: readers get a 503 within
# seconds instead of a worker stuck until its timeout.
DB_CONNECT_TIMEOUT = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", 3))
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT_MS", 10_000))
DB_PREPARE_THRESHOLD = int(os.environ.get("DJANGO_DB_PREPARE_THRESHOLD", 2))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DB_CONNECT_TIMEOUT,
        # No parallel workers for a request's query: starting them costs more than the site's
        # queries spend, and they take cores from the other requests (docs/PERFORMANCE.md).
        options=f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS} -c max_parallel_workers_per_gather=0",
        # Django's server-side parameter binding, so psycopg can prepare a statement the
        # connection has run DJANGO_DB_PREPARE_THRESHOLD times, and PostgreSQL need not parse
        # and plan it again on every request (where values shape the plan, code asks for a plan
        # each time: newsroom.plans). 0 turns both off, for a connection pooler that cannot
        # keep prepared statements (docs/DEPLOY.md).
        **(
            {"server_side_binding": True, "prepare_threshold": DB_PREPARE_THRESHOLD}
            if DB_PREPARE_THRESHOLD
            else {}
        ),
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=DB_CONNECT_TIMEOUT)

# A Redis that is down or hung costs a cache call at most REDIS_TIMEOUT seconds, and after a
# failure the cache is not asked again for NEWSROOM_CACHE_RETRY_SECONDS: the site serves
# uncached meanwhile (newsroom/cache.py).
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", 0.5))
NEWSROOM_CACHE_RETRY_SECONDS = float(os.environ.get("NEWSROOM_CACHE_RETRY_SECONDS", 5))
# The caches in front of the app, told by key what a change touched (newsroom/purge.py): the
# shipped Varnish (deploy/varnish.vcl), Fastly, Cloudflare.
NEWSROOM_VARNISH_URLS = env_list("NEWSROOM_VARNISH_URLS")
NEWSROOM_FASTLY_SERVICE_ID = os.environ.get("NEWSROOM_FASTLY_SERVICE_ID", "")
NEWSROOM_FASTLY_API_TOKEN = os.environ.get("NEWSROOM_FASTLY_API_TOKEN", "")
NEWSROOM_FASTLY_API_URL = os.environ.get("NEWSROOM_FASTLY_API_URL", "https://api.fastly.com")
NEWSROOM_CLOUDFLARE_ZONE_ID = os.environ.get("NEWSROOM_CLOUDFLARE_ZONE_ID", "")
NEWSROOM_CLOUDFLARE_API_TOKEN = os.environ.get("NEWSROOM_CLOUDFLARE_API_TOKEN", "")
NEWSROOM_CLOUDFLARE_API_URL = os.environ.get(
    "NEWSROOM_CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4"
)
NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID = os.environ.get("NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID", "")
NEWSROOM_CLOUDFRONT_ACCESS_KEY_ID = os.environ.get("NEWSROOM_CLOUDFRONT_ACCESS_KEY_ID", "")
NEWSROOM_CLOUDFRONT_SECRET_ACCESS_KEY = os.environ.get("NEWSROOM_CLOUDFRONT_SECRET_ACCESS_KEY", "")
NEWSROOM_CLOUDFRONT_API_URL = os.environ.get(
    "NEWSROOM_CLOUDFRONT_API_URL", "https://cloudfront.amazonaws.com"
)
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.BreakingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    # Room for a site's pages and stories' parts: Django's default of 300 entries would have
    # them push each other out.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Email (the desk's notices, desk/notices.py): printed to the console unless an SMTP host is set.
EMAIL_SMTP_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_SMTP_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", 587))
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_SMTP_HOST,
                "port": EMAIL_SMTP_PORT,
                "username": os.environ.get("DJANGO_EMAIL_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
                # STARTTLS on the submission port (587), TLS from the start on 465.
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", EMAIL_SMTP_PORT == 587),
                "use_ssl": env_bool("DJANGO_EMAIL_USE_SSL", EMAIL_SMTP_PORT == 465),
                "timeout": int(os.environ.get("DJANGO_EMAIL_TIMEOUT", 10)),
            },
        }
        if EMAIL_SMTP_HOST
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")

# Background work (Django's tasks framework: notice emails, webhook deliveries). "database": tasks
# wait in the database (django-tasks-db) for `manage.py db_worker`, which `make run` and `make
# serve` start beside the site (docs/DEPLOY.md: in production); "immediate": each task runs at
# once in the process that enqueued it, after the commit (nothing can then be run later: no
# scheduled story's webhook, no retry).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
NEWSROOM_TASKS_BACKEND = os.environ.get("NEWSROOM_TASKS_BACKEND", "database").strip().lower()
if NEWSROOM_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}; not {NEWSROOM_TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[NEWSROOM_TASKS_BACKEND]}}
# Webhooks (webhooks/): endpoints on loopback, private, link-local and other non-public addresses
# are refused unless this allows them (a receiver on the same machine or network); the longest a
# delivery waits for the receiver to connect, and then to answer.
NEWSROOM_WEBHOOKS_ALLOW_PRIVATE = env_bool("NEWSROOM_WEBHOOKS_ALLOW_PRIVATE")
NEWSROOM_WEBHOOKS_TIMEOUT = float(os.environ.get("NEWSROOM_WEBHOOKS_TIMEOUT", 10))
# WordPress imports (importers/): pictures fetched with --fetch-media only from public addresses
# unless this allows others; where exports uploaded in the admin wait for the task worker (a
# folder the worker can read: shared, if it runs on another host).
NEWSROOM_IMPORT_ALLOW_PRIVATE = env_bool("NEWSROOM_IMPORT_ALLOW_PRIVATE")
NEWSROOM_IMPORT_DIR = Path(
    os.environ.get("NEWSROOM_IMPORT_DIR", Path(tempfile.gettempdir()) / "newsroom-imports")
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The newsroom's own zone: editors enter and read times in it, and pages show it.
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
# English only: with translation off, every date, reverse() and display label skips looking up
# the active language.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Static files: compressed, content-hashed names (far-future caching) once collected;
# `make serve` and deployments set DJANGO_STATIC_MANIFEST=1 after `collectstatic`.
STATIC_BACKEND = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if env_bool("DJANGO_STATIC_MANIFEST")
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Media on S3-compatible storage (install django-storages[s3]) when a bucket is named.
MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if os.environ.get("DJANGO_S3_BUCKET"):
    MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["DJANGO_S3_BUCKET"],
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "custom_domain": os.environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
STORAGES = {"default": MEDIA_BACKEND, "staticfiles": {"BACKEND": STATIC_BACKEND}}

# Everything worth knowing goes to the console (stdout/stderr), where process managers collect it.
# Every line carries the id of the request it was logged for (newsroom.logs); DJANGO_LOG_FORMAT=json
# writes each as one JSON object.
LOG_FORMAT = "json" if os.environ.get("DJANGO_LOG_FORMAT", "plain").strip().lower() == "json" else "plain"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {"()": "newsroom.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "articles": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "newsroom": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Clip players the site may frame, once a reader asks for one.
CLIP_FRAME_SOURCES = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]

# A strict policy: no inline script or style without the request's nonce, no plugins,
# nothing framed but the clip players, and the site framed by no one else.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The hash admits exactly the base stylesheet the rich-text editor (tiptap, pinned with
    # django-prose-editor) injects, and nothing else inline.
    "style-src": [CSP.SELF, CSP.NONCE, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": CLIP_FRAME_SOURCES,
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TAGGIT_CASE_INSENSITIVE = True

NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "Newsroom")
NEWSROOM_PAGE_SIZE = 20
# The newsroom's own country (ISO 3166-1 code): the release calendar shows its dates unless a
# reader picks another.
NEWSROOM_COUNTRY = os.environ.get("NEWSROOM_COUNTRY", "US").upper()
# Critics rate films from 0 to NEWSROOM_RATING_BEST in steps of NEWSROOM_RATING_STEP (0 to 5 in
# halves by default; 10 and 1 for a ten-point scale).
NEWSROOM_RATING_BEST, NEWSROOM_RATING_STEP = env_rating_scale("NEWSROOM_RATING_BEST", "NEWSROOM_RATING_STEP")
# Admin sign-in (newsroom/security.py): this many failures lock an account for this long...
NEWSROOM_LOGIN_ATTEMPTS = int(os.environ.get("NEWSROOM_LOGIN_ATTEMPTS", 5))
NEWSROOM_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("NEWSROOM_LOGIN_LOCKOUT_SECONDS", 15 * 60))
# ...and this many from one client address make it wait this long. Each attempt starts the time
# again.
NEWSROOM_LOGIN_ADDRESS_ATTEMPTS = int(os.environ.get("NEWSROOM_LOGIN_ADDRESS_ATTEMPTS", 20))
NEWSROOM_LOGIN_ADDRESS_SECONDS = int(os.environ.get("NEWSROOM_LOGIN_ADDRESS_SECONDS", 60))
# Longest a public page is reused (by us, proxies and CDNs); the schedule cuts it shorter.
NEWSROOM_CACHE_SECONDS = int(os.environ.get("NEWSROOM_CACHE_SECONDS", 300))
# Longest a story's parts are kept between renders of its page (articles.story_parts); 0: never.
NEWSROOM_STORY_PARTS_SECONDS = int(os.environ.get("NEWSROOM_STORY_PARTS_SECONDS", 300))
# The read API (/api/v1/) answers other sites' browsers only from these origins
# (comma-separated, e.g. "https://app.example.com"); none by default.
CORS_ALLOWED_ORIGINS = env_list("NEWSROOM_API_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["authorization", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
CORS_PREFLIGHT_MAX_AGE = 3600

# Paths the public page cache never stores (newsroom.page_cache): staff pages, previews, files.
NEWSROOM_CACHE_SKIP_PREFIXES = [
    "/admin/",
    "/preview/",
    *[f"/{url.lstrip('/')}" for url in (STATIC_URL, MEDIA_URL) if "://" not in url],
]
# Upload limits for the image library: bytes on disk, and pixels once decoded.
NEWSROOM_IMAGE_MAX_BYTES = int(os.environ.get("NEWSROOM_IMAGE_MAX_BYTES", 25 * 1024 * 1024))
NEWSROOM_IMAGE_MAX_PIXELS = int(os.environ.get("NEWSROOM_IMAGE_MAX_PIXELS", 60_000_000))

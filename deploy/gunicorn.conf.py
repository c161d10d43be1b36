"""gunicorn settings for Newsroom, from the environment: gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi"""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: two per core and one more, unless WEB_CONCURRENCY says otherwise. Without a shared
# cache (REDIS_URL) each worker would keep its own cached pages, which a change made through
# another worker does not drop: one worker then.
workers = int(
    os.environ.get(
        "WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1 if os.environ.get("REDIS_URL") else 1
    )
)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak can never take a process down (0: never).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# The access log carries the request id the app gives every response.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s "%(a)s"'
# gunicorn takes the scheme from X-Forwarded-Proto (and its like) only behind a proxy the site
# is told of (DJANGO_BEHIND_PROXY), and only from the proxy's addresses (FORWARDED_ALLOW_IPS,
# loopback by default); otherwise anyone, loopback included, could say their request was https.
if os.environ.get("DJANGO_BEHIND_PROXY", "").strip().lower() in {"1", "true", "yes", "on"}:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}


def post_worker_init(worker):
    """Freeze what loading the app made: it lives as long as the worker, and the garbage
    collector would otherwise walk all of it again at every full collection."""
    gc.collect()
    gc.freeze()

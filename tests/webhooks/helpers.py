"""A real receiving HTTP server on loopback, and the task worker's own steps run in a test."""

import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

# Accounts' passwords hashed fast: these tests sign in, they do not test hashing.
FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes
    at: float  # time.time() when it arrived

    @property
    def payload(self):
        return json.loads(self.body)


class Receiver:
    """An HTTP server on 127.0.0.1 in a thread of its own, like a partner's webhook receiver: it
    records every request and answers each with the next of `statuses` (the last one again once
    they run out), after `delay` seconds, with `headers` and `body`.

        with Receiver(statuses=[500, 200]) as receiver:
            ...receiver.url..., receiver.wait(2), receiver.requests
    """

    def __init__(self, statuses=(200,), delay=0.0, headers=None, body=b"thanks"):
        self.statuses = list(statuses)
        self.delay = delay
        self.headers = headers or {}
        self.body = body
        self.requests = []
        self.arrived = threading.Condition()

    def __enter__(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with receiver.arrived:
                    receiver.requests.append(
                        Received("POST", self.path, dict(self.headers.items()), body, time.time())
                    )
                    status = receiver.statuses[min(len(receiver.requests), len(receiver.statuses)) - 1]
                    receiver.arrived.notify_all()
                time.sleep(receiver.delay)
                self.send_response(status)
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(receiver.body)))
                self.end_headers()
                try:
                    self.wfile.write(receiver.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the newsroom read what it keeps of the answer and hung up

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/newsroom?source=test"

    def wait(self, count=1, timeout=10.0):
        """Wait until `count` requests have arrived (at most `timeout` seconds); returns them."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.requests) >= count, timeout)
        return list(self.requests)


def queue_worker(**options):
    """django-tasks-db's worker, as `manage.py db_worker` makes it, on every queue."""
    return Worker(
        queue_names=["*"],
        interval=options.get("interval", 1),
        batch=options.get("batch", False),
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )


def run_due_tasks():
    """Run the queued tasks that are due, one by one, with the worker's own claim and run steps,
    in this process: inside a TestCase's transaction, which the worker's loop (it closes stale
    connections) would break. Returns how many ran."""
    worker = queue_worker()
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim("tests")
        worker.run_task(result)
        ran += 1
    return ran


def queued(task_path_end):
    """The tasks waiting in the queue whose path ends with `task_path_end` ("tasks.deliver")."""
    return DBTaskResult.objects.filter(status="READY", task_path__endswith=task_path_end).order_by(
        "run_after"
    )


def readme_verifier():
    """The README's webhook signature check, run as written: its `verify` function."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    code = re.search(r"<!-- verify-webhook -->\s*```python\n(.*?)```", readme, re.DOTALL).group(1)
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)
    return namespace["verify"]

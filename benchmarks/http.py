"""Load over HTTP on loopback: gunicorn alone, nginx serving a static copy, nginx's proxy cache,
and Varnish."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return urlopen(url, timeout=2).read()
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def wrk(url, seconds, connections=16):
    """Requests per second and p50/p99 latency (ms) from wrk, bounded to `seconds`."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rate,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


class Stack:
    """gunicorn (2 workers) and nginx on loopback ports; stopped by `close`, by the PIDs it started."""

    def __init__(self, env):
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
        self.app_port, self.proxy_port, self.static_port = free_port(), free_port(), free_port()
        self.varnish_port = free_port()
        self.processes = []
        self.env = env

    def start_app(self, cache_seconds, **extra_env):
        """gunicorn as deployed (deploy/gunicorn.conf.py: its access log, its frozen workers),
        with 2 workers, and no recycling: under wrk, recycling every 2,000 requests would
        restart a worker every second or two and time its start-ups instead of pages."""
        env = {
            **self.env,
            "NEWSROOM_CACHE_SECONDS": str(cache_seconds),
            "BIND": f"127.0.0.1:{self.app_port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_MAX_REQUESTS": "0",
            **extra_env,
        }
        config = ROOT / "deploy" / "gunicorn.conf.py"
        command = [sys.executable, "-m", "gunicorn", "-c", str(config), "newsroom.wsgi"]
        log = open(self.folder / "gunicorn.log", "a")
        app = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
        self.processes.append(app)
        wait_for(f"http://127.0.0.1:{self.app_port}/robots.txt")
        return app

    def stop(self, process):
        process.terminate()
        process.wait(timeout=20)
        self.processes.remove(process)

    def start_nginx(self, static_html):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        (self.folder / "static").mkdir(exist_ok=True)
        (self.folder / "static" / "story.html").write_bytes(static_html)
        site = (ROOT / "deploy" / "nginx.conf").read_text()
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.proxy_port};")
        site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{self.app_port};")
        site = site.replace("/var/cache/nginx/newsroom", str(self.folder / "cache"))
        (self.folder / "site.conf").write_text(site)
        temp = self.folder / "temp"
        temp.mkdir(exist_ok=True)
        (self.folder / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"worker_processes 1;\npid {self.folder}/nginx.pid;\nerror_log {self.folder}/error.log;\n"
            "events { worker_connections 1024; }\n"
            f"http {{ access_log off; client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;"
            f" fastcgi_temp_path {temp}/f; uwsgi_temp_path {temp}/u; scgi_temp_path {temp}/s;"
            f" server {{ listen 127.0.0.1:{self.static_port}; root {self.folder}/static; }}"
            f" include {self.folder}/site.conf; }}\n"
        )
        proxy = subprocess.Popen(
            [nginx, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(proxy)
        wait_for(f"http://127.0.0.1:{self.static_port}/story.html")
        return proxy

    def start_varnish(self):
        """The shipped deploy/varnish.vcl in front of the app (no jail: its workers would drop to
        an account that cannot read this folder)."""
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        vcl = (
            (ROOT / "deploy" / "varnish.vcl")
            .read_text()
            .replace('.port = "8000";', f'.port = "{self.app_port}";')
        )
        (self.folder / "newsroom.vcl").write_text(vcl)
        command = [varnishd, "-F", "-j", "none", "-a", f"127.0.0.1:{self.varnish_port}"]
        command += [
            "-f",
            str(self.folder / "newsroom.vcl"),
            "-n",
            str(self.folder / "varnish"),
            "-s",
            "malloc,256m",
        ]
        varnish = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.processes.append(varnish)
        wait_for(f"http://127.0.0.1:{self.varnish_port}/robots.txt")
        return varnish

    def close(self):
        for process in list(self.processes):
            self.stop(process)
        shutil.rmtree(self.folder, ignore_errors=True)


def readers(base_url, mix, edit, edit_every):
    """Request each path of `mix` in turn from `base_url` (one keep-alive connection), calling
    `edit(n)` before every `edit_every`-th; returns (Varnish hits, latencies in ms)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    hits, spent = 0, []
    try:
        for n, path in enumerate(mix):
            if n and n % edit_every == 0:
                edit(n)
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            spent.append((time.perf_counter() - start) * 1000)
            hits += response.getheader("X-Varnish-Cache") == "HIT"
    finally:
        connection.close()
    return hits, spent

"""What the shipped deployment trusts, end to end: the shipped nginx in front of gunicorn with
the shipped settings (tests.test_proxy.running_stack), asked from several loopback addresses
(127.0.0.2 and on are the same machine, with other source addresses): the scheme a client
claims, the client address the sign-in limits count, forwarded headers gunicorn believes."""

import http.client
import re
import subprocess
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

from tests.test_proxy import ROOT, running_stack

pytestmark = pytest.mark.proxy


class Browser:
    """A client at `source` (a loopback address) with its own cookies."""

    def __init__(self, base_url, source="127.0.0.1"):
        parts = urlsplit(base_url)
        self.host, self.port, self.source = parts.hostname, parts.port, source
        self.cookies = SimpleCookie()

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=10, source_address=(self.source, 0)
        )
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        return response.status, response.headers, text

    def sign_in(self, username, password, headers=None):
        status, _, page = self.request("GET", "/admin/login/", headers=headers)
        assert status == 200, page[-500:]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        return self.request("POST", "/admin/login/?next=/admin/", body=form, headers=headers)


def add_editor(stack, username="dana", password="a-long-editor-password"):
    code = (
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_user({username!r}, password={password!r}, is_staff=True)"
    )
    subprocess.run([*stack["manage"], "shell", "-c", code], cwd=ROOT, env=stack["env"], check=True)
    return username, password


def test_a_client_guessing_names_is_throttled_without_locking_out_the_desk(tmp_path):
    with running_stack(tmp_path, DJANGO_BEHIND_PROXY="1", NEWSROOM_LOGIN_ADDRESS_ATTEMPTS="5") as stack:
        username, password = add_editor(stack)
        attacker = Browser(stack["url"], "127.0.0.3")
        for n in range(5):
            status, _, page = attacker.sign_in(f"guess{n}", "wrong")
            assert status == 200 and "Please enter the correct username" in page
        # Whatever it writes in X-Forwarded-For, nginx appends its real address, which is counted.
        status, _, page = attacker.sign_in(username, password, headers={"X-Forwarded-For": "198.51.100.7"})
        assert status == 200 and "from your network" in page
        colleague = Browser(stack["url"], "127.0.0.4")
        status, headers, _ = colleague.sign_in(username, password)
        assert status == 302 and headers["Location"] == "/admin/"


@pytest.mark.parametrize(
    "terminators", [(), ("127.0.0.2",)], ids=["nginx terminates TLS", "behind a terminator"]
)
def test_the_scheme_comes_from_nginx_or_a_trusted_terminator_only(tmp_path, terminators):
    with running_stack(tmp_path, terminators, DJANGO_BEHIND_PROXY="1", DJANGO_HTTPS="1") as stack:
        claims_https = {"X-Forwarded-Proto": "https"}
        # A client claiming https over plain http is sent to https, in either layout.
        status, headers, _ = Browser(stack["url"], "127.0.0.5").request("GET", "/", headers=claims_https)
        assert status == 301 and headers["Location"].startswith("https://")
        if terminators:
            terminator = Browser(stack["url"], terminators[0])
            # The terminator's https is believed: the page, no redirect loop.
            status, headers, page = terminator.request("GET", "/", headers=claims_https)
            assert status == 200, page[-500:]
            assert 'rel="canonical" href="https://' in page
            # And its http is http.
            status, headers, _ = terminator.request("GET", "/", headers={"X-Forwarded-Proto": "http"})
            assert status == 301 and headers["Location"].startswith("https://")
        # Load balancers' health checks answer over http.
        assert Browser(stack["url"]).request("GET", "/healthz")[0] == 200


def test_gunicorn_believes_no_forwarded_scheme_unless_behind_a_proxy(tmp_path):
    for behind_proxy, scheme in (("0", "http"), ("1", "https")):
        with running_stack(tmp_path / behind_proxy, DJANGO_BEHIND_PROXY=behind_proxy) as stack:
            app = Browser(stack["app_url"])
            status, _, text = app.request("GET", "/robots.txt", headers={"X-Forwarded-Proto": "https"})
            assert status == 200
            assert f"Sitemap: {scheme}://" in text, text

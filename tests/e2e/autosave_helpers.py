"""Logging in as a given account in a browser page."""


def log_in(page, url, account, next_path="/admin/"):
    page.goto(f"{url}/admin/login/?next={next_path}")
    page.fill("#id_username", account[0])
    page.fill("#id_password", account[1])
    page.click("input[type=submit]")
    page.wait_for_url(url + next_path)

"""Log lines carry the id of the request they were logged for, and with DJANGO_LOG_FORMAT=json each
is one JSON object."""

import io
import json
import logging
import sys
from unittest import mock

from django.db import OperationalError
from django.test import Client, RequestFactory, SimpleTestCase, TestCase

from newsroom.logs import JsonFormatter, RequestIdFilter, request_id


def record(message="Story %s saved", args=("42",), **extra):
    entry = logging.LogRecord("newsroom", logging.WARNING, __file__, 1, message, args, None)
    entry.__dict__.update(extra)
    return entry


class RequestIdFilterTests(SimpleTestCase):
    def test_a_record_takes_the_id_of_the_request_being_served(self):
        token = request_id.set("abcdef123456")
        try:
            entry = record()
            self.assertTrue(RequestIdFilter().filter(entry))
        finally:
            request_id.reset(token)
        self.assertEqual(entry.request_id, "abcdef123456")

    def test_outside_a_request_the_id_is_a_dash(self):
        entry = record()
        RequestIdFilter().filter(entry)
        self.assertEqual(entry.request_id, "-")


class JsonFormatterTests(SimpleTestCase):
    def format(self, entry):
        return json.loads(JsonFormatter().format(entry))

    def test_one_object_with_time_level_logger_request_id_and_message(self):
        entry = record(request_id="abcdef123456", created=1532692800.5)
        self.assertEqual(
            self.format(entry),
            {
                "time": "2018-07-27T12:00:00.500+00:00",
                "level": "WARNING",
                "logger": "newsroom",
                "request_id": "abcdef123456",
                "message": "Story 42 saved",
            },
        )

    def test_the_request_status_and_exception_when_the_record_has_them(self):
        request = RequestFactory().post("/admin/login/")
        try:
            raise ValueError("Pokémon")
        except ValueError:
            entry = record(request=request, status_code=403, exc_info=sys.exc_info())
        data = self.format(entry)
        self.assertEqual((data["method"], data["path"], data["status"]), ("POST", "/admin/login/", 403))
        self.assertEqual(data["request_id"], "-")
        self.assertIn("ValueError: Pokémon", data["exception"])
        self.assertIn("Pokémon", JsonFormatter().format(entry), "characters are kept as they are")


class RequestLogTests(TestCase):
    def test_a_line_logged_while_serving_carries_the_requests_id(self):
        lines = io.StringIO()
        handler = logging.StreamHandler(lines)
        handler.addFilter(RequestIdFilter())
        handler.setFormatter(JsonFormatter())
        logger = logging.getLogger("newsroom")
        logger.addHandler(handler)
        unreachable = OperationalError("connection refused")
        try:
            with mock.patch(
                "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", side_effect=unreachable
            ):
                response = Client().get("/", headers={"x-request-id": "abcdef123456"})
        finally:
            logger.removeHandler(handler)
        self.assertEqual(response.status_code, 503)
        [line] = [json.loads(line) for line in lines.getvalue().splitlines()]
        self.assertEqual(
            (line["level"], line["request_id"], line["method"], line["path"]),
            ("ERROR", "abcdef123456", "GET", "/"),
        )
        self.assertEqual(line["message"], "Database unavailable: OperationalError")

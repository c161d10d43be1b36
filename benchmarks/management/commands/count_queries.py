"""Count the SQL queries each page of a list of URL paths runs, with the page cache off.

    python manage.py count_queries FILE [--json]

Each path is asked for twice through Django's test client in this process: the first pass is
what a fresh worker's first requests cost ("cold"), the second the steady state ("warm").
The JSON form is what the Wagtail reference harness (`anchor.sh --queries-cmd`) reads.
"""

import json
import statistics

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext


def summary(counts, failures):
    return {
        "min": min(counts),
        "median": statistics.median(counts),
        "mean": round(statistics.fmean(counts), 2),
        "max": max(counts),
        "non_200": failures,
    }


class Command(BaseCommand):
    help = "Count the SQL queries per page for the URL paths in FILE (page cache off)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object only.")

    def handle(self, *args, file, as_json, **options):
        with open(file) as listed:
            paths = [line.strip() for line in listed if line.strip()]
        if not paths:
            raise CommandError(f"{file} lists no URL paths.")
        client = Client(HTTP_HOST="127.0.0.1")
        result = {"urls": len(paths)}
        with override_settings(NEWSROOM_CACHE_SECONDS=0, ALLOWED_HOSTS=["127.0.0.1"]):
            for label in ("cold", "warm"):
                counts, failures = [], 0
                for path in paths:
                    with CaptureQueriesContext(connection) as queries:
                        status = client.get(path).status_code
                    failures += status != 200
                    counts.append(len(queries))
                result[label] = summary(counts, failures)
        if as_json:
            self.stdout.write(json.dumps(result))
            return
        for label in ("cold", "warm"):
            figures = result[label]
            self.stdout.write(
                f"{label}: queries a page min {figures['min']}, median {figures['median']}, "
                f"max {figures['max']} ({figures['non_200']} not 200)"
            )

from django.core.management.base import BaseCommand

from articles.demo.load import DEMO_ACCOUNTS, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: the Mission: Impossible – Fallout stories with their films, people, "
        "sources and release dates, and demo editor and writer accounts. Safe to run again: it changes "
        "nothing "
        "that exists. Not for production databases: the demo account's password is public."
    )

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)
        for username, details in DEMO_ACCOUNTS.items():
            self.stdout.write(
                f"Demo {details['group'][:-1].lower()} login: {username} / {details['password']}"
            )

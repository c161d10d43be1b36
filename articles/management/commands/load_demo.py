from django.core.management.base import BaseCommand

from articles.demo.load import DEMO_EDITOR, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: the Mission: Impossible – Fallout stories with their films, people, "
        "sources and release dates, and a demo editor account. Safe to run again: it changes nothing "
        "that exists. Not for production databases: the demo account's password is public."
    )

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)
        username, password = DEMO_EDITOR
        self.stdout.write(f"Demo editor login: {username} / {password}")

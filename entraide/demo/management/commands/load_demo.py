from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entraide.demo.editorial import write_editorial
from entraide.demo.generator import DEMO_PASSWORD, MissingCommunes, demo_is_loaded, load_demo


class Command(BaseCommand):
    help = (
        "Create the demo territories (Saint-Dizier, Paris), accounts, about 300 organisations and "
        "their actions over the next three months through the services (once: does nothing when the demo is already there)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")

    def handle(self, *args: Any, seed: int = 1, **options: Any) -> None:
        if demo_is_loaded():
            self.stdout.write("Demo data already loaded (the territory saint-dizier exists).")
            return
        try:
            summary = load_demo(seed)
        except MissingCommunes as error:
            raise CommandError(str(error)) from error
        media = write_editorial(seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded (seed {seed}): {summary.territories} territories, "
                f"{summary.accounts} accounts, {summary.organisations} organisations "
                f"({summary.verified} verified, {summary.pending} pending, "
                f"{summary.rejected} rejected), {summary.actions} actions with {summary.slots} "
                f"slots over three months, {summary.participations} sign-ups, "
                f"{summary.discoverable_volunteers} volunteers associations can find, "
                f"{summary.connections} connections, {summary.groups} groups, {summary.posts} "
                f"posts, {summary.aid_requests} requests and offers, {media.articles} articles "
                f"with {media.comments} comments. Password of every demo account: {DEMO_PASSWORD}."
            )
        )

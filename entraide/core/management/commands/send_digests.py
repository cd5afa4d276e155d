from typing import Any

from django.core.management.base import BaseCommand

from entraide.core.tasks import send_digests


class Command(BaseCommand):
    help = (
        "Send the daily digests now, then schedule the next run at 07:00 Paris time "
        "(on a task backend that can defer, such as the database queue of `make run`)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests.call()
        self.stdout.write(f"{sent} digest(s) sent")

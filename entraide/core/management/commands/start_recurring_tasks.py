from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from entraide.core.digest import next_digest_time
from entraide.core.scheduling import enqueue_at
from entraide.core.tasks import next_run_scheduled, send_digests, sweep_outbox


class Command(BaseCommand):
    help = (
        "Queue the tasks that queue their own next run (the daily digests at 07:00 Paris "
        "time, the outbox sweep every minute) unless a run waits already. Run before the "
        "task worker starts (`make run`, entraide-worker.service)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not next_run_scheduled(sweep_outbox):
            sweep_outbox.enqueue()
            self.stdout.write("outbox sweep queued")
        if not next_run_scheduled(send_digests):
            enqueue_at(send_digests, next_digest_time(timezone.now()))
            self.stdout.write("daily digests queued")

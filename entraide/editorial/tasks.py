"""Background work of the local media: publishing a scheduled article at its hour. A task's
dotted path is stored with each queued run: it keeps its name."""

from django.tasks import task

from entraide.editorial.publication import publish_due_article


@task()
def publish_scheduled_article(*, article_id: int) -> bool:
    """Idempotent (publication.publish_due_article): a second run, or a run for an article
    sent back or rescheduled since, publishes nothing."""
    return publish_due_article(article_id)

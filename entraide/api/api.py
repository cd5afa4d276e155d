"""The public JSON API, /api/v1/, over the apps' own selectors (OpenAPI at /api/v1/docs)."""

from ninja import NinjaAPI

from entraide.api.actions import router as actions_router
from entraide.api.docs import OfflineDocs

api = NinjaAPI(
    title="entraide",
    version="1",
    description="L’agenda des actions bénévoles et des événements publics, en JSON.",
    urls_namespace="api",
    docs=OfflineDocs(),
)
api.add_router("/", actions_router)

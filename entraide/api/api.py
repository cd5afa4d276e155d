"""The public JSON API, /api/v1/, over the apps' own selectors (OpenAPI at /api/v1/docs)."""

from ninja import NinjaAPI

api = NinjaAPI(title="entraide", version="1", urls_namespace="api")

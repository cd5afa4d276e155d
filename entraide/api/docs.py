"""The API's documentation page without any CDN (the Content-Security-Policy allows scripts and
styles from this site only).

With "ninja" in INSTALLED_APPS, django-ninja's own Swagger UI is served from its packaged static
files: no inline script (its settings travel in a JSON block). Without it, ninja would fall back
to a CDN, so we render a small page of our own instead: the endpoints, their parameters and a
link to openapi.json."""

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase, Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class OfflineDocs(DocsBase):
    def __init__(self) -> None:
        self.swagger = Swagger(settings={"tryItOutEnabled": True})

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        if apps.is_installed("ninja"):
            return self.swagger.render_page(request, api, **kwargs)
        schema = api.get_openapi_schema(path_params=kwargs)
        endpoints = [
            {
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": operation.get("parameters", []),
            }
            for path, operations in schema["paths"].items()
            for method, operation in operations.items()
        ]
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "endpoints": endpoints,
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )

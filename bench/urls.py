"""The application's URLs plus `/bench/minimal`: the cheapest Django view behind the same
middleware, the yardstick the agenda's requests per second are compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal", minimal),
    path("", include("entraide.urls")),
]

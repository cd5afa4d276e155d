"""Being written: each function below is replaced by its real view."""

from django.http import Http404, HttpRequest, HttpResponse


def territory_feed(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def organisation_feed(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def personal_feed(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def personal_feed_settings(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404

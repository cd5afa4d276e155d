"""Being written: each function below is replaced by its real view."""

from django.http import Http404, HttpRequest, HttpResponse


def organisation_actions(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def slots(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def publish(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def close(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def cancel(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def slot_dashboard(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def slot_capacity(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def message_participants(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def decide_participation(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def record_attendance(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404

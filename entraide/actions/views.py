"""Being written: each function below is replaced by its real view."""

from django.http import Http404, HttpRequest, HttpResponse


def agenda(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def join(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def cancel_participation(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def claim_offer(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def participation_ics(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def reminder_answer(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def my_agenda(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404

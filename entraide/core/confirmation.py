"""The confirmation page every destructive action shows before its POST (`core/confirm.html`):
the question, a danger button that posts back to the same URL, and a way back."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    label: str,
    cancel: str,
    form: forms.Form | None = None,
) -> HttpResponse:
    context = {
        "title": title,
        "question": question,
        "confirm_label": label,
        "cancel_url": cancel,
        "action_url": request.path,
        "danger": True,
    }
    if form is not None:
        context["form"] = form
    return render(request, "core/confirm.html", context)

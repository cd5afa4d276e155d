from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from entraide.accounts.forms import ProfileForm
from entraide.accounts.http import AuthenticatedRequest
from entraide.accounts.selectors import access_member
from entraide.accounts.services import PROFILE_FIELDS, update_profile
from entraide.core.page_sections import MEMBER_PAGE, sections_of


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {
            field: form.cleaned_data[field] for field in PROFILE_FIELDS if field != "home_commune"
        }
        changes["home_commune"] = form.cleaned_data["commune"]
        update_profile(request.user, request.user, **changes)
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def member(request: HttpRequest, user_id: int) -> HttpResponse:
    # Members' pages are for members: a visitor cannot walk /membres/1..N/ to list people.
    person = access_member(request.user, user_id)
    return render(
        request,
        "accounts/member.html",
        {"person": person, **sections_of(MEMBER_PAGE, request, person)},
    )

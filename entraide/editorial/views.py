"""Pages of the local media: the public list and article page, comments, the approval page of
the people portrayed, and the newsroom (`/<territory>/redaction/`). Every rule is the
services'; a view reads through the selectors, calls one service and shows its refusal next to
the field it names, or at the top of the page it comes back to."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.accounts.models import User
from entraide.core.exceptions import ActionRefused
from entraide.core.pagination import CappedPaginator
from entraide.editorial import forms, rules, selectors, services
from entraide.editorial.enums import PORTRAYING_KINDS, ArticleStatus, NewsroomRole
from entraide.editorial.interview import render_body
from entraide.editorial.models import Article
from entraide.editorial.sections import feeds_of
from entraide.territories.models import Territory
from entraide.territories.selectors import access_territory

PAGE_SIZE = 12


def _add_refusal(form: Any, error: ActionRefused) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Public pages ---------------------------------------------------------------------------


@require_GET
def article_list(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = access_territory(territory_slug)
    form = forms.ListFilterForm(request.GET or None)
    kind, interest = None, None
    if form.is_valid():
        kind, interest = form.cleaned_data["type"] or None, form.cleaned_data["interet"]
    articles = selectors.public_articles(territory, kind=kind, interest=interest)
    page_obj = CappedPaginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    feeds = feeds_of(territory)
    if interest is not None:
        feeds = {name: f"{url}?interet={interest}" for name, url in feeds.items()}
    return render(
        request,
        "editorial/article_list.html",
        {
            "territory": territory,
            "form": form,
            "page_obj": page_obj,
            "editorial_feeds": feeds,
            "in_newsroom": rules.is_in_newsroom(request.user, territory),
        },
    )


def _json_ld(request: HttpRequest, article: Article) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.standfirst,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": (article.republished_at or article.published_at).isoformat()
        if article.published_at
        else None,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "publisher": {"@type": "Organization", "name": article.territory.name},
        "author": {"@type": "Person", "name": article.created_by.public_name}
        if article.created_by
        else None,
        "articleSection": article.get_kind_display(),
    }
    if article.cover:
        data["image"] = request.build_absolute_uri(article.cover.url)
    # json.dumps escapes no "<": a "</script>" in a title must not end the block.
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def _article_page(
    request: HttpRequest, article: Article, comment_form: Any = None, status: int = 200
) -> HttpResponse:
    cards = selectors.linked_cards(article)
    context = {
        "territory": article.territory,
        "article": article,
        "body_html": render_body(article.kind, article.body),
        "cards": cards,
        "impact": selectors.impact_of(article),
        "comments": selectors.comments_of(article),
        "comment_count": selectors.comment_count(article),
        "comment_form": comment_form
        if comment_form is not None
        else (forms.CommentForm() if rules.can_comment(request.user, article) else None),
        "can_edit": rules.is_logged_in(request.user)
        and rules.can_write_article(request.user, article),
        "json_ld": _json_ld(request, article),
        "absolute_url": request.build_absolute_uri(article.get_absolute_url()),
        "cover_url": request.build_absolute_uri(article.cover.url) if article.cover else "",
        "editorial_feeds": feeds_of(article.territory),
    }
    return render(request, "editorial/article.html", context, status=status)


@require_GET
def article_detail(request: HttpRequest, territory_slug: str, article_slug: str) -> HttpResponse:
    territory = access_territory(territory_slug)
    return _article_page(request, selectors.access_public_article(territory, article_slug))


@login_required
@require_POST
def comment(request: AuthenticatedRequest, territory_slug: str, article_slug: str) -> HttpResponse:
    territory = access_territory(territory_slug)
    article = selectors.access_public_article(territory, article_slug)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            posted = services.post_comment(request.user, article, body=form.cleaned_data["body"])
        except ActionRefused as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(request, _("Votre commentaire est publié."))
            return redirect(posted)
    return _article_page(request, article, comment_form=form, status=400)


@require_http_methods(["GET", "POST"])
def approve(request: HttpRequest, token: str) -> HttpResponse:
    """The page a portrayed person reaches from the link: the working copy, and the approval."""
    portrayed = selectors.access_portrayal(token)
    if portrayed.person_id is not None and request.user.pk != portrayed.person_id:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    article = portrayed.article
    revision = selectors.working_revision(article)
    if revision is None:
        raise Http404
    form = forms.ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_portrayal(request.user, portrayed, photo=form.cleaned_data["photo"])
        except ActionRefused as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(request, _("Merci : votre accord est transmis à la rédaction."))
            return redirect(request.path)
    return render(
        request,
        "editorial/approve.html",
        {
            "portrayed": portrayed,
            "article": article,
            "revision": revision,
            "body_html": render_body(article.kind, revision.body),
            "approved": portrayed.approved_revision_id == revision.pk,
            "form": form,
        },
    )


# --- The newsroom ---------------------------------------------------------------------------


def _newsroom(request: AuthenticatedRequest, territory_slug: str) -> Territory:
    territory = access_territory(territory_slug)
    if not rules.is_in_newsroom(request.user, territory):
        raise PermissionDenied
    return territory


@login_required
# A POST reads the same page: refusing it for the method would tell an outsider nothing
# different, and the forbidden-paths matrix expects the newsroom's 403 whatever the method.
@require_http_methods(["GET", "POST"])
def newsroom(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    territory = _newsroom(request, territory_slug)
    page_obj = CappedPaginator(selectors.newsroom_articles(request.user, territory), 30).get_page(
        request.GET.get("page")
    )
    is_editor = rules.is_editor(request.user, territory)
    return render(
        request,
        "editorial/newsroom.html",
        {
            "territory": territory,
            "page_obj": page_obj,
            "is_editor": is_editor,
            "awaiting": list(selectors.awaiting_review(territory)) if is_editor else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    """Staff give and remove the editor role; editors add and remove contributors."""
    territory = access_territory(territory_slug)
    is_staff = rules.can_manage_editors(request.user, territory)
    if not (is_staff or rules.is_editor(request.user, territory)):
        raise PermissionDenied
    form = forms.PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.account_with_email(form.cleaned_data["email"])
        role = request.POST.get("role")
        try:
            if person is None:
                raise ActionRefused(_("Aucun compte actif n’utilise cette adresse."), field="email")
            if role == NewsroomRole.EDITOR:
                services.give_editor_role(request.user, territory, person)
            else:
                services.add_contributor(request.user, territory, person)
        except ActionRefused as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(
                request, _("%(name)s rejoint la rédaction.") % {"name": person.public_name}
            )
            return redirect("editorial:team", territory.slug)
    return render(
        request,
        "editorial/team.html",
        {
            "territory": territory,
            "roles": selectors.roles_in(territory),
            "form": form,
            "is_staff": is_staff,
        },
    )


@login_required
@require_POST
def remove_role(
    request: AuthenticatedRequest, territory_slug: str, user_id: int, role: str
) -> HttpResponse:
    territory = access_territory(territory_slug)
    if not rules.is_editor(request.user, territory):
        raise PermissionDenied
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise Http404
    try:
        if role == NewsroomRole.EDITOR:
            services.remove_editor_role(request.user, territory, person)
        else:
            services.remove_contributor(request.user, territory, person)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(name)s ne fait plus partie de la rédaction.") % {"name": person.public_name},
        )
    return redirect("editorial:team", territory.slug)


@login_required
@require_http_methods(["GET", "POST"])
def new_article(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    territory = _newsroom(request, territory_slug)
    form = forms.ArticleForm(
        request.POST or None, request.FILES or None, territory=territory, creating=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            article = services.create_article(
                request.user, territory, kind=form.cleaned_data["kind"],
                text=form.article_text(), cover=form.cleaned_data["cover"],
            )  # fmt: skip
        except ActionRefused as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(request, _("Brouillon enregistré."))
            return redirect("editorial:edit", territory.slug, article.pk)
    return render(
        request,
        "editorial/new_article.html",
        {
            "territory": territory,
            "form": form,
            "is_editor": rules.is_editor(request.user, territory),
        },
    )


def _writing(request: AuthenticatedRequest, territory_slug: str, article_id: int) -> Article:
    territory = access_territory(territory_slug)
    return selectors.access_article_for_writing(request.user, territory, article_id)


def _edit_page(
    request: AuthenticatedRequest, article: Article, form: Any, **extra: Any
) -> HttpResponse:
    revision = selectors.working_revision(article)
    is_editor = rules.is_editor(request.user, article.territory)
    if form is None:
        form = forms.ArticleForm(
            territory=article.territory, creating=False,
            initial=forms.initial_of(revision) if revision is not None else {},
        )  # fmt: skip
    context = {
        "territory": article.territory,
        "article": article,
        "revision": revision,
        "form": form,
        "is_editor": is_editor,
        "can_edit": article.status in (ArticleStatus.DRAFT, ArticleStatus.PUBLISHED),
        "history": selectors.history_of(article)[:20],
        "portrayed": list(selectors.portrayed_in(article)),
        "portrays": article.kind in PORTRAYING_KINDS,
        "missing": selectors.not_yet_approved(article, revision) if article.portrays else [],
        "publish_form": extra.get("publish_form") or forms.PublishForm(),
        "send_back_form": extra.get("send_back_form") or forms.SendBackForm(),
        "portrayed_form": extra.get("portrayed_form") or forms.PortrayedForm(),
        "has_new_draft": article.published_revision_id is not None
        and revision is not None
        and revision.pk != article.published_revision_id,
    }
    return render(request, "editorial/edit.html", context, status=extra.get("status", 200))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedRequest, territory_slug: str, article_id: int) -> HttpResponse:
    article = _writing(request, territory_slug, article_id)
    revision = selectors.working_revision(article)
    initial = forms.initial_of(revision) if revision is not None else {}
    form = forms.ArticleForm(
        request.POST or None, request.FILES or None, territory=article.territory,
        creating=False, initial=initial,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(
                request.user, article, text=form.article_text(),
                cover=form.cleaned_data["cover"], remove_cover=form.cleaned_data["remove_cover"],
            )  # fmt: skip
        except ActionRefused as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(request, _("Nouvelle version enregistrée."))
            return redirect("editorial:edit", article.territory.slug, article.pk)
    return _edit_page(request, article, form, status=400 if request.method == "POST" else 200)


def _back(article: Article) -> HttpResponse:
    return redirect("editorial:edit", article.territory.slug, article.pk)


@login_required
@require_POST
def submit(request: AuthenticatedRequest, territory_slug: str, article_id: int) -> HttpResponse:
    article = _writing(request, territory_slug, article_id)
    try:
        services.submit_article(request.user, article)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Article proposé à la relecture des éditeurs."))
    return _back(article)


@login_required
@require_POST
def publish(request: AuthenticatedRequest, territory_slug: str, article_id: int) -> HttpResponse:
    article = _writing(request, territory_slug, article_id)
    if not rules.can_publish_article(request.user, article):
        raise PermissionDenied
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        try:
            published = services.publish_article(
                request.user, article, publish_at=form.cleaned_data["publish_at"]
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            if published.status == ArticleStatus.SCHEDULED:
                messages.success(request, _("Publication programmée."))
            else:
                messages.success(request, _("Article publié."))
            return _back(article)
    return _edit_page(request, article, None, publish_form=form, status=400)


@login_required
@require_POST
def send_back(request: AuthenticatedRequest, territory_slug: str, article_id: int) -> HttpResponse:
    article = _writing(request, territory_slug, article_id)
    if not rules.can_publish_article(request.user, article):
        raise PermissionDenied
    form = forms.SendBackForm(request.POST)
    if form.is_valid():
        try:
            services.send_back_article(request.user, article, comment=form.cleaned_data["comment"])
        except ActionRefused as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(request, _("Article renvoyé à son auteur·rice."))
            return _back(article)
    return _edit_page(request, article, None, send_back_form=form, status=400)


@login_required
@require_POST
def feature(request: AuthenticatedRequest, territory_slug: str, article_id: int) -> HttpResponse:
    article = _writing(request, territory_slug, article_id)
    if not rules.is_editor(request.user, article.territory):
        raise PermissionDenied
    try:
        services.feature_article(
            request.user, article, featured=request.POST.get("featured") == "1"
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return _back(article)


@login_required
@require_POST
def toggle_comments(
    request: AuthenticatedRequest, territory_slug: str, article_id: int
) -> HttpResponse:
    article = _writing(request, territory_slug, article_id)
    if not rules.is_editor(request.user, article.territory):
        raise PermissionDenied
    services.close_comments(request.user, article, closed=request.POST.get("closed") == "1")
    return _back(article)


@login_required
@require_POST
def add_portrayed(
    request: AuthenticatedRequest, territory_slug: str, article_id: int
) -> HttpResponse:
    article = _writing(request, territory_slug, article_id)
    form = forms.PortrayedForm(request.POST)
    if form.is_valid():
        person = selectors.account_with_email(form.cleaned_data["email"])
        try:
            services.add_portrayed_person(
                request.user, article, person=person, name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )  # fmt: skip
        except ActionRefused as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(
                request, _("La personne reçoit un lien pour lire et approuver le texte.")
            )
            return _back(article)
    return _edit_page(request, article, None, portrayed_form=form, status=400)

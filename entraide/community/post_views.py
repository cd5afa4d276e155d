"""Pages of the posts of groups: a group's feed, the personal feed, one post with its comments,
and the forms that publish, comment, react, pin, hide and report. Each view reads through
`access_group_content` and `feeds.access_post` (404 for what the viewer may not read, naming
nothing), calls one service and shows its refusal next to the field it is about."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.community import feeds, posting, rules, selectors
from entraide.community.models import Group, Post
from entraide.community.post_forms import CommentForm, HideForm, PostForm, ReportForm
from entraide.core.confirmation import confirmation_page
from entraide.core.exceptions import ActionRefused
from entraide.moderation.selectors import watch_list_words

PARTS = "community/posts/parts.html"
COMMENTS_PAGE = 50


def _is_htmx(request: HttpRequest) -> bool:
    return bool(
        request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    )


def _readable_group(request: HttpRequest, group_slug: str) -> Group:
    return selectors.access_group_content(request.user, group_slug)


def _post_of(request: HttpRequest, group_slug: str, post_id: int) -> tuple[Group, Post]:
    group = _readable_group(request, group_slug)
    return group, feeds.access_post(request.user, post_id, group=group)


def _back(request: HttpRequest, default: str) -> str:
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default


def _add_refusal(
    form: PostForm | CommentForm | HideForm | ReportForm, error: ActionRefused
) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def feed_context(request: HttpRequest, group: Group) -> dict[str, object]:
    """What the group's page shows of its feed: the first page, and whether one may write."""
    if not rules.can_see_content(request.user, group):
        return {"feed": None}
    return {
        "feed": feeds.group_feed(request.user, group, before=None),
        "can_moderate": rules.can_review_requests(request.user, group),
        "posts_url": reverse("community:posts", args=[group.slug]),
    }


@require_GET
def group_posts(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = _readable_group(request, group_slug)
    if selectors.must_accept_charter(request.user, group):
        return redirect("community:charter", group.slug)
    before = feeds.decode_cursor(request.GET.get("avant"))
    context = {
        "group": group,
        "feed": feeds.group_feed(request.user, group, before=before),
        "can_moderate": rules.can_review_requests(request.user, group),
        "is_member": rules.is_active_member(request.user, group),
        "more_url": reverse("community:posts", args=[group.slug]),
    }
    if _is_htmx(request):
        return render(request, PARTS + "#more", context)
    context["form"] = PostForm() if context["is_member"] else None
    return render(request, "community/posts/group_feed.html", context)


@login_required
@require_GET
def personal_feed(request: AuthenticatedRequest) -> HttpResponse:
    before = feeds.decode_cursor(request.GET.get("avant"))
    context = {
        "feed": feeds.personal_feed(request.user, before=before),
        "show_group": True,
        # Every post here is from one of the viewer's groups.
        "is_member": True,
        "more_url": reverse("community:personal_feed"),
    }
    if _is_htmx(request):
        return render(request, PARTS + "#more", context)
    return render(request, "community/posts/personal_feed.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    group = _readable_group(request, group_slug)
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            posting.publish_post(
                request.user,
                group,
                body=form.cleaned_data["body"],
                image=form.cleaned_data.get("image"),
            )
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            messages.success(request, _("Votre message est publié."))
            return redirect("community:posts", group.slug)
    return render(request, "community/posts/post_form.html", {"group": group, "form": form})


def _post_page(
    request: HttpRequest, group: Group, post: Post, *, comment_form: CommentForm | None = None
) -> HttpResponse:
    is_member = rules.is_active_member(request.user, group)
    comments = Paginator(feeds.comments_of(request.user, post), COMMENTS_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "group": group,
        "post": post,
        "comments": comments,
        "page_obj": comments,
        "is_member": is_member,
        "can_moderate": rules.can_review_requests(request.user, group),
        "comment_form": comment_form or (CommentForm() if is_member else None),
    }
    return render(request, "community/posts/post.html", context)


@require_GET
def post_detail(request: HttpRequest, group_slug: str, post_id: int) -> HttpResponse:
    group, post = _post_of(request, group_slug, post_id)
    if selectors.must_accept_charter(request.user, group):
        return redirect("community:charter", group.slug)
    return _post_page(request, group, post)


@login_required
@require_POST
def comment(request: AuthenticatedRequest, group_slug: str, post_id: int) -> HttpResponse:
    group, post = _post_of(request, group_slug, post_id)
    form = CommentForm(request.POST)
    words = []
    if form.is_valid() and not form.cleaned_data["confirm_words"]:
        words = watch_list_words(group.territory_id, form.cleaned_data["body"])
    if words:
        # A gentle prompt the author may ignore: the same form again publishes as written.
        form = CommentForm({"body": form.cleaned_data["body"], "confirm_words": "1"})
        form.add_error(
            None,
            _(
                "Restons bienveillants : voulez-vous reformuler ? (%(words)s) Vous pouvez aussi "
                "publier votre commentaire tel quel."
            )
            % {"words": ", ".join(words)},
        )
    elif form.is_valid():
        try:
            posting.comment_post(request.user, post, body=form.cleaned_data["body"])
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            messages.success(request, _("Votre commentaire est publié."))
            return redirect(post)
    return _post_page(request, group, post, comment_form=form)


@login_required
@require_POST
def react(request: AuthenticatedRequest, group_slug: str, post_id: int) -> HttpResponse:
    group, post = _post_of(request, group_slug, post_id)
    kind = request.POST.get("kind", "")
    # The form says the state wanted, so that a replayed POST changes nothing.
    wanted = {"1": True, "0": False}.get(request.POST.get("on", ""))
    try:
        posting.react_to_post(request.user, post, kind=kind, on=wanted)
    except ActionRefused as error:
        if _is_htmx(request):
            return HttpResponse(error.message, status=422)
        messages.error(request, error.message)
    if _is_htmx(request):
        post = feeds.access_post(request.user, post.pk, group=group)
        return render(
            request, PARTS + "#reactions", {"post": post, "group": group, "is_member": True}
        )
    return redirect(_back(request, post.get_absolute_url()))


@login_required
@require_POST
def pin(request: AuthenticatedRequest, group_slug: str, post_id: int, pinned: bool) -> HttpResponse:
    _group, post = _post_of(request, group_slug, post_id)
    try:
        if pinned:
            posting.pin_post(request.user, post)
            messages.success(request, _("La publication est épinglée en tête du groupe."))
        else:
            posting.unpin_post(request.user, post)
            messages.success(request, _("La publication n’est plus épinglée."))
    except ActionRefused as error:
        messages.error(request, error.message)
    return redirect(post)


@login_required
@require_http_methods(["GET", "POST"])
def hide_post(request: AuthenticatedRequest, group_slug: str, post_id: int) -> HttpResponse:
    group, post = _post_of(request, group_slug, post_id)
    if not rules.can_review_requests(request.user, group):
        raise Http404
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            posting.hide_post(request.user, post, reason=form.cleaned_data["reason"])
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            messages.success(request, _("La publication est masquée."))
            return redirect("community:posts", group.slug)
    return confirmation_page(
        request,
        title=_("Masquer la publication"),
        question=_(
            "Masquer cette publication ? Elle n’est pas effacée : les administrateurs et les "
            "modérateurs la voient encore, marquée masquée, avec votre motif."
        ),
        label=_("Masquer"),
        cancel=post.get_absolute_url(),
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def hide_comment(
    request: AuthenticatedRequest, group_slug: str, post_id: int, comment_id: int
) -> HttpResponse:
    group, post = _post_of(request, group_slug, post_id)
    if not rules.can_review_requests(request.user, group):
        raise Http404
    found = feeds.access_comment(request.user, post, comment_id)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            posting.hide_comment(request.user, found, reason=form.cleaned_data["reason"])
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            messages.success(request, _("Le commentaire est masqué."))
            return redirect(post)
    return confirmation_page(
        request,
        title=_("Masquer le commentaire"),
        question=_("Masquer ce commentaire ? Il n’est pas effacé ; votre motif est gardé."),
        label=_("Masquer"),
        cancel=post.get_absolute_url(),
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request: AuthenticatedRequest, group_slug: str, post_id: int) -> HttpResponse:
    group, post = _post_of(request, group_slug, post_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            posting.report_post(request.user, post, reason=form.cleaned_data["reason"])
        except ActionRefused as error:
            _add_refusal(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Merci : l’équipe de modération va regarder."))
            return redirect(post)
    return render(
        request, "community/posts/report.html", {"group": group, "post": post, "form": form}
    )

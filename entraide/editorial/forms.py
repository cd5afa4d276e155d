"""Forms of the local media: they shape the input; the rules are the services' (a tampered
value that passes a form meets the same refusal there)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.core.contact_details import refuse_contact_details
from entraide.editorial import selectors
from entraide.editorial.enums import ArticleKind
from entraide.editorial.models import (
    ALT_MAX,
    BODY_MAX,
    COMMENT_MAX,
    STANDFIRST_MAX,
    TITLE_MAX,
    ArticleRevision,
)
from entraide.editorial.services import ArticleText
from entraide.organisations.enums import Interest
from entraide.territories.models import Territory


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=ArticleKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Titre"), max_length=TITLE_MAX)
    standfirst = forms.CharField(
        label=_("Chapô"), max_length=STANDFIRST_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deux ou trois phrases qui donnent envie de lire."),
    )  # fmt: skip
    body = forms.CharField(
        label=_("Texte"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "En Markdown (**gras**, *italique*, listes, liens). Pour un entretien, commencez "
            "chaque question par « Q : » et chaque réponse par « R : »."
        ),
    )  # fmt: skip
    cover = forms.FileField(
        label=_("Image de couverture"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=_("JPEG, PNG, WebP ou GIF, 5 Mo au plus."),
    )  # fmt: skip
    cover_alt = forms.CharField(
        label=_("Description de l’image (texte alternatif)"), max_length=ALT_MAX, required=False,
        help_text=_("Obligatoire avec une image : ce qu’elle montre, pour qui ne la voit pas."),
    )  # fmt: skip
    remove_cover = forms.BooleanField(label=_("Retirer l’image actuelle"), required=False)
    interests = forms.TypedMultipleChoiceField(
        label=_("Centres d’intérêt"), choices=Interest.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    organisations = forms.TypedMultipleChoiceField(
        label=_("Organisations citées"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    actions = forms.TypedMultipleChoiceField(
        label=_("Actions à rejoindre"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chaque action paraît sous l’article avec son bouton « Je participe »."),
    )  # fmt: skip
    groups = forms.TypedMultipleChoiceField(
        label=_("Groupes publics"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, territory: Territory, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["kind"]
        else:
            del self.fields["remove_cover"]
        self.fields["organisations"].choices = [  # type: ignore[attr-defined]
            (o.pk, o.name) for o in selectors.linkable_organisations(territory).only("pk", "name")
        ]
        self.fields["actions"].choices = [  # type: ignore[attr-defined]
            (a.pk, f"{a.title} ({a.organisation.name})")
            for a in selectors.linkable_actions(territory)
        ]
        self.fields["groups"].choices = [  # type: ignore[attr-defined]
            (g.pk, g.name) for g in selectors.linkable_groups(territory).only("pk", "name")
        ]
        for name in ("title", "standfirst", "body", "cover_alt"):
            self.fields[name].validators.append(refuse_contact_details)

    def article_text(self) -> ArticleText:
        data = self.cleaned_data
        return ArticleText(
            title=data["title"], standfirst=data["standfirst"], body=data["body"],
            cover_alt=data["cover_alt"], interests=data["interests"],
            organisation_ids=data["organisations"], action_ids=data["actions"],
            group_ids=data["groups"],
        )  # fmt: skip


def initial_of(revision: ArticleRevision) -> dict[str, Any]:
    return {
        "title": revision.title,
        "standfirst": revision.standfirst,
        "body": revision.body,
        "cover_alt": revision.cover_alt,
        "interests": [i.value for i in Interest.from_mask(revision.interests)],
        "organisations": revision.link_ids("organisations"),
        "actions": revision.link_ids("actions"),
        "groups": revision.link_ids("groups"),
    }


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publier le (laisser vide pour publier maintenant)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )  # fmt: skip


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire pour l’auteur·rice"), max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class PersonForm(forms.Form):
    """An account chosen by its e-mail address, which is never shown back."""

    email = forms.EmailField(
        label=_("Adresse e-mail de son compte"),
        help_text=_("La personne doit déjà avoir un compte sur le site."),
    )


class PortrayedForm(forms.Form):
    name = forms.CharField(label=_("Nom de la personne"), max_length=120)
    email = forms.EmailField(
        label=_("Son adresse e-mail"),
        help_text=_(
            "Elle reçoit un lien pour lire le texte et l’approuver ; l’adresse n’est montrée à personne."
        ),
    )


class ApprovalForm(forms.Form):
    text = forms.BooleanField(label=_("J’ai lu ce texte et j’approuve sa publication."))
    photo = forms.BooleanField(
        label=_("J’accepte l’usage de ma photo dans cet article."), required=False
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Votre commentaire"), max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}), validators=[refuse_contact_details],
    )  # fmt: skip


class ListFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Tous")), *list(ArticleKind.choices)], required=False
    )
    interet = forms.TypedChoiceField(
        label=_("Centre d’intérêt"), choices=[("", _("Tous")), *list(Interest.choices)],
        coerce=int, empty_value=None, required=False,
    )  # fmt: skip

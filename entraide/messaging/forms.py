from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.messaging.services import (
    BODY_MAX_LENGTH,
    BODY_MIN_LENGTH,
    SUBJECT_MAX_LENGTH,
    SUBJECT_MIN_LENGTH,
)


class ContactForm(forms.Form):
    subject = forms.CharField(
        label=_("Objet"), min_length=SUBJECT_MIN_LENGTH, max_length=SUBJECT_MAX_LENGTH
    )
    body = forms.CharField(
        label=_("Votre message"),
        min_length=BODY_MIN_LENGTH,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Votre adresse e-mail et votre téléphone ne sont pas communiqués : "
            "l’organisation vous répond ici, sur le site."
        ),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"),
        min_length=BODY_MIN_LENGTH,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Ce qui pose problème"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Votre signalement est lu par l’équipe de modération, pas par l’auteur."),
    )


class SlotParticipantsMessageForm(forms.Form):
    """The organisation writes to everyone registered on a slot, each in their own conversation."""

    subject = forms.CharField(
        label=_("Objet"), min_length=SUBJECT_MIN_LENGTH, max_length=SUBJECT_MAX_LENGTH
    )
    body = forms.CharField(
        label=_("Message"),
        min_length=BODY_MIN_LENGTH,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Chaque personne le reçoit dans sa propre conversation, et ses réponses arrivent "
            "dans la messagerie de l’organisation ; aucune adresse n’est montrée."
        ),
    )

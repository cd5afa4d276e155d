"""Forms of the posts of a group: they only shape the input, the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.community.models import COMMENT_BODY_MAX, POST_BODY_MAX
from entraide.community.posting import HIDE_REASON_MAX


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"),
        help_text=_("Markdown simple : **gras**, *italique*, listes, liens."),
        max_length=POST_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    image = forms.FileField(label=_("Une image (facultative)"), required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Votre commentaire"),
        max_length=COMMENT_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Set once the author saw the watch list's gentle prompt: posting again publishes as is.
    confirm_words = forms.BooleanField(required=False, widget=forms.HiddenInput)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        help_text=_("Gardé dans le journal du groupe ; la publication est masquée, pas effacée."),
        max_length=HIDE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Ce qui pose problème"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.territories.services import CHARTER_MAX


class CharterForm(forms.Form):
    text = forms.CharField(
        label=_("Texte de la charte"),
        max_length=CHARTER_MAX,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Markdown accepté. Chaque membre l’acceptera de nouveau à sa prochaine visite."
        ),
    )

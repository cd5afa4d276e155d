"""The Python widget renderer writes exactly what Django's stock widget templates write: every
kind of widget the project uses, with every kind of attribute, and every search form as a
visitor gets it (bound with good and bad input)."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy

from entraide.core.form_rendering import WidgetRenderer

TEMPLATES = DjangoTemplates()
PYTHON = WidgetRenderer()
ODD_ATTRS = {
    "id": "id_x",
    "class": "a b",
    "required": True,
    "disabled": False,
    "placeholder": 'Ex. « 52100 » <b>&"',
    "data-n": 3,
    "aria-describedby": None,
    "title": gettext_lazy("Mots"),
}
CHOICES = [(1, "Solidarité"), (2, "<Culture & « sport »>"), ("", "—"), (3, gettext_lazy("Santé"))]
GROUPED = [("Groupe <1>", [(1, "un"), (2, "deux")]), (3, "trois"), ("Vide", [])]


def both(widget: forms.Widget, value: object, attrs: dict | None = None) -> tuple[str, str]:
    return (
        widget.render("champ", value, attrs, renderer=TEMPLATES),
        widget.render("champ", value, attrs, renderer=PYTHON),
    )


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.TextInput(), "texte <b>& « »"),
        (forms.TextInput(), None),
        (forms.TextInput(), ""),
        (forms.NumberInput(attrs={"min": 1, "max": 200}), 20),
        (forms.EmailInput(), "a@b.fr"),
        (forms.URLInput(), "https://exemple.fr/?a=1&b=2"),
        (forms.PasswordInput(render_value=True), "secret"),
        (forms.HiddenInput(), 48.5),
        (forms.DateInput(attrs={"type": "date"}), "2026-12-03"),
        (forms.TimeInput(), "23:00"),
        (forms.SearchInput(), "jardin"),
        (forms.TelInput(), "+33612345678"),
        (forms.ColorInput(), "#ffffff"),
        (forms.CheckboxInput(), True),
        (forms.CheckboxInput(), False),
        (forms.CheckboxSelectMultiple(choices=CHOICES), [1, 3]),
        (forms.CheckboxSelectMultiple(choices=CHOICES), []),
        (forms.CheckboxSelectMultiple(choices=GROUPED), [2]),
        (forms.RadioSelect(choices=CHOICES), 2),
        (forms.RadioSelect(choices=GROUPED), None),
        (forms.Select(choices=CHOICES), ""),
        (forms.Select(choices=GROUPED), 3),
        (forms.SelectMultiple(choices=CHOICES), [1, 2]),
        (forms.NullBooleanSelect(), None),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, forms.Widget) else None,
)
@pytest.mark.parametrize("attrs", [None, ODD_ATTRS])
def test_each_widget_is_written_as_its_template_writes_it(widget, value, attrs):
    from_templates, from_python = both(widget, value, attrs)

    assert from_python == from_templates


def test_a_widget_without_an_id_writes_no_for_attribute():
    from_templates, from_python = both(forms.CheckboxSelectMultiple(choices=CHOICES), [1], {})

    assert from_python == from_templates
    assert "for=" not in from_python


SEARCHES = [
    {},
    {"q": "jardin <script>", "near": "52100", "radius": "5", "interest": ["1", "3"]},
    {"near": "nulle part", "radius": "-4", "interest": ["99"], "when": ["9-9"], "from": "hier"},
]


def _search_forms():
    from entraide.actions.forms import AgendaSearchForm
    from entraide.organisations.forms import DirectorySearchForm
    from entraide.volunteers.forms import VolunteerSearchForm

    return [AgendaSearchForm, DirectorySearchForm, VolunteerSearchForm]


@pytest.mark.django_db
@pytest.mark.parametrize("data", SEARCHES, ids=["empty", "good", "bad"])
def test_every_search_form_is_written_the_same(data, territory):
    for form_class in _search_forms():
        rendered = []
        for renderer in (TEMPLATES, PYTHON):
            form = form_class(data or None, renderer=renderer)
            if form.is_bound:
                form.is_valid()
            rendered.append([str(field) for field in form])
        assert rendered[1] == rendered[0], form_class.__name__


def test_the_site_renders_its_forms_with_the_python_renderer(settings):
    assert settings.FORM_RENDERER == "entraide.core.form_rendering.WidgetRenderer"

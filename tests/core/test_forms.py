"""FastSelect: the same <select> as Django's, rendered without a template per option."""

import pytest
from django import forms
from django.test.html import parse_html

from core.forms import FastSelect
from partnerships.models import Organisation
from tests.factories import OrganisationFactory

CHOICES = [
    ("", "---------"),
    ("fr", "France <métropole>"),
    ("Afrique", [("sn", "Sénégal"), ("ht", "Haïti")]),
    ("ro", "Roumanie"),
]


def both(field: forms.Field, value) -> tuple:
    """The field rendered by Django's Select and by FastSelect, parsed as HTML."""
    attrs = {"id": "id_pays", "required": True, "class": "filter"}
    django_select = forms.Select(choices=field.choices, attrs=attrs)
    fast = FastSelect(choices=field.choices, attrs=attrs)
    return (
        parse_html(django_select.render("pays", value)),
        parse_html(fast.render("pays", value)),
    )


@pytest.mark.parametrize("value", [None, "", "fr", "sn", "inconnu"])
def test_fast_select_renders_what_django_renders(value):
    expected, fast = both(forms.ChoiceField(choices=CHOICES), value)
    assert fast == expected


def test_fast_select_escapes_labels():
    html = FastSelect(choices=CHOICES).render("pays", "fr")
    assert "France &lt;métropole&gt;" in html
    assert '<option value="fr" selected>' in html


@pytest.mark.django_db
def test_fast_select_marks_the_chosen_record_of_a_queryset():
    OrganisationFactory.create_batch(3)
    chosen = OrganisationFactory(name="Département de Bignona")
    field = forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"))
    expected, fast = both(field, chosen.pk)
    assert fast == expected
    assert f'<option value="{chosen.pk}" selected>Département de Bignona</option>' in (
        FastSelect(choices=field.choices).render("pays", chosen.pk)
    )

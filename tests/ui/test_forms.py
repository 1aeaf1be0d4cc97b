"""The project form renderer and the error summary, on a form of the kind modules write."""

import pytest
from django import forms
from django.template import RequestContext, Template
from django.test import RequestFactory


class DemandeForm(forms.Form):
    objet = forms.CharField(label="Objet de la demande", help_text="En une phrase.")
    montant = forms.IntegerField(label="Montant", required=False)
    urgent = forms.BooleanField(label="Demande urgente", required=False)
    theme = forms.ChoiceField(
        label="Thème",
        choices=[("voirie", "Voirie"), ("eau", "Eau")],
        widget=forms.RadioSelect,
        help_text="Le domaine principal.",
    )


# Components render with the context processors of a real page, which read the database.
pytestmark = pytest.mark.django_db


def render(template: str, **context) -> str:
    request = RequestFactory().get("/")
    return Template(template).render(RequestContext(request, context))


def test_unbound_field_has_label_required_mark_and_described_help():
    html = str(DemandeForm()["objet"].as_field_group())
    assert '<label class="field__label" for="id_objet">Objet de la demande' in html
    assert '<span class="field__required">(obligatoire)</span>' in html
    assert '<div class="field__help" id="id_objet_helptext">En une phrase.</div>' in html
    assert 'aria-describedby="id_objet_helptext"' in html
    assert "aria-invalid" not in html


def test_optional_field_is_not_marked_required():
    html = str(DemandeForm()["montant"].as_field_group())
    assert "(obligatoire)" not in html


def test_error_is_tied_to_the_field_and_marks_it_invalid():
    form = DemandeForm(data={"objet": "", "montant": "beaucoup", "theme": "voirie"})
    html = str(form["objet"].as_field_group())
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_objet_helptext id_objet_error"' in html
    assert (
        '<ul class="errorlist" id="id_objet_error"><li>Ce champ est obligatoire.</li></ul>' in html
    )
    montant = str(form["montant"].as_field_group())
    assert 'aria-describedby="id_montant_error"' in montant


def test_radio_group_is_a_fieldset_with_legend_and_description():
    form = DemandeForm(data={"objet": "Pont"})
    html = str(form["theme"].as_field_group())
    assert html.startswith("<fieldset")
    assert 'aria-describedby="id_theme_helptext id_theme_error"' in html
    assert '<legend class="field__label">Thème' in html


def test_checkbox_label_follows_the_box():
    html = str(DemandeForm()["urgent"].as_field_group())
    assert html.index('type="checkbox"') < html.index("<label")


def test_whole_form_renders_every_field():
    html = str(DemandeForm())
    for name in ("objet", "montant", "urgent", "theme"):
        assert f'id="id_{name}' in html


def test_error_summary_counts_and_links_each_error():
    form = DemandeForm(data={"objet": "", "montant": "beaucoup"})
    html = render('{% include "ui/components/error_summary.html" %}', form=form)
    assert 'role="alert"' in html
    assert 'tabindex="-1"' in html
    assert "Le formulaire contient 3 erreurs" in html
    assert '<a href="#id_objet">Objet de la demande : Ce champ est obligatoire.</a>' in html
    assert 'href="#id_montant"' in html
    assert 'href="#id_theme_0"' in html


def test_error_summary_lists_errors_of_the_whole_form():
    class LoginForm(forms.Form):
        email = forms.EmailField()

        def clean(self):
            raise forms.ValidationError("Adresse ou mot de passe incorrect.")

    html = render(
        '{% include "ui/components/error_summary.html" %}',
        form=LoginForm(data={"email": "a@b.test"}),
    )
    assert "Le formulaire contient 1 erreur<" in html
    assert "<li>Adresse ou mot de passe incorrect.</li>" in html


def test_no_summary_without_errors():
    assert not render(
        '{% include "ui/components/error_summary.html" %}', form=DemandeForm()
    ).strip()


def test_title_starts_with_erreur_when_the_form_has_errors(client):
    client.post("/comptes/connexion/", {"username": "x@y.test", "password": "faux"})
    response = client.post("/comptes/connexion/", {"username": "x@y.test", "password": "faux"})
    html = response.content.decode()
    assert "<title>Erreur : " in html
    assert "data-error-summary" in html

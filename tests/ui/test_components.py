import pytest
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory

# Components render with the context processors of a real page, which read the database.
pytestmark = pytest.mark.django_db


def render(template: str, url: str = "/liste/", **context) -> str:
    request = RequestFactory().get(url)
    return Template(template).render(RequestContext(request, context))


def test_pagination_keeps_the_query_and_marks_the_current_page():
    page_obj = Paginator(list(range(100)), 10).page(3)
    html = render(
        '{% include "ui/components/pagination.html" %}',
        url="/liste/?q=auch&page=3",
        page_obj=page_obj,
    )
    assert '<nav class="pagination" aria-label="Pagination">' in html
    assert "Page 3 sur 10" in html
    assert 'href="?q=auch&amp;page=2" rel="prev">Page précédente' in html
    assert 'href="?q=auch&amp;page=4" rel="next">Page suivante' in html
    assert 'href="?q=auch&amp;page=3" aria-current="page"' in html
    assert "…" in html


def test_no_pagination_for_a_single_page():
    page_obj = Paginator([1, 2], 10).page(1)
    assert render('{% include "ui/components/pagination.html" %}', page_obj=page_obj).strip() == ""


def test_sortable_header_states():
    template = '{% include "ui/components/th_sort.html" with label="Nom" field="nom" %}'
    unsorted = render(template, url="/liste/?page=2", sort="")
    assert "aria-sort" not in unsorted
    assert 'href="?sort=nom"' in unsorted  # back to the first page
    ascending = render(template, url="/liste/?sort=nom", sort="nom")
    assert 'aria-sort="ascending"' in ascending
    assert 'href="?sort=-nom"' in ascending
    descending = render(template, url="/liste/?sort=-nom&q=a", sort="-nom")
    assert 'aria-sort="descending"' in descending
    assert 'href="?sort=nom&amp;q=a"' in descending
    assert '<th scope="col"' in descending


def test_breadcrumb_marks_the_current_page():
    html = render(
        '{% include "ui/components/breadcrumb.html" %}',
        items=[("Territoires", "/territoires/"), ("Lectoure", None)],
    )
    assert '<nav class="breadcrumb" aria-label="Fil d\'Ariane">' in html
    assert '<a href="/">Accueil</a>' in html
    assert '<a href="/territoires/">Territoires</a>' in html
    assert '<span aria-current="page">Lectoure</span>' in html


def test_stepper_says_where_we_are():
    html = render(
        '{% include "ui/components/stepper.html" %}',
        steps=["Le projet", "Le plan de financement", "Les pièces"],
        current=2,
    )
    assert "Étape 2 sur 3" in html
    assert ": Le plan de financement" in html
    assert 'aria-current="step">Le plan de financement' in html
    assert 'Le projet<span class="visually-hidden"> (terminée)' in html


def test_badge_alert_and_empty_state():
    badge = render('{% include "ui/components/badge.html" with label="Payé" tone="success" %}')
    assert '<span class="badge badge--success">Payé</span>' in badge
    neutral = render('{% include "ui/components/badge.html" with label="Brouillon" %}')
    assert "badge--neutral" in neutral
    alert = render(
        '{% include "ui/components/alert.html" with tone="error" title="Échec" '
        'message="Réessayez." %}'
    )
    assert 'class="alert alert--error" role="alert"' in alert
    info = render('{% include "ui/components/alert.html" with message="Enregistré." %}')
    assert 'class="alert alert--info" role="status"' in info
    empty = render(
        '{% include "ui/components/empty_state.html" with title="Aucun dossier" '
        'message="Déposez votre première demande." action_url="/aides/" action_label="Déposer" %}'
    )
    assert "Aucun dossier" in empty
    assert '<a class="button button--secondary" href="/aides/">Déposer</a>' in empty

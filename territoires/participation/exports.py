"""Files of the participatory budget: the ballot box (CSV, pabulib) and the evaluation report (PDF).

All go through `territoires.core.exports`: no cell becomes a formula."""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from territoires.core.exports import responses

from . import selectors
from .models import Bulletin, Campagne, EnveloppeCampagne, Projet, Resultat
from .services.pabulib import resultat_to_pabulib


def urne_csv(enveloppe: EnveloppeCampagne) -> StreamingHttpResponse:
    """One ballot per line, streamed: anyone can count again."""
    c = enveloppe.campagne
    code_de = dict(Projet.objects.filter(enveloppe=enveloppe).values_list("pk", "code"))
    bulletins = (
        Bulletin.objects.filter(enveloppe=enveloppe)
        .order_by("id")
        .values_list("jour", "choix")
        .iterator(chunk_size=2000)
    )
    # Random order of the ids: tells nothing of the order of the votes.
    rows = (
        [i, jour, ",".join(code_de[p] for p in choix)]
        for i, (jour, choix) in enumerate(bulletins, 1)
    )
    return responses.csv_response(
        filename=f"urne-{c.slug}-{enveloppe.pk}.csv",
        headers=["bulletin", "jour", "projets"],
        rows=rows,
    )


def urne_pabulib(enveloppe: EnveloppeCampagne, resultat: Resultat) -> HttpResponse:
    texte = resultat_to_pabulib(campagne=enveloppe.campagne, enveloppe=enveloppe, resultat=resultat)
    return responses.file_response(
        texte.encode(),
        filename=f"{enveloppe.campagne.slug}-{enveloppe.pk}.pb",
        content_type="text/plain; charset=utf-8",
    )


def evaluation_pdf(campagne: Campagne) -> HttpResponse:
    p = selectors.participation(campagne)
    html = render_to_string(
        "participation/evaluation_pdf.html",
        {
            "campagne": campagne,
            "participation": p,
            "total": p["total"].get("total", 0),
            "resultats": selectors.resultats(campagne),
            "realisations": selectors.realisations(campagne),
            "aujourdhui": timezone.localdate(),
        },
    )
    return responses.pdf_response(
        filename=f"evaluation-{campagne.slug}.pdf", html=html, inline=True
    )

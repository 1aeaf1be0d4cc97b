"""Files of the participatory budget: the ballot box (CSV, pabulib) and the evaluation report (PDF).

All go through `territoires.core.sorties`: no cell becomes a formula."""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from territoires.core.sorties import reponses

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
    lignes = (
        [i, jour, ",".join(code_de[p] for p in choix)]
        for i, (jour, choix) in enumerate(bulletins, 1)
    )
    return reponses.reponse_csv(
        nom_fichier=f"urne-{c.slug}-{enveloppe.pk}.csv",
        entetes=["bulletin", "jour", "projets"],
        lignes=lignes,
    )


def urne_pabulib(enveloppe: EnveloppeCampagne, resultat: Resultat) -> HttpResponse:
    texte = resultat_to_pabulib(campagne=enveloppe.campagne, enveloppe=enveloppe, resultat=resultat)
    return reponses.reponse_fichier(
        texte.encode(),
        nom_fichier=f"{enveloppe.campagne.slug}-{enveloppe.pk}.pb",
        type_mime="text/plain; charset=utf-8",
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
    return reponses.reponse_pdf(
        nom_fichier=f"evaluation-{campagne.slug}.pdf", html=html, en_ligne=True
    )

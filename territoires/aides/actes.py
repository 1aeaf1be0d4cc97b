"""Acts (arrêté attributif, lettre de refus) from editable Word templates (docxtpl) and as PDF
(WeasyPrint).

The Word templates live in `territoires/aides/modeles/` and are plain .docx files with Jinja
tags (`{{ beneficiaire }}`…): a Département edits them in its word processor. They were built
by `modele_arrete_creer()` (python-docx), kept here so that the tags stay documented.
"""

import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document as DocxDocument
from docx.shared import Pt
from docxtpl import DocxTemplate

from . import regles
from .models import ConfigurationAides, Dossier, ParametreDispositif

MODELES = Path(__file__).parent / "modeles"
TYPES = {"arrete": "arrete.docx", "convention": "convention.docx", "refus": "refus.docx"}


def contexte(dossier: Dossier) -> dict:
    config = ConfigurationAides.objects.first()
    session = dossier.session
    params = regles.parametres(dossier.dispositif, dossier.decide_le or timezone.localdate())
    return {
        "attribuant": config.nom_attribuant if config else "Le Département",
        "signataire": (config.signataire if config else "")
        or "Le Président du Conseil départemental",
        "numero_acte": f"ARR-{dossier.numero}",
        "numero_dossier": dossier.numero,
        "dispositif": dossier.dispositif.nom,
        "beneficiaire": dossier.organisation.nom,
        "siret": dossier.siret_beneficiaire,
        "intitule": dossier.intitule,
        "cout_ht": regles.euros(dossier.cout_ht),
        "montant": regles.euros(dossier.montant_attribue or dossier.montant_propose or 0),
        "taux": regles.pct(dossier.taux_propose or 0),
        "deliberation": session.numero_deliberation if session else "",
        "date_deliberation": (
            session.date_deliberation.strftime("%d/%m/%Y")
            if session and session.date_deliberation
            else ""
        ),
        "session": str(session or ""),
        "caducite_debut": params.get(ParametreDispositif.Cle.CADUCITE_DEBUT_MOIS, 24),
        "caducite_fin": params.get(ParametreDispositif.Cle.CADUCITE_FIN_MOIS, 48),
        "date": timezone.localdate().strftime("%d/%m/%Y"),
    }


def modele(type: str):
    """The Département's uploaded template (admin) if any, else the shipped one."""
    from .models import ModeleActe

    custom = ModeleActe.objects.filter(type=type).first()
    if custom is not None and custom.fichier:
        return io.BytesIO(custom.fichier.read())
    return MODELES / TYPES[type]


def docx(dossier: Dossier, type: str = "arrete") -> bytes:
    template = DocxTemplate(modele(type))
    template.render(contexte(dossier))
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def pdf(dossier: Dossier, type: str = "arrete") -> bytes:
    from weasyprint import HTML

    html = render_to_string(f"aides/actes/{type}.html", contexte(dossier))
    return HTML(string=html).write_pdf()


# --- building the shipped templates (run once, then edited by hand if needed) ------------


def _doc(title: str, paragraphs: list[str]):
    document = DocxDocument()
    document.styles["Normal"].font.size = Pt(11)
    document.add_paragraph("{{ attribuant }}")
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.add_paragraph("Fait le {{ date }}")
    document.add_paragraph("{{ signataire }}")
    return document


def modele_arrete_creer(path: Path | None = None) -> Path:
    path = path or MODELES / TYPES["arrete"]
    _doc(
        "Arrêté attributif de subvention n° {{ numero_acte }}",
        [
            "Vu le Code général des collectivités territoriales, notamment son article L1111-10 ;",
            "Vu le règlement du dispositif « {{ dispositif }} » ;",
            "Vu la délibération de la commission permanente n° {{ deliberation }} du "
            "{{ date_deliberation }} ;",
            "Vu la demande n° {{ numero_dossier }} présentée par {{ beneficiaire }} "
            "(SIRET {{ siret }}) ;",
            "ARRÊTE",
            "Article 1 — Une subvention de {{ montant }} est attribuée à {{ beneficiaire }} "
            "pour le projet « {{ intitule }} », d'un coût de {{ cout_ht }} HT, soit un taux "
            "de {{ taux }}.",
            "Article 2 — La subvention est versée sur justificatifs : avance, acomptes et "
            "solde au prorata de la dépense réellement réalisée.",
            "Article 3 — La subvention devient caduque si le projet n'a pas commencé dans "
            "les {{ caducite_debut }} mois suivant la notification, ou n'est pas achevé dans "
            "les {{ caducite_fin }} mois.",
        ],
    ).save(path)
    return path


def modele_convention_creer(path: Path | None = None) -> Path:
    path = path or MODELES / TYPES["convention"]
    _doc(
        "Convention de financement — dossier n° {{ numero_dossier }}",
        [
            "Entre {{ attribuant }}, représenté par {{ signataire }}, et {{ beneficiaire }} "
            "(SIRET {{ siret }}),",
            "vu la délibération de la commission permanente n° {{ deliberation }} du "
            "{{ date_deliberation }},",
            "Article 1 — Objet : le Département soutient le projet « {{ intitule }} » au titre "
            "du dispositif « {{ dispositif }} ».",
            "Article 2 — Montant : {{ montant }} pour un coût de {{ cout_ht }} HT ({{ taux }}).",
            "Article 3 — Versements : avance, acomptes et solde sur justificatifs, au prorata "
            "de la dépense réalisée.",
            "Article 4 — Durée : la subvention devient caduque si le projet n'a pas commencé "
            "dans les {{ caducite_debut }} mois ou n'est pas achevé dans les "
            "{{ caducite_fin }} mois suivant la notification.",
        ],
    ).save(path)
    return path


def modele_refus_creer(path: Path | None = None) -> Path:
    path = path or MODELES / TYPES["refus"]
    _doc(
        "Notification de refus — dossier n° {{ numero_dossier }}",
        [
            "Madame, Monsieur,",
            "Votre demande de subvention au titre du dispositif « {{ dispositif }} » pour le "
            "projet « {{ intitule }} » n'a pas été retenue par la commission permanente "
            "({{ session }}).",
            "Nous restons à votre disposition pour vous accompagner dans la recherche d'autres "
            "financements.",
        ],
    ).save(path)
    return path

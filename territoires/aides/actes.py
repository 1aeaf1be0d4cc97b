"""Acts (arrêté attributif, convention, lettre de notification, lettre de refus) from editable
Word templates (docxtpl), and the same documents as PDF.

The Word templates live in `territoires/aides/modeles/` and are plain .docx files with Jinja
tags (`{{ beneficiaire }}`…): a Département edits them in its word processor, or uploads its own
in the administration (`ModeleActe`). They were built by the `modele_*_create()` functions
(python-docx), kept here so that the tags stay documented.

**One content for both formats.** The PDF is not drawn from a second template: it is the filled
Word document itself, converted by `html_depuis_docx()` (paragraphs, headings, bold, italic,
underline, alignment, font sizes, tables, page breaks, header, footer and images) then printed
by WeasyPrint. An edit to the Word model therefore shows in the PDF too; only fine page layout
(exact fonts, margins, floating shapes) is WeasyPrint's and not Word's. No office suite needed.
"""

import base64
import html
import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from territoires.comptes.models import Organisation
from territoires.core import zipguard
from territoires.core.exports.pdf import html_to_pdf

from . import formats, selectors
from .models import ConfigurationAides, Dossier, ParametreDispositif

MODELES = Path(__file__).parent / "modeles"
TYPES = {
    "arrete": "arrete.docx",
    "convention": "convention.docx",
    "notification": "notification.docx",
    "refus": "refus.docx",
}


def contexte(dossier: Dossier) -> dict:
    config = ConfigurationAides.objects.first()
    session = dossier.session
    params = selectors.parametres_for_date(
        dossier.dispositif, dossier.decide_le or timezone.localdate()
    )
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
        "cout_ht": formats.euros(dossier.cout_ht),
        "montant": formats.euros(dossier.montant_attribue or dossier.montant_propose or 0),
        "taux": formats.pct(dossier.taux_propose or 0),
        "deliberation": session.numero_deliberation if session else "",
        "date_deliberation": (
            session.date_deliberation.strftime("%d/%m/%Y")
            if session and session.date_deliberation
            else ""
        ),
        "session": str(session or ""),
        "caducite_debut": params.get(ParametreDispositif.Cle.CADUCITE_DEBUT_MOIS, 24),
        "caducite_fin": params.get(ParametreDispositif.Cle.CADUCITE_FIN_MOIS, 48),
        "avance_max": params.get(ParametreDispositif.Cle.AVANCE_MAX_PCT, 0),
        "modalites_versement": (
            f"une avance de {params[ParametreDispositif.Cle.AVANCE_MAX_PCT]} % au plus du "
            "montant attribué, puis des acomptes et le solde"
            if params.get(ParametreDispositif.Cle.AVANCE_MAX_PCT)
            else "des acomptes et le solde"
        ),
        "destinataire": (
            "Madame la Maire, Monsieur le Maire"
            if dossier.organisation.type == Organisation.Type.COMMUNE
            else "Madame la Présidente, Monsieur le Président"
        ),
        # The letter is dated the day of notification (the decision's), whenever downloaded.
        "date_notification": (
            dossier.notifie_le.strftime("%d/%m/%Y")
            if dossier.notifie_le
            else _date_decision(dossier)
        ),
        # An act is dated by its decision (the deliberation), never by its download.
        "date": _date_decision(dossier),
    }


def _date_decision(dossier: Dossier) -> str:
    session = dossier.session
    jour = dossier.decide_le or (session.date_deliberation if session else None)
    return jour.strftime("%d/%m/%Y") if jour else ""


def modele_check(fichier, *, nom: str | None = None) -> None:
    """A Word template is a ZIP archive that docxtpl loads whole: the ZIP guard, with the
    tighter `MODELE_ACTE_TAILLE_MAX`. Raises ValidationError (French) when refused."""
    taille = settings.MODELE_ACTE_TAILLE_MAX
    limites = zipguard.Limites.reglages().au_plus(partie=taille, total=taille)
    try:
        archive = zipguard.ArchiveSure(fichier, nom=nom, limites=limites)
    except zipguard.PasUneArchive as exc:
        raise ValidationError(
            "Le modèle « %(nom)s » n'est pas un document Word (.docx) lisible.",
            params={"nom": nom or ""},
            code="modele",
        ) from exc
    with archive:
        archive.verifier()


def modele(type: str):
    """The Département's uploaded template (admin) if any, else the shipped one.

    An uploaded template is checked by the ZIP guard each time it is used (one stored before
    the guard existed may be hostile): ValidationError, never a crash nor a memory blow-up.
    """
    from .models import ModeleActe

    custom = ModeleActe.objects.filter(type=type).first()
    if custom is not None and custom.fichier:
        if custom.fichier.size > settings.DOCUMENT_MAX_SIZE:
            raise ValidationError(
                "Le modèle d'acte « %(type)s » déposé dans l'administration dépasse %(max)s : "
                "remplacez-le.",
                params={"type": custom, "max": zipguard.taille_lisible(settings.DOCUMENT_MAX_SIZE)},
                code="modele",
            )
        contenu = io.BytesIO()
        with custom.fichier.open("rb") as f:
            for morceau in f.chunks():
                contenu.write(morceau)
        contenu.seek(0)
        modele_check(contenu, nom=f"modèle {custom}")
        return contenu
    return MODELES / TYPES[type]


def docx(dossier: Dossier, type: str = "arrete") -> bytes:
    template = DocxTemplate(modele(type))
    template.render(contexte(dossier))
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def pdf(dossier: Dossier, type: str = "arrete") -> bytes:
    """The PDF of the very Word document `docx()` fills (see the module's docstring)."""
    return html_to_pdf(html_depuis_docx(docx(dossier, type)))


# --- Word → HTML, for the PDF ---------------------------------------------------------------
# Not mammoth: it deliberately drops alignment, indents, font sizes and headers/footers, which
# an arrêté's letterhead and centred title need. python-docx (already used by docxtpl) reads them.

PAGE_CSS = """
@page { size: A4; margin: 2cm 2cm 2.2cm 2cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.35; }
p { margin: 0 0 0.5em 0; min-height: 1em; }
h1 { font-size: 15pt; margin: 0.8em 0 0.5em; } h2 { font-size: 13pt; } h3 { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
td, th { border: 0.5pt solid #555; padding: 3pt 5pt; vertical-align: top; }
.entete, .pied { color: #333; font-size: 9pt; }
.saut { break-after: page; }
img { max-width: 100%; }
"""

_HEADINGS = {"Title": "h1", "Heading 1": "h1", "Heading 2": "h2", "Heading 3": "h3"}
_ALIGN = {
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "justify",
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"


def _images(run, part) -> str:
    out = []
    for blip in run._r.iter(_BLIP):
        related = part.related_parts.get(blip.get(f"{_R}embed"))
        if related is not None:
            data = base64.b64encode(related.blob).decode()
            out.append(f'<img alt="" src="data:{related.content_type};base64,{data}">')
    return "".join(out)


def _run(run, part) -> str:
    text = html.escape(run.text).replace("\n", "<br>").replace("\t", " ")
    if run.bold or (run.style is not None and run.style.font.bold):
        text = f"<strong>{text}</strong>"
    if run.italic:
        text = f"<em>{text}</em>"
    if run.underline:
        text = f"<u>{text}</u>"
    if run.font.size:
        text = f'<span style="font-size:{run.font.size.pt:g}pt">{text}</span>'
    breaks = "".join(
        '<span class="saut"></span>'
        for br in run._r.iter(f"{_W}br")
        if br.get(f"{_W}type") == "page"
    )
    return _images(run, part) + text + breaks


def _paragraph(paragraph: Paragraph, part, css_class: str = "") -> str:
    style = paragraph.style.name if paragraph.style is not None else ""
    tag = _HEADINGS.get(style, "p")
    styles = []
    align = _ALIGN.get(paragraph.alignment)
    if align:
        styles.append(f"text-align:{align}")
    if paragraph.paragraph_format.left_indent:
        styles.append(f"margin-left:{paragraph.paragraph_format.left_indent.pt:g}pt")
    attrs = f' class="{css_class}"' if css_class else ""
    attrs += f' style="{";".join(styles)}"' if styles else ""
    prefix = "• " if style.startswith("List Bullet") else ""
    content = "".join(_run(run, part) for run in paragraph.runs)
    return f"<{tag}{attrs}>{prefix}{content}</{tag}>"


def _table(table: Table, part) -> str:
    rows = []
    for row in table.rows:
        cells = "".join("<td>" + "".join(_blocks(cell, part)) + "</td>" for cell in row.cells)
        rows.append(f"<tr>{cells}</tr>")
    return f"<table>{''.join(rows)}</table>"


def _blocks(container, part, css_class: str = "") -> list[str]:
    return [
        _table(block, part) if isinstance(block, Table) else _paragraph(block, part, css_class)
        for block in container.iter_inner_content()
    ]


def html_depuis_docx(content: bytes) -> str:
    """An HTML page carrying the content of a Word document, for WeasyPrint."""
    document = DocxDocument(io.BytesIO(content))
    section = document.sections[0] if document.sections else None
    parts = []
    if section is not None and not section.header.is_linked_to_previous:
        parts += _blocks(section.header, section.header.part, "entete")
    parts += _blocks(document, document.part)
    if section is not None and not section.footer.is_linked_to_previous:
        parts += _blocks(section.footer, section.footer.part, "pied")
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<style>{PAGE_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


# --- building the shipped templates (run once, then edited by hand if needed) ------------


def _doc(title: str, paragraphs: list[str], *, date_field: str = "date"):
    document = DocxDocument()
    document.styles["Normal"].font.size = Pt(11)
    document.add_paragraph("{{ attribuant }}")
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.add_paragraph(f"Fait le {{{{ {date_field} }}}}")
    document.add_paragraph("{{ signataire }}")
    return document


def modele_arrete_create(path: Path | None = None) -> Path:
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


def modele_convention_create(path: Path | None = None) -> Path:
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


def modele_refus_create(path: Path | None = None) -> Path:
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


def modele_notification_create(path: Path | None = None) -> Path:
    path = path or MODELES / TYPES["notification"]
    document = _doc(
        "Notification d'attribution de subvention — dossier n° {{ numero_dossier }}",
        [
            "{{ beneficiaire }}",
            "Objet : {{ dispositif }} — « {{ intitule }} »",
            "{{ destinataire }},",
            "J'ai le plaisir de vous informer que la commission permanente, par délibération "
            "n° {{ deliberation }} du {{ date_deliberation }}, a attribué à {{ beneficiaire }} "
            "une subvention de {{ montant }} pour le projet « {{ intitule }} », soit {{ taux }} "
            "d'un coût de {{ cout_ht }} HT. L'arrêté attributif n° {{ numero_acte }} est joint à "
            "la présente lettre.",
            "Les versements se demandent sur le portail des aides : {{ modalites_versement }} "
            "sur justificatifs (factures acquittées, certificat d'achèvement). Si la dépense "
            "réalisée est inférieure au coût prévu, la subvention est réduite au prorata.",
            "La subvention devient caduque si le projet n'a pas commencé dans les "
            "{{ caducite_debut }} mois suivant la présente notification, ou n'est pas achevé "
            "dans les {{ caducite_fin }} mois.",
            "Je vous prie d'agréer, {{ destinataire }}, l'expression de mes salutations "
            "distinguées.",
        ],
        date_field="date_notification",
    )
    document.save(path)
    return path


# --- the acts shown on a dossier -------------------------------------------------------------


def actes_du_dossier(dossier: Dossier) -> list[dict]:
    """Each act that exists at this stage, with the latest signed PDF the service uploaded
    (`document`, None while unsigned). Three queries, whatever the number of uploads."""
    from django.contrib.contenttypes.models import ContentType

    from territoires.core.models import Document

    from .models import ActeSigne

    types = dossier.actes_types
    signes = {}
    for acte in ActeSigne.objects.filter(dossier=dossier, type__in=types).order_by("cree_le"):
        signes[acte.type] = acte  # the latest upload of each type wins
    documents = {
        document.object_id: document
        for document in Document.objects.filter(
            content_type=ContentType.objects.get_for_model(ActeSigne),
            object_id__in=[str(acte.pk) for acte in signes.values()],
        )
    }
    libelles = dict(ActeSigne.Type.choices)
    return [
        {
            "type": type,
            "libelle": libelles[type],
            "signe": signes.get(type),
            "document": documents.get(str(signes[type].pk)) if type in signes else None,
        }
        for type in types
    ]

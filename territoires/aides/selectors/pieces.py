"""Reads of the pieces by type: one slot per type the scheme asks for, with its current file,
its state and its former versions (a fixed number of queries, whatever the dossier holds)."""

from dataclasses import dataclass, field
from decimal import Decimal

from territoires.core.models import Document

from ..formats import euros
from ..models import ZERO, Dossier, PieceDossier, TypePiece


@dataclass
class Emplacement:
    type: TypePiece
    piece: PieceDossier | None
    anciennes: list[Document] = field(default_factory=list)

    @property
    def manquante(self) -> bool:
        return self.piece is None

    @property
    def bloquante(self) -> bool:
        """Blocks filing or completeness: required and missing, or sent back."""
        if self.piece is None:
            return self.type.obligatoire
        return self.piece.statut == PieceDossier.Statut.A_CORRIGER


def emplacements(dossier: Dossier) -> list[Emplacement]:
    types = list(TypePiece.objects.filter(dispositif_id=dossier.dispositif_id))
    pieces = {
        p.type_id: p
        for p in PieceDossier.objects.filter(dossier=dossier).select_related("document__depose_par")
    }
    # Former files of each slot, read from the pieces' history in one query.
    anciens_ids: dict[int, list] = {}
    historique = (
        PieceDossier.history.filter(dossier_id=dossier.pk)
        .order_by("-history_date")
        .values_list("type_id", "document_id")
    )
    for type_id, document_id in historique:
        courant = pieces.get(type_id)
        liste = anciens_ids.setdefault(type_id, [])
        if courant and document_id != courant.document_id and document_id not in liste:
            liste.append(document_id)
    documents = Document.objects.in_bulk([d for ids in anciens_ids.values() for d in ids])
    return [
        Emplacement(
            type=t,
            piece=pieces.get(t.pk),
            anciennes=[documents[d] for d in anciens_ids.get(t.pk, []) if d in documents],
        )
        for t in types
    ]


# --- the financing plan's totals (summary page and form) --------------------------------------


@dataclass
class Totaux:
    """Running totals of the financing plan, against the project's cost HT."""

    cout: Decimal | None
    depenses: Decimal
    financements: Decimal

    @property
    def ecart_depenses(self) -> Decimal | None:
        return None if self.cout is None else self.cout - self.depenses

    @property
    def ecart_financements(self) -> Decimal | None:
        return None if self.cout is None else self.cout - self.financements

    @property
    def ecart_depenses_texte(self) -> str:
        return _ecart_texte(self.ecart_depenses)

    @property
    def ecart_financements_texte(self) -> str:
        return _ecart_texte(self.ecart_financements)

    @property
    def equilibre(self) -> bool:
        return self.ecart_depenses == 0 and self.ecart_financements == 0


def _ecart_texte(ecart: Decimal | None) -> str:
    """The gap to the cost in words (the script of the form writes the same)."""
    if ecart is None:
        return "coût à saisir"
    if ecart == 0:
        return "équilibré"
    return f"il manque {euros(ecart)}" if ecart > 0 else f"{euros(-ecart)} de trop"


def totaux(*, cout, depenses, financements, demande) -> Totaux:
    """`financements` are the lines other than the Département; `demande` completes them."""
    return Totaux(
        cout=cout,
        depenses=sum((d for d in depenses if d is not None), ZERO),
        financements=sum((f for f in financements if f is not None), ZERO) + (demande or ZERO),
    )


def plan_financement(dossier: Dossier) -> Totaux:
    return totaux(
        cout=dossier.cout_ht,
        depenses=[d.montant_ht for d in dossier.depenses.all()],
        financements=[f.montant for f in dossier.financements.all()],
        demande=dossier.montant_demande,
    )

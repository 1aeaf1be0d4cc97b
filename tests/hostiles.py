"""Hostile files built on the fly (never committed): ZIP bombs, lying headers, workbooks beyond
every limit, active PDFs; and the measure of what refusing them cost.

A bomb is never inflated here: its deflate stream is one compressed block repeated (each block
ends with a full flush, so copies concatenate into a valid stream), so that a 1 Go member costs
about 1 Mo to build.
"""

import gc
import io
import struct
import time
import tracemalloc
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MO = 1024 * 1024


@dataclass
class Membre:
    nom: str
    donnees: bytes  # raw deflate (method 8) or stored bytes (method 0)
    taille: int  # inflated size announced in the headers
    crc: int
    methode: int = 8


def membre(nom: str, contenu: bytes | str) -> Membre:
    if isinstance(contenu, str):
        contenu = contenu.encode()
    compresseur = zlib.compressobj(6, zlib.DEFLATED, -15)
    donnees = compresseur.compress(contenu) + compresseur.flush()
    return Membre(nom, donnees, len(contenu), zlib.crc32(contenu))


def membre_gonfle(
    nom: str, taille: int, *, debut: bytes = b"", motif: bytes = b" ", annonce: int | None = None
) -> Membre:
    """A member that inflates to `taille` bytes (`debut` then `motif` repeated), announcing
    `annonce` bytes (a lying header when smaller)."""
    bloc = motif * (MO // len(motif))
    compresseur = zlib.compressobj(9, zlib.DEFLATED, -15)
    tete = compresseur.compress(debut) + compresseur.flush(zlib.Z_FULL_FLUSH)
    piece = compresseur.compress(bloc) + compresseur.flush(zlib.Z_FULL_FLUSH)
    fois, reste = divmod(taille - len(debut), len(bloc))
    fin = compresseur.compress(bloc[:reste]) + compresseur.flush()
    return Membre(nom, tete + piece * fois + fin, annonce if annonce is not None else taille, 0)


def zip_brut(membres: list[Membre]) -> bytes:
    """A ZIP archive written byte by byte: the headers say what the test wants."""
    sortie = io.BytesIO()
    central = []
    for m in membres:
        nom = m.nom.encode()
        position = sortie.tell()
        sortie.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                m.methode,
                0,
                0x21,
                m.crc,
                len(m.donnees),
                m.taille,
                len(nom),
                0,
            )  # fmt: skip
            + nom
            + m.donnees
        )
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                m.methode,
                0,
                0x21,
                m.crc,
                len(m.donnees),
                m.taille,
                len(nom),
                0,
                0,
                0,
                0,
                0,
                position,
            )  # fmt: skip
            + nom
        )
    debut = sortie.tell()
    repertoire = b"".join(central)
    sortie.write(repertoire)
    sortie.write(
        struct.pack(
            "<4s4H2LH",
            b"PK\x05\x06",
            0,
            0,
            len(membres),
            len(membres),
            len(repertoire),
            debut,
            0,
        )  # fmt: skip
    )
    return sortie.getvalue()


CONTENT_TYPES_XLSX = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
CONTENT_TYPES_DOCX = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
WORKBOOK = (
    f'<?xml version="1.0"?><workbook xmlns="{NS_MAIN}" xmlns:r="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships"><sheets><sheet name="marches" sheetId="1" '
    'r:id="rId1"/><sheet name="heures" sheetId="2" r:id="rId2"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>'
)
SHEET_DEBUT = f'<?xml version="1.0"?><worksheet xmlns="{NS_MAIN}"><sheetData>'


def feuille(lignes: str) -> str:
    return SHEET_DEBUT + lignes + "</sheetData></worksheet>"


def ligne(numero: int, valeurs: list[str], *, colonnes: list[str] | None = None) -> str:
    """A row of inline strings; `colonnes` gives the cell references' letters."""
    lettres = colonnes or [chr(65 + i) for i in range(len(valeurs))]
    cellules = "".join(
        f'<c r="{lettre}{numero}" t="inlineStr"><is><t>{valeur}</t></is></c>'
        for lettre, valeur in zip(lettres, valeurs, strict=True)
    )
    return f'<row r="{numero}">{cellules}</row>'


def classeur(*, marches: Membre | str, heures: Membre | str, autres: list[Membre] = ()) -> bytes:
    """A minimal XLSX with the sheets `marches` and `heures` (XML given or a hostile member)."""
    if isinstance(marches, str):
        marches = membre("xl/worksheets/sheet1.xml", marches)
    if isinstance(heures, str):
        heures = membre("xl/worksheets/sheet2.xml", heures)
    return zip_brut(
        [
            membre("[Content_Types].xml", CONTENT_TYPES_XLSX),
            membre("xl/workbook.xml", WORKBOOK),
            membre("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            marches,
            heures,
            *autres,
        ]
    )


def docx(*autres: Membre) -> bytes:
    return zip_brut(
        [
            membre("[Content_Types].xml", CONTENT_TYPES_DOCX),
            *(autres or [membre("word/document.xml", "<w:document/>")]),
        ]
    )


def pdf(extra_catalogue: bytes = b"", objets: bytes = b"") -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + extra_catalogue + b" >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" + objets + b"trailer\n"
        b"<< /Root 1 0 R >>\n%%EOF\n"
    )


def pdf_objets_compresses(objet: bytes) -> bytes:
    """An object stream (/ObjStm, FlateDecode) holding `objet`: invisible to a byte search."""
    flux = zlib.compress(b"3 0 " + objet)
    return (
        b"4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(flux)).encode()
        + b" >>\nstream\n"
        + flux
        + b"\nendstream\nendobj\n"
    )


@dataclass
class Mesure:
    secondes: float = 0.0
    pic_mo: float = 0.0


@contextmanager
def mesurer():
    """CPU time and peak of Python memory allocated meanwhile, in this process.

    CPU time, not wall time: the bound must hold on a shared machine whose other processes
    take the cores (a bomb read whole costs tens of seconds of CPU, a refusal milliseconds).
    The objects alive before are frozen out of the garbage collector: in a test worker that
    has run a thousand tests, a full collection over them cost a second that was not ours.
    """
    mesure = Mesure()
    gc.collect()
    gc.freeze()
    tracemalloc.start()
    tracemalloc.reset_peak()
    debut = time.process_time()
    try:
        yield mesure
    finally:
        mesure.secondes = time.process_time() - debut
        mesure.pic_mo = tracemalloc.get_traced_memory()[1] / MO
        tracemalloc.stop()
        gc.unfreeze()


def assert_borne(mesure: Mesure, *, secondes: float = 2.0, pic_mo: float = 30.0) -> None:
    assert mesure.secondes < secondes, f"refus en {mesure.secondes:.2f} s"
    assert mesure.pic_mo < pic_mo, f"pic de mémoire de {mesure.pic_mo:.1f} Mo"

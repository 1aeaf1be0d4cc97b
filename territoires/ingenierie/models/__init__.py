"""Models of the ingénierie application, one module per aggregate.

- `configuration`: the mission, its delays and public texts (`ConfigurationIngenierie`),
  domains, natures, partners, sector advisors (`Secteur`);
- `sollicitations`: the request, its states and transitions;
- `suivi`: its actions, comments, notes, private documents and links;
- `ressources`: the resource library;
- `relances`: reminders sent and reminders refused;
- `territoires.ingenierie.agence.models`: memberships, quotes, services, invoices;
- `territoires.ingenierie.ateliers.models`: workshops of the procurement network.

All of them live in the `ingenierie` application (one set of tables and migrations) and are
importable from here.
"""

from territoires.ingenierie.agence.models import (
    Adhesion,
    BaremeAdhesion,
    Devis,
    Facture,
    LigneDevis,
    Prestation,
    PrestationRealisee,
)
from territoires.ingenierie.ateliers.models import Atelier

from .configuration import ConfigurationIngenierie, Domaine, Nature, Partenaire, Secteur
from .relances import Relance, RelanceRefusee
from .ressources import Ressource
from .sollicitations import Sollicitation
from .suivi import Action, Commentaire, DocumentsInternes, Lien, Note

__all__ = [
    "Action",
    "Adhesion",
    "Atelier",
    "BaremeAdhesion",
    "Commentaire",
    "ConfigurationIngenierie",
    "Devis",
    "DocumentsInternes",
    "Domaine",
    "Facture",
    "Lien",
    "LigneDevis",
    "Nature",
    "Note",
    "Partenaire",
    "Prestation",
    "PrestationRealisee",
    "Relance",
    "RelanceRefusee",
    "Ressource",
    "Secteur",
    "Sollicitation",
]

# Former name, kept only for `rules.py` (being rewritten in another branch): remove once both
# branches are merged and `rules.py` imports `ConfigurationIngenierie`.
Configuration = ConfigurationIngenierie

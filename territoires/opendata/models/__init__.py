from .compteurs import Compteur
from .jeux import JeuDeDonnees, Theme
from .ressources import Ressource, VersionRessource

__all__ = ["Compteur", "JeuDeDonnees", "Ressource", "Theme", "VersionRessource"]

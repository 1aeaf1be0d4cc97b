"""The pabulib format: round trip (read by pabutools too), errors."""

import pytest
from pabutools.election import parse_pabulib

from territoires.participation import pabulib

from .test_depouillement import QUARTIERS


def test_pabulib_aller_retour(tmp_path):
    fichier = pabulib.lire(QUARTIERS[0])
    texte = pabulib.ecrire_texte(fichier)
    relu = pabulib.lire_texte(texte)
    assert relu.meta == fichier.meta
    assert relu.projets == fichier.projets
    assert relu.bulletins() == fichier.bulletins()
    chemin = tmp_path / "x.pb"
    chemin.write_text(texte)
    instance, profil = parse_pabulib(str(chemin))
    assert len(instance) == len(fichier.projets)


def test_pabulib_erreurs():
    with pytest.raises(pabulib.ErreurPabulib):
        pabulib.lire_texte("META\nkey;value\ndescription;x\n")
    texte = pabulib.ecrire_texte(pabulib.lire(QUARTIERS[0]))
    with pytest.raises(pabulib.ErreurPabulib, match="inconnu"):
        pabulib.lire_texte(
            texte.replace("VOTES\nvoter_id;vote\n", "VOTES\nvoter_id;vote\nzz;999\n")
        )

"""A deterministic synthetic pabulib file the size of Warszawa 2026 (80 projects × 60,000 voters).

For the participatory-budget bench only (never for a real campaign). The shape follows the big
Polish city files: costs from 20,000 to 2,000,000 (log-uniform), a budget of about a quarter
of the total cost, popularity of the projects very uneven (Zipf-like weights), and approval
ballots of 1 to 10 projects, most voters choosing few. Same seed, same file.

    .venv/bin/python bench/generateur_pabulib.py /tmp/synthetique.pb
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from territoires.participation.pabulib import FichierPabulib, ecrire_texte


def fichier_synthetique(
    projets: int = 80, votants: int = 60_000, graine: int = 2026
) -> FichierPabulib:
    alea = random.Random(graine)
    bas, haut = math.log(20_000), math.log(2_000_000)
    couts = [round(math.exp(alea.uniform(bas, haut)), -3) for _ in range(projets)]
    ids = [str(i + 1) for i in range(projets)]
    # Very uneven popularity, in an order unrelated to the cost.
    rang = list(range(projets))
    alea.shuffle(rang)
    poids = [1 / (1 + r) ** 0.8 for r in rang]
    tailles = list(range(1, 11))
    poids_tailles = [30, 22, 16, 10, 8, 5, 4, 2, 2, 1]
    votes = []
    voix = [0] * projets
    for v in range(votants):
        k = alea.choices(tailles, weights=poids_tailles)[0]
        choix: set[int] = set()
        while len(choix) < k:
            choix.add(alea.choices(range(projets), weights=poids)[0])
        for i in choix:
            voix[i] += 1
        votes.append({"voter_id": str(v + 1), "vote": ",".join(ids[i] for i in sorted(choix))})
    budget = round(sum(couts) / 4, -3)
    meta = {
        "description": "Synthetic PB, size of Warszawa 2026 (bench only)",
        "country": "Synthetic",
        "unit": "Bench",
        "instance": "2026",
        "num_projects": str(projets),
        "num_votes": str(votants),
        "budget": str(int(budget)),
        "vote_type": "approval",
        "rule": "greedy",
        "date_begin": "01.09.2026",
        "date_end": "30.09.2026",
        "min_length": "1",
        "max_length": "10",
    }
    return FichierPabulib(
        meta=meta,
        projets=[
            {"project_id": ids[i], "cost": str(int(couts[i])), "votes": str(voix[i])}
            for i in range(projets)
        ],
        votes=votes,
        colonnes_projets=["project_id", "cost", "votes"],
        colonnes_votes=["voter_id", "vote"],
    )


def ecrire(chemin: Path, **options) -> Path:
    chemin.write_text(ecrire_texte(fichier_synthetique(**options)), encoding="utf-8")
    return chemin


if __name__ == "__main__":
    print(ecrire(Path(sys.argv[1] if len(sys.argv) > 1 else "synthetique.pb")))

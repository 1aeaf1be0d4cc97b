"""The columns of the workbook's two sheets, and what each one means."""

COLONNES_MARCHES = [
    "reference",
    "donneur_ordre_siret",
    "donneur_ordre_nom",
    "donneur_ordre_categorie",
    "operation",
    "objet",
    "date_notification",
    "lot",
    "type_clause",
    "heures_prescrites",
]
COLONNES_HEURES = [
    "marche_reference",
    "donneur_ordre_siret",
    "lot",
    "entreprise_siret",
    "entreprise_nom",
    "entreprise_effectif",
    "entreprise_commune",
    "participant",
    "sexe",
    "annee_naissance",
    "commune_residence",
    "criteres",
    "type_contrat",
    "date_debut",
    "date_fin",
    "mois",
    "heures",
]
#: Optional columns of `heures` (files without them stay valid; empty cells change nothing).
COLONNES_HEURES_FACULTATIVES = ["entreprise_role", "entreprise_siae"]
ROLES_IMPORT = {
    "attributaire": "attributaire",
    "titulaire": "attributaire",
    "cotraitant": "cotraitant",
    "co_traitant": "cotraitant",
    "sous_traitant": "sous_traitant",
    "soustraitant": "sous_traitant",
}

#: What each column means, for the explanation sheet of the template.
EXPLICATIONS = {
    "marches": {
        "reference": "Référence du marché chez l'acheteur (obligatoire).",
        "donneur_ordre_siret": "SIRET de l'acheteur, 14 chiffres (clé de contrôle vérifiée).",
        "donneur_ordre_nom": "Nom de l'acheteur.",
        "donneur_ordre_categorie": "etat, region, departement, epci, commune, bailleur, sante "
        "ou autre.",
        "operation": "Nom de l'opération (chantier) ; vide : l'objet du marché.",
        "objet": "Objet du marché.",
        "date_notification": "Date de notification, AAAA-MM-JJ.",
        "lot": "Numéro ou code du lot (une ligne par lot).",
        "type_clause": "execution (condition d'exécution), attribution (critère "
        "d'attribution), reserve (marché réservé) ou insertion (marché d'insertion).",
        "heures_prescrites": "Heures d'insertion prescrites pour le lot (nombre positif).",
    },
    "heures": {
        "marche_reference": "Référence du marché, telle que dans la feuille marches.",
        "donneur_ordre_siret": "SIRET de l'acheteur du marché.",
        "lot": "Lot du marché, tel que dans la feuille marches.",
        "entreprise_siret": "SIRET de l'entreprise (attributaire, co-traitant ou sous-traitant).",
        "entreprise_nom": "Nom de l'entreprise.",
        "entreprise_effectif": "Effectif salarié de l'entreprise (nombre entier).",
        "entreprise_commune": "Code INSEE de la commune de l'établissement (5 caractères).",
        "participant": "Identifiant pseudonyme de la personne (jamais son nom).",
        "sexe": "F ou M.",
        "annee_naissance": "Année de naissance, AAAA.",
        "commune_residence": "Code INSEE de la commune de résidence.",
        "criteres": "Critères d'éligibilité séparés par « ; » parmi DELD, SENIOR, QPV, MINIMA, "
        "JEUNE, TH, PASS_IAE, AUTRE.",
        "type_contrat": "CDD_LONG, CDI, CTT, APPRENTISSAGE, INTERIM, ETTI, SIAE, "
        "PROFESSIONNALISATION ou CUI.",
        "date_debut": "Début du contrat, AAAA-MM-JJ.",
        "date_fin": "Fin du contrat, AAAA-MM-JJ (vide si en cours).",
        "mois": "Mois travaillé, AAAA-MM (dans la période du contrat).",
        "heures": "Heures travaillées dans le mois sur ce lot (nombre positif).",
        "entreprise_role": "Facultatif : rôle de l'entreprise sur le lot, attributaire, "
        "cotraitant ou sous_traitant (vide : attributaire pour une nouvelle entreprise du lot, "
        "inchangé sinon).",
        "entreprise_siae": "Facultatif : employeur d'insertion, EI, ETTI, AI, ACI, EITI, GEIQ ou "
        "EA (vide : inchangé).",
    },
}

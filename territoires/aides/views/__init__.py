"""The pages of the aides module, one module per part of a dossier's life.

`catalogue` (public schemes), `depot` (the applicant drafts and files), `dossier` (a dossier's
page), `messagerie`, `instruction` (the instructors' list and actions), `sessions`
(programming and the commission's vote), `actes`, `versements`, `exports` (downloads),
`tableau` (dashboard) and `donnees` (open data). Views stay thin: they check the rule, read the
form and call a service or a selector.
"""

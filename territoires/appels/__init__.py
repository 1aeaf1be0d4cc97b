"""Appels à projets et appels à manifestation d'intérêt (AMI), with their jury.

A service of the Département opens a call (window with a time-zoned deadline, eligible
kinds of candidates, questions, weighted grid); associations, companies, collectives and
communes answer it with an account; a jury scores every candidature, the service ranks,
selects, sends the letters and turns a selected candidature into an aid dossier.
See docs/adr/0010-appels.md.
"""

"""Reading an instance as an anonymous visitor: the public pages, followed link to link."""

import html as entites
import re

from django.test import Client

#: Where the visit starts: the home page, the aid catalogue, the public presentations, the
#: key figures, the open data; every public page is reached from these by its links.
DEPARTS = ("/", "/aides/", "/clauses/", "/chiffres-cles/", "/donnees/")
EXCLUS = ("/static/", "/media/", "/admin/", "/comptes/", "/api/")
LIEN = re.compile(r'href="(/[^"#?]*)[^"]*"')
BALISE = re.compile(r"<[^>]+>")


def texte_public(*, pages_max: int = 120, client=None, departs=DEPARTS) -> dict[str, str]:
    """{url: visible text} of the HTML pages reached from `departs`, by an anonymous visitor
    or by `client` (logged in: the pages of that account)."""
    client = client or Client()
    vues, a_voir, textes = set(), list(departs), {}
    while a_voir and len(vues) < pages_max:
        url = a_voir.pop(0)
        if url in vues:
            continue
        vues.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        textes[url] = entites.unescape(BALISE.sub(" ", html))
        a_voir += [
            lien for lien in LIEN.findall(html) if not lien.startswith(EXCLUS) and lien not in vues
        ]
    return textes


def mentions(textes: dict[str, str], mots: re.Pattern) -> dict[str, set[str]]:
    return {url: set(mots.findall(texte)) for url, texte in textes.items() if mots.search(texte)}

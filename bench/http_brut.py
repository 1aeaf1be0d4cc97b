"""A tiny HTTP/1.1 client on asyncio sockets, for the load benches.

The load generator runs on the same two cores as the server and the database: a client that
spends a millisecond of Python per request (requests, urllib3) steals the CPU it is meant to
measure. This one writes pre-built bytes and reads the answer to its end (gunicorn's sync
workers close each connection), so one process drives hundreds of requests per second.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Reponse:
    statut: int
    entetes: list[tuple[str, str]]
    corps: bytes
    duree: float

    def entete(self, nom: str) -> str | None:
        nom = nom.lower()
        return next((v for k, v in self.entetes if k == nom), None)

    @property
    def texte(self) -> str:
        return self.corps.decode("utf-8", "replace")


@dataclass
class Navigateur:
    """One person's cookies, as a browser keeps them."""

    hote: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    async def requete(
        self, methode: str, chemin: str, donnees: dict | None = None, referer: str = ""
    ) -> Reponse:
        corps = urlencode(donnees or {}, doseq=True).encode() if methode == "POST" else b""
        lignes = [
            f"{methode} {chemin} HTTP/1.1",
            f"Host: {self.hote}:{self.port}",
            "Connection: close",
            "Accept: text/html",
        ]
        if self.cookies:
            lignes.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if referer:
            lignes.append(f"Referer: {referer}")
        if methode == "POST":
            lignes += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(corps)}",
            ]
        brut = ("\r\n".join(lignes) + "\r\n\r\n").encode() + corps
        debut = time.perf_counter()
        lecteur, ecrivain = await asyncio.open_connection(self.hote, self.port)
        try:
            ecrivain.write(brut)
            await ecrivain.drain()
            reponse = await lecteur.read()
        finally:
            ecrivain.close()
        duree = time.perf_counter() - debut
        tete, _, contenu = reponse.partition(b"\r\n\r\n")
        ligne, *reste = tete.decode("latin-1").split("\r\n")
        entetes = [(k.strip().lower(), v.strip()) for k, _, v in (r.partition(":") for r in reste)]
        for nom, valeur in entetes:
            if nom == "set-cookie":
                cle, _, val = valeur.split(";", 1)[0].partition("=")
                self.cookies[cle.strip()] = val.strip()
        if ("transfer-encoding", "chunked") in entetes:
            contenu = _dechunk(contenu)
        return Reponse(int(ligne.split()[1]), entetes, contenu, duree)


def _dechunk(donnees: bytes) -> bytes:
    sortie, pos = bytearray(), 0
    while True:
        fin = donnees.index(b"\r\n", pos)
        taille = int(donnees[pos:fin].split(b";")[0], 16)
        if taille == 0:
            return bytes(sortie)
        sortie += donnees[fin + 2 : fin + 2 + taille]
        pos = fin + 4 + taille


async def en_parallele(taches, simultanees: int) -> list:
    """Run coroutine factories with at most `simultanees` in flight; results in order."""
    semaphore = asyncio.Semaphore(simultanees)

    async def une(fabrique):
        async with semaphore:
            return await fabrique()

    return await asyncio.gather(*(une(t) for t in taches))

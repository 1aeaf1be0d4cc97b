"""Names of the files given away: no path, no control character."""

from __future__ import annotations

import re

# Letters (any script), digits and a few signs; anything else (/, \, quotes, controls) goes.
_UNSAFE = re.compile(r"[^\w .,()'+–-]+")


def safe_filename(name: str, *, default: str = "export") -> str:
    """A file name without path nor control character, as a browser will save it."""
    name = _UNSAFE.sub("-", str(name)).strip(" .-")
    return name[:150] or default


def safe_member_name(path: str) -> str:
    """A ZIP member path that cannot leave the folder it is extracted to (no `..`, no root)."""
    parts = [safe_filename(p, default="") for p in path.replace("\\", "/").split("/")]
    return "/".join(p for p in parts if p) or "fichier"

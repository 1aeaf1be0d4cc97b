import unicodedata


def normalize_search(value: str) -> str:
    """Lower-case, accent-free form used to search names (« Ténarèze » → « tenareze »)."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("’", "'").split())

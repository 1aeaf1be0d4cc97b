import re
import unicodedata

# Hyphens, apostrophes and other punctuation separate words in place names: « L'Isle-Jourdain »
# must be found by « l isle jourdain » as well as by « l'isle-jourdain ».
_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`´.,;:/()«»\"]+")
# Ligatures have no Unicode decomposition: « Œuilly » is typed « oeuilly ».
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def normalize_search(value: str) -> str:
    """Lower-case, accent-free form used to search names (« Ténarèze » → « tenareze »).

    Punctuation becomes a single space, so that a query normalised the same way matches
    whatever the user typed between the words.
    """
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", stripped.casefold().translate(_LIGATURES)).strip()

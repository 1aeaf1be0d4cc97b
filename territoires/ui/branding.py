"""The Département's visual identity, read from `settings.TERRITOIRES_BRANDING`.

Colours are validated and paired with a readable text colour here, so that a badly chosen
setting can neither break the CSS served by `/ui/theme.css` nor produce unreadable text.
"""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static

from territoires.referentiel.departements import departement_label

DEFAULT_PRIMARY = "#7a2048"
DEFAULT_SECONDARY = "#1f4e5f"
WHITE = "#ffffff"
DARK = "#161616"
BLACK = "#000000"
# WCAG 2.1 AA for normal text (RGAA 3.2).
AA_CONTRAST = 4.5

ACCESSIBILITY_STATUSES = ("non conforme", "partiellement conforme", "totalement conforme")


_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


# --- Colours -------------------------------------------------------------------------------
def normalize_color(value: str, default: str) -> str:
    """`#abc` or `#aabbcc` in lower case; anything else (a typo, CSS injection) → default."""
    value = (value or "").strip()
    if not _HEX.match(value):
        return default
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower()


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def relative_luminance(color: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_text_color(background: str) -> str:
    """White when it reaches AA on the background, else dark text, else black.

    White or black always reaches 4.58:1 at least, whatever the background.
    """
    candidates = (WHITE, DARK, BLACK)
    for candidate in candidates:
        if contrast_ratio(background, candidate) >= AA_CONTRAST:
            return candidate
    return max(candidates, key=lambda c: contrast_ratio(background, c))


def darken_until_readable(color: str, background: str = WHITE) -> str:
    """The colour, darkened step by step until it can be read on `background` (links)."""
    rgb = _rgb(color)
    for step in range(0, 21):
        factor = 1 - step * 0.05
        candidate = _hex(tuple(c * factor for c in rgb))
        if contrast_ratio(candidate, background) >= AA_CONTRAST:
            return candidate
    return DARK


def mix(color: str, other: str, weight: float) -> str:
    """`weight` of `color` mixed with `other` (used for light tints of backgrounds)."""
    a, b = _rgb(color), _rgb(other)
    return _hex(tuple(x * weight + y * (1 - weight) for x, y in zip(a, b, strict=True)))


# --- Branding ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Theme:
    """The colours of the Département, as served by `/ui/theme.css`."""

    primary_color: str
    secondary_color: str

    @property
    def version(self) -> str:
        """Changes with the colours, so `/ui/theme.css?v=…` can be cached for long."""
        raw = f"{self.primary_color}{self.secondary_color}".encode()
        return hashlib.sha256(raw).hexdigest()[:10]

    def css_variables(self) -> dict[str, str]:
        return {
            "--color-primary": self.primary_color,
            "--color-primary-text": readable_text_color(self.primary_color),
            "--color-primary-tint": mix(self.primary_color, WHITE, 0.08),
            "--color-secondary": self.secondary_color,
            "--color-secondary-text": readable_text_color(self.secondary_color),
            # Links and focus rings are drawn on white: darkened until they reach AA.
            "--color-link": darken_until_readable(self.primary_color),
            "--color-focus": darken_until_readable(self.secondary_color),
        }

    def css(self) -> str:
        lines = "".join(f"  {name}: {value};\n" for name, value in self.css_variables().items())
        return f"/* Couleurs du Département (TERRITOIRES_BRANDING). */\n:root {{\n{lines}}}\n"


@dataclass(frozen=True)
class Branding:
    name: str
    organisation: str
    logo_url: str
    theme: Theme
    accessibility_status: str
    contact_email: str


def get_theme() -> Theme:
    conf = settings.TERRITOIRES_BRANDING
    return Theme(
        primary_color=normalize_color(conf.get("primary_color", ""), DEFAULT_PRIMARY),
        secondary_color=normalize_color(conf.get("secondary_color", ""), DEFAULT_SECONDARY),
    )


def logo_url(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if value.startswith(("https://", "http://", "/")):
        return value
    return static(value)


def accessibility_status() -> str:
    status = (settings.TERRITOIRES_BRANDING.get("accessibility_status") or "").strip().lower()
    return status if status in ACCESSIBILITY_STATUSES else "non conforme"


def get_branding() -> Branding:
    """Settings only, no database: the error page uses it too."""
    conf = settings.TERRITOIRES_BRANDING
    code = settings.TERRITOIRES_DEPARTEMENT
    organisation = conf.get("organisation") or departement_label(code)
    return Branding(
        name=conf.get("name") or "Territoires",
        organisation=organisation,
        logo_url=logo_url(conf.get("logo", "")),
        theme=get_theme(),
        accessibility_status=accessibility_status(),
        contact_email=conf.get("contact_email") or "",
    )


def get_legal() -> dict[str, str]:
    """Deployment facts for the legal pages; empty values are shown as « à compléter »."""
    keys = (
        "address",
        "publication_director",
        "host",
        "host_address",
        "dpo_email",
        "rgaa_audit_date",
        "rgaa_audit_rate",
        "rgaa_audit_by",
        "source_url",
    )
    conf = getattr(settings, "TERRITOIRES_LEGAL", {})
    return {key: (conf.get(key) or "").strip() for key in keys}

"""Reports of the imports of the référentiel: what each run created, updated, made obsolete."""

from dataclasses import dataclass


@dataclass
class KindReport:
    label: str
    feminine: bool = False
    created: int = 0
    updated: int = 0
    obsoleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.obsoleted)

    def summary(self) -> str:
        """« communes : 458 créées, 0 mises à jour, 0 rendues obsolètes »."""
        created, updated, obsoleted = (
            ("créées", "mises à jour", "rendues obsolètes")
            if self.feminine
            else ("créés", "mis à jour", "rendus obsolètes")
        )
        return (
            f"{self.label} : {format_number(self.created)} {created}, "
            f"{format_number(self.updated)} {updated}, {format_number(self.obsoleted)} {obsoleted}"
        )


def format_number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")

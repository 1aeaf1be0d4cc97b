import datetime
import zoneinfo

from django.template import Context, Template


def _rendu(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_first_of_the_month_is_written_1er():
    assert _rendu("{{ d|date_longue }}", d=datetime.date(2026, 4, 1)) == "1er avril 2026"
    assert _rendu("{{ d|date_longue }}", d=datetime.date(2026, 4, 12)) == "12 avril 2026"
    assert _rendu("{{ d|date_longue }}", d=None) == ""


def test_times_are_shown_in_local_time(settings):
    instant = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    # 22:30 UTC is already 1 July in Paris, in summer time.
    assert _rendu('{{ d|date_longue:" à H:i" }}', d=instant) == "1er juillet 2026 à 00:30"

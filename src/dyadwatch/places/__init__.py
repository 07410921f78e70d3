"""Places: a gazetteer and a toponym resolver, the first half of geocoding.

In: a place name as it appears in a text ("al-Hol", "Deir al-Zour", "Anbar province"), with optional
ISO3 country hints and nearby points. Out: a ``Placement`` (resolved name, point, ISO3 country,
admin-1 name, precision site/town/admin1/country, 0-1 score, gazetteer id) or None.

    >>> from dyadwatch.places import resolve_toponym
    >>> resolve_toponym("Hasakeh").admin1
    'Hasakah'

The gazetteer (GeoNames towns of 500+ people, countries, admin-1 areas and the curated Iraq–Syria
overlay in ``data/overlay.yaml``) is built on first use and cached; see ``gazetteer``.
"""

from dyadwatch.places.gazetteer import Gazetteer, default_gazetteer, normalise_toponym
from dyadwatch.places.records import Candidate, Placement, Precision
from dyadwatch.places.resolve import resolve_toponym

__all__ = ["Candidate", "Gazetteer", "Placement", "Precision", "default_gazetteer", "normalise_toponym",
           "resolve_toponym"]

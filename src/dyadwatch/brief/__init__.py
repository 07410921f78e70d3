"""Briefs: one dyad over one period as a report an analyst can send on (HTML, Markdown or PDF).

In: a ``Store`` and two actor codes. Out: a ``Brief`` (everything the report shows, all taken from the
store) and the file ``write_brief`` makes of it; the charts are drawn offline with matplotlib.
"""

from dyadwatch.brief.report import Brief, BriefAlert, KeyEvent, MapPoint, Provenance, build_brief, write_brief

__all__ = ["Brief", "BriefAlert", "KeyEvent", "MapPoint", "Provenance", "build_brief", "write_brief"]

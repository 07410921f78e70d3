"""Analysis of stored events: dyad relations over time, their phases, and the actor network.

Everything here is a pure function of an events DataFrame as ``Store.events_frame`` returns it.
"""

from __future__ import annotations

from dyadwatch.analysis.network import NetworkSummary, actor_network, export_network, load_network, network_summary
from dyadwatch.analysis.series import (
    DEFAULT_PENALTY,
    DyadSeries,
    EventRef,
    PenaltyRule,
    PeriodStats,
    Phase,
    detect_phases,
    dyad_series,
)

__all__ = [
    "DEFAULT_PENALTY",
    "DyadSeries",
    "EventRef",
    "NetworkSummary",
    "PenaltyRule",
    "PeriodStats",
    "Phase",
    "actor_network",
    "detect_phases",
    "dyad_series",
    "export_network",
    "load_network",
    "network_summary",
]

"""Terminal rendering of the analysis: the dyad series table, the phases, the network's actors."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from dyadwatch.analysis.network import NetworkSummary
from dyadwatch.analysis.series import DEFAULT_PENALTY, QUADS, DyadSeries, PenaltyRule, Phase, _signed

_QUAD_HEADERS = {"verbal_coop": "verb.\ncoop", "material_coop": "mat.\ncoop",
                 "verbal_conflict": "verb.\nconfl.", "material_conflict": "mat.\nconfl."}
_TONE_STYLE = {"hostile": "bold red", "tense": "red", "guarded": "yellow", "quiet": "dim",
               "cordial": "green", "cooperative": "bold green"}


def _index_cell(value: float) -> Text:
    style = "green" if value > 0 else "red" if value < 0 else "dim"
    return Text(_signed(value, 2), style=style)


def series_table(series: DyadSeries, title: str | None = None) -> Table:
    """Period, counts by quad class, index for both directions and each direction."""
    a, b = series.a, series.b
    mode = "actual events" if series.actual_only else "all modes"
    table = Table(title=title or f"{a}–{b} relation index by {series.freq} ({mode})",
                  caption="index = Σ intensity × confidence (× 0.5 when the date is the publication-date "
                          "fallback); each merged event once")
    table.add_column("period", no_wrap=True)
    table.add_column("events", justify="right")
    for quad in QUADS:
        table.add_column(_QUAD_HEADERS[quad], justify="right")
    table.add_column("index", justify="right")
    table.add_column(f"{a}→{b}", justify="right")
    table.add_column(f"{b}→{a}", justify="right")
    for p in series.periods:
        table.add_row(p.period, str(p.n_events), *(str(p.counts.get(q, 0)) for q in QUADS),
                      _index_cell(p.index), _index_cell(p.index_ab), _index_cell(p.index_ba),
                      style="dim" if p.n_events == 0 else None)
    return table


def phases_text(phases: Sequence[Phase], penalty_rule: PenaltyRule | None = DEFAULT_PENALTY) -> Text:
    """One line per phase (its summary sentence), with the rule that found them underneath."""
    text = Text()
    if not phases:
        text.append("no periods with events: no phases\n", style="dim")
    for number, phase in enumerate(phases, start=1):
        text.append(f"{number}. ", style="bold")
        head, _, rest = phase.summary.partition(": ")
        text.append(head + ": ", style="bold")
        text.append(phase.tone, style=_TONE_STYLE.get(phase.tone, ""))
        text.append(rest[len(phase.tone):] if rest.startswith(phase.tone) else " " + rest)
        text.append("\n")
    if penalty_rule is not None:
        text.append(f"change points: {penalty_rule.describe()}\n", style="dim")
    return text


def network_table(summary: NetworkSummary, top: int = 20) -> Table:
    """The actors with the largest weighted degree: cooperation, conflict, betweenness, community."""
    table = Table(title=f"Actor network: {summary.n_nodes} actors, {summary.n_edges} directed links",
                  caption="weights = Σ confidence over cooperative / conflictual events; "
                          "communities: greedy modularity on cooperation")
    for name, justify in (("actor", "left"), ("country", "left"), ("sector", "left"), ("degree", "right"),
                          ("coop", "right"), ("conflict", "right"), ("betweenness", "right"),
                          ("community", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for node in summary.nodes[:top]:
        table.add_row(f"{node.name} [{node.id}]", node.country or "—", node.sector or "—",
                      f"{node.weighted_degree:.2f}", f"{node.coop_degree:.2f}", f"{node.conflict_degree:.2f}",
                      f"{node.betweenness:.3f}", str(node.community))
    return table

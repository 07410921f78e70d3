"""Terminal rendering of events: the timeline and the dyad summary."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table

MODE_STYLE = {"actual": "green", "negated": "red", "planned": "yellow", "threatened": "magenta",
              "hypothetical": "cyan"}


def _actor(name: object, ident: object) -> str:
    if not isinstance(ident, str) or not ident:
        return "—"
    return f"{name} [{ident}]" if isinstance(name, str) and name else ident


def _date(row: pd.Series) -> str:
    if pd.isna(row["date"]):
        return "?"
    start = pd.Timestamp(row["date"]).date()
    gran = row.get("date_granularity")
    if gran == "month":
        text = start.strftime("%Y-%m")
    elif gran == "year":
        text = start.strftime("%Y")
    elif gran in ("range", "week") and not pd.isna(row.get("date_end")):
        text = f"{start.isoformat()}…{pd.Timestamp(row['date_end']).date().isoformat()}"
    else:
        text = start.isoformat()
    return text + ("*" if row.get("date_fallback") else "")


def _place(row: pd.Series) -> str:
    name = row.get("place_name")
    if not isinstance(name, str):
        return ""
    area = row.get("admin1") if isinstance(row.get("admin1"), str) else None
    country = row.get("place_country") if isinstance(row.get("place_country"), str) else None
    where = ", ".join(x for x in (area, country) if x and x != name)
    return f"{name} ({where})" if where else name


def timeline_table(events: pd.DataFrame, title: str = "Coded events") -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("source", ratio=2)
    table.add_column("event", no_wrap=True)
    table.add_column("mode", no_wrap=True)
    table.add_column("target", ratio=2)
    table.add_column("place", ratio=1)
    table.add_column("evidence", ratio=6)
    for _, row in events.iterrows():
        mode = row["mode"]
        claim = f"\n(claimed by {row['claimant_name']})" if isinstance(row.get("claimant_name"), str) else ""
        table.add_row(
            _date(row),
            _actor(row["source_name"], row["source_id"]),
            f"{row['type']} ({row['cameo']})",
            f"[{MODE_STYLE.get(mode, 'white')}]{mode}[/]" + (" · hist." if row["historical"] else ""),
            _actor(row["target_name"], row["target_id"]) + (" ⇄" if row["reciprocal"] else ""),
            _place(row),
            f"{row['sentence']}{claim}",
        )
    return table


def dyad_summary(events: pd.DataFrame) -> pd.DataFrame:
    """Counts and mean intensity per (source, target) pair, actual events only split out."""
    if events.empty:
        return pd.DataFrame(columns=["source", "target", "events", "actual", "other_modes",
                                     "mean_intensity", "first", "last"])
    frame = events.copy()
    frame["source"] = frame["source_id"].fillna("?")
    frame["target"] = frame["target_id"].fillna("—")
    frame["is_actual"] = frame["mode"].eq("actual")
    grouped = frame.groupby(["source", "target"], dropna=False)
    summary = pd.DataFrame({
        "events": grouped.size(),
        "actual": grouped["is_actual"].sum(),
        "mean_intensity": grouped["intensity"].mean().round(2),
        "first": grouped["date"].min(),
        "last": grouped["date"].max(),
    }).reset_index()
    summary["other_modes"] = summary["events"] - summary["actual"]
    return summary.sort_values(["events", "source"], ascending=[False, True])[
        ["source", "target", "events", "actual", "other_modes", "mean_intensity", "first", "last"]]


def dyad_table(summary: pd.DataFrame, limit: int = 25) -> Table:
    table = Table(title="Summary by dyad (source → target)")
    for col in summary.columns:
        numeric = col in ("events", "actual", "other_modes", "mean_intensity")
        table.add_column(col, justify="right" if numeric else "left")
    for _, row in summary.head(limit).iterrows():
        table.add_row(*[str(pd.Timestamp(v).date()) if col in ("first", "last") and not pd.isna(v) else str(v)
                        for col, v in row.items()])
    return table


def print_timeline(console: Console, events: pd.DataFrame) -> None:
    console.print(timeline_table(events))
    console.print("* date not found in the text: publication date used", style="dim")
    console.print(dyad_table(dyad_summary(events)))

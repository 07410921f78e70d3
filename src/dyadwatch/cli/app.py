"""The ``dyadwatch`` command line (Typer): one function per command, rendering in render.py."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dyadwatch.cli.render import print_timeline

app = typer.Typer(help="dyadwatch: coded political events from news, with their evidence.",
                  no_args_is_help=True, add_completion=False)
actors_app = typer.Typer(help="Look up actors in the registry.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")
console = Console()
err = Console(stderr=True)

DbOption = Annotated[Path | None, typer.Option(
    "--db", help="DuckDB file (default: $DYADWATCH_DB or ./dyadwatch.duckdb).")]


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"
    geojson = "geojson"


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{name} must be a date like 2025-03-15, not {value!r}") from None


def _open_store(db: Path | None, read_only: bool = False):  # type: ignore[no-untyped-def]
    from dyadwatch.store.database import Store

    try:
        return Store(db, read_only=read_only)
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None


def _pipeline_or_exit(store: Any = None):  # type: ignore[no-untyped-def]
    """The pipeline, with the aliases analysts added to ``store``; exits if the model is missing."""
    from dyadwatch.nlp.pipeline import ModelMissingError
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.run.ingest import pipeline_for

    pipeline = pipeline_for(store) if store is not None else Pipeline()
    try:
        pipeline.nlp  # noqa: B018 - load now, so a missing model stops the run before any work
    except ModelMissingError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    return pipeline


def run_ingest(paths: list[Path], db: Path | None, source: str | None = None,
               text_column: str = "text", date_column: str | None = None,
               max_mb: float = 10.0, command: str = "ingest", watch: Path | bool | None = False,
               merge: bool = True, batch_size: int = 32, workers: int | None = None,
               scheduler: str | None = None) -> int:
    from dyadwatch.ingest.readers import ReadOptions, iter_paths
    from dyadwatch.run.ingest import ingest_paths

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err.print(f"[red]no such file or folder:[/] {', '.join(missing)}")
        raise typer.Exit(2)
    if workers and scheduler and scheduler != "local":
        err.print("[red]error:[/] give --workers or --scheduler, not both (--workers N --scheduler local "
                  "starts a Dask LocalCluster of N workers)")
        raise typer.Exit(2)
    store = _open_store(db)
    options = ReadOptions(source=source, text_column=text_column, date_column=date_column,
                          max_bytes=int(max_mb * 1024 * 1024))
    total = len(list(iter_paths(paths)))
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[current]}"), TimeElapsedColumn(), console=err,
                  transient=False) as progress:
        task = progress.add_task("coding", total=total, current="")

        def hook(name: str, done: int) -> None:
            progress.update(task, completed=done, current=Path(name).name)

        if workers or scheduler:
            # the workers load the model (each once) and code; this process alone writes the store
            from dyadwatch.run.parallel import ingest_paths_parallel

            try:
                report = ingest_paths_parallel(paths, store, options, workers=workers, scheduler=scheduler,
                                               batch_size=min(batch_size, 16), command=command, progress=hook)
            except (RuntimeError, OSError) as exc:  # no Dask, a worker without the model, no scheduler
                err.print(f"[red]error:[/] {exc}")
                raise typer.Exit(2) from None
        else:
            pipeline = _pipeline_or_exit(store)
            pipeline.batch_size = batch_size
            report = ingest_paths(paths, store, options, pipeline, command=command, progress=hook)
    console.print(f"[bold]run {report.run_id}[/]: {report.read} documents read, "
                  f"{report.new} new, {report.duplicate} skipped as duplicates, "
                  f"{report.failed} failed, {report.events} events coded")
    for origin, reason in report.errors:
        console.print(f"  [red]failed[/] {origin}: {reason}")
    if merge:
        _run_merge(store)
    if watch is not False:
        _run_alerts(store, watch if isinstance(watch, Path) else None, None)
    store.close()
    return 0


def _run_merge(store: Any) -> None:
    from dyadwatch.merge.store import merge_store

    report = merge_store(store)
    console.print(f"[bold]merge[/]: {report.mentions} new mentions; {report.joined_existing} joined earlier events, "
                  f"{report.new_events} new events; {report.merged_events} events from {report.members} mentions "
                  f"in the store")


def _run_alerts(store: Any, rules: Path | None, since: dt.date | None) -> int:
    from dyadwatch.watch import RuleError, load_rules, run_watch

    try:
        watch_file = load_rules(rules)
    except RuleError as exc:
        err.print(f"[red]{exc}[/]")
        return 2
    new, raised = run_watch(store, watch_file, since)
    console.print(f"[bold]watch[/] {watch_file.path.name}: {len(watch_file.rules)} rules, "
                  f"{len(raised)} alerts raised, {len(new)} new")
    for alert in new:
        style = {"critical": "bold red", "warning": "yellow"}.get(alert.severity, "cyan")
        console.print(f"  [{style}]{alert.severity}[/] {alert.summary}")
    return 0


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt .html .jsonl .csv .rss/.atom/.xml")],
    source: Annotated[str | None, typer.Option(help="Outlet name for documents that do not give one.")] = None,
    db: DbOption = None,
    text_column: Annotated[str, typer.Option(help="CSV column holding the text.")] = "text",
    date_column: Annotated[str | None, typer.Option(help="CSV column holding the publication date.")] = None,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Largest document accepted, in MB.")] = 10.0,
    watch: Annotated[bool, typer.Option("--watch", help="Evaluate the watch rules after ingesting.")] = False,
    rules: Annotated[Path | None, typer.Option(help="Watch file for --watch (default: the packaged one).")] = None,
    merge: Annotated[bool, typer.Option("--merge/--no-merge", help="Merge reports of the same event.")] = True,
    batch_size: Annotated[int, typer.Option(min=1, max=1024, help="Documents parsed together (nlp.pipe); "
                                            "each is stored as soon as its batch is coded.")] = 32,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Code on N worker processes on "
                                                "this machine; this process alone writes the database.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Code on a running Dask cluster, e.g. "
                                                  "tcp://HOST:8786, or 'local' for a Dask LocalCluster of "
                                                  "--workers processes; this process alone writes the "
                                                  "database. Needs the dask extra.")] = None,
) -> None:
    """Read documents, code their events and store both (the same document twice is stored once);
    then merge reports of the same event across documents."""
    raise typer.Exit(run_ingest(paths, db, source, text_column, date_column, max_mb,
                                watch=(rules or True) if watch else False, merge=merge, batch_size=batch_size,
                                workers=workers, scheduler=scheduler))


@app.command(name="merge")
def merge_command(
    show: Annotated[int, typer.Option("--show", help="List this many events reported by the most documents.")] = 10,
    db: DbOption = None,
) -> None:
    """Merge reports of the same event across documents (incremental: earlier events keep their ids)."""
    from dyadwatch.merge.store import merged_frame

    store = _open_store(db)
    _run_merge(store)
    frame = merged_frame(store)
    store.close()
    if show and not frame.empty:
        top = frame.sort_values(["n_documents", "n_mentions"], ascending=False).head(show)
        for _, row in top.iterrows():
            day = pd.Timestamp(row["date"]).date().isoformat() if not pd.isna(row["date"]) else "?"
            console.print(f"  {day}  {row['type']:<9} {row['n_documents']} documents, {row['n_mentions']} mentions: "
                          f"{str(row['sentence'] or '')[:110]}")


def _actor_code(value: str) -> str:
    """A registry id, an ISO3 code, or a name ("Hamid al-Shatri", "Iraq") as the code to match."""
    from dyadwatch.actors.registry import default_registry

    reg = default_registry()
    if value in reg.organisations or value in reg.people or value in reg.countries:
        return value
    actor = reg.resolve(value)
    if actor is None:
        raise typer.BadParameter(f"no actor called {value!r}; try `dyadwatch actors lookup`")
    code = actor.country if actor.id == actor.country else actor.id
    return code or actor.id


def _events_with_merges(store: Any, flt: Any) -> pd.DataFrame:
    frame: pd.DataFrame = store.events_frame(flt)  # with merged_id, where the merge stage set one
    return frame


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="First actor: registry id, ISO3 code (state and all sectors) or name.")],
    b: Annotated[str, typer.Argument(help="Second actor.")],
    freq: Annotated[str, typer.Option(help="week, month, or auto (weeks for a span under a year).")] = "auto",
    since: Annotated[str | None, typer.Option(help="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date, YYYY-MM-DD.")] = None,
    all_modes: Annotated[bool, typer.Option("--all-modes", help="Count planned, negated... events too.")] = False,
    show_events: Annotated[bool, typer.Option("--events", help="List the events behind each period.")] = False,
    out: Annotated[Path | None, typer.Option(help="Write the series and phases as JSON to this file.")] = None,
    db: DbOption = None,
) -> None:
    """The relation between two actors over time: counts by quad class, a relation index, phases."""
    from dyadwatch.analysis import detect_phases, dyad_series
    from dyadwatch.analysis.render import phases_text, series_table
    from dyadwatch.store.database import EventFilter

    if freq not in ("week", "month", "auto"):
        raise typer.BadParameter("freq must be week, month or auto")
    code_a, code_b = _actor_code(a), _actor_code(b)
    store = _open_store(db, read_only=True)
    frame = _events_with_merges(store, EventFilter(dyad=(code_a, code_b), since=_date(since, "--since"),
                                                   until=_date(until, "--until")))
    store.close()
    if freq == "auto":
        # change points need enough periods: weeks while the events span less than a year
        dates = pd.to_datetime(frame["date"]).dropna() if not frame.empty else pd.Series(dtype="datetime64[ns]")
        span = (dates.max() - dates.min()).days if len(dates) else 0
        freq = "week" if span < 365 else "month"
    series = dyad_series(frame, code_a, code_b, freq=freq, actual_only=not all_modes)
    phases = detect_phases(series)
    console.print(series_table(series))
    console.print(phases_text(phases))
    if show_events:
        for period in series.periods:
            for ref in period.events:
                sentence = (ref.sentence or "")[:150]
                console.print(f"  {period.period}  {ref.date}  {ref.type:<9} {sentence}")
    if out:
        out.write_text(json.dumps({"series": series.to_dict(), "phases": [p.to_dict() for p in phases]},
                                  ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        console.print(f"wrote {out}")


@app.command()
def network(
    since: Annotated[str | None, typer.Option(help="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date, YYYY-MM-DD.")] = None,
    out: Annotated[Path | None, typer.Option(help="Export to .graphml, .gexf (Gephi) or .json.")] = None,
    top: Annotated[int, typer.Option(help="Actors to list.")] = 20,
    db: DbOption = None,
) -> None:
    """The actor network of a period: cooperation and conflict weights, centrality, communities."""
    from dyadwatch.analysis import actor_network, export_network, network_summary
    from dyadwatch.analysis.render import network_table
    from dyadwatch.store.database import EventFilter

    store = _open_store(db, read_only=True)
    frame = _events_with_merges(store, EventFilter(since=_date(since, "--since"), until=_date(until, "--until")))
    store.close()
    graph = actor_network(frame)
    console.print(network_table(network_summary(graph), top=top))
    if out:
        export_network(graph, out)
        console.print(f"wrote {out}")


@app.command()
def brief(
    dyad: Annotated[str, typer.Option(help="A:B, e.g. IRQ:SYR (registry ids, ISO3 codes or names).")],
    out: Annotated[Path, typer.Option(help="brief.html, brief.md (with PNGs beside it) or brief.pdf.")],
    since: Annotated[str | None, typer.Option(help="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date, YYYY-MM-DD.")] = None,
    freq: Annotated[str, typer.Option(help="week or month.")] = "month",
    db: DbOption = None,
) -> None:
    """A report to send on: the relation chart with phases, phase summaries, key events with their
    evidence and links, open alerts and a map of the events."""
    from dyadwatch.brief import build_brief, write_brief

    if ":" not in dyad:
        raise typer.BadParameter("dyad must look like A:B, e.g. IRQ:SYR")
    if out.suffix.lower() not in (".html", ".htm", ".md", ".pdf"):
        raise typer.BadParameter("out must end in .html, .md or .pdf")
    first, second = dyad.split(":", 1)
    store = _open_store(db, read_only=True)
    report = build_brief(store, _actor_code(first), _actor_code(second), since=_date(since, "--since"),
                         until=_date(until, "--until"), freq=freq)
    store.close()
    for path in write_brief(report, out):
        console.print(f"wrote {path}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind; 127.0.0.1 keeps it on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    db: DbOption = None,
) -> None:
    """Serve the dashboard (at /) and the HTTP API (OpenAPI docs at /docs) over the database; with no
    --db and no database yet, the demo database is built first. Tokens come from the environment:
    DYADWATCH_WRITE_TOKEN enables writes (POST /api/ingest, corrections from the dashboard);
    DYADWATCH_READ_TOKEN, if set, gates reads."""
    import os

    import uvicorn

    from dyadwatch.api import create_app
    from dyadwatch.store.database import default_db_path

    path = db or default_db_path()
    if db is None and not path.exists():
        err.print(f"no database at {path}: building the demo database there first")
        run_ingest([demo_corpus_path()], path, command="demo", watch=True)
    try:
        api = create_app(path, read_token=os.environ.get("DYADWATCH_READ_TOKEN") or None,
                         write_token=os.environ.get("DYADWATCH_WRITE_TOKEN") or None)
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]serving on {host}: reachable from other machines[/]")
    uvicorn.run(api, host=host, port=port, log_level="info")


@app.command()
def alerts(
    since: Annotated[str | None, typer.Option(help="Only events from this date, YYYY-MM-DD.")] = None,
    rules: Annotated[Path | None, typer.Option(help="Watch file (YAML); default: the packaged theatre file.")] = None,
    show: Annotated[bool, typer.Option("--list", help="List the stored alerts instead of evaluating.")] = False,
    db: DbOption = None,
) -> None:
    """Evaluate watch rules over the stored events; new alerts are stored and printed, never twice."""
    if show:
        from dyadwatch.watch import alerts_frame

        store = _open_store(db, read_only=True)
        frame = alerts_frame(store)
        store.close()
        for _, row in frame.iterrows():
            day = pd.Timestamp(row["last_date"]).date().isoformat() if not pd.isna(row["last_date"]) else "?"
            console.print(f"{day}  {row['severity']:<8} {row['summary']}")
        console.print(f"{len(frame)} alerts stored")
        return
    store = _open_store(db)
    code = _run_alerts(store, rules, _date(since, "--since"))
    store.close()
    raise typer.Exit(code)


@app.command()
def correct(
    event_id: Annotated[str, typer.Argument(help="The event to correct (its id, as `events --format json` shows).")],
    author: Annotated[str, typer.Option("--by", help="Who makes the correction.")],
    reason: Annotated[str, typer.Option("--why", help="Why.")] = "",
    reject: Annotated[bool, typer.Option("--reject", help="Mark the event wrong (hidden from queries).")] = False,
    restore: Annotated[bool, typer.Option("--restore", help="Undo an earlier --reject.")] = False,
    type: Annotated[str | None, typer.Option("--type", help="The right PLOVER type.")] = None,
    mode: Annotated[str | None, typer.Option(help="The right mode.")] = None,
    source: Annotated[str | None, typer.Option(help="The right source actor (registry id or ISO3).")] = None,
    target: Annotated[str | None, typer.Option(help="The right target actor.")] = None,
    date: Annotated[str | None, typer.Option(help="The right date, YYYY-MM-DD.")] = None,
    db: DbOption = None,
) -> None:
    """Correct a coded event. Each change is stored with who, when and why, applied to every later
    query and export, and applied again when the corpus is re-coded."""
    from dyadwatch.corrections import Correction, CorrectionError, add_correction

    changes = [(kind, value) for kind, value in (("reject", reject or None), ("restore", restore or None),
                                                 ("type", type), ("mode", mode), ("source", source),
                                                 ("target", target), ("date", date)) if value]
    if not changes:
        err.print("[red]nothing to correct:[/] give --reject, --restore, --type, --mode, --source, --target or --date")
        raise typer.Exit(2)
    store = _open_store(db)
    try:
        for kind, value in changes:
            row = add_correction(store, Correction(kind=kind, author=author, reason=reason, event_id=event_id,
                                                   value=None if isinstance(value, bool) else str(value)))
            console.print(f"{row['correction_id']}: {kind} {row['previous'] or ''} -> {row['value'] or ''}".rstrip())
    except CorrectionError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    finally:
        store.close()


@app.command()
def alias(
    actor_id: Annotated[str, typer.Argument(help="Registry id of the actor (e.g. SDF, IRQGOV, IRQ).")],
    name: Annotated[str, typer.Argument(help="The new name, as texts write it.")],
    author: Annotated[str, typer.Option("--by", help="Who adds it.")],
    reason: Annotated[str, typer.Option("--why", help="Why.")] = "",
    db: DbOption = None,
) -> None:
    """Add a name for an actor. The next ingest or `dyadwatch recode` on this database uses it."""
    from dyadwatch.corrections import Correction, CorrectionError, add_correction

    store = _open_store(db)
    try:
        row = add_correction(store, Correction(kind="alias", author=author, reason=reason, actor_id=actor_id,
                                               value=name))
    except CorrectionError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    finally:
        store.close()
    console.print(f"{row['correction_id']}: {name!r} is now a name of {actor_id}; run `dyadwatch recode` to apply "
                  "it to documents already stored")


@app.command()
def corrections(
    format: Annotated[str, typer.Option(help="table, csv or json.")] = "table",
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    db: DbOption = None,
) -> None:
    """List or export every correction (who, when, why, what it replaced, whether it still applies)."""
    from dyadwatch.corrections import corrections_frame

    store = _open_store(db, read_only=True)
    frame = corrections_frame(store).drop(columns=["detail", "seq"], errors="ignore")
    frame = frame.astype(object).where(frame.notna(), None)
    store.close()
    if format == "csv":
        _emit(frame.to_csv(index=False), out)
    elif format == "json":
        _emit(frame.to_json(orient="records", date_format="iso", indent=1), out)
    elif format == "table":
        for _, row in frame.iterrows():
            what = f"event {row['event_id']}" if row["kind"] != "alias" else f"actor {row['actor_id']}"
            console.print(f"{pd.Timestamp(row['created_at']):%Y-%m-%d %H:%M}  {row['author']:<12} {row['kind']:<8} "
                          f"{what}: {row['previous'] or ''} -> {row['value'] or ''}  [{row['status']}]"
                          + (f"  ({row['reason']})" if row["reason"] else ""))
        console.print(f"{len(frame)} corrections")
    else:
        raise typer.BadParameter("format must be table, csv or json")


@app.command()
def recode(db: DbOption = None) -> None:
    """Code every stored document again (after a registry, lexicon or alias change), keeping the
    analysts' corrections, and rebuild the merged events."""
    from dyadwatch.run.ingest import recode_store

    store = _open_store(db)
    pipeline = _pipeline_or_exit(store)
    total = int(store.con.execute("SELECT count(*) FROM documents").fetchone()[0])
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err) as progress:
        task = progress.add_task("re-coding", total=total)
        report = recode_store(store, pipeline, progress=lambda _, done: progress.update(task, completed=done))
    store.close()
    console.print(f"[bold]run {report.run_id}[/]: {report.documents} documents re-coded, {report.failed} failed; "
                  f"events {report.events_before} -> {report.events_after}; corrections applied to "
                  f"{report.corrections_applied} events, {report.corrections_orphaned} orphaned")
    for origin, reason in report.errors:
        console.print(f"  [red]failed[/] {origin}: {reason}")


@app.command()
def events(
    actor: Annotated[str | None, typer.Option(help="Actor id, or ISO3 for a state and all its sectors.")] = None,
    dyad: Annotated[str | None, typer.Option(help="A:B, either direction (e.g. IRQ:SYR).")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. CONSULT.")] = None,
    mode: Annotated[str | None, typer.Option(help="actual, negated, planned, threatened or hypothetical.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date, YYYY-MM-DD.")] = None,
    near: Annotated[str | None, typer.Option(help='Only events near a place: a name ("al-Hol") or "lat,lon".')] = None,
    radius_km: Annotated[float, typer.Option(help="Radius for --near, in km.")] = 50.0,
    admin1: Annotated[str | None, typer.Option(help="Only events in this governorate/province (any spelling).")] = None,
    directed: Annotated[bool, typer.Option("--directed", help="--dyad A:B only from A to B.")] = False,
    sector: Annotated[list[str] | None, typer.Option(help="A source or target of this sector (MIL, REB, GOV, "
                                                            "...); repeat for several.")] = None,
    bbox: Annotated[str | None, typer.Option(help="Only events inside min_lon,min_lat,max_lon,max_lat.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of the terminal.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    db: DbOption = None,
) -> None:
    """Query the coded events."""
    from dyadwatch.records import MODES, PLOVER_TYPES
    from dyadwatch.store.database import EventFilter

    if mode and mode not in MODES:
        raise typer.BadParameter(f"mode must be one of {', '.join(MODES)}")
    if type and type.upper() not in PLOVER_TYPES:
        raise typer.BadParameter(f"type must be one of {', '.join(PLOVER_TYPES)}")
    pair = None
    if dyad:
        if ":" not in dyad:
            raise typer.BadParameter("dyad must look like A:B, e.g. IRQ:SYR")
        a, b = dyad.split(":", 1)
        pair = (a, b)
    point = _point(near) if near else None
    area = _admin1(admin1) if admin1 else None
    box = None
    if bbox:
        try:
            min_lon, min_lat, max_lon, max_lat = (float(x) for x in bbox.split(","))
        except ValueError:
            raise typer.BadParameter("--bbox takes min_lon,min_lat,max_lon,max_lat") from None
        box = (min_lon, min_lat, max_lon, max_lat)
    store = _open_store(db, read_only=True)
    frame = store.events_frame(EventFilter(actor=actor, dyad=pair, type=type, mode=mode,
                                           since=_date(since, "--since"), until=_date(until, "--until"),
                                           near=point, radius_km=radius_km, admin1=area, limit=limit,
                                           directed=directed, sectors=tuple(x.upper() for x in sector or ()),
                                           bbox=box))
    store.close()
    if fmt == Format.table:
        if out:
            raise typer.BadParameter("--out needs --format csv, json or parquet")
        print_timeline(console, frame)
        return
    export = frame.drop(columns=["record", "search_text", "lead"], errors="ignore")
    if fmt == Format.geojson:
        _emit(json.dumps(geojson(frame), ensure_ascii=False, indent=1, default=str), out)
    elif fmt == Format.parquet:
        if not out:
            raise typer.BadParameter("--format parquet needs --out FILE")
        export.to_parquet(out, index=False)
    elif fmt == Format.csv:
        text = export.to_csv(index=False)
        _emit(text, out)
    else:
        from dyadwatch.corrections import as_corrected

        records = [as_corrected(json.loads(row["record"]), row) | {"title": row["title"], "url": row["url"],
                                                                  "outlet": row["outlet"]}
                   for row in frame.to_dict("records")]
        _emit(json.dumps(records, ensure_ascii=False, indent=1, default=str), out)
    if out:
        console.print(f"wrote {len(frame)} events to {out}")


def _point(value: str) -> tuple[float, float]:
    """A place name or "lat,lon" as a point."""
    parts = value.split(",")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            pass
    from dyadwatch.places import resolve_toponym

    placement = resolve_toponym(value)
    if placement is None:
        raise typer.BadParameter(f"no place called {value!r} in the gazetteer; give lat,lon instead")
    console.print(f"near {placement.name} ({placement.admin1 or placement.country}): "
                  f"{placement.lat:.3f}, {placement.lon:.3f}", style="dim")
    return placement.lat, placement.lon


def _admin1(value: str) -> str:
    """The gazetteer's spelling of an admin-1 name ("Hasakeh" -> "Hasakah")."""
    from dyadwatch.places import resolve_toponym

    placement = resolve_toponym(value)
    if placement is not None and placement.admin1:
        return placement.admin1
    return value


def geojson(frame: pd.DataFrame) -> dict[str, object]:
    """Events with coordinates as a GeoJSON FeatureCollection (points; properties for GIS tools)."""
    features = []
    keep = ["event_id", "doc_id", "date", "date_end", "type", "cameo", "mode", "source_id", "source_name", "target_id",
            "target_name", "place_name", "admin1", "place_country", "place_precision", "confidence", "sentence",
            "url", "title"]
    for _, row in frame[frame["lat"].notna()].iterrows():
        props = {k: (None if pd.isna(row[k]) else row[k]) for k in keep if k in row}
        for day in ("date", "date_end"):
            if props.get(day) is not None:
                props[day] = pd.Timestamp(props[day]).date().isoformat()
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def _emit(text: str, out: Path | None) -> None:
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))


@app.command()
def demo(db: DbOption = None) -> None:
    """Ingest the bundled demo corpus and print its timeline and dyad summary."""
    from dyadwatch.analysis import detect_phases, dyad_series
    from dyadwatch.analysis.render import phases_text
    from dyadwatch.store.database import EventFilter

    corpus = demo_corpus_path()
    run_ingest([corpus], db, command="demo", watch=True)
    store = _open_store(db, read_only=True)
    frame = store.events_frame(EventFilter())
    relation = _events_with_merges(store, EventFilter(dyad=("IRQ", "SYR")))
    store.close()
    print_timeline(console, frame)
    series = dyad_series(relation, "IRQ", "SYR", freq="week")
    console.rule("Iraq–Syria relation: phases (dyadwatch dyad IRQ SYR)")
    console.print(phases_text(detect_phases(series)))


def demo_corpus_path() -> Path:
    """The demo corpus: in the source tree's examples/ or installed with the package."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "examples" / "demo_corpus.jsonl"
        if candidate.exists():
            return candidate
    packaged = Path(str(resources.files("dyadwatch") / "data" / "demo_corpus.jsonl"))
    if packaged.exists():
        return packaged
    err.print("[red]the demo corpus (examples/demo_corpus.jsonl) was not found[/]")
    raise typer.Exit(2)


@app.command()
def code(
    text: Annotated[str | None, typer.Argument(help="Text to code (or use --file).")] = None,
    file: Annotated[Path | None, typer.Option(help="Read the text from this file.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
) -> None:
    """Code one text without a database and print its events as JSON."""
    import dyadwatch

    if file is not None:
        text = file.read_text(encoding="utf-8")
    if not text:
        raise typer.BadParameter("give a text or --file")
    _date(published, "--published")
    _pipeline_or_exit()
    print(json.dumps(dyadwatch.code_text(text, published=published), ensure_ascii=False, indent=1))


@app.command()
def dates(
    text: Annotated[str, typer.Argument(help="Text to search for temporal expressions.")],
    published: Annotated[str | None, typer.Option(help="Anchor date, YYYY-MM-DD (default today).")] = None,
) -> None:
    """Find and resolve the temporal expressions of a text."""
    import dyadwatch

    _date(published, "--published")
    print(json.dumps(dyadwatch.find_dates(text, published=published), indent=1))


@app.command()
def evaluate(
    suite: Annotated[list[str] | None, typer.Option(help="Suite to run (repeatable); default all.")] = None,
    json_out: Annotated[Path, typer.Option("--json", help="Write every miss here.")] = Path("evaluation_misses.json"),
    data: Annotated[Path | None, typer.Option(help="The shared reference data folder.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most N items per suite (quick check).")] = None,
    full_parse: Annotated[bool, typer.Option(help="Tag and parse every sentence, not only those the first "
                                                  "pass keeps (to measure what the first pass changes).")] = False,
) -> None:
    """Score the coder on the gold sets in ../shared/data and print one table."""
    from dyadwatch.evaluate import SUITES
    from dyadwatch.evaluate.report import main as evaluate_main

    unknown = [s for s in suite or [] if s not in SUITES]
    if unknown:
        raise typer.BadParameter(f"unknown suite {unknown[0]!r}; choose from {', '.join(SUITES)}")
    argv = [arg for s in suite or [] for arg in ("--suite", s)] + ["--json", str(json_out)]
    if data:
        argv += ["--data", str(data)]
    if limit:
        argv += ["--limit", str(limit)]
    if full_parse:
        argv.append("--full-parse")
    raise typer.Exit(evaluate_main(argv))


@actors_app.command("lookup")
def actors_lookup(
    name: Annotated[str, typer.Argument(help="A name or description, e.g. 'Iraqi intelligence chief'.")],
    date: Annotated[str | None, typer.Option(help="As of this date, YYYY-MM-DD (roles change).")] = None,
) -> None:
    """Resolve a name to the coded actor it stands for on a date."""
    import dyadwatch

    actor = dyadwatch.resolve_actor(name, date=_date(date, "--date"))
    if actor is None:
        console.print(f"no actor found for {name!r}")
        raise typer.Exit(1)
    print(json.dumps(actor, ensure_ascii=False, indent=1))


def main() -> None:
    app()


if __name__ == "__main__":
    main()

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DYADWATCH_SHARED", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.exists():
        pytest.skip(f"reference data not found at {SHARED} (set DYADWATCH_SHARED); it ships beside the "
                    "project in CI, not with the package")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from dyadwatch.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def code(pipeline):
    """Code one text with the shared pipeline; returns the event dicts."""
    import dyadwatch

    def _code(text: str, published: str = "2025-06-01") -> list[dict]:
        return dyadwatch.code_text(text, published=published)

    return _code


@pytest.fixture(scope="session")
def demo_corpus() -> Path:
    return ROOT / "examples" / "demo_corpus.jsonl"


@pytest.fixture(scope="session")
def ingest_demo(demo_corpus):
    """A function that ingests the demo corpus (and any extra files) into a new database file
    through the real CLI, and returns its path."""
    from typer.testing import CliRunner

    from dyadwatch.cli.app import app

    def _ingest(db: Path, *extra: Path, watch: bool = False) -> Path:
        args = ["ingest", str(demo_corpus), *map(str, extra), "--db", str(db)] + (["--watch"] if watch else [])
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        return db

    return _ingest

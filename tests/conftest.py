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

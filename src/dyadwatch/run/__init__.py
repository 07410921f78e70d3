"""How batches are executed: in process today; process pools and Dask slot in here."""

from dyadwatch.run.ingest import RunReport, ingest_paths

__all__ = ["RunReport", "ingest_paths"]

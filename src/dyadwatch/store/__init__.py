"""Store: the DuckDB schema and every query (the only package that talks SQL)."""

from dyadwatch.store.database import DEFAULT_DB, EventFilter, Store, default_db_path

__all__ = ["DEFAULT_DB", "EventFilter", "Store", "default_db_path"]

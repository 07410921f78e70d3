"""The HTTP API over the dyadwatch database (FastAPI; served by ``dyadwatch serve``)."""

from dyadwatch.api.app import create_app

__all__ = ["create_app"]

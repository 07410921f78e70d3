"""The command line interface."""

from dyadwatch.cli.app import app, main

__all__ = ["app", "main"]

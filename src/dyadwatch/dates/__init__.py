"""Temporal expressions: find them in text and resolve them against a publication date."""

from dyadwatch.dates.find import expressions_in
from dyadwatch.dates.resolve import Resolved, resolve

__all__ = ["Resolved", "expressions_in", "resolve"]

"""Ingest: files, folders and feeds in; ``Document`` and ``ReadError`` records out."""

from dyadwatch.ingest.dateline import find_dateline, parse_date
from dyadwatch.ingest.readers import SUPPORTED, ReadOptions, decode, read_file, read_paths

__all__ = ["SUPPORTED", "ReadOptions", "decode", "find_dateline", "parse_date", "read_file", "read_paths"]

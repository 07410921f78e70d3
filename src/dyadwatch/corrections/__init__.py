"""Analyst corrections over the coder's output (see :mod:`dyadwatch.corrections.store`)."""

from dyadwatch.corrections.store import (
    KINDS,
    Correction,
    CorrectionError,
    UnknownEvent,
    add_correction,
    aliases,
    apply_corrections,
    as_corrected,
    corrections_frame,
)

__all__ = [
    "KINDS",
    "Correction",
    "CorrectionError",
    "UnknownEvent",
    "add_correction",
    "aliases",
    "apply_corrections",
    "as_corrected",
    "corrections_frame",
]

"""The command line interface."""

from dyadwatch import prefer_one_blas_thread

prefer_one_blas_thread()  # before anything loads numpy

from dyadwatch.cli.app import app, main  # noqa: E402

__all__ = ["app", "main"]

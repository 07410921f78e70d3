"""The command line interface."""

import os

# Set before numpy loads OpenBLAS. The small spaCy model multiplies small matrices, and with
# OpenBLAS's thread pool started, coding the Guardian corpus cost about 14% more CPU time here
# (three runs each way, benchmarks/throughput.py); limiting the threads afterwards through
# threadpoolctl did not recover it. Parallel work is one process per core (--workers), whose Dask
# workers get the same setting from Dask's nanny. A value the user sets is kept.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from dyadwatch.cli.app import app, main  # noqa: E402

__all__ = ["app", "main"]

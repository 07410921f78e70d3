"""Cross-document event merging: mentions of one act, across sentences and outlets, become one event.

:mod:`dyadwatch.merge.cluster` holds the rules (:class:`~dyadwatch.merge.cluster.Merger`);
:mod:`dyadwatch.merge.store` keeps the merged events in the DuckDB store.
"""

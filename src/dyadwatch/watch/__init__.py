"""Watch rules and alerts: tell the analyst when something they watch for happens.

In: stored events and a YAML watch file (``data/default_watch.yaml`` for the Iraq–Syria theatre).
Out: ``Alert`` records in the ``alerts`` table, each with the events that raised it.
"""

from dyadwatch.watch.engine import Alert, Watch, alerts_frame, run_watch
from dyadwatch.watch.rules import Rule, RuleError, WatchFile, default_watch_path, load_rules

__all__ = ["Alert", "Rule", "RuleError", "Watch", "WatchFile", "alerts_frame", "default_watch_path", "load_rules",
           "run_watch"]

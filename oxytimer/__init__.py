"""oxytimer: guided oxytocin massage sessions and the paired comparison of milk expression."""

__version__ = "0.1.0"

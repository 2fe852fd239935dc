"""Storage: the only package that speaks SQL."""

import sys

# sqlite-utils tries to import numpy and pandas when it is first imported, only to map
# their scalar types when inserting them. We never insert numpy or pandas values, and the
# import costs about 100 ms of start-up on a puskesmas laptop (numpy is installed for
# scipy). Hide them for that one import; they import normally afterwards (statistics).
if "sqlite_utils" not in sys.modules:
    _hidden = {name: sys.modules.get(name) for name in ("numpy", "pandas")}
    try:
        for _name, _module in _hidden.items():
            if _module is None:
                sys.modules[_name] = None  # type: ignore[assignment]
        import sqlite_utils  # noqa: F401
    finally:
        for _name, _module in _hidden.items():
            if _module is None:
                del sys.modules[_name]

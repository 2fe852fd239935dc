"""Storage: the only package that speaks SQL.

Nothing here imports sqlite-utils on the way to opening an up-to-date database (it costs
about 50 ms of start-up): see :mod:`oxytimer.storage.database`.
"""

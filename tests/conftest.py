import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Mataram is on WITA (UTC+8): the schedule's "today" and slots are computed in local time.
os.environ["TZ"] = "Asia/Makassar"
time.tzset()

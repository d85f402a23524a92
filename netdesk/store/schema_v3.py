"""Schema version 3: reminders by kind, for the Today dashboard.

Today shows the due reminders grouped by kind, the first ones of each kind and how many there are. With
only the (status, due) index, each kind's query walked every due reminder of every kind: at 100k
contacts about 100k index entries per kind, half a second in all before the window could paint. Keyed
by kind first, each kind's rows are a range of their own and the counts are an index-only scan.
"""

V3 = [
    "CREATE INDEX reminder_kind_due ON reminder(kind, status, due)",
]

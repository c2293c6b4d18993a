"""The README's pandas recipe, run against a running server: the export and
the series read straight into data frames, with the columns a researcher
expects.

usage: pandas-check.py BASE_URL API_KEY
"""

import sys

import pandas as pd

base, key = sys.argv[1:3]
auth = {"Authorization": f"Bearer {key}"}

# --- the README's recipe, as written there
records = pd.read_csv(f"{base}/api/v1/export?format=csv", storage_options=auth,
                      parse_dates=["stated_on"])
monthly = pd.read_csv(f"{base}/api/v1/series?interval=month&format=csv&actor=Russia",
                      storage_options=auth, index_col="period")
# ---

if records.empty:
    sys.exit("the export read into pandas is empty")
for column in ("record", "kind", "speaker", "target", "stated_on", "sentence"):
    if column not in records.columns:
        sys.exit(f"the export lacks the column {column}: {list(records.columns)}")
if not pd.api.types.is_datetime64_any_dtype(records["stated_on"]):
    sys.exit("stated_on did not parse as dates")
kinds = set(records["kind"])
if "accusation" not in kinds or len(kinds) < 2:
    sys.exit(f"the export holds too few kinds of record: {kinds}")
if monthly.empty or "total" not in monthly.columns:
    sys.exit(f"the series read into pandas has no totals: {monthly.head()}")
if int(monthly["total"].sum()) <= 0:
    sys.exit("Russia's monthly series counts nothing")
print(f"pandas read {len(records)} records ({len(kinds)} kinds) and "
      f"{len(monthly)} months of Russia's series")

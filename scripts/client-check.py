"""A client generated from riposte's OpenAPI document by a standard
generator (openapi-python-client) reads a running server: the timeline of
an actor, its next pages, and its counts per month. Any field the document describes wrongly fails
here, as it would for a dashboard built on a generated client.

usage: client-check.py CLIENT_DIR BASE_URL API_KEY ACTOR_ID
"""

import sys

client_dir, base_url, key, actor = sys.argv[1:5]
sys.path.insert(0, client_dir)

from riposte_client import AuthenticatedClient  # noqa: E402
from riposte_client.api.reading import get_series, get_timeline  # noqa: E402
from riposte_client.models import PageTimelineEntry, Series  # noqa: E402

client = AuthenticatedClient(base_url=base_url, token=key, raise_on_unexpected_status=True)
page = get_timeline.sync(client=client, actor=actor, limit=2)
if not isinstance(page, PageTimelineEntry):
    sys.exit(f"the timeline did not parse as a page: {page!r}")
if not page.items:
    sys.exit("the timeline of an actor with records is empty")
for entry in page.items:
    record = entry.to_dict()
    for field in ("id", "record", "kind", "speaker", "stated_on", "evidence"):
        if field not in record:
            sys.exit(f"a timeline entry lacks {field}: {record}")
cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
pages = 1
while cursor and pages < 5:
    page = get_timeline.sync(client=client, actor=actor, limit=2, cursor=cursor)
    if not isinstance(page, PageTimelineEntry):
        sys.exit(f"page {pages + 1} did not parse: {page!r}")
    cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
    pages += 1
series = get_series.sync(client=client, actor=actor)
if not isinstance(series, Series):
    sys.exit(f"the series did not parse: {series!r}")
if not series.points or sum(p.total for p in series.points) == 0:
    sys.exit("the series of an actor with records counts nothing")
print(
    f"generated client: read {pages} timeline page(s) and {len(series.points)} "
    f"months of counts of actor {actor}"
)

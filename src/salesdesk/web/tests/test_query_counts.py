"""The person's own lists outside any app: calendar feeds and background jobs cost as many queries for 50
rows as for 1.

| List                                      | Kind | Where tested                                           |
|-------------------------------------------|------|--------------------------------------------------------|
| /profile/calendar/ (one's calendar feeds) | page | here                                                   |
| /jobs/ (one's imports and other jobs)     | page | here (25 a page); core/tests/test_list_query_counts.py |
| /notifications/                           | page | core/tests/test_list_query_counts.py                   |

/import/ itself is only the upload form: it lists nothing, so past imports are measured on /jobs/.
"""

from __future__ import annotations

import pytest

from salesdesk.conftest import Personas
from salesdesk.core.calendar_feeds import calendar_feed_create
from salesdesk.core.choices import JobStatus
from salesdesk.core.models import JobRun
from salesdesk.testing.query_counts import NOT_ON_ANY_PAGE, assert_queries_constant, signed_in

pytestmark = pytest.mark.django_db

JOBS_PER_PAGE = 25


def test_the_calendar_feeds_page(personas: Personas) -> None:
    feed_ids: list[int] = []

    def add_feed(index: int) -> None:
        feed, _secret = calendar_feed_create(owner=personas.rep)
        feed_ids.append(feed.pk)

    assert_queries_constant(
        signed_in(personas.rep),
        "/profile/calendar/",
        add_row=add_feed,
        row_text=lambda index: (
            f"/profile/calendar/{feed_ids[index]}/revoke/" if index < len(feed_ids) else NOT_ON_ANY_PAGE
        ),
    )


def test_the_jobs_page_lists_past_imports(personas: Personas) -> None:
    # An import runs as a job of this kind; the page lists the person's runs, newest first.
    def add_import(index: int) -> None:
        JobRun.objects.create(
            kind="transfer.import",
            label=f"Import of contacts {index:02d}",
            requested_by=personas.coordinator,
            status=JobStatus.SUCCEEDED,
            total=10,
            done=10,
        )

    assert_queries_constant(
        signed_in(personas.coordinator),
        "/jobs/",
        add_row=add_import,
        row_text=lambda index: f"Import of contacts {index:02d}<",
        expect_rows=JOBS_PER_PAGE,
    )

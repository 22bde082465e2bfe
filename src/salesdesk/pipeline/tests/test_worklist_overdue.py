"""A rep with many deals past their expected close sees the oldest on the worklist and a link to all."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.pipeline.services import opportunity_win
from salesdesk.pipeline.tests.conftest import MakeOpportunity
from salesdesk.worklist.rules import ITEMS_PER_RULE
from salesdesk.worklist.selectors import worklist_items

OVERDUE_RULE = "pipeline-overdue"


def test_the_oldest_overdue_deals_come_first_and_the_last_item_leads_to_all_of_them(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    today = timezone.localdate()
    overdue = [
        make_opportunity(f"Stale {index:02d}", expected_close=today - timedelta(days=100 - index))
        for index in range(ITEMS_PER_RULE + 3)
    ]
    won = make_opportunity("Won long ago", expected_close=today - timedelta(days=200))
    opportunity_win(opportunity=won, won_by=personas.rep)
    make_opportunity("Not yet due", expected_close=today + timedelta(days=3))
    make_opportunity("Someone else's", owner=personas.other_rep, expected_close=today - timedelta(days=9))

    items = [item for item in worklist_items(user=personas.rep, today=today) if item.rule == OVERDUE_RULE]

    assert [item.title for item in items[:ITEMS_PER_RULE]] == [
        f"Close or re-date: {opportunity.name}" for opportunity in overdue[:ITEMS_PER_RULE]
    ]
    more = items[ITEMS_PER_RULE]
    assert len(items) == ITEMS_PER_RULE + 1
    assert more.key == f"{OVERDUE_RULE}:more"

    client = Client()
    client.force_login(personas.rep)
    html = client.get(more.url).content.decode()
    listed = set(re.findall(r">(Stale \d\d|Won long ago|Not yet due|Someone else's)</a>", html))
    assert listed == {opportunity.name for opportunity in overdue}

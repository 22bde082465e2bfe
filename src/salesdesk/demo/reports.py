"""Demo monthly submissions (K1): last month's numbers from most reps, confirmed or corrected, with a
comment in each rep's language; one rep has not handed in, so the worklist and the report show a gap."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from salesdesk.demo.customers.common import users_of
from salesdesk.reports.figures import system_figures
from salesdesk.reports.services import submission_save

if TYPE_CHECKING:
    from salesdesk.demo.services import DemoContext

# Who hands in what: a comment in their language, and the figures they correct (metric: added).
SUBMISSIONS: dict[str, tuple[str, dict[str, int]]] = {
    "anna.schmidt": (
        "Zwei Messeaufträge sind in den nächsten Monat gerutscht. Zwei Anrufe fehlen im System, ich habe sie "
        "nachgetragen.",
        {"calls": 2},
    ),
    "lukas.weber": ("Solider Monat in Österreich; die Preisliste 2027 hilft bei den Verlängerungen.", {}),
    "marco.bianchi": (
        "Mese positivo: due nuovi clienti a Milano. Un incontro con Bellini non è ancora registrato.",
        {"meetings": 1},
    ),
    "giulia.rossi": ("Ho seguito soprattutto le consegne; poche vendite dirette questo mese.", {}),
    "wang.fang": ("本月上海客户订单稳定，展会后有三个新的潜在客户。", {}),
    "georgi.dimitrov": ("Добър месец в София; един голям клиент отложи поръчката за следващия месец.", {}),
}
# olivia.brown has not handed in.


def demo_reports(ctx: DemoContext) -> None:
    people = users_of(ctx)
    month = (ctx.today.replace(day=1) - timedelta(days=1)).replace(day=1)
    for username, (comment, corrections) in SUBMISSIONS.items():
        person = people.get(username)
        if person is None:
            continue
        figures = system_figures(person_id=person.pk, month=month)
        for metric, added in corrections.items():
            figures[metric] += Decimal(added)
        submission_save(
            person=person,
            month=month,
            figures=figures,
            comment=comment,
            submitted_by=person,
            expected_version=None,
            today=ctx.today,
        )

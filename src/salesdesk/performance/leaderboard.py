"""H1: the leaderboard of one job title over a window, ready for the page: rows sorted by attainment,
every measure with its rank and percentile, one person's card, and the attainment chart."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from salesdesk.core.charts import Bar, bar_chart
from salesdesk.core.money import Money
from salesdesk.org.models import JobTitle, User
from salesdesk.performance.choices import PeerMeasure
from salesdesk.performance.peer_group import peers
from salesdesk.performance.peer_measures import LOWER_IS_BETTER, PeerFigures, peer_figures
from salesdesk.performance.peer_window import PeerWindow
from salesdesk.performance.ranking import Placing, placings
from salesdesk.planning.presentation import percent_text

MEASURES = list(PeerMeasure)


@dataclass(frozen=True, slots=True)
class Score:
    measure: str
    label: str
    value: Decimal | None
    shown: str
    placing: Placing

    @property
    def rank_text(self) -> str:
        if self.placing.rank is None:
            return "—"
        return _("%(rank)s of %(ranked)s") % {"rank": self.placing.rank, "ranked": self.placing.ranked}

    @property
    def percentile_text(self) -> str:
        return "—" if self.placing.percentile is None else f"{self.placing.percentile}"


@dataclass(frozen=True)
class Standing:
    person: User
    figures: PeerFigures
    scores: dict[str, Score]

    @property
    def attainment(self) -> Score:
        return self.scores[PeerMeasure.ATTAINMENT]

    def ordered_scores(self) -> list[Score]:
        return [self.scores[measure] for measure in MEASURES]


@dataclass(frozen=True)
class Leaderboard:
    job_title: JobTitle
    window: PeerWindow
    currency: str
    standings: list[Standing]

    def card(self, person_id: int | None) -> Standing | None:
        return next((standing for standing in self.standings if standing.person.pk == person_id), None)

    def chart(self) -> SafeString:
        return bar_chart(
            title=_("Plan attainment, %(title)s, %(window)s")
            % {"title": self.job_title.name, "window": self.window.label},
            description=_("One bar per person: revenue as a percentage of their revenue target."),
            bars=[
                Bar(
                    label=standing.person.display_name,
                    value=standing.attainment.value or Decimal(0),
                    shown_value=standing.attainment.shown,
                )
                for standing in self.standings
            ],
        )


def shown_value(measure: str, value: Decimal | None, currency: str) -> str:
    if value is None:
        return "—"
    if measure in (PeerMeasure.ATTAINMENT, PeerMeasure.WIN_RATE):
        return percent_text(value).lstrip("+")
    if measure in (PeerMeasure.REVENUE, PeerMeasure.DEAL_SIZE):
        return Money(value, currency).format(translation.get_language() or "en")
    if measure == PeerMeasure.SALES_CYCLE:
        return _("%(days)s days") % {"days": number_format(value, 1, use_l10n=True)}
    return number_format(value, 0, use_l10n=True, force_grouping=True)


def build_leaderboard(
    *, job_title: JobTitle, business_unit_id: int, window: PeerWindow, currency: str
) -> Leaderboard:
    people = peers(job_title=job_title, business_unit_id=business_unit_id)
    figures = peer_figures(person_ids=[person.pk for person in people], window=window)
    places = {
        measure: placings(
            {pk: figure.value(measure) for pk, figure in figures.items()},
            higher_is_better=measure not in LOWER_IS_BETTER,
        )
        for measure in MEASURES
    }
    standings = []
    for person in people:
        own = figures[person.pk]
        scores: dict[str, Score] = {}
        for measure in MEASURES:
            value = own.value(measure)
            scores[measure] = Score(
                measure=measure,
                label=str(PeerMeasure(measure).label),
                value=value,
                shown=shown_value(measure, value, currency),
                placing=places[measure][person.pk],
            )
        standings.append(Standing(person, own, scores))
    # Best attainment first; people without a target last, then by name.
    standings.sort(
        key=lambda standing: (
            standing.attainment.value is None,
            -(standing.attainment.value or Decimal(0)),
            standing.person.display_name,
        )
    )
    return Leaderboard(job_title, window, currency, standings)

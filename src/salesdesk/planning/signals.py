"""Corrections that change what past orders are worth in the company currency (an exchange rate, a
production cost) or when they count (the recognition setting) rebuild the affected actuals as a job."""

from __future__ import annotations

from datetime import date
from typing import Any

from salesdesk.catalog.models import ProductionCost
from salesdesk.core.models import CompanySettings, FxRate
from salesdesk.planning.models import SalesActual


def _rebuild_from(day: date | None) -> None:
    from salesdesk.planning.tasks import actuals_rebuild_enqueue

    held = (
        SalesActual.objects.all()
        if day is None
        else SalesActual.objects.filter(period_start__gte=day.replace(day=1))
    )
    if held.exists():
        actuals_rebuild_enqueue(since=day)


def fx_rate_saved(sender: type[FxRate], instance: FxRate, **kwargs: Any) -> None:
    _rebuild_from(instance.valid_on)


def production_cost_saved(sender: type[ProductionCost], instance: ProductionCost, **kwargs: Any) -> None:
    _rebuild_from(instance.period_start)


def company_settings_saving(sender: type[CompanySettings], instance: CompanySettings, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    stored = (
        CompanySettings.objects.filter(pk=instance.pk).values_list("revenue_recognition", flat=True).first()
    )
    if stored is not None and stored != instance.revenue_recognition:
        _rebuild_from(None)

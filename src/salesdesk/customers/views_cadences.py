"""Pages of upkeep cadences: the rules (coordinators and managers), overdue upkeep, and logging an item."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.core.widgets import RecordSelect
from salesdesk.customers import cadences
from salesdesk.customers.choices import CadenceKind
from salesdesk.customers.models import Account, CadenceRule, Segment
from salesdesk.customers.services import activity_log
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.web.requests import add_service_errors, signed_in_user


def _editor(request: HttpRequest) -> User:
    """Cadence pages do not exist for people who may not set cadences."""
    user = signed_in_user(request)
    if not cadences.can_edit_cadences(user):
        raise Http404
    return user


class CadenceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CadenceKind.choices)
    segment = forms.ModelChoiceField(
        label=gettext_lazy("Segment"), queryset=Segment.objects.none(), required=False
    )
    account = forms.ModelChoiceField(
        label=gettext_lazy("Account"),
        queryset=Account.objects.none(),
        required=False,
        widget=RecordSelect("account"),
        help_text=gettext_lazy("For one account only; leave both empty for every account of your unit."),
    )
    interval_days = forms.IntegerField(label=gettext_lazy("Every N days"), min_value=1, required=False)
    month = forms.IntegerField(label=gettext_lazy("Month"), min_value=1, max_value=12, required=False)
    day = forms.IntegerField(label=gettext_lazy("Day"), min_value=1, max_value=31, required=False)
    lead_days = forms.IntegerField(
        label=gettext_lazy("Days ahead on the worklist"), min_value=0, max_value=90, initial=7
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        segment_field = self.fields["segment"]
        account_field = self.fields["account"]
        assert isinstance(segment_field, forms.ModelChoiceField)
        assert isinstance(account_field, forms.ModelChoiceField)
        segment_field.queryset = visible_to(user, Segment)
        account_field.queryset = visible_to(user, Account)


def _rule_fields(form: CadenceForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "segment": data["segment"],
        "account": data["account"],
        "interval_days": data["interval_days"],
        "month": data["month"],
        "day": data["day"],
        "lead_days": data["lead_days"] if data["lead_days"] is not None else 7,
    }


@login_required
def cadence_list(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    rules: QuerySet[CadenceRule] = cadences.cadence_list(user=user).order_by("-is_active", "name", "pk")
    # The overdue-upkeep page is the managers' (their reporting line); others would only get a 404.
    return render(
        request, "customers/cadence_list.html", {"rules": rules, "is_manager": Role.MANAGER in user.roles}
    )


@login_required
def cadence_create(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = CadenceForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            cadences.cadence_create(
                created_by=user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                **_rule_fields(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cadence created."))
            return HttpResponseRedirect(reverse("customers:cadence-list"))
    return render(request, "customers/cadence_form.html", {"form": form, "rule": None})


@login_required
def cadence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    rule = get_visible_or_404(user, CadenceRule, pk=pk)
    initial = {
        "name": rule.name,
        "kind": rule.kind,
        "segment": rule.segment_id,
        "account": rule.account_id,
        "interval_days": rule.interval_days,
        "month": rule.month,
        "day": rule.day,
        "lead_days": rule.lead_days,
    }
    form = CadenceForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            cadences.cadence_update(
                rule=rule,
                changed_by=user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                **_rule_fields(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cadence saved."))
            return HttpResponseRedirect(reverse("customers:cadence-list"))
    return render(request, "customers/cadence_form.html", {"form": form, "rule": rule})


@login_required
@require_POST
def cadence_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    rule = get_visible_or_404(user, CadenceRule, pk=pk)
    cadences.cadence_deactivate(rule=rule, changed_by=user)
    messages.success(request, _("Cadence stopped: its upkeep leaves every worklist."))
    return HttpResponseRedirect(reverse("customers:cadence-list"))


@login_required
def upkeep_overdue(request: HttpRequest) -> HttpResponse:
    """Managers: the overdue upkeep of everyone down their reporting line."""
    user = signed_in_user(request)
    if Role.MANAGER not in user.roles:
        raise Http404
    today = timezone.localdate()
    items = cadences.overdue_upkeep(manager=user, today=today)
    return render(request, "customers/cadence_overdue.html", {"items": items, "today": today})


class UpkeepLogForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=300)
    occurred_on = forms.DateField(
        label=gettext_lazy("Done on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


@login_required
def upkeep_log(request: HttpRequest) -> HttpResponse:
    """Log the activity an upkeep item asks for (its "log it" link); the item is then done."""
    user = signed_in_user(request)
    params = request.POST if request.method == "POST" else request.GET
    try:
        rule_id, account_id = int(params.get("rule", "")), int(params.get("account", ""))
        due_on = date.fromisoformat(params.get("due", ""))
    except ValueError:
        raise Http404 from None
    rule = get_visible_or_404(user, CadenceRule, pk=rule_id)
    account = get_visible_or_404(user, Account, pk=account_id)
    item = next(
        (
            candidate
            for candidate in cadences.upkeep_items(owners=[account.owner], today=timezone.localdate())
            if candidate.rule_id == rule.pk
            and candidate.account_id == account.pk
            and candidate.due_on == due_on
        ),
        None,
    )
    title = item.title() if item else rule.name
    kind = cadences.ACTIVITY_KIND[CadenceKind(rule.kind)]
    form = UpkeepLogForm(
        request.POST or None, initial={"subject": title, "occurred_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity_log(
                logged_by=user,
                kind=kind,
                subject=form.cleaned_data["subject"],
                notes=form.cleaned_data["notes"],
                occurred_at=form.cleaned_data["occurred_on"],
                account=account,
                cadence=rule,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Logged. The upkeep item is done."))
            return HttpResponseRedirect(reverse("worklist:home"))
    context = {"form": form, "rule": rule, "account": account, "due_on": due_on, "title": title}
    return render(request, "customers/cadence_log.html", context)

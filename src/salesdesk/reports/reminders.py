"""Reminding reps who have not handed in last month's numbers: every working day from the first of the
following month until they do, one reminder (an e-mail and a notification) per rep per day at most."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salesdesk.core.mail import send_user_mail
from salesdesk.core.notifications import notification_create
from salesdesk.core.periods import previous_month
from salesdesk.org.models import User
from salesdesk.reports.deadlines import submission_deadline
from salesdesk.reports.models import SubmissionReminder
from salesdesk.reports.selectors import reps_missing

logger = logging.getLogger(__name__)

MAIL_NAME = "reports_reminder"


@dataclass
class ReminderRun:
    sent: int = 0
    already_reminded: int = 0
    failed: list[int] = field(default_factory=list)


def numbers_url(month: date) -> str:
    return f"{reverse('reports:my-numbers')}?month={month:%Y-%m}"


def submission_remind(*, person: User, month: date, today: date, deadline: date) -> bool:
    """Remind `person` of `month`'s numbers unless they were reminded today; False when not sent."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                _row, created = SubmissionReminder.objects.get_or_create(
                    person=person, sent_on=today, defaults={"month": month}
                )
        except IntegrityError:  # another run is reminding them right now
            return False
        if not created:
            return False
        url = numbers_url(month)
        with translation.override(person.language or settings.LANGUAGE_CODE):
            values = {
                "month": date_format(month, "YEAR_MONTH_FORMAT"),
                "deadline": date_format(deadline, "DATE_FORMAT"),
            }
            title = (
                _("Hand in your numbers for %(month)s by %(deadline)s") % values
                if today <= deadline
                else _("Your numbers for %(month)s were due on %(deadline)s") % values
            )
            notification_create(recipient=person, title=title, url=url)
        # Raises when the mail server refuses, which undoes the row: the next run tries again.
        send_user_mail(
            user=person,
            name=MAIL_NAME,
            context={
                "month": month,
                "deadline": deadline,
                "is_overdue": today > deadline,
                "numbers_url": f"{settings.SITE_URL}{url}",
            },
        )
    return True


def submission_reminders_send(*, today: date) -> ReminderRun:
    """Remind every rep still missing last month's numbers (working days only)."""
    run = ReminderRun()
    if today.weekday() >= 5:
        return run
    month = previous_month(today)
    deadline = submission_deadline(month)
    reminded = set(SubmissionReminder.objects.filter(sent_on=today).values_list("person_id", flat=True))
    for person in reps_missing(month=month).iterator(chunk_size=200):
        if person.pk in reminded:
            run.already_reminded += 1
            continue
        try:
            sent = submission_remind(person=person, month=month, today=today, deadline=deadline)
        except Exception:  # one refused address must not keep the others' reminders back
            logger.exception("submission reminder not sent", extra={"user": person.pk})
            run.failed.append(person.pk)
            continue
        if sent:
            run.sent += 1
        else:
            run.already_reminded += 1
    return run

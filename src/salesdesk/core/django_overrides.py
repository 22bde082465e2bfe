"""Django's own messages that Salesdesk's catalogues translate differently or for the first time.

Our catalogues take precedence over Django's. Listing Django's message ids here keeps them in ours:
- month names: Django capitalises them in Italian and Bulgarian ("23 Novembre 2026"), where running text
  writes them in lower case ("23 novembre 2026");
- the empty choice of a select, new in Django 6.1 and not yet translated in Django's catalogues.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

BLANK_CHOICE = gettext_noop("- Select an option -")

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]

# Django's "E" format (the month in a date, genitive in some languages) uses these.
MONTHS_IN_DATES = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]

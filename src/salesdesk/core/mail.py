"""E-mail to a person, rendered in their language and time zone from per-language-aware templates.

A message named `name` uses `emails/<name>/subject.txt`, `emails/<name>/body.txt` and, if present,
`emails/<name>/body.html`. Templates use `{% translate %}` like every other template; the language is the
recipient's, so each person reads their own language whoever triggered the mail.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_user_mail(*, user: Any, name: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    time_zone = getattr(user, "time_zone", "") or settings.TIME_ZONE
    with translation.override(language), timezone.override(time_zone):
        full_context = {"user": user, "site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"emails/{name}/subject.txt", full_context).split())
        text = render_to_string(f"emails/{name}/body.txt", full_context)
        try:
            html: str | None = render_to_string(f"emails/{name}/body.html", full_context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.extra_headers["Content-Language"] = language
    if html:
        message.attach_alternative(html, "text/html")
    return message


def send_user_mail(*, user: Any, name: str, context: dict[str, Any]) -> bool:
    """Send the message; False when the person has no e-mail address."""
    if not getattr(user, "email", ""):
        return False
    render_user_mail(user=user, name=name, context=context).send()
    return True

"""Resetting a forgotten password by e-mail, end to end through a real SMTP server."""

from __future__ import annotations

import re

from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from salesdesk.conftest import Personas
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.testing.factories import make_user
from salesdesk.testing.smtp import SmtpTestServer

NEW_PASSWORD = "plum orchard lantern 42"
RESET_LINK = re.compile(r"^http://testserver(/reset/[^/\s]+/[^/\s]+/)$", re.MULTILINE)


def in_german(message: str) -> str:
    with translation.override("de"):
        translated = gettext(message)
    assert translated != message, f"no German translation of {message!r}"
    return translated


def _german_rep(personas: Personas) -> User:
    return make_user(
        "greta",
        roles=[Role.SALES_REP],
        business_unit=personas.unit,
        manager=personas.manager,
        language="de",
        full_name="Greta Weber",
    )


def test_it_mails_a_german_reset_link_that_sets_a_new_password(
    personas: Personas, smtp_server: SmtpTestServer, client: Client
) -> None:
    # Given a German rep who forgot her password (the page itself is shown in English)
    greta = _german_rep(personas)

    # When she asks for a reset link
    response = client.post("/password/reset/", {"email": "greta@example.test"}, follow=True)

    # Then she is told to check her mail, and a German message with a link reached the SMTP server
    assert response.redirect_chain == [("/password/reset/done/", 302)]
    assert "<h1>Check your e-mail</h1>" in response.content.decode()
    [mail] = smtp_server.messages
    assert mail.rcpt_tos == ("greta@example.test",)
    assert mail.subject == in_german("Choose a new Salesdesk password")
    body = mail.plain_body
    assert (
        in_german(
            "Someone (we hope you) asked to reset the password of your Salesdesk account. "
            "Open this link to choose a new one:"
        )
        in body
    )
    link = RESET_LINK.search(body)
    assert link is not None, body

    # When she follows the link and chooses a new password
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )

    # Then the password is changed, the old one no longer works and the new one signs her in
    assert done.redirect_chain == [("/reset/done/", 302)]
    assert "<h1>Password changed</h1>" in done.content.decode()
    greta.refresh_from_db()
    assert not greta.check_password("correct horse battery staple")
    signed_in = Client().post("/login/", {"username": "greta", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/"


def test_it_refuses_a_reset_link_a_second_time(
    personas: Personas, smtp_server: SmtpTestServer, client: Client
) -> None:
    # Given a link that was used to set a new password
    _german_rep(personas)
    client.post("/password/reset/", {"email": "greta@example.test"})
    link = RESET_LINK.search(smtp_server.messages[0].plain_body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    # When someone opens it again
    again = Client().get(link.group(1), follow=True)

    # Then it no longer works
    assert again.context["validlink"] is False
    assert "<h1>This link no longer works</h1>" in again.content.decode()


def test_it_answers_an_unknown_address_like_a_known_one_and_sends_nothing(
    personas: Personas, smtp_server: SmtpTestServer, client: Client
) -> None:
    # Given an address no account uses
    # When someone asks for a reset link for it
    response = client.post("/password/reset/", {"email": "nobody@example.test"}, follow=True)

    # Then they see the same confirmation, which does not reveal who has an account, and no mail goes out
    assert response.redirect_chain == [("/password/reset/done/", 302)]
    assert "<h1>Check your e-mail</h1>" in response.content.decode()
    assert smtp_server.messages == []


def test_the_sign_in_page_leads_to_the_reset_that_writes_in_the_recipients_language(client: Client) -> None:
    # Django's own reset page (English e-mail) shared the name "password_reset" and won the link.
    page = client.get("/login/").content.decode()

    assert 'href="/password/reset/"' in page
    assert client.get("/password_reset/").status_code == 404

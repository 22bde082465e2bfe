"""vCard 4.0 download: escaping, folding at 75 octets without splitting characters, read back by a parser."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.customers.services import account_create, contact_create, contact_point_add
from salesdesk.customers.vcard import escape, fold

pytestmark = pytest.mark.django_db


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _split_unescaped(text: str, separator: str) -> list[str]:
    return [_unescape(part) for part in re.split(r"(?<!\\)" + re.escape(separator), text)]


def parse_vcard(raw: bytes) -> list[tuple[str, dict[str, str], str]]:
    """A minimal RFC 6350 reader: unfold, then split each line into name, parameters and raw value."""
    text = raw.decode("utf-8")
    assert text.endswith("\r\n")
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    properties = []
    for line in unfolded.split("\r\n")[:-1]:
        head, value = re.match(r'^((?:[^:"]|"[^"]*")*):(.*)$', line).groups()  # type: ignore[union-attr]
        name, *params = head.split(";")
        properties.append((name, dict(param.split("=", 1) for param in params), value))
    return properties


def test_escape_and_fold_follow_rfc_6350() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("NOTE:" + "界" * 40)
    lines = folded.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join([lines[0], *(line[1:] for line in lines[1:])]) == "NOTE:" + "界" * 40


def test_a_contact_with_a_chinese_name_round_trips(personas: Personas) -> None:
    # given a Chinese contact with a long note full of characters that need escaping, at an account
    account = account_create(created_by=personas.rep, name="北京科技有限公司; Beijing Tech, Ltd.")
    note = "第一行：重要客户，请注意; backslash \\ here\n第二行" + "很长的备注" * 20
    contact = contact_create(
        created_by=personas.rep,
        first_name="芳",
        last_name="王",
        account=account,
        title="总经理",
        language="zh",
        country="CN",
        notes=note,
        emails=["wang.fang@example.cn"],
        phones=["+86 10 1234 5678"],
    )
    contact_point_add(
        added_by=personas.rep,
        kind="postal",
        value="北京市朝阳区建国路1号",
        contact=contact,
        label="work",
        street="建国路1号",
        city="北京",
        postal_code="100022",
        country="CN",
    )
    # when the rep downloads the vCard
    client = Client()
    client.force_login(personas.rep)
    response = client.get(f"/contacts/{contact.pk}/vcard/")
    # then it is a vCard 4.0 whose lines are at most 75 octets and that reads back to the same values
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="contact-{contact.pk}.vcf"'
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    properties = parse_vcard(response.content)
    by_name = {name: (params, value) for name, params, value in properties}
    assert properties[0] == ("BEGIN", {}, "VCARD")
    assert properties[1] == ("VERSION", {}, "4.0")
    assert properties[-1] == ("END", {}, "VCARD")
    assert _unescape(by_name["FN"][1]) == "王芳"
    assert _split_unescaped(by_name["N"][1], ";") == ["王", "芳", "", "", ""]
    assert _split_unescaped(by_name["ORG"][1], ";") == ["北京科技有限公司; Beijing Tech, Ltd."]
    assert _unescape(by_name["TITLE"][1]) == "总经理"
    assert by_name["LANG"][1] == "zh"
    assert _unescape(by_name["NOTE"][1]) == note
    assert by_name["EMAIL"] == ({"TYPE": "work", "PREF": "1"}, "wang.fang@example.cn")
    assert by_name["TEL"] == ({"VALUE": "uri", "TYPE": "cell", "PREF": "1"}, "tel:+861012345678")
    assert _split_unescaped(by_name["ADR"][1], ";") == ["", "", "建国路1号", "北京", "", "100022", "CN"]
    assert by_name["ADR"][0]["TYPE"] == "work"
    assert re.fullmatch(r"\d{8}T\d{6}Z", by_name["REV"][1])
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", by_name["UID"][1])


def test_a_contact_with_a_cyrillic_name_round_trips(personas: Personas) -> None:
    contact = contact_create(
        created_by=personas.rep,
        first_name="Иван",
        last_name="Петров",
        salutation="г-н",
        language="bg",
        notes="Предпочита обаждания сутрин, не по-късно от 10:00; " * 5,
        emails=["ivan@example.bg", "ivan.petrov@example.com"],
    )
    client = Client()
    client.force_login(personas.rep)
    content = client.get(f"/contacts/{contact.pk}/vcard/").content
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    properties = parse_vcard(content)
    by_name = {name: value for name, _params, value in properties}
    assert _unescape(by_name["FN"]) == "Иван Петров"
    assert _split_unescaped(by_name["N"], ";") == ["Петров", "Иван", "", "г-н", ""]
    assert _unescape(by_name["NOTE"]) == "Предпочита обаждания сутрин, не по-късно от 10:00; " * 5
    assert [value for name, _params, value in properties if name == "EMAIL"] == [
        "ivan@example.bg",
        "ivan.petrov@example.com",
    ]
    assert "ORG" not in by_name

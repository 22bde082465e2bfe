"""Which column of a file goes into which field: presets for the big CRMs' exports, and a guess otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Entity(models.TextChoices):
    ACCOUNTS = "accounts", gettext_lazy("Accounts")
    CONTACTS = "contacts", gettext_lazy("Contacts")
    PROSPECTS = "prospects", gettext_lazy("Prospects")
    OPPORTUNITIES = "opportunities", gettext_lazy("Opportunities")


class Preset(models.TextChoices):
    NONE = "", gettext_lazy("None: match the column names")
    SALESFORCE = "salesforce", "Salesforce"
    HUBSPOT = "hubspot", "HubSpot"
    ODOO = "odoo", "Odoo"


@dataclass(frozen=True)
class Field:
    key: str
    label: str | Promise
    synonyms: tuple[str, ...] = ()


_EXTERNAL = Field("external_id", gettext_lazy("ID in the other system"), ("id", "external id", "record id"))
_OWNER = Field("owner", gettext_lazy("Owner"), ("owner", "user name", "salesperson"))
_COUNTRY = Field("country", gettext_lazy("Country"), ("country", "country code", "land", "paese"))
_CITY = Field("city", gettext_lazy("City"), ("city", "town", "ort", "stadt", "città"))
_STREET = Field("street", gettext_lazy("Street"), ("street", "address", "straße", "strasse", "via"))
_POSTAL = Field("postal_code", gettext_lazy("Postal code"), ("zip", "postal code", "postcode", "plz", "cap"))
_EMAIL = Field("email", gettext_lazy("E-mail"), ("email", "e-mail", "mail", "email address"))
_PHONE = Field("phone", gettext_lazy("Phone"), ("phone", "telephone", "telefon", "tel", "phone number"))

FIELDS: dict[str, tuple[Field, ...]] = {
    Entity.CONTACTS: (
        _EXTERNAL,
        Field("first_name", gettext_lazy("Given name"), ("first name", "firstname", "given name", "vorname")),
        Field("last_name", gettext_lazy("Family name"), ("last name", "lastname", "surname", "nachname")),
        Field("full_name", gettext_lazy("Full name"), ("name", "full name", "contact name")),
        Field("title", gettext_lazy("Job title"), ("title", "job title", "position")),
        _EMAIL,
        _PHONE,
        Field("mobile", gettext_lazy("Mobile phone"), ("mobile", "mobile phone", "cell", "handy")),
        Field("account_external_id", gettext_lazy("Account ID in the other system"), ("account id",)),
        Field("account_name", gettext_lazy("Account name"), ("company", "account", "company name", "firma")),
        _STREET,
        _CITY,
        _POSTAL,
        _COUNTRY,
        Field("language", gettext_lazy("Language"), ("language", "sprache")),
        _OWNER,
    ),
    Entity.ACCOUNTS: (
        _EXTERNAL,
        Field("name", gettext_lazy("Name"), ("name", "company", "company name", "account name")),
        Field("legal_name", gettext_lazy("Legal name"), ("legal name",)),
        Field("website", gettext_lazy("Web site"), ("website", "web site", "url", "domain")),
        Field("vat_id", gettext_lazy("VAT ID"), ("vat", "vat id", "vat number", "tax id", "ust-idnr")),
        Field("industry", gettext_lazy("Industry"), ("industry", "branche")),
        _EMAIL,
        _PHONE,
        _STREET,
        _CITY,
        _POSTAL,
        _COUNTRY,
        _OWNER,
    ),
    Entity.PROSPECTS: (
        _EXTERNAL,
        Field("company_name", gettext_lazy("Company"), ("company", "company name", "organisation")),
        Field("contact_name", gettext_lazy("Contact person"), ("contact", "contact name", "name")),
        Field("contact_title", gettext_lazy("Their job title"), ("title", "job title")),
        _EMAIL,
        _PHONE,
        Field("website", gettext_lazy("Web site"), ("website", "web site", "url")),
        _COUNTRY,
        Field("source", gettext_lazy("Source"), ("source", "lead source")),
        _OWNER,
    ),
    Entity.OPPORTUNITIES: (
        _EXTERNAL,
        Field("name", gettext_lazy("Name"), ("name", "opportunity", "deal", "deal name", "title")),
        Field("account_external_id", gettext_lazy("Account ID in the other system"), ("account id",)),
        Field(
            "account_name", gettext_lazy("Account name"), ("account", "account name", "company", "customer")
        ),
        Field("amount", gettext_lazy("Amount"), ("amount", "value", "revenue", "expected revenue")),
        Field("currency", gettext_lazy("Currency"), ("currency", "currency code")),
        Field(
            "expected_close", gettext_lazy("Expected close"), ("close date", "expected close", "closing date")
        ),
        Field("stage", gettext_lazy("Stage"), ("stage", "deal stage", "phase")),
        _OWNER,
    ),
}

# Each group needs at least one mapped column; the first field names it in the error.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    Entity.CONTACTS: (("last_name", "full_name", "first_name"),),
    Entity.ACCOUNTS: (("name",),),
    Entity.PROSPECTS: (("company_name",),),
    Entity.OPPORTUNITIES: (("name",), ("account_name", "account_external_id"), ("expected_close",)),
}

PRESETS: dict[str, dict[str, dict[str, str]]] = {
    Preset.SALESFORCE: {
        Entity.CONTACTS: {
            "Contact ID": "external_id",
            "First Name": "first_name",
            "Last Name": "last_name",
            "Title": "title",
            "Email": "email",
            "Phone": "phone",
            "Mobile": "mobile",
            "Account ID": "account_external_id",
            "Account Name": "account_name",
            "Mailing Street": "street",
            "Mailing City": "city",
            "Mailing Zip/Postal Code": "postal_code",
            "Mailing Country": "country",
            "Contact Owner": "owner",
        },
        Entity.ACCOUNTS: {
            "Account ID": "external_id",
            "Account Name": "name",
            "Website": "website",
            "Phone": "phone",
            "Industry": "industry",
            "Billing Street": "street",
            "Billing City": "city",
            "Billing Zip/Postal Code": "postal_code",
            "Billing Country": "country",
            "Account Owner": "owner",
        },
        Entity.OPPORTUNITIES: {
            "Opportunity ID": "external_id",
            "Opportunity Name": "name",
            "Account ID": "account_external_id",
            "Account Name": "account_name",
            "Amount": "amount",
            "Opportunity Currency": "currency",
            "Close Date": "expected_close",
            "Stage": "stage",
            "Opportunity Owner": "owner",
        },
        Entity.PROSPECTS: {
            "Lead ID": "external_id",
            "Company / Account": "company_name",
            "Company": "company_name",
            "Full Name": "contact_name",
            "Title": "contact_title",
            "Email": "email",
            "Phone": "phone",
            "Website": "website",
            "Country": "country",
            "Lead Source": "source",
            "Lead Owner": "owner",
        },
    },
    Preset.HUBSPOT: {
        Entity.CONTACTS: {
            "Record ID": "external_id",
            "First Name": "first_name",
            "Last Name": "last_name",
            "Email": "email",
            "Phone Number": "phone",
            "Mobile Phone Number": "mobile",
            "Job Title": "title",
            "Company Name": "account_name",
            "Country/Region": "country",
            "City": "city",
            "Contact owner": "owner",
        },
        Entity.ACCOUNTS: {
            "Record ID": "external_id",
            "Company name": "name",
            "Company Domain Name": "website",
            "Website URL": "website",
            "Industry": "industry",
            "Phone Number": "phone",
            "Country/Region": "country",
            "City": "city",
            "Company owner": "owner",
        },
        Entity.OPPORTUNITIES: {
            "Record ID": "external_id",
            "Deal Name": "name",
            "Amount": "amount",
            "Close Date": "expected_close",
            "Deal Stage": "stage",
            "Associated Company": "account_name",
            "Deal owner": "owner",
        },
        Entity.PROSPECTS: {
            "Record ID": "external_id",
            "Company Name": "company_name",
            "Email": "email",
            "Phone Number": "phone",
            "Job Title": "contact_title",
            "Country/Region": "country",
            "Website URL": "website",
            "Contact owner": "owner",
        },
    },
    Preset.ODOO: {
        Entity.CONTACTS: {
            "External ID": "external_id",
            "Name": "full_name",
            "Email": "email",
            "Phone": "phone",
            "Mobile": "mobile",
            "Related Company": "account_name",
            "Street": "street",
            "City": "city",
            "Zip": "postal_code",
            "Country": "country",
            "Job Position": "title",
            "Salesperson": "owner",
        },
        Entity.ACCOUNTS: {
            "External ID": "external_id",
            "Name": "name",
            "Email": "email",
            "Phone": "phone",
            "Street": "street",
            "City": "city",
            "Zip": "postal_code",
            "Country": "country",
            "Website": "website",
            "Tax ID": "vat_id",
            "Salesperson": "owner",
        },
        Entity.OPPORTUNITIES: {
            "External ID": "external_id",
            "Opportunity": "name",
            "Customer": "account_name",
            "Email": "",
            "Phone": "",
            "Expected Revenue": "amount",
            "Expected Closing": "expected_close",
            "Stage": "stage",
            "Salesperson": "owner",
        },
        Entity.PROSPECTS: {
            "External ID": "external_id",
            "Opportunity": "",
            "Company Name": "company_name",
            "Customer": "company_name",
            "Contact Name": "contact_name",
            "Email": "email",
            "Phone": "phone",
            "Website": "website",
            "Country": "country",
            "Source": "source",
            "Salesperson": "owner",
        },
    },
}

_NOISE = re.compile(r"[\W_]+")


def _simple(text: str) -> str:
    return _NOISE.sub("", text.casefold())


def field_keys(entity: str) -> list[str]:
    return [field.key for field in FIELDS[entity]]


def suggest_mapping(*, entity: str, headers: list[str], preset: str = "") -> dict[int, str]:
    """Column index → field key; the preset's exact headers first, then names that look alike."""
    mapping: dict[int, str] = {}
    known = {_simple(h): key for h, key in PRESETS.get(preset, {}).get(entity, {}).items()}
    by_name: dict[str, str] = {}
    for field in FIELDS[entity]:
        for name in (field.key, str(field.label), *field.synonyms):
            by_name.setdefault(_simple(name), field.key)
    taken: set[str] = set()
    for index, header in enumerate(headers):
        simple = _simple(header)
        key = known[simple] if simple in known else by_name.get(simple, "")
        if key and key not in taken:
            mapping[index] = key
            taken.add(key)
    return mapping


def missing_required(*, entity: str, mapping: dict[int, str]) -> list[str]:
    """Labels of required fields no column is mapped to."""
    mapped = set(mapping.values())
    labels = {field.key: str(field.label) for field in FIELDS[entity]}
    return [labels[group[0]] for group in REQUIRED[entity] if not mapped.intersection(group)]


def check_mapping(*, entity: str, mapping: dict[int, str]) -> None:
    from django.core.exceptions import ValidationError

    missing = missing_required(entity=entity, mapping=mapping)
    if missing:
        raise ValidationError(
            {"mapping": _("The file has no column for: %(fields)s.") % {"fields": ", ".join(missing)}}
        )

"""What a department reads on a deliverable: issues by their label, whatever form the line stored them in."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from salesdesk.contracts.signing_build import detail_formats, detail_text


def _detail(issues: list[object]) -> str:
    with translation.override("en"):
        return detail_text(
            detail_formats(),
            label="Print advert",
            description="",
            quantity=Decimal(2),
            issues=issues,
            target_url="",
            notes="",
            invoice=False,
            list_price=Decimal(100),
            net_amount=Decimal(200),
            currency="EUR",
        )


def test_issues_stored_as_text_or_as_label_and_date_read_the_same() -> None:
    as_text = _detail(["Spring 2027", "2027/09"])
    as_records = _detail([{"label": "Spring 2027", "date": "2027-04-15"}, {"date": "2027/09"}])
    assert "Issues: Spring 2027, 2027/09" in as_text
    assert as_records == as_text
    assert "{" not in as_records

"""Finding possible duplicates among accounts and contacts.

Records are compared only within blocks that share something cheap to index (the VAT id, the web domain,
a normalized e-mail or phone, the start of the cleaned name, the account a contact belongs to), so a scan
is about linear in the number of records, not quadratic. Each candidate pair is scored 0..100 from its
signals; pairs at or above `MIN_SCORE` are stored as DuplicatePair for a person to review.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from rapidfuzz import fuzz

from salesdesk.core.scoping import visible_to
from salesdesk.customers.choices import ContactPointKind, DuplicateStatus
from salesdesk.customers.models import Account, Contact, ContactPoint, DuplicatePair
from salesdesk.org.models import User

MIN_SCORE = 40
NAME_THRESHOLD = 85  # rapidfuzz similarity (0..100) at which names count as a signal
MAX_NAME_BLOCK = 400  # larger name blocks are too generic to say anything; they are skipped
WEIGHTS = {"vat": 60, "domain": 40, "email": 40, "phone": 40}

# Legal-form words that say nothing about which company it is.
_LEGAL_FORMS = {
    "gmbh", "mbh", "ag", "kg", "ohg", "ug", "ev", "e.v", "gbr", "co", "cie", "srl", "s.r.l", "spa", "s.p.a",
    "snc", "sas", "sa", "sarl", "ltd", "limited", "llc", "llp", "plc", "inc", "corp", "corporation",
    "company", "bv", "nv", "oy", "ab", "as", "aps", "kft", "sp", "zoo", "sro", "ood", "eood", "ad", "ead",
    "ооо", "оод", "еоод", "ад", "еад", "зао", "оао", "пао", "ип", "the", "und", "and", "&",
}  # fmt: skip
_CJK_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "株式会社", "有限会社")
_WORD = re.compile(r"[\w&]+(?:\.[\w]+)*\.?", re.UNICODE)


def clean_company_name(name: str) -> str:
    """The name without legal-form words, case or accents: "Müller GmbH & Co. KG" → "muller"."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    for form in _CJK_LEGAL_FORMS:
        text = text.replace(form, " ")
    words = [word.rstrip(".") for word in _WORD.findall(text)]
    kept = [
        word
        for word in words
        if word and word not in _LEGAL_FORMS and word.replace(".", "") not in _LEGAL_FORMS
    ]
    return " ".join(kept)


def _name_block_keys(cleaned: str) -> list[str]:
    if not cleaned:
        return []
    compact = cleaned.replace(" ", "")
    keys = [f"p:{compact[:4]}"]
    first_word = cleaned.split()[0]
    if len(first_word) >= 3:
        keys.append(f"w:{first_word}")
    return keys


@dataclass(slots=True)
class Candidate:
    score: int = 0
    reasons: list[dict[str, Any]] = field(default_factory=list)
    signals: set[str] = field(default_factory=set)

    def add(self, signal: str, points: int, value: str) -> None:
        if signal in self.signals:
            return
        self.signals.add(signal)
        self.score = min(100, self.score + points)
        self.reasons.append({"signal": signal, "value": value})


def _pair(first: int, second: int) -> tuple[int, int]:
    return (first, second) if first < second else (second, first)


def _add_block_pairs(
    candidates: dict[tuple[int, int], Candidate],
    blocks: dict[Any, set[int]],
    signal: str,
    points: int,
    value_of: Callable[[Any], str],
) -> None:
    for key, members in blocks.items():
        if len(members) < 2:
            continue
        for first, second in combinations(sorted(members), 2):
            candidates.setdefault(_pair(first, second), Candidate()).add(signal, points, value_of(key))


def _add_name_pairs(
    candidates: dict[tuple[int, int], Candidate],
    names: dict[int, str],
    blocks: dict[Any, set[int]],
    scorer: Callable[[str, str], float],
) -> None:
    compared: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_NAME_BLOCK:
            continue
        for first, second in combinations(sorted(members), 2):
            if (first, second) in compared or not names[first] or not names[second]:
                continue
            compared.add((first, second))
            similarity = scorer(names[first], names[second])
            if similarity >= NAME_THRESHOLD:
                candidates.setdefault((first, second), Candidate()).add(
                    "name", round(similarity / 2), f"{round(similarity)}%"
                )


def _point_blocks(points: Iterable[Any], owner_field: str) -> dict[str, dict[Any, set[int]]]:
    blocks: dict[str, dict[Any, set[int]]] = {"email": defaultdict(set), "phone": defaultdict(set)}
    for point in points:
        signal = "email" if point["kind"] == ContactPointKind.EMAIL else "phone"
        blocks[signal][(point["unit"], point["normalized"])].add(point[owner_field])
    return blocks


def find_account_duplicates(accounts: QuerySet[Account]) -> dict[tuple[int, int], Candidate]:
    """Candidate account pairs with their score and reasons; blocks never cross business units."""
    rows = list(
        accounts.filter(merged_into__isnull=True).values(
            "pk", "name", "vat_id_normalized", "domain", "owner__business_unit_id"
        )
    )
    names: dict[int, str] = {}
    vat_blocks: dict[Any, set[int]] = defaultdict(set)
    domain_blocks: dict[Any, set[int]] = defaultdict(set)
    name_blocks: dict[Any, set[int]] = defaultdict(set)
    for row in rows:
        unit = row["owner__business_unit_id"]
        names[row["pk"]] = clean_company_name(row["name"])
        if row["vat_id_normalized"]:
            vat_blocks[(unit, row["vat_id_normalized"])].add(row["pk"])
        if row["domain"]:
            domain_blocks[(unit, row["domain"])].add(row["pk"])
        for key in _name_block_keys(names[row["pk"]]):
            name_blocks[(unit, key)].add(row["pk"])
    points = (
        ContactPoint.objects.filter(
            account_id__in=[row["pk"] for row in rows],
            kind__in=[ContactPointKind.EMAIL, ContactPointKind.PHONE],
        )
        .exclude(normalized="")
        .values("kind", "normalized", "account_id", unit=_unit_of("account"))
    )
    point_blocks = _point_blocks(points, "account_id")
    candidates: dict[tuple[int, int], Candidate] = {}
    _add_block_pairs(candidates, vat_blocks, "vat", WEIGHTS["vat"], lambda key: key[1])
    _add_block_pairs(candidates, domain_blocks, "domain", WEIGHTS["domain"], lambda key: key[1])
    _add_block_pairs(candidates, point_blocks["email"], "email", WEIGHTS["email"], lambda key: key[1])
    _add_block_pairs(candidates, point_blocks["phone"], "phone", WEIGHTS["phone"], lambda key: key[1])
    _add_name_pairs(candidates, names, name_blocks, fuzz.token_set_ratio)
    return {pair: found for pair, found in candidates.items() if found.score >= MIN_SCORE}


def _unit_of(owner: str) -> Any:
    from django.db.models import F

    return F(f"{owner}__owner__business_unit_id")


def find_contact_duplicates(contacts: QuerySet[Contact]) -> dict[tuple[int, int], Candidate]:
    """Candidate contact pairs: a shared e-mail or phone, or a similar name within the same account."""
    rows = list(contacts.filter(merged_into__isnull=True).values("pk", "full_name", "account_id"))
    names = {row["pk"]: " ".join(row["full_name"].casefold().replace(",", " ").split()) for row in rows}
    account_blocks: dict[Any, set[int]] = defaultdict(set)
    for row in rows:
        if row["account_id"]:
            account_blocks[row["account_id"]].add(row["pk"])
    points = (
        ContactPoint.objects.filter(
            contact_id__in=[row["pk"] for row in rows],
            kind__in=[ContactPointKind.EMAIL, ContactPointKind.PHONE],
        )
        .exclude(normalized="")
        .values("kind", "normalized", "contact_id", unit=_unit_of("contact"))
    )
    point_blocks = _point_blocks(points, "contact_id")
    candidates: dict[tuple[int, int], Candidate] = {}
    _add_block_pairs(candidates, point_blocks["email"], "email", 60, lambda key: key[1])
    _add_block_pairs(candidates, point_blocks["phone"], "phone", WEIGHTS["phone"], lambda key: key[1])
    _add_name_pairs(candidates, names, account_blocks, fuzz.token_sort_ratio)
    return {pair: found for pair, found in candidates.items() if found.score >= MIN_SCORE}


@transaction.atomic
def duplicate_pairs_store(*, entity: str, candidates: dict[tuple[int, int], Candidate]) -> dict[str, int]:
    """Store the scan's findings: new pairs are created, open ones updated, decided ones left alone, and
    open pairs the scan no longer finds are removed."""
    existing = {(pair.first_id, pair.second_id): pair for pair in DuplicatePair.objects.filter(entity=entity)}
    new, updated = [], []
    for (first, second), found in candidates.items():
        pair = existing.get((first, second))
        if pair is None:
            new.append(
                DuplicatePair(
                    entity=entity, first_id=first, second_id=second, score=found.score, reasons=found.reasons
                )
            )
        elif pair.status == DuplicateStatus.OPEN:
            pair.score, pair.reasons = found.score, found.reasons
            updated.append(pair)
    DuplicatePair.objects.bulk_create(new, batch_size=1000)
    DuplicatePair.objects.bulk_update(updated, ["score", "reasons"], batch_size=1000)
    stale = [
        pair.pk
        for key, pair in existing.items()
        if pair.status == DuplicateStatus.OPEN and key not in candidates
    ]
    DuplicatePair.objects.filter(pk__in=stale).delete()
    return {"new": len(new), "updated": len(updated), "removed": len(stale)}


def duplicates_scan(*, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Scan every account and contact and store what looks duplicated (idempotent)."""
    accounts = find_account_duplicates(Account.objects.all())
    if progress:
        progress("account")
    account_result = duplicate_pairs_store(entity="account", candidates=accounts)
    contacts = find_contact_duplicates(Contact.objects.all())
    if progress:
        progress("contact")
    contact_result = duplicate_pairs_store(entity="contact", candidates=contacts)
    return {
        "accounts": len(accounts),
        "contacts": len(contacts),
        "new": account_result["new"] + contact_result["new"],
    }


# --- selectors -------------------------------------------------------------------------------------


def duplicate_pair_list(
    *, user: User, entity: str, status: str = DuplicateStatus.OPEN
) -> QuerySet[DuplicatePair]:
    """Pairs the person reviews: both records visible to them and neither merged away since."""
    live: QuerySet[Any] = (
        visible_to(user, Account) if entity == "account" else visible_to(user, Contact)
    ).filter(merged_into__isnull=True)
    live = live.values("pk")
    return visible_to(user, DuplicatePair).filter(
        entity=entity, status=status, first_id__in=live, second_id__in=live
    )


def duplicate_pair_records(pairs: Iterable[DuplicatePair], entity: str) -> dict[int, Any]:
    """The records of a page of pairs in one query, by primary key."""
    ids = {pk for pair in pairs for pk in (pair.first_id, pair.second_id)}
    if entity == "account":
        return Account.objects.select_related("owner").in_bulk(ids)
    return Contact.objects.select_related("owner", "account").in_bulk(ids)


def duplicate_pair_get(*, user: User, pk: int) -> DuplicatePair:
    from django.http import Http404

    pair = visible_to(user, DuplicatePair).filter(pk=pk).first()
    if pair is None:
        raise Http404
    model: type[Account] | type[Contact] = Account if pair.entity == "account" else Contact
    if visible_to(user, model).filter(pk__in=[pair.first_id, pair.second_id]).count() != 2:
        raise Http404
    return pair

"""Finding records by a typed query, tolerant of typos and of any script.

On PostgreSQL the database does the work: `ILIKE` for fragments, pg_trgm's word similarity (`<%`) for
typos and full-text matching ('simple' configuration, no stemming, so names in any language match),
served by the GIN indexes of this app's migration and ranked in SQL by similarity plus a prefix bonus.
A query shorter than three characters (two Chinese characters are a whole name) matches the start of a
field or a whole word: no trigram index can find it inside a field without reading every row.

On SQLite (development, tests) a simpler fallback: case-insensitive contains on the fields, then, when
that finds too little, a bounded candidate list sharing a trigram with the query, re-ranked with
rapidfuzz. Both ways make one or two queries per model (by the query's shape), whatever the number of results.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from rapidfuzz import fuzz

MAX_QUERY_LENGTH = 100
# How many rows the SQLite fallback reads before ranking them in Python.
CANDIDATES = 200
TYPO_CANDIDATES = 500
# rapidfuzz score (0..100) a typo candidate needs to be shown.
TYPO_THRESHOLD = 75
# Scores given to matches through related rows (an e-mail or phone of a contact): SQLite's 0..100 score,
# PostgreSQL's bonus added to the similarity (0..1), as much as a whole matching word.
RELATED_MATCH_SCORE = 95
RELATED_MATCH_BONUS = 1.0

# PostgreSQL: how many rows each way of matching (tier) may give to be ranked.
CANDIDATES_PER_TIER = 200

# The shortest query a trigram index can serve as a substring (`%abc%`).
TRIGRAM_LENGTH = 3

_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]")


# pg_trgm's default (0.6) misses two-letter typos in short names ("Fererri" → "Ferrari" scores 0.5).
WORD_SIMILARITY_THRESHOLD = 0.45


def prepare_connection() -> None:
    """Set this search's typo tolerance on the database connection (PostgreSQL; one query)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(WORD_SIMILARITY_THRESHOLD)],
            )


def clean_query(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def has_cjk(query: str) -> bool:
    return bool(_CJK.search(query))


def digits_of(query: str) -> str:
    """The digits of a phone-like query ("030 123-45" → "03012345"), or "" if it is not phone-like."""
    if not re.fullmatch(r"[\d\s()+./-]+", query):
        return ""
    digits = re.sub(r"\D", "", query)
    return digits if len(digits) >= 3 else ""


def _like_pattern(text: str, *, prefix: bool = False) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix else f"%{escaped}%"


def _ilike(field: str, pattern: str) -> Func:
    return Func(
        F(field),
        Value(pattern),
        template="%(expressions)s",
        arg_joiner=" ILIKE ",
        output_field=BooleanField(),
    )


def _word_similar(field: str, query: str) -> Func:
    # `query <% field`: word similarity above pg_trgm.word_similarity_threshold, served by the GIN index.
    return Func(
        Value(query), F(field), template="%(expressions)s", arg_joiner=" <%% ", output_field=BooleanField()
    )


def _full_text(field: str, query: str) -> Func:
    vector = Func(F(field), template="to_tsvector('simple'::regconfig, %(expressions)s)")
    tsquery = Func(Value(query), template="plainto_tsquery('simple'::regconfig, %(expressions)s)")
    return Func(vector, tsquery, template="%(expressions)s", arg_joiner=" @@ ", output_field=BooleanField())


def contains(field: str, text: str) -> Q:
    """`field` contains `text`, ignoring case: on PostgreSQL as `ILIKE`, which the trigram indexes serve.

    Django's `icontains` compares `UPPER(field)`, an expression no index of this app covers.
    """
    if connection.vendor == "postgresql":
        return Q(_ilike(field, _like_pattern(text)))
    return Q(**{f"{field}__icontains": text})


def find[M: Model](
    queryset: QuerySet[M],
    *,
    fields: Sequence[str],
    query: str,
    limit: int,
    full_text_field: str = "",
    related_ids: QuerySet[Any] | None = None,
) -> list[tuple[M, int]]:
    """Up to `limit` rows of `queryset` matching `query` on `fields`, best first, scored.

    `related_ids` (a one-column `values()` queryset of primary keys of `queryset`'s model) adds the rows
    found through related records, such as contacts whose e-mail address matches.
    """
    query = clean_query(query)
    if not query or limit < 1:
        return []
    if related_ids is not None:
        related_ids = related_ids.order_by()
    if connection.vendor == "postgresql":
        return _find_postgresql(queryset, fields, query, limit, full_text_field, related_ids)
    related = Q(pk__in=related_ids) if related_ids is not None else None
    return _find_fallback(queryset, fields, query, limit, related)


def _by_table(fields: Sequence[str]) -> list[list[str]]:
    """The model's own fields together, then each field reached through a relation on its own."""
    own = [field for field in fields if "__" not in field]
    return ([own] if own else []) + [[field] for field in fields if "__" in field]


def _may_be_misspelt_name(query: str) -> bool:
    """Whether typo matches are worth looking for: words of three letters or more, in an alphabet.

    E-mail addresses, phone numbers and VAT IDs (an @ or a digit) are found as typed; a trigram index
    cannot serve shorter queries, and CJK names are short words that trigrams do not compare well.
    """
    return len(query) >= TRIGRAM_LENGTH and not has_cjk(query) and not re.search(r"[@\d]", query)


def _find_postgresql[M: Model](
    queryset: QuerySet[M],
    fields: Sequence[str],
    query: str,
    limit: int,
    full_text_field: str,
    related_ids: QuerySet[Any] | None,
) -> list[tuple[M, int]]:
    contains = _like_pattern(query)
    prefix = _like_pattern(query, prefix=True)
    # pg_trgm takes no trigram from an unanchored pattern shorter than three characters, so `%王芳%` would
    # read the whole table; a short query matches the start of a field (or a whole word, below) instead.
    matches = contains if len(query) >= TRIGRAM_LENGTH else prefix
    # A common name matches tens of thousands of rows, and scoring every one of them was the slow part of
    # a search. So each way of matching gives at most CANDIDATES_PER_TIER rows of the reader's scope, and
    # only those are ranked: the literal matches (the text, or a whole word), the typo matches, the rows
    # found through related records. A tier reads its GIN index, then only as many table rows as it needs.
    # The fields of one table share a tier (PostgreSQL combines their indexes with a bitmap OR); a field
    # of a related table gets a tier of its own: an OR across a join ("the opportunity's name or its
    # account's") can use neither table's index and reads both tables whole (seconds at a million rows).
    # One-column querysets, each filtered once: the tiers and the "enough rows" tests slice them.
    ids = queryset.order_by().values("pk")
    groups = _by_table(fields)
    literal_tiers = []
    for group in groups:
        literal = Q()
        for field in group:
            literal |= Q(_ilike(field, matches))
        if full_text_field in group:
            literal |= Q(_full_text(full_text_field, query))
        literal_tiers.append(ids.filter(literal))
    if full_text_field and full_text_field not in fields:
        literal_tiers.append(ids.filter(_full_text(full_text_field, query)))
    tiers = [tier[:CANDIDATES_PER_TIER] for tier in literal_tiers]
    # Typo matches are looked for only when one way of matching literally (or through related records)
    # fills the answer on its own: uncorrelated NOT EXISTS, which PostgreSQL decides once, up front.
    enough = Q()
    for tier in literal_tiers:
        enough |= Q(Exists(tier[limit - 1 : limit]))
    if related_ids is not None:
        related_rows = ids.filter(pk__in=related_ids)
        tiers.append(related_rows[:CANDIDATES_PER_TIER])
        enough |= Q(Exists(related_rows[limit - 1 : limit]))
    if _may_be_misspelt_name(query):
        for group in groups:
            similar = Q()
            for field in group:
                similar |= Q(_word_similar(field, query))
            tiers.append(ids.filter(similar).filter(~enough)[:CANDIDATES_PER_TIER])
    candidates = tiers[0].union(*tiers[1:]) if len(tiers) > 1 else tiers[0]
    similarities = [Coalesce(TrigramWordSimilarity(query, F(field)), Value(0.0)) for field in fields]
    similarity = Greatest(*similarities) if len(similarities) > 1 else similarities[0]
    # Flat GREATEST()s: Django compares deeply nested expressions node by node while compiling.
    bonuses: list[Any] = [
        Case(
            When(_ilike(field, prefix), then=Value(0.6)),
            When(_ilike(field, contains), then=Value(0.4)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        for field in fields
    ]
    if related_ids is not None:
        # Text found as it was typed in an e-mail or phone ranks above a name that only looks similar.
        # Asked of each ranked row (by the related table's index), not of the reader's whole scope again.
        (key,) = related_ids.query.values_select
        bonuses.append(
            Case(
                When(Exists(related_ids.filter(**{key: OuterRef("pk")})), then=Value(RELATED_MATCH_BONUS)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
    bonus = Greatest(*bonuses) if len(bonuses) > 1 else bonuses[0]
    rows = (
        queryset.filter(pk__in=candidates)
        .annotate(search_rank=similarity + bonus)
        .order_by("-search_rank", "pk")[:limit]
    )
    return [(row, min(100, round(row.search_rank / 1.6 * 100))) for row in rows]  # type: ignore[attr-defined]


def _score(query: str, values: Sequence[str]) -> int:
    needle = query.casefold()
    best = 0.0
    for value in values:
        text = (value or "").casefold()
        if not text:
            continue
        if text.startswith(needle):
            return 100
        if needle in text:
            best = max(best, 90)
            continue
        words = text.split()
        best = max(
            best, fuzz.partial_ratio(needle, text) * 0.95, *(fuzz.ratio(needle, word) for word in words)
        )
    return round(best)


def _values(row: Model, fields: Sequence[str]) -> list[str]:
    values = []
    for field in fields:
        value: Any = row
        for part in field.split("__"):
            value = getattr(value, part, None) if value is not None else None
        values.append(str(value) if value is not None else "")
    return values


def _find_fallback[M: Model](
    queryset: QuerySet[M], fields: Sequence[str], query: str, limit: int, related: Q | None
) -> list[tuple[M, int]]:
    # SQLite folds case for ASCII only: also try the usual spellings of a word in other scripts.
    spellings = {query, query.lower(), query.title(), query.upper()}
    condition = Q()
    for field in fields:
        for spelling in spellings:
            condition |= Q(**{f"{field}__icontains": spelling})
    if related is not None:
        queryset = queryset.annotate(  # type: ignore[assignment]
            search_related=Case(When(related, then=Value(True)), default=Value(False))
        )
        condition |= related
    scored: dict[int, tuple[M, int]] = {}
    for row in queryset.filter(condition)[:CANDIDATES]:
        score = _score(query, _values(row, fields))
        if getattr(row, "search_related", False):
            score = max(score, RELATED_MATCH_SCORE)
        scored[row.pk] = (row, max(score, 50))
    lowered = query.casefold()
    # Always asked (not only when too little was found), so the number of queries never depends on the data.
    if len(lowered) >= 3 and not has_cjk(query):
        grams = {lowered[i : i + 3] for i in range(len(lowered) - 2)} - {"   "}
        typo_condition = Q()
        for field in fields:
            for gram in sorted(grams)[:12]:
                typo_condition |= Q(**{f"{field}__icontains": gram})
        for row in queryset.filter(typo_condition).exclude(pk__in=list(scored))[:TYPO_CANDIDATES]:
            score = _score(query, _values(row, fields))
            if score >= TYPO_THRESHOLD:
                scored[row.pk] = (row, score)
    ranked = sorted(scored.values(), key=lambda pair: (-pair[1], pair[0].pk))
    return ranked[:limit]

"""Phone numbers to E.164 for imports: phonenumbers' result, without its free-text handling for plain cells.

`phonenumbers.parse` spends most of its time on what a free-form string may hold: letters of vanity
numbers, extensions, RFC 3966 URIs, full-width and Arabic-Indic digits. A cell of ASCII digits with an
optional leading "+" and the usual separators holds none of those, and for it parse reduces to the steps
in `_plain_e164`, which follow `parse`, `is_possible_number` and `format_number(E164)` of phonenumbers
9.x one by one and take every region-specific decision (country calling code, international and national
prefixes, possible lengths) with phonenumbers' own metadata and helpers. Every other cell, and every
number those steps would reject or treat in a rare way, goes through `normalize_phone`, so the result and
the error message are always exactly phonenumbers'. test_import_fast_paths.py checks the two agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from phonenumbers import SUPPORTED_REGIONS
from phonenumbers.phonemetadata import PhoneMetadata
from phonenumbers.phonenumberutil import (
    ValidationResult,
    _extract_country_code,
    _match_national_number,
    _maybe_strip_national_prefix_carrier_code,
    _test_number_length,
    region_code_for_country_code,
)

from salesdesk.customers.normalize import normalize_phone

# ASCII digits, one optional leading "+", separators that parse only strips (all of them are in its
# _VALID_PUNCTUATION); first and last character a digit, so parse's trimming of leading and trailing
# characters changes nothing. No letters: no vanity number, no extension, no RFC 3966 parameter.
_PLAIN = re.compile(r"(\+?)([0-9](?:[0-9 ()./-]*[0-9])?)")
_NOT_DIGIT = re.compile(r"[^0-9]")
# parse's own bounds on a national significant number (_MIN_LENGTH_FOR_NSN, _MAX_LENGTH_FOR_NSN).
_NSN_LENGTHS = range(2, 18)
# parse undoes the national-prefix stripping when what is left has one of these lengths.
_STRIP_UNDONE = {
    ValidationResult.TOO_SHORT,
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    ValidationResult.INVALID_LENGTH,
}
_POSSIBLE = {ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY}


@lru_cache(maxsize=512)
def _idd_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(prefix)


def _plain_e164(text: str, region: str | None) -> str | None:
    """E.164 for a plain cell as phonenumbers gives it, or None where the general path must decide."""
    plain = _PLAIN.fullmatch(text)
    if plain is None:
        return None
    plus = bool(plain.group(1))
    digits = _NOT_DIGIT.sub("", plain.group(2))
    # parse's viability test asks for three digits once there is a "+" or punctuation.
    if len(digits) < 3:
        return None
    if region is not None and region not in SUPPORTED_REGIONS:
        return None
    metadata = PhoneMetadata.metadata_for_region(region, None) if region else None
    if not plus and metadata is None:
        return None  # parse refuses a national number without a region

    # _maybe_extract_country_code: after "+" or the region's international prefix comes a calling code.
    international, full = plus, digits
    if not plus and metadata is not None and metadata.international_prefix is not None:
        idd = _idd_pattern(metadata.international_prefix).match(digits)
        if idd and digits[idd.end() : idd.end() + 1] != "0":
            international, full = True, digits[idd.end() :]
    country_code, national = 0, ""
    if international:
        if len(full) <= 2:
            return None  # too short after the prefix: parse raises
        country_code, national = _extract_country_code(full)
        if country_code == 0:
            return None  # unknown calling code: parse retries without the "+" or raises
    elif metadata is not None and metadata.country_code is not None:
        # A national number may start with the region's own calling code, written without "+".
        own_code = str(metadata.country_code)
        if full.startswith(own_code):
            _carrier, potential, _stripped = _maybe_strip_national_prefix_carrier_code(
                full[len(own_code) :], metadata
            )
            general = metadata.general_desc
            if (
                not _match_national_number(full, general, False)
                and _match_national_number(potential, general, False)
            ) or _test_number_length(full, metadata) == ValidationResult.TOO_LONG:
                country_code, national = metadata.country_code, potential

    if country_code:
        number_region = region_code_for_country_code(country_code)
        if number_region != region:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(country_code, number_region)
    elif metadata is not None and metadata.country_code is not None:
        country_code, national = metadata.country_code, digits
    else:
        return None  # no region to read a national number in: parse refuses it
    if len(national) < 2:
        return None
    if metadata is not None:
        _carrier, potential, _stripped = _maybe_strip_national_prefix_carrier_code(national, metadata)
        if _test_number_length(potential, metadata) not in _STRIP_UNDONE:
            national = potential
    if len(national) not in _NSN_LENGTHS:
        return None
    # is_possible_number: the lengths of the calling code's main region. The national significant number
    # parse keeps (leading zeros included) is exactly `national`, so E.164 is "+", code and it.
    main_region = region_code_for_country_code(country_code)
    main_metadata = PhoneMetadata.metadata_for_region_or_calling_code(country_code, main_region)
    if main_metadata is None or _test_number_length(national, main_metadata) not in _POSSIBLE:
        return None  # not possible: normalize_phone says why
    return f"+{country_code}{national}"


# Numbers repeat within a file (a company's switchboard on every contact of it), rarely across the file:
# a small cache keeps the repeats and the worker's memory.
@lru_cache(maxsize=4096)
def _cached_e164(text: str, region: str | None) -> str:
    # Errors are not cached (lru_cache never stores an exception): they are rare and need their message.
    return _plain_e164(text, region) or normalize_phone(text, country=region or "")


def fast_normalize_phone(value: str, *, country: str = "") -> str:
    """normalize_phone (same E.164 form, same ValueError), fast for the plain cells files mostly hold."""
    return _cached_e164(value, (country or "").upper() or None)

"""The import's fast e-mail and phone checks give exactly what email-validator and phonenumbers give.

Each corpus is run through both the fast function and the general one (`customers.normalize`): the same
normalised value, or a ValueError with the same message. The fast paths are also checked to actually
take the common cases, so the equivalence is not trivially met by always falling back.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from salesdesk.customers.normalize import normalize_email, normalize_phone
from salesdesk.transfer.emails import fast_normalize_email
from salesdesk.transfer.phones import _plain_e164, fast_normalize_phone


def _outcome(check: Callable[..., str], *args: str, **kwargs: str) -> str:
    try:
        return check(*args, **kwargs)
    except ValueError as exc:
        return f"error: {exc}"


# ------------------------------------------------------------------------------------------------ e-mail

TRICKY_ADDRESSES = [
    "Anna.Schmidt@Example.DE",
    "  padded@example.com  ",
    "o'brien+tag@mail.example.com",
    "a!#$%&'*+/=?^_`{|}~-@example.com",
    "POSTMASTER@example.com",
    "x@xn--mnchen-3ya.de",
    "x@XN--MNCHEN-3YA.DE",
    "x@münchen.de",
    "üser@example.de",
    "a@bücher.de",
    "王芳@例子.中国",
    "a..b@example.com",
    ".a@example.com",
    "a.@example.com",
    "a@example..com",
    "a@.example.com",
    "a@example.com.",
    "a@-example.com",
    "a@example-.com",
    "a@ex_ample.com",
    "a@example",
    "a@localhost",
    "a@example.test",
    "a@example.invalid",
    "a@example.local",
    "a@123.com",
    "a@1.2.3.4",
    "a@[1.2.3.4]",
    "a@@broken",
    "a@b@example.com",
    "@example.com",
    "a@",
    "a",
    "",
    '"quoted"@example.com',
    '"a b"@example.com',
    "Anna <anna@example.com>",
    "anna@example.com>",
    "a b@example.com",
    "a\tb@example.com",
    "a@exa mple.com",
    "a(comment)@example.com",
    "a@example.com(comment)",
    "a\\b@example.com",
    "a@xn--.com",
    "a@xn--zz.com",
    "a@" + "b" * 63 + ".com",
    "a@" + "b" * 64 + ".com",
    "x" * 64 + "@example.com",
    "x" * 65 + "@example.com",
    "x" * 240 + "@example.com",
    "x" * 242 + "@example.com",
    "x" * 243 + "@example.com",
    "x" * 200 + "@" + ("b" * 40 + ".") * 1 + "com",
    "x" * 235 + "@münchen.de",
    "x" * 240 + "@xn--mnchen-3ya.de",
    "x" * 238 + "@münchen.de",
    "a@" + ".".join(["b" * 60] * 4) + ".com",
    "a@" + ".".join(["b" * 61] * 4),
]


def _random_addresses(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    local_chars = "abcXYZ019._+-'!#~\"() ü@"
    domain_chars = "abcxyz09.-_ü@"
    tlds = ["de", "com", "it", "cn", "test", "local", "x", "中国", "", "c0m"]
    for _ in range(count):
        local = "".join(rng.choice(local_chars) for _ in range(rng.randint(0, 12)))
        host = "".join(rng.choice(domain_chars) for _ in range(rng.randint(0, 12)))
        yield f"{local}@{host}.{rng.choice(tlds)}" if rng.random() < 0.9 else f"{local}{host}"


@pytest.mark.parametrize("address", TRICKY_ADDRESSES)
def test_it_normalises_tricky_addresses_exactly_as_email_validator(address: str) -> None:
    assert _outcome(fast_normalize_email, address) == _outcome(normalize_email, address)


def test_it_normalises_random_addresses_exactly_as_email_validator() -> None:
    for address in _random_addresses(3000, seed=3):
        assert _outcome(fast_normalize_email, address) == _outcome(normalize_email, address), address


def test_it_takes_the_fast_path_for_plain_addresses_and_checks_each_domain_once() -> None:
    from salesdesk.transfer.emails import _domain_forms

    _domain_forms.cache_clear()
    addresses = [f"Person{number}@Firma{number % 7}.DE" for number in range(200)]
    assert [fast_normalize_email(a) for a in addresses] == [normalize_email(a) for a in addresses]
    assert _domain_forms.cache_info().misses == 7


# ------------------------------------------------------------------------------------------------- phones

_TYPES = [
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.VOIP,
    PhoneNumberType.UAN,
]


def _example_numbers() -> Iterator[tuple[str, str]]:
    """Each region's example numbers written the ways files write them, with a digit more and one less."""
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        assert metadata is not None
        for number_type in _TYPES:
            example = phonenumbers.example_number_for_type(region, number_type)
            if example is None:
                continue
            national = phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL)
            international = phonenumbers.format_number(example, PhoneNumberFormat.INTERNATIONAL)
            e164 = phonenumbers.format_number(example, PhoneNumberFormat.E164)
            texts = {national, international, e164, e164[1:], e164 + "1", e164[:-1], national[:-1]}
            texts.add(f"{national} 5")
            if metadata.international_prefix and metadata.international_prefix.isdigit():
                texts.add(metadata.international_prefix + e164[1:])
            for text in texts:
                yield text, region


def _random_numbers(count: int, seed: int) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    codes = [str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE]
    separators = [" ", "-", ".", "/", "(", ")", "x", "#", ",", "+", "\u00a0", "٣"]
    for _ in range(count):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 15)))
        if rng.random() < 0.4:
            digits = rng.choice(codes) + digits
        if rng.random() < 0.2:
            digits = rng.choice(["0", "00", "011", "8", "810", "0049", "9"]) + digits
        text = ""
        for char in digits:
            text += char
            if rng.random() < 0.2:
                text += rng.choice(separators)
        if rng.random() < 0.5:
            text = "+" + text
        region = rng.choice([*rng.sample(regions, 3), "", "XX", "DE", "IT", "US", "CN"])
        yield text, region


def test_it_normalises_every_regions_example_numbers_exactly_as_phonenumbers() -> None:
    taken = checked = 0
    for text, region in _example_numbers():
        for country in (region, "DE", ""):
            expected = _outcome(normalize_phone, text, country=country)
            assert _outcome(fast_normalize_phone, text, country=country) == expected, (text, country)
            checked += 1
            taken += _plain_e164(text, country or None) is not None
    # The corpus exercises the fast path itself, not only the fallback.
    assert checked > 20_000
    assert taken > checked // 2


def test_it_normalises_random_numbers_exactly_as_phonenumbers() -> None:
    for text, region in _random_numbers(20_000, seed=5):
        expected = _outcome(normalize_phone, text, country=region)
        assert _outcome(fast_normalize_phone, text, country=region) == expected, (text, region)


@pytest.mark.parametrize(
    ("text", "country", "e164"),
    [
        ("+49 30 1234567", "DE", "+49301234567"),
        ("030 1234567", "DE", "+49301234567"),
        ("0049 30 1234567", "DE", "+49301234567"),
        ("49 30 1234567", "de", "+49301234567"),
        ("+39 06 1234 5678", "", "+390612345678"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("+7 495 123-45-67", "RU", "+74951234567"),
        ("8 495 123-45-67", "RU", "+74951234567"),
        ("+86 10 6552 9988", "CN", "+861065529988"),
        ("202-555-0143", "US", "+12025550143"),
        ("1234", "DE", "+491234"),
    ],
)
def test_the_fast_path_takes_common_ways_of_writing_a_number(text: str, country: str, e164: str) -> None:
    assert _plain_e164(text, country.upper() or None) == e164
    assert normalize_phone(text, country=country) == e164


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("call me", "DE"),
        ("+999 123 4567", ""),
        ("030 1234567", ""),
        ("+49 1", "DE"),
        ("0049 1", "DE"),
        ("030 123456789012345678", "DE"),
        ("+49 30 123456789012345", "DE"),
    ],
)
def test_it_refuses_what_phonenumbers_refuses_with_the_same_message(text: str, country: str) -> None:
    with pytest.raises(ValueError, match="phone number") as expected:
        normalize_phone(text, country=country)
    with pytest.raises(ValueError, match="phone number") as got:
        fast_normalize_phone(text, country=country)
    assert str(got.value) == str(expected.value)

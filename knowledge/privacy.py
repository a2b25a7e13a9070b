"""Keep contact details out of everything the advisor can show.

The sections that hold personal data (information letters, consent forms) are
never indexed at all (``exclude: true`` in sources.yml). This scrubber is the
second line of defence, applied to every passage: an e-mail address or a
Norwegian phone number that turns up anywhere else is replaced.
"""
from __future__ import annotations

import re

EMAIL_PLACEHOLDER = "[e-post fjernet]"
PHONE_PLACEHOLDER = "[telefonnummer fjernet]"

_EMAIL = re.compile(r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}", re.UNICODE)

# Norwegian numbers have 8 digits, written "53 21 15 00", "73984040",
# "735 91 234", optionally after +47 / 0047. Only spaces (or nothing) may
# separate the groups, so dates ("01.07.2023"), year ranges ("2016-2020") and
# thousands ("20 000") stay untouched; two years side by side are not a phone.
_PHONE = re.compile(
    r"(?<![\w+.])"
    r"(?:(?:\+|00)47 ?)?"
    r"(?!(?:19|20)\d\d ?(?:19|20)\d\d(?!\d))"
    r"(?:\d{2} ?\d{2} ?\d{2} ?\d{2}|\d{3} ?\d{2} ?\d{3})"
    r"(?![\w.]\d|\w)"
)


def scrub(text: str) -> str:
    """Replace e-mail addresses and Norwegian phone numbers in ``text``."""
    text = _EMAIL.sub(EMAIL_PLACEHOLDER, text)
    return _PHONE.sub(PHONE_PLACEHOLDER, text)


def contains_contact_details(text: str) -> bool:
    return bool(_EMAIL.search(text) or _PHONE.search(text))

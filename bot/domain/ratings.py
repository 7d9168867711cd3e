"""Ratings out of five, in halves: parsing what reviewers type and showing it as stars."""

from __future__ import annotations

import math
import re

MAX_RATING = 5.0

_FULL, _HALF, _EMPTY = "★", "½", "☆"
_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)?)(½)?$")
_OUT_OF = re.compile(r"^(\d+(?:[.,]\d+)?)(½)?\s*(?:/|out of)\s*(\d+)$")
_STARS = re.compile(r"^(★*)(½?)(☆*)$")


def parse_rating(value: str | float | int | None) -> float | None:
    """Read a rating from 0 to 5 in halves: ``4``, ``4.5``, ``4½``, ``3/5``, ``★★★★½``.

    Empty input means "no rating" and gives ``None``. Anything else that is not such a rating
    raises :class:`ValueError` with a reason fit to show the reviewer.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("a rating should be a number from 0 to 5, like 4 or 4.5")
    if isinstance(value, int | float):
        return _check(float(value), str(value))
    text = str(value).strip()
    if not text:
        return None
    compact = text.replace(" ", "")
    if match := _STARS.match(compact):
        full, half, _ = match.groups()
        if full or half:
            return _check(len(full) + (0.5 if half else 0.0), text)
    if match := _NUMBER.match(compact):
        return _check(_number(match.group(1), match.group(2)), text)
    if match := _OUT_OF.match(text.lower()):
        scale = int(match.group(3))
        if scale != 5:
            raise ValueError(f"ratings are out of 5, so “{text}” can't be used; try something like 3/5")
        return _check(_number(match.group(1), match.group(2)), text)
    raise ValueError(
        f"“{text}” doesn't look like a rating; try a number from 0 to 5 such as 4, 4.5, 4½ or 3/5"
    )


def _number(digits: str, half: str | None) -> float:
    number = float(digits.replace(",", "."))
    if half:
        if number != int(number):
            raise ValueError("a rating can have ½ only after a whole number, like 4½")
        number += 0.5
    return number


def _check(number: float, text: str) -> float:
    if math.isnan(number) or math.isinf(number):
        raise ValueError("a rating should be a number from 0 to 5, like 4 or 4.5")
    if not 0 <= number <= MAX_RATING:
        raise ValueError(f"a rating goes from 0 to 5, so {text} is out of range")
    if number * 2 != int(number * 2):
        raise ValueError(f"a rating goes up in halves (4 or 4.5), so {text} can't be used")
    return number


def format_rating(rating: float) -> str:
    """``4.5`` → ``"4.5"``, ``4.0`` → ``"4"``."""
    return f"{rating:g}"


def stars(rating: float) -> str:
    """Five star places and the number: ``★★★★½ (4.5/5)``, ``★★★☆☆ (3/5)``."""
    rating = _check(float(rating), str(rating))
    full = int(rating)
    half = rating - full >= 0.5
    empty = int(MAX_RATING) - full - (1 if half else 0)
    return f"{_FULL * full}{_HALF if half else ''}{_EMPTY * empty} ({format_rating(rating)}/5)"

"""Country names, codes and the countries named in free text.

Codes are ISO 3166-1 alpha-2 in upper case (``GB``, ``US``), as :class:`~bot.domain.models.Release`
stores them. pycountry supplies the official names; a small table adds what people actually say
("the States", "Britain", "German", "Deutschland").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence

import pycountry

# Short, readable names used in answers. Everything else comes from pycountry's common_name/name.
_SHORT_NAMES = {
    "GB": "UK",
    "US": "US",
    "KR": "South Korea",
    "KP": "North Korea",
    "RU": "Russia",
    "IR": "Iran",
    "TW": "Taiwan",
    "VN": "Vietnam",
    "CZ": "Czechia",
    "MD": "Moldova",
    "VE": "Venezuela",
    "TZ": "Tanzania",
    "SY": "Syria",
    "LA": "Laos",
    "BO": "Bolivia",
    "CD": "DR Congo",
    "CG": "Congo",
    "FM": "Micronesia",
    "PS": "Palestine",
    "VA": "Vatican City",
    "MK": "North Macedonia",
    "HK": "Hong Kong",
    "MO": "Macao",
    "AE": "UAE",
}

# Names that read better with "the" in a sentence ("in the UK", "in the Netherlands").
_WITH_THE = {"GB", "US", "NL", "PH", "AE", "CD", "CG", "BS", "GM", "VA", "MV", "DO", "CF", "KY", "FO"}

# Lower-case phrase -> code: colloquial names, native names and adjectives people use in questions.
_EXTRA_NAMES = {
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "united kingdom": "GB",
    "british": "GB", "english": "GB", "scottish": "GB", "welsh": "GB", "blighty": "GB",
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "us": "US", "america": "US", "the states": "US",
    "states": "US", "united states": "US", "united states of america": "US", "american": "US",
    "canada": "CA", "canadian": "CA", "australia": "AU", "australian": "AU", "oz": "AU",
    "new zealand": "NZ", "kiwi": "NZ", "ireland": "IE", "irish": "IE", "eire": "IE", "éire": "IE",
    "germany": "DE", "german": "DE", "deutschland": "DE", "france": "FR", "french": "FR",
    "spain": "ES", "spanish": "ES", "españa": "ES", "espana": "ES", "italy": "IT", "italian": "IT",
    "italia": "IT", "netherlands": "NL", "holland": "NL", "dutch": "NL", "nederland": "NL",
    "belgium": "BE", "belgian": "BE", "switzerland": "CH", "swiss": "CH", "schweiz": "CH",
    "suisse": "CH", "austria": "AT", "austrian": "AT", "österreich": "AT", "osterreich": "AT",
    "sweden": "SE", "swedish": "SE", "sverige": "SE", "norway": "NO", "norwegian": "NO",
    "norge": "NO", "denmark": "DK", "danish": "DK", "danmark": "DK", "finland": "FI",
    "finnish": "FI", "suomi": "FI", "iceland": "IS", "icelandic": "IS", "poland": "PL",
    "polish": "PL", "polska": "PL", "portugal": "PT", "portuguese": "PT", "brazil": "BR",
    "brazilian": "BR", "brasil": "BR", "mexico": "MX", "mexican": "MX", "méxico": "MX",
    "argentina": "AR", "argentinian": "AR", "argentine": "AR", "chile": "CL", "chilean": "CL",
    "colombia": "CO", "colombian": "CO", "peru": "PE", "peruvian": "PE", "japan": "JP",
    "japanese": "JP", "nippon": "JP", "south korea": "KR", "korea": "KR", "korean": "KR",
    "china": "CN", "chinese": "CN", "hong kong": "HK", "taiwan": "TW", "taiwanese": "TW",
    "india": "IN", "indian": "IN", "russia": "RU", "russian": "RU", "ukraine": "UA",
    "ukrainian": "UA", "greece": "GR", "greek": "GR", "turkey": "TR", "türkiye": "TR",
    "turkiye": "TR", "turkish": "TR", "israel": "IL", "israeli": "IL", "egypt": "EG",
    "egyptian": "EG", "south africa": "ZA", "south african": "ZA", "nigeria": "NG",
    "nigerian": "NG", "singapore": "SG", "philippines": "PH", "filipino": "PH", "thailand": "TH",
    "thai": "TH", "vietnam": "VN", "vietnamese": "VN", "indonesia": "ID", "indonesian": "ID",
    "malaysia": "MY", "malaysian": "MY", "czech republic": "CZ", "czechia": "CZ", "czech": "CZ",
    "hungary": "HU", "hungarian": "HU", "romania": "RO", "romanian": "RO", "uae": "AE",
    "emirates": "AE", "iran": "IR", "iranian": "IR", "scandinavia": None,
}
_EXTRA_NAMES = {key: code for key, code in _EXTRA_NAMES.items() if code}

# Free text only: these collide with ordinary words or names, so they count only when capitalised.
_CAPITALISED_ONLY = {
    "turkey", "chad", "jordan", "georgia", "jersey", "china", "guinea", "panama", "niger", "chile",
    "oz", "kiwi", "states", "holland", "polish", "peru", "mali", "togo", "cuba", "oman", "swiss",
    "dutch", "french", "greek", "thai", "czech",
}
# Free text only: codes and abbreviations recognised only in capitals ("tell us" is not the US).
_CODES_IN_TEXT = {"UK": "GB", "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "U.K.": "GB",
                  "UAE": "AE", "NZ": "NZ", "GB": "GB"}
# Never countries in free text, whatever pycountry says.
_NOT_IN_TEXT = {"us", "english", "man", "states", "guinea", "the states"}

# Discord-style language-only locales mapped to the country most of their speakers live in.
# "en", "es", "pt", "zh" and "ar" are spread over too many countries to guess: they map to None.
_LANGUAGE_COUNTRY = {
    "de": "DE", "fr": "FR", "it": "IT", "ja": "JP", "ko": "KR", "nl": "NL", "pl": "PL", "ru": "RU",
    "tr": "TR", "uk": "UA", "da": "DK", "no": "NO", "nb": "NO", "nn": "NO", "fi": "FI", "hu": "HU",
    "ro": "RO", "cs": "CZ", "el": "GR", "bg": "BG", "lt": "LT", "hr": "HR", "th": "TH", "vi": "VN",
    "hi": "IN", "id": "ID", "he": "IL", "sv": "SE", "is": "IS", "et": "EE", "lv": "LV", "sk": "SK",
    "sl": "SI", "sr": "RS", "uk-ua": "UA",
}

# Countries most film communities ask about, offered first when autocomplete has no query yet.
POPULAR = ("GB", "US", "CA", "AU", "IE", "NZ", "DE", "FR", "ES", "IT", "NL", "SE", "JP", "KR", "IN",
           "BR", "MX")


@functools.lru_cache(maxsize=65_536)
def _fold(text: str) -> str:
    """Lower-case, accents removed, whitespace collapsed (cached: questions fold the same words often)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=65_536)
def _key(text: str) -> str:
    folded = _fold(text).replace("’", "'")
    folded = re.sub(r"^the\s+", "", folded)
    return folded.strip(" .,;:!?")


@functools.cache
def _names() -> dict[str, str]:
    """Every name, lower-cased and accent-free, that resolves to a code."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                table.setdefault(_key(value), code)
                if "," in value:  # "Korea, Republic of" -> "korea"
                    table.setdefault(_key(value.split(",", 1)[0]), code)
        table.setdefault(_key(_SHORT_NAMES.get(code, "")) or "-", code)
    for name, code in _EXTRA_NAMES.items():
        table[_key(name)] = code
    table.pop("-", None)
    table.pop("korea", None)  # pycountry's "Korea, ..." covers both; plain "Korea" means the south
    table["korea"] = "KR"
    return table


def is_country_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code pycountry knows (any case)."""
    return len(code) == 2 and code.isalpha() and pycountry.countries.get(alpha_2=code.upper()) is not None


def resolve_country(text: str | None) -> str | None:
    """Turn a code, name, adjective or colloquial name into an alpha-2 code, or None.

    ``"GB"``, ``"uk"``, ``"Britain"``, ``"British"``, ``"the States"``, ``"U.S."``, ``"Deutschland"``.
    """
    if not text:
        return None
    raw = text.strip()
    if len(raw) > 80:
        return None
    key = _key(raw)
    if not key:
        return None
    if key in _names():
        return _names()[key]
    compact = key.replace(".", "").replace(" ", "")
    if compact == "uk":
        return "GB"
    if len(compact) == 2 and is_country_code(compact):
        return compact.upper()
    if len(compact) == 3 and compact.isalpha():
        found = pycountry.countries.get(alpha_3=compact.upper())
        if found is not None:
            return found.alpha_2
    return _names().get(compact)


def country_name(code: str) -> str:
    """Short readable name: ``"UK"``, ``"US"``, ``"Germany"``, ``"South Korea"``."""
    code = code.upper()
    if code in _SHORT_NAMES:
        return _SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def country_phrase(code: str) -> str:
    """The name as it sits in a sentence: ``"the UK"``, ``"the Netherlands"``, ``"Germany"``."""
    name = country_name(code)
    return f"the {name}" if code.upper() in _WITH_THE else name


# Where the short name is an abbreviation, the name in full ("in the United States", not "in the US").
_FULL_NAMES = {"GB": "United Kingdom", "US": "United States", "AE": "United Arab Emirates"}


def country_in_words(code: str) -> str:
    """The country spelt out as it sits in a sentence: ``"the United States"``, ``"Germany"``.

    Answers to an explicitly asked country and confirmations use it, so nobody has to decode "US (US)".
    """
    code = code.upper()
    name = _FULL_NAMES.get(code) or country_name(code)
    return f"the {name}" if code in _WITH_THE else name


def country_from_locale(locale: str | None) -> str | None:
    """``"en-GB"`` → ``GB``; ``"pt-BR"`` → ``BR``; ``"de"`` → ``DE``; ``"en"``, ``"es-419"`` → None.

    A locale with a region uses the region. A language-only locale maps to the country most of its
    speakers live in where that is clear-cut, otherwise None (English, Spanish, Portuguese...).
    """
    if not locale:
        return None
    parts = re.split(r"[-_]", locale.strip())
    if len(parts) >= 2 and len(parts[1]) == 2 and is_country_code(parts[1]):
        return parts[1].upper()
    if len(parts) >= 2:
        return None  # a region like "419" (Latin America) is not one country
    return _LANGUAGE_COUNTRY.get(parts[0].lower())


_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ'’]+(?:\.[A-Za-z])*\.?")
_MAX_PHRASE_WORDS = 5
_PLAIN_PHRASE = re.compile(r"[\w'’.]+(?: [\w'’.]+)*")


def find_country_spans(text: str) -> list[tuple[int, int, str]]:
    """Cached wrapper of :func:`_find_country_spans`: a question is scanned by several callers."""
    return list(_find_country_spans(text))


@functools.lru_cache(maxsize=4096)
def _find_country_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, code)`` for every country named in free text, in order.

    Names and adjectives match in any case except words that are also ordinary words or names
    ("turkey", "chad", "china"), which must be capitalised. Codes count only in capitals:
    "US", "U.S.", "USA", "UK" – "tell us" is not the United States and "it" is not Italy.
    """
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    names = _names()
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        start, _, word = words[i]
        bare = word.rstrip(".") if word.count(".") == 1 else word
        if word in _CODES_IN_TEXT or bare in _CODES_IN_TEXT:
            code = _CODES_IN_TEXT.get(word) or _CODES_IN_TEXT[bare]
            found.append((start, words[i][1], code))
            i += 1
            continue
        if (first := _key(word)) not in _first_words() and first != "the":
            i += 1  # no name starts with this word: most words of a question
            continue
        matched = False
        for size in range(min(_MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            chunk = words[i : i + size]
            phrase_raw = text[chunk[0][0] : chunk[-1][1]]
            if size > 1 and not _PLAIN_PHRASE.fullmatch(phrase_raw):
                continue
            key = _key(phrase_raw)
            code = names.get(key)
            if code is None:
                # "the States": the article is part of the name here
                if size > 1 and _fold(phrase_raw).strip(" .") == "the states" and chunk[1][2][0] == "S":
                    code = "US"
                else:
                    continue
            if key in _NOT_IN_TEXT and _fold(phrase_raw).strip(" .") != "the states":
                continue
            if len(key) <= 3 and key not in {"uk", "usa", "uae", "oz"}:
                continue  # two- and three-letter codes only via _CODES_IN_TEXT
            first_word = chunk[1][2] if _fold(phrase_raw).startswith("the ") else phrase_raw
            if key in _CAPITALISED_ONLY and not first_word[:1].isupper():
                continue
            if key == "oz" and phrase_raw != "Oz":
                continue
            found.append((chunk[0][0], chunk[-1][1], code))
            i += size
            matched = True
            break
        if not matched:
            i += 1
    return tuple(found)


@functools.cache
def _first_words() -> frozenset[str]:
    """The first word of every name, as :func:`_key` reads a lone word: a phrase can only be a name if
    its first word (or the one after "the") is one of these, which lets the scan skip the others."""
    return frozenset(key.split(" ", 1)[0].strip(" .,;:!?") for key in _names())


def find_countries(text: str) -> list[str]:
    """Codes of the countries named in free text, in order of first mention, without repeats."""
    seen: list[str] = []
    for _, _, code in find_country_spans(text):
        if code not in seen:
            seen.append(code)
    return seen


@functools.cache
def _choice_rows() -> list[tuple[str, str, str]]:
    rows = []
    for country in pycountry.countries:
        name = country_name(country.alpha_2)
        rows.append((name, country.alpha_2, _fold(name)))
    rows.sort(key=lambda row: row[2])
    return rows


def country_choices(
    query: str, limit: int = 25, *, local: Sequence[tuple[str, str, str]] | None = None
) -> list[tuple[str, str]]:
    """``(name, code)`` pairs for autocomplete: exact code or name first, then prefixes, then substrings.

    *local* (from :func:`local_choice_rows`) is the member's language: its names label the choices, and
    what they type is matched against them first, then against the English names ("roy" and "uni" both
    find Royaume-Uni for a French member).
    """
    limit = max(0, min(limit, 25))
    q = _fold(query or "").strip(" .")
    labels = {code: name for name, code, _ in local} if local else None

    def label(code: str) -> str:
        return (labels.get(code, code) if labels is not None else country_name(code))[:100]

    if not q:
        return [(label(code), code) for code in POPULAR[:limit]]
    results: list[tuple[str, str]] = []

    def add(code: str) -> None:
        pair = (label(code), code)
        if pair not in results:
            results.append(pair)

    local_rows = local or ()
    spaced = _spaced(q)  # "royaume uni" and "royaume-uni" alike
    exact = next((code for _, code, folded in local_rows if folded == spaced), None) or resolve_country(query)
    if exact:
        add(exact)
    rows = _choice_rows()
    for _, code, folded in local_rows:
        if folded.startswith(spaced):
            add(code)
    for _, code, folded in rows:
        if folded.startswith(q) or code.lower() == q:
            add(code)
    for name_key, code in sorted(_names().items(), key=lambda item: (len(item[0]), item[0])):
        if name_key.startswith(q):
            add(code)
    for _, code, folded in local_rows:
        if spaced in folded:
            add(code)
    for _, code, folded in rows:
        if q in folded:
            add(code)
    return results[:limit]


def _spaced(folded: str) -> str:
    """A folded name with its hyphens as spaces: members type "royaume uni" for "Royaume-Uni"."""
    return folded.replace("-", " ")


def local_country(text: str, local: Sequence[tuple[str, str, str]]) -> str | None:
    """The code of the country whose name in *local*'s language is *text* ("royaume-uni"), or None."""
    key = _spaced(_fold(text[:80]).strip(" ."))
    return next((code for _, code, folded in local if folded == key), None)


def local_choice_rows(names: Mapping[str, str]) -> tuple[tuple[str, str, str], ...]:
    """``(name, code, folded name)`` of every country *names* (code → name in a language) knows, sorted as
    :func:`country_choices` reads them; build it once per language."""
    rows = [(names[c.alpha_2], c.alpha_2, _spaced(_fold(names[c.alpha_2])))
            for c in pycountry.countries if c.alpha_2 in names]
    return tuple(sorted(rows, key=lambda row: row[2]))

"""Recognising where-to-watch questions: "is it on Netflix in the UK?", "where can I rent Oppenheimer?".

A where-to-watch question asks which services offer a film now (subscription, rent, buy), not when it
comes out: "when is it on Netflix?" and "is it coming to Disney+?" stay release-date questions, and
:func:`parse_watch_question` returns None for them so the date answer is given as before. It is as
conservative as the release parser: talk about services ("I watched it on Netflix last night",
"Netflix is expensive", "did you stream it?") is not a question to the bot.

The film and the country are read by the release parser (``bot.domain.questions``), on the sentence
with the service names and watch phrasing replaced by a word it already understands, so both parsers
agree on titles, countries and "it". Linear in its input, like the rest of the domain.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.domain.countries import find_country_spans
from bot.domain.models import Format
from bot.domain.questions import parse_release_question

__all__ = [
    "SERVICES", "Service", "WatchQuestion", "may_ask_where", "offer_kinds_for", "parse_watch_question", "provider_key",
]

MAX_INPUT = 4000
MAX_SENTENCES = 20


def provider_key(name: str) -> str:
    """A service's name folded for comparison: "Disney+" and "Disney Plus" are both ``disneyplus``."""
    folded = unicodedata.normalize("NFKC", name).casefold().replace("+", "plus")
    return re.sub(r"[^0-9a-z]+", "", folded)


@dataclass(frozen=True)
class Service:
    """A service a member may name, and which of TMDB's provider names are that service."""

    name: str  # as answers write it
    #: folded prefixes of TMDB provider names that are this service ("Netflix basic with Ads" is Netflix)
    providers: tuple[str, ...]
    #: how members write it; ``ambiguous`` names ("Max", "Sky", "Stan") count only right after "on"/"via"
    pattern: str
    ambiguous: bool = False

    def offers(self, provider: str) -> bool:
        key = provider_key(provider)
        return any(key.startswith(prefix) for prefix in self.providers)


#: The services members ask about most, with TMDB's (JustWatch's) provider names for each.
SERVICES: tuple[Service, ...] = (
    Service("Netflix", ("netflix",), r"netflix"),
    Service("Disney+", ("disneyplus",), r"disney\s*(?:\+|plus)|disney"),
    Service("Prime Video", ("amazonprime", "primevideo", "amazonvideo"),
            r"(?:amazon\s+)?prime\s+video|amazon\s+prime|amazon\s+video"),
    Service("Amazon", ("amazon",), r"amazon", ambiguous=True),
    Service("Prime Video", ("amazonprime", "primevideo"), r"prime", ambiguous=True),
    Service("Apple TV+", ("appletvplus",), r"apple\s*tv\s*(?:\+|plus)"),
    Service("Apple TV", ("appletv", "appleitunes", "itunes"), r"apple\s*tv|itunes"),
    Service("Hulu", ("hulu",), r"hulu"),
    Service("Max", ("max", "hbomax", "hbo"), r"hbo\s*max|hbo"),
    Service("Max", ("max", "hbomax"), r"max", ambiguous=True),
    Service("Paramount+", ("paramountplus",), r"paramount\s*(?:\+|plus)"),
    Service("Peacock", ("peacock",), r"peacock"),
    Service("MUBI", ("mubi",), r"mubi"),
    Service("NOW", ("nowtv", "now"), r"now\s*tv"),
    Service("Sky", ("sky",), r"sky\s*(?:go|store|cinema)"),
    Service("Sky", ("sky",), r"sky", ambiguous=True),
    Service("BBC iPlayer", ("bbciplayer",), r"(?:bbc\s*)?iplayer"),
    Service("ITVX", ("itvx", "itv"), r"itvx"),
    Service("Channel 4", ("channel4",), r"channel\s*4", ambiguous=True),
    Service("BFI Player", ("bfiplayer",), r"bfi(?:\s*player)?"),
    Service("Curzon Home Cinema", ("curzon",), r"curzon(?:\s*home\s*cinema)?"),
    Service("Google Play Movies", ("googleplay",), r"google\s*play(?:\s*movies)?"),
    Service("YouTube", ("youtube",), r"youtube"),
    Service("Tubi", ("tubi",), r"tubi"),
    Service("Pluto TV", ("plutotv",), r"pluto\s*tv"),
    Service("Shudder", ("shudder",), r"shudder"),
    Service("Crunchyroll", ("crunchyroll",), r"crunchyroll"),
    Service("Criterion Channel", ("criterionchannel",), r"criterion(?:\s*channel)?"),
    Service("Rakuten TV", ("rakuten",), r"rakuten(?:\s*tv)?"),
    Service("Kanopy", ("kanopy",), r"kanopy"),
    Service("Plex", ("plex",), r"plex"),
    Service("Fandango at Home", ("fandango", "vudu"), r"fandango(?:\s*at\s*home)?|vudu"),
    Service("Canal+", ("canalplus",), r"canal\s*(?:\+|plus)"),
    Service("Movistar Plus+", ("movistar",), r"movistar\s*(?:\+|plus)?"),
    Service("Filmin", ("filmin",), r"filmin"),
    Service("Globoplay", ("globoplay",), r"globo\s*play"),
    Service("Joyn", ("joyn",), r"joyn"),
    Service("RTL+", ("rtlplus",), r"rtl\s*(?:\+|plus)"),
    Service("MagentaTV", ("magentatv",), r"magenta\s*tv"),
    Service("Stan", ("stan",), r"stan", ambiguous=True),
    Service("Crave", ("crave",), r"crave", ambiguous=True),
)

_PREP = r"(?:on|via|through|from|with|using)"
_SERVICE_PATTERNS: list[tuple[Service, re.Pattern[str]]] = [
    (service, re.compile(
        (rf"\b{_PREP} (?:the )?(?P<s>{service.pattern})(?![\w+])" if service.ambiguous
         else rf"(?<![\w+])(?P<s>{service.pattern})(?![\w+])"), re.I))
    for service in SERVICES
]

_MARKUP = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|<t:-?\d+(?::\w)?>|https?://\S+")
_SENTENCE_BREAK = re.compile(r"(?<=[!?])\s*|(?<=\.)\s+|\n+")

#: Without one of these no sentence can be a where-to-watch question (checked on the case-folded text).
_STEMS = re.compile(
    r"watch|see|stream|rent|buy|purchas|download|online|servic|platform|availab|netflix|disney|prime|amazon|"
    r"apple|itunes|hulu|max|hbo|paramount|peacock|mubi|now|sky|iplayer|itv|channel|bfi|curzon|google|youtube|"
    r"tubi|pluto|shudder|crunchyroll|criterion|rakuten|kanopy|plex|fandango|vudu|canal|stan|crave|movistar|filmin|"
    r"globo|joyn|rtl|magenta"
)


def may_ask_where(text: str, languages: Sequence[str] = ("en",)) -> bool:
    """False when *text* cannot be a where-to-watch question the release parser did not take already.

    The fail-fast screen for unprompted messages: such a question needs a question mark (without one,
    only what the release parser takes is answered) and a service or a way of watching, in one of
    *languages*. Most chatter fails the first test for the cost of one string scan, which keeps the
    mirror's per-message work flat.
    """
    if "?" not in text:
        return False
    if "en" in languages and _STEMS.search(text.casefold()) is not None:
        return True
    return any(watch_languages.may_ask(watch_languages.load(code), text)
               for code in languages if code in watch_languages.LANGUAGES)


# Dates: the release parser answers these, as before.
_DATE_WORDS = re.compile(
    r"\bwhen\b|\bwhens\b|\bwhat (?:date|day|year|month)\b|\brelease\s*date|\bhow (?:long|soon)\b|"
    r"\bcom(?:e|es|ing)\s+(?:out|to|on)\b|\bcame\s+(?:out|to)\b|\bgo(?:ing)? to be\b|\bgonna be\b|"
    r"\bwill (?:it|this|that|they) (?:be|come|get|go|hit|land|arrive)\b|\bdue\b|\bout\b|\breleas|"
    r"\bheading to\b|\bheaded to\b|\bany (?:news|word|update)\b",
    re.I,
)
# A home release of another kind: DVD and cinema questions are release questions.
_OTHER_FORMAT = re.compile(
    r"\b(?:dvds?|blu[- ]?rays?|4k|uhd|physical|cinemas?|theat(?:er|re)s?|imax|big screen|on tv|telly|"
    r"television|broadcast)\b",
    re.I,
)
# Talk about services, or about the members themselves, rather than a question about the film.
_CHATTER = re.compile(
    r"\b(?:did|have|had|were|was|will|would|are|do|does) (?:you|u|ya|y'all|anyone|anybody|any of you|they|he|she|"
    r"we|you guys|people|everyone|somebody|someone)(?: \w+)? (?:see|seen|saw|watch|watched|watching|catch|caught|"
    r"stream|streamed|streaming|rent|rented|renting|buy|bought|buying|like|liked|enjoy|enjoyed|think|thought|"
    r"prefer|use|pay|subscribe|recommend)\b|"
    r"\b(?:you|u|y'all) (?:use|have|pay for|subscribe|prefer|recommend|got)\b|\byour\b|"
    r"\b(?:worth|better|worse|good|best|cheaper|cheap|expensive|price|prices|cost|costs|how much|quality|"
    r"subtitles?|subbed|dubbed|dub|hdr|dolby|atmos|buffering|down for|crash\w*|vpn|subscription|cancel\w*|"
    r"login|account|password|tonight|this weekend|recommend\w*|version|cut|edit|trailer|ads? break|"
    r"should|shall|instead|rather)\b|"
    r"\b(?:movies|films|shows|series|stuff|things|anything|everything|something|nothing)\b|"
    r"\bwhat(?:'s| is) (?:on|new on|good on)\b|\bwhy\b|\bi (?:watched|streamed|rented|bought|saw|paid)\b",
    re.I,
)
_INTERJECTIONS = r"(?:(?:so|and|oh|hey|hi|btw|also|ok|okay|um|uh|quick question|question|guys|folks)[\s,:;!-]+)*"
_QUESTION_START = re.compile(
    rf"^\W*{_INTERJECTIONS}(?:is|isn't|isnt|are|aren't|has|hasn't|does|doesn't|do|can(?!'|not|t\b)|could|"
    r"where|wheres|which|what|whats|who|any|anyone|anybody|does anyone|do you|is there|wondering|i wonder|"
    r"any idea|anywhere)\b",
    re.I,
)
_WHERE = re.compile(
    r"\bwhere(?:'s|s)?(?: (?:can|could|do|should|would|might|may|is|are|to)\b)?(?: (?:i|we|you|one|people|it|this|"
    r"that|they|the (?:film|movie)|\w+))?(?: \w+)? (?:watch|stream|rent|buy|purchase|streaming|available)\b|"
    r"\bwhere to (?:watch|stream|rent|buy|purchase)\b",
    re.I,
)
_CAN_GET = re.compile(
    r"\b(?:can|could|may)(?!'|not|t\b) (?:i|we|you|one|people) (?:\w+ )?(?:(?:stream|rent|buy|purchase|download)\b|"
    r"(?:watch|see)\b(?=.*\b(?:online|at home|anywhere|somewhere|digitally)\b))",
    re.I,
)
_STREAMING_NOW = re.compile(
    r"\b(?:is|isn't|isnt|are|aren't)\b(?: [^ ?]+){0,8}? (?:streaming|streamable|available (?:to|for) "
    r"(?:stream|rent|buy|purchase|watch|streaming)|available online|on (?:any |a )?(?:streaming|subscription)"
    r"(?: services?| platforms?| sites?)?|free to (?:watch|stream)|anywhere to (?:watch|stream|rent|buy))\b",
    re.I,
)
_WHICH_SERVICE = re.compile(
    r"\b(?:which|what|who)(?:'s| is| are)? (?:streaming |subscription |streamer |video )?"
    r"(?:services?|platforms?|streamers?|sites?|apps?|providers?|is streaming|streams?)\b"
    r"(?: (?:is|are|has|have|got|carry|carries|show|shows|stream|streams|offer|offers|sell|sells|rent|rents)\b)?"
    r"(?: (?:it|this|that) on\b| (?:it|this|that) in\b)?",
    re.I,
)
_ANYWHERE = re.compile(r"\b(?:stream|rent|buy|watch)(?: it| this| that)? (?:anywhere|somewhere|online)\b", re.I)

_KIND_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("flatrate", re.compile(r"\bstream(?:ing|able|ed|s)?\b|\bsubscription\b|\bfree\b", re.I)),
    ("rent", re.compile(r"\brent(?:al|ing|ed|s)?\b", re.I)),
    ("buy", re.compile(r"\bbuy(?:ing|s)?\b|\bpurchas\w*|\bown it\b|\bdigital copy\b", re.I)),
]


@dataclass(frozen=True)
class WatchQuestion:
    """Where a film can be watched: the services named, the kinds of offer asked, the countries and film."""

    countries: tuple[str, ...]  # ISO alpha-2, in the order named
    title_text: str | None  # words that may name a film; None when the question means the context film
    refers_to_context: bool
    services: tuple[Service, ...] = ()  # services named, in order ("is it on Netflix?")
    kinds: tuple[str, ...] = ()  # TMDB offer kinds asked ("rent", "buy", "flatrate"); empty: any
    names_film: bool = field(default=False, compare=False)
    #: what a date answer would be about, should the film have no where-to-watch data
    formats: tuple[Format, ...] = (Format.DIGITAL,)
    #: the language the question was understood in ("en", "fr", "de", "es", "pt")
    language: str = field(default="en", compare=False)


def offer_kinds_for(kinds: tuple[str, ...]) -> tuple[str, ...]:
    """TMDB's offer kinds that answer the asked ones: streaming includes free and with-ads offers."""
    found: list[str] = []
    for kind in kinds:
        found.extend(("flatrate", "free", "ads") if kind == "flatrate" else (kind,))
    return tuple(dict.fromkeys(found))


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text[:MAX_INPUT])
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else (" " if ch in "\n\t\r" else "") for ch in text)
    text = _MARKUP.sub(" ", text)
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = re.sub(r"[*_~|>]+", " ", text)
    return re.sub(r"[ \t]+", " ", text).strip()


_ON_SERVICE = re.compile(rf"\b{_PREP}\s+(?:the\s+)?$", re.I)
_HAS_IT = re.compile(r"\s+(?:have|has|got|carry|carries|stream|streams|show|shows|offer|offers)\b", re.I)
_LISTED = re.compile(r"\s*(?:,|or|and|, or|, and)\s*(?:on\s+)?", re.I)
_DOES = re.compile(r"\b(?:does|do|has|is)\s+$", re.I)
#: Rewrites that leave the release parser a sentence it reads: the film, the country, "it".
_REWRITES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:does|do|has) streaming (?:have|has|got|carry|carries|stream|streams|show|shows|offer|offers)\b",
                re.I), "can i stream"),
    (re.compile(r"\bwhere to (watch|stream|rent|buy)\b", re.I), r"where can i \1"),
    (re.compile(r"\bwhere (?:i|we|you|one) (?:can|could) (watch|stream|rent|buy)\b", re.I), r"where can i \1"),
    (re.compile(r"\b(watch|stream|rent|buy) or (?:watch|stream|rent|buy)\b", re.I), r"\1"),
    (re.compile(r"\b(?:any |a )?(?:streaming |subscription )?(?:services?|platforms?|sites?|apps?)\b", re.I),
     " streaming "),
    (re.compile(r"\bfree\b(?: to (?:watch|stream))?", re.I), " streaming "),
    (re.compile(r"\b(?:online|at home|digitally)\b", re.I), " streaming "),
]


def _services(sentence: str) -> list[tuple[int, int, Service]]:
    """Services named in *sentence*, as spans, without overlaps (the longer name wins)."""
    found: list[tuple[int, int, Service]] = []
    for service, pattern in _SERVICE_PATTERNS:
        for match in pattern.finditer(sentence):
            found.append((match.start("s"), match.end("s"), service))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, Service]] = []
    for start, end, service in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, service))
    # A service counts where the film sits on it ("is it on Netflix", "via Prime Video") or where it is
    # said to have it ("does Netflix have it"); "Netflix and chill?" names a service but asks nothing.
    named: list[tuple[int, int, Service]] = []
    for start, end, service in kept:
        listed = bool(named) and _LISTED.fullmatch(sentence[named[-1][1]:start]) is not None  # "on Netflix or Hulu"
        if listed or _ON_SERVICE.search(sentence[:start]) or (
                _HAS_IT.match(sentence[end:]) and _DOES.search(sentence[:start])):
            named.append((start, end, service))
    return named


def _read_film(sentence: str, spans: list[tuple[int, int, Service]], is_title: Callable[[str], bool] | None
               ) -> tuple[tuple[str, ...], str | None, bool, bool]:
    """(countries, title, refers to context, names the film) from the release parser, on the sentence
    with the services and the which-service phrasing put as words it reads as "streaming"."""
    rewritten = sentence
    for start, end, _ in reversed(spans):
        rewritten = rewritten[:start] + "streaming" + rewritten[end:]
    rewritten = _WHICH_SERVICE.sub(" where can i stream ", rewritten)
    rewritten = re.sub(r"\bwhere(?:'s| is| are)? (it|this|that)\b", r"is \1", rewritten, flags=re.I)
    for pattern, replacement in _REWRITES:
        rewritten = pattern.sub(replacement, rewritten)
    parsed = parse_release_question(rewritten, mentioned=True, is_title=is_title)
    if parsed is not None:
        return parsed.countries, parsed.title_text, parsed.refers_to_context, parsed.names_film
    countries = tuple(dict.fromkeys(code for _, _, code in find_country_spans(sentence)))
    return countries, None, True, False


def parse_watch_question(
    text: str, *, mentioned: bool, is_title: Callable[[str], bool] | None = None,
    languages: Sequence[str] = ("en",),
) -> WatchQuestion | None:
    """A :class:`WatchQuestion` if the message asks where a film can be watched now, in the first of
    *languages* that reads one ("en", or a language of ``watch_languages``), else None.
    """
    for language in languages:
        if language == "en":
            question = _parse_english(text, mentioned=mentioned, is_title=is_title)
        elif language in watch_languages.LANGUAGES:
            question = watch_languages.parse_in(language, text, mentioned=mentioned, is_title=is_title)
        else:
            continue
        if question is not None:
            return question
    return None


def _parse_english(
    text: str, *, mentioned: bool, is_title: Callable[[str], bool] | None = None
) -> WatchQuestion | None:
    """The English reading: a :class:`WatchQuestion` if the message asks where a film can be watched now.

    None too for a release-date question about a service ("when is it on Netflix?"): that one is
    the release parser's, and its answer is unchanged. *mentioned* loosens nothing: where-to-watch
    phrasing is specific enough to read alike in a thread and in a mention, and a mention that is a
    statement ("@Reviewbot it's on Netflix btw") is not taken for a question. It is kept so that the
    call reads like the release parser's, and for a looser reading of mentions should one be wanted.
    """
    if not text:
        return None
    cleaned = _clean(text)
    if len(cleaned) < 3 or not _STEMS.search(cleaned.casefold()):
        return None
    sentences = [s.strip() for s in _SENTENCE_BREAK.split(cleaned) if s and s.strip(" .!?")] or [cleaned]
    for sentence in sentences[:MAX_SENTENCES]:
        if _DATE_WORDS.search(sentence):
            return None  # a date question (or a sentence with one) is the release answer's
        if _CHATTER.search(sentence) or _OTHER_FORMAT.search(sentence):
            continue
        asked = "?" in sentence or _QUESTION_START.search(sentence) is not None
        if not asked:
            continue
        spans = _services(sentence)
        intent = bool(spans) or any(p.search(sentence) for p in (_WHERE, _CAN_GET, _STREAMING_NOW,
                                                                   _WHICH_SERVICE, _ANYWHERE))
        if not intent:
            continue
        kinds = tuple(kind for kind, pattern in _KIND_WORDS if pattern.search(sentence))
        countries, title, context, names = _read_film(sentence, spans, is_title)
        # One per name: "Prime Video" and a bare "prime" are one service to answer about.
        services: dict[str, Service] = {}
        for _, _, service in spans:
            services.setdefault(service.name, service)
        return WatchQuestion(countries, title, context, tuple(services.values()), kinds, names)
    return None


# The other languages' reading builds on this module's services and WatchQuestion, so it is imported once
# they exist.
from bot.domain import watch_languages  # noqa: E402

"""Recognising release-date questions in chat and pulling out format, country and film title.

``parse_release_question`` is deliberately conservative: a question nobody asked is worse than one
left unanswered, so ordinary chatter ("the DVD extras are great", "it came out of nowhere") returns
None. When the bot is @-mentioned a bare "Never Let Me Go UK DVD?" is enough.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.domain.countries import find_country_spans
from bot.domain.models import Format

MAX_INPUT = 4000


@dataclass(frozen=True)
class ReleaseQuestion:
    formats: tuple[Format, ...]  # empty: any release
    countries: tuple[str, ...]  # ISO alpha-2, in the order named
    title_text: str | None  # words that may name a film; None when the question means the context film
    refers_to_context: bool
    #: the title sits where the question's subject goes ("when is *Oppenheimer* out?"), so it names a
    #: film even when the catalogue does not know it; leftovers such as "Thanks Rita" do not
    names_film: bool = field(default=False, compare=False)
    #: the language the question was understood in ("en", "fr", "de", "es", "pt"), so the answer can be too
    language: str = field(default="en", compare=False)


_MARKUP = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|<t:-?\d+(?::\w)?>|https?://\S+")
_FORMAT_PATTERNS: list[tuple[Format, re.Pattern[str]]] = [
    (Format.CINEMA, re.compile(
        r"\b(?:cinemas?|theat(?:er|re)s?|theatrical(?:ly)?|big screen|multiplex(?:es)?|imax|the pictures)\b", re.I)),
    (Format.DVD, re.compile(
        r"\b(?:dvds?|blu[- ]?rays?|4k(?: uhd)?|uhd|physical(?:ly| media| release| copy)?|home (?:video|media))\b",
        re.I)),
    (Format.DIGITAL, re.compile(
        r"\b(?:stream(?:ing|ed|s)?|digital(?:ly)?|vod|on[- ]demand|netflix|prime video|amazon(?: prime)?|"
        r"disney\s?(?:\+|plus)|hulu|hbo(?: max)?|apple tv(?:\+| plus)?|itunes|mubi|paramount\s?(?:\+|plus)|"
        r"peacock|now tv|download|rent(?:al)?|home video|home media)", re.I)),
    (Format.TV, re.compile(
        r"\b(?:on (?:tv|telly|the telly|television|bbc(?: one| two)?|itv|channel [45]|sky)|"
        r"(?:tv|television) (?:premiere|broadcast|showing)|broadcast|airing|air on)\b", re.I)),
    (Format.PREMIERE, re.compile(r"\b(?:premiere[sd]?|festival|world premiere|first screening)\b", re.I)),
]

# Release verbs and phrases: "out" that is not "out of"/"out loud"/"find out".
_OUT = r"(?<!find )(?<!found )(?<!check )(?<!figure )(?<!work )(?<!point )(?<!watch )(?<!freak )" \
       r"(?<!pass )(?<!sold )(?<!left )(?<!stand )(?<!stands )(?<!sort )(?<!carry )\bout\b" \
       r"(?!\s+(?:of|loud|there|here|with|for|to|and|about|front|side|and about|the window|loud|cold))"
_RELEASE = re.compile(
    r"release[ds]?\b|releasing|" + _OUT + r"|"
    r"\bcom(?:e|es|ing)\s+out|\bcame\s+out(?!\s+of)|\bdue\b|"
    r"\bhit(?:s|ting)?\s+(?:the\s+)?(?:cinemas?|theat(?:er|re)s?|screens|big screen|netflix|streaming|"
    r"shelves|stores|dvd|blu[- ]?ray|uk|us|uk cinemas|us theat(?:er|re)s)|"
    r"\bin\s+(?:\w+\s+)?(?:cinemas?|theat(?:er|re)s)|\bon\s+(?:dvd|blu[- ]?ray|netflix|digital|streaming|disney|prime|"
    r"amazon|hulu|max|hbo|apple tv|itunes|mubi|tv|telly|television|4k|vod)|"
    r"\bstreaming\b|\bavailable\b|\bplaying\b|\bpremier(?:e|es|ed|ing)\b|\bshowing\b|\bscreening\b|\bopen(?:s|ing)\b|"
    r"\b(?:watch|see|stream|rent|buy|get)\b",
    re.I,
)
_TIMING = re.compile(
    r"\bwhen\b|\byet\b|\bdates?\b|\bdue\b|\bsoon\b|\balready\b|\bany (?:news|word|idea|update)|"
    r"\bhow long\b|\bwhat day\b|\bwhich day\b|\bstill\b|\bnow\b",
    re.I,
)
_QUESTION_START = re.compile(
    r"^\W*(?:(?:so|and|oh|hey|hi|btw|also|ok|okay|um|uh|quick question|question)[\s,:;!-]+)*"
    r"(?:whens|is|isn't|isnt|has|hasn't|hasnt|have|will|does|did|do|can|could|are|where|what|whats|"
    r"which|any|anyone|anybody|does anyone|do you|do we|is there|has anyone|wondering|i wonder|"
    r"how long|how soon)\b",
    re.I,
)
_WHEN_Q = re.compile(r"\bwhen(?:'s|s| is| does| do| did| will| can| are| was| were|'ll| it's)\b", re.I)
_CAN_WATCH = re.compile(
    r"\b(?:can|could|where can|where do|how can) (?:i|we|you|one|people) (?:watch|see|stream|rent|buy|get)\b",
    re.I,
)
_RELEASE_DATE = re.compile(r"\brelease\s*date|\bcinema date|\bdvd date|\bstreaming date|\bout date\b", re.I)
_NOT_RELEASE = re.compile(
    r"\brelease of (?!the (?:film|movie|dvd|blu))|\bpress release|\breleased? (?:me|him|her|them|us|"
    r"the tension|tension|a statement|the hostages|prisoners?)\b|\bcame out of\b|\bout of nowhere\b|"
    r"\bcoming out (?:as|to)\b|\bcame out (?:as|to)\b|\bwhen i (?:was|were|saw|watched|first)\b|"
    r"\b(?:did|have|had|were|was|do) (?:you|u|ya|anyone|anybody|they|he|she|we|y'all|you guys|people)"
    r" (?:\w+ )?(?:see|seen|saw|watch|watched|catch|caught|think|thought|like|liked|enjoy|enjoyed|go|went|"
    r"love|loved|hate|hated)\b|\bshould (?:i|we) (?:buy|get|watch|see|rent|stream)\b|"
    r"\bwhen (?:it|this|that|the (?:film|movie)) (?:comes out|is out|gets released|is released|releases)\b"
    r"(?![^?]*\?)",
    re.I,
)
_CONTEXT_REF = re.compile(
    r"^(?:it|its|it's|this|that|this one|that one|the (?:movie|film|flick|sequel|dvd|blu[- ]?ray)|"
    r"this (?:movie|film|flick)|that (?:movie|film)|they|them|the one)$",
    re.I,
)

# Spans removed before what is left is taken as the film title.
_STRIP = re.compile(
    r"\b(?:(?:(?:what|which) )?year(?: did| was| is| were| does)?|how long (?:until|till|til|before|to wait)(?: for)?|"
    r"(?:is|are) there (?:a|an|any)|(?:is|are|will) (?:it|this|that|they) (?:com(?:e|es|ing)|going|get(?:ting)?)\b|"
    r"what(?:'s| is| was)? the (?:(?:uk|us|\w+) )?release date(?:s)? (?:of|for)|"
    r"(?:what(?:'s| is| was| are)?|any (?:news|word|idea|update)s?(?: on)?|do (?:you|we) know)\s+"
    r"(?:the\s+)?(?:release\s+)?dates?(?:\s+(?:of|for))?|"
    r"release\s*dates?(?:\s+(?:of|for))?|"
    r"(?:when|whens)(?:'s| is| does| do| did| will| can| are| was| were|'ll|s)?(?:\s+(?:it's|its))?|"
    r"(?:(?:does|do|did|has|have) )?(?:anyone|anybody|someone|any of you|you guys|you|we) know(?: when| if| whether)?|"
    r"any (?:news|word|idea|update)s?(?: on| about| when)?|(?:i'm |i am |just )?wondering(?: when| if)?|"
    r"i wonder(?: when| if)?|is there (?:a|any)|(?:can|could|where can|where do|how can) (?:i|we|you|one) "
    r"(?:watch|see|stream|rent|buy|get)|be able to (?:watch|see|stream|rent|buy|get)|"
    r"(?:be |been |being |finally |ever |actually |officially )*"
    r"(?:released?|releasing|com(?:e|es|ing) (?:out|to)|came (?:out|to)|out|due(?: out| for release| in| on)?|"
    r"available|"
    r"showing|playing|screening|premier(?:e|es|ed|ing)|open(?:s|ing)?|hit(?:s|ting)?|arrive|arriving|land|"
    r"landing)|"
    r"(?:in|on|at|to|into|for|via|through)? ?(?:the )?(?:uk |us |local |our )?(?:cinemas?|theat(?:er|re)s?|"
    r"theatrical(?:ly)?|big screen|imax|dvds?|blu[- ]?rays?|4k(?: uhd)?|uhd|physical(?: media| release| copy)?|"
    r"home (?:video|media|release)|stream(?:ing|ed)?|digital(?:ly)?|vod|on[- ]demand|netflix|prime video|"
    r"amazon(?: prime)?|disney\s?(?:\+|plus)|hulu|hbo(?: max)?|max|apple tv(?:\+| plus)?|itunes|mubi|"
    r"tv|telly|television|shelves|stores|screens|festivals?)|"
    r"(?:release|releases)|"
    r"\b(?:yet|already|still|now|soon|anywhere|somewhere|please|pls|plz|then|tho|though|finally|ever|"
    r"for release|any time soon|near (?:me|us|here|you)|at all|or not|by any chance|anyone|anybody|guys|"
    r"folks|mate|lol)\b)(?!\w)",
    re.I,
)
_LEADING = re.compile(
    r"^(?:(?:so|and|oh|hey|hi|btw|also|ok|okay|um|uh|quick question|question|but|then|well)\b[\s,:;!-]*)*"
    r"(?:(?:is|isn't|isnt|has|hasn't|hasnt|have|will|does|did|do|are|can|could|would|what|whats|what's|"
    r"where|which|about|for|of|if|whether|the release of)\b\s*)*",
    re.I,
)
_TRAILING = re.compile(
    r"(?:\s+(?:in|on|at|to|for|of|and|or|yet|be|been|the|a|an|get|got|going|gonna|is|are|will|"
    r"there|here|by|it|its|it's|already|now|still|ever|any|with|from|where|when))+$",
    re.I,
)
_SENTENCE_BREAK = re.compile(r"(?<=[!?])\s*|(?<!\b[A-Z])(?<=\.)\s+|\n+")


#: Every match of ``_RELEASE`` and of the format patterns contains one of these runs of letters: an
#: unprompted message without any of them has no release word and no format, so it is not a question.
#: Matched against the lowercased text: much faster than the same alternation with re.I.
#: (Keep in step with those patterns; tests/unit/test_question_prescreen.py checks each of their words.)
_STEMS = re.compile(
    r"releas|out|due|hit|cinema|theat|screen|multiplex|max|picture|dvd|blu|4k|uhd|physical|home|stream|"
    r"digital|vod|demand|netflix|prime|amazon|disney|hulu|hbo|tv|itunes|mubi|paramount|peacock|download|"
    r"rent|telly|television|bbc|channel|sky|broadcast|air|premier|festival|available|playing|showing|open|"
    r"watch|see|buy|get"
)
#: The characters ``_clean`` deletes outright in ASCII text; every other change it makes inserts a space.
_DELETED_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_plain_chatter(text: str) -> bool:
    """True when *text*, said without mentioning the bot, cannot be a release question: the fail-fast screen.

    Checked on the raw text, before the costly cleaning, and only where that is exact: in ASCII text
    without control characters ``_clean`` changes nothing that could join letters into a word (NFKC
    leaves ASCII alone, and markup, mentions and Markdown become spaces), so a word the patterns would
    find in the cleaned text is already in the raw text. Anything else (other scripts, emoji, control
    characters) goes the careful way. False means "maybe": the full parse decides.
    """
    return text.isascii() and _DELETED_CONTROLS.search(text) is None and _STEMS.search(text.lower()) is None


def clean_text(text: str) -> str:
    """*text* without markup, mentions, Markdown and control characters, as every language's parser reads it."""
    return _clean(text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text[:MAX_INPUT])
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else (" " if ch in "\n\t\r" else "") for ch in text
    )
    text = _MARKUP.sub(" ", text)
    text = re.sub(r"(?<!\w)@\w+", " ", text)  # a mention pasted as plain text
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = re.sub(r"[*_~|>]+", " ", text)  # Markdown emphasis, spoilers and quotes
    return re.sub(r"[ \t]+", " ", text).strip()


def _formats(text: str) -> tuple[Format, ...]:
    found: list[tuple[int, Format]] = []
    for fmt, pattern in _FORMAT_PATTERNS:
        match = pattern.search(text)
        if match:
            found.append((match.start(), fmt))
    if re.search(r"\bon tv\b|\btelevision\b", text, re.I):
        found = [(pos, fmt) for pos, fmt in found if fmt is not Format.DIGITAL or "apple tv" in text.lower()]
    found.sort()
    return tuple(dict.fromkeys(fmt for _, fmt in found))


_NOT_TERSE = re.compile(
    r"\b(?:is|are|was|were|do|does|did|should|would|could|worth|good|bad|better|best|think|like|love|hate|"
    r"how|why|who|which|what|extras|transfer|quality|price|cost|review|cut|version)\b",
    re.I,
)


# Said to the bot (a mention), these ask about a release too; in a thread's chatter they stay unanswered.
_YEAR_Q = re.compile(
    r"(?:\b(?:what|which)\s+year|^\W*year)\b.{0,80}?\b(?:com(?:e|es|ing)\s+out|came\s+out|out|released?|releasing|"
    r"from|made|premiered?|hit)\b",
    re.I,
)
_COMING_TO = re.compile(r"\b(?:com(?:e|es|ing)|came|going|headed|heading|get(?:s|ting)?)\s+(?:to|on|in)\b", re.I)
_IS_THERE = re.compile(r"\b(?:is|are) there (?:a|an|any)\b|^\W*any\b", re.I)
_HOW_LONG = re.compile(r"\bhow long (?:until|till|til|before|to wait)\b", re.I)


def _asks_the_bot(sentence: str, *, has_format: bool, has_country: bool) -> bool:
    """Release questions understood only when the member addresses the bot ("what year did it come out?")."""
    if _YEAR_Q.search(sentence):
        return True
    where = has_format or has_country
    if where and (_COMING_TO.search(sentence) or _IS_THERE.search(sentence)):
        return True
    return bool(_HOW_LONG.search(sentence)) and (where or _RELEASE.search(sentence) is not None)


def _is_question(sentence: str, *, mentioned: bool, has_format: bool, has_country: bool) -> bool:
    if _NOT_RELEASE.search(sentence) and not _RELEASE_DATE.search(sentence):
        cleaned = _NOT_RELEASE.sub(" ", sentence)
        if not _RELEASE.search(cleaned) or not _WHEN_Q.search(cleaned):
            return False
    if mentioned and _asks_the_bot(sentence, has_format=has_format, has_country=has_country):
        return True
    asked = "?" in sentence or bool(_QUESTION_START.search(sentence))
    if _RELEASE_DATE.search(sentence) and (asked or mentioned or len(sentence.split()) <= 8):
        return True
    release = _RELEASE.search(sentence)
    if _WHEN_Q.search(sentence) and (release or has_format):
        return True
    if _CAN_WATCH.search(sentence) and (has_country or has_format or "?" in sentence or _TIMING.search(sentence)):
        return True
    if not release:
        terse = not _NOT_TERSE.search(sentence) and len(sentence.split()) <= 12
        return mentioned and terse and (has_format or has_country) and "?" in sentence
    verb = release.group().lower()
    if verb in {"watch", "see", "stream", "rent", "buy", "get"} and not (has_format or has_country):
        return False
    if asked and (_TIMING.search(sentence) or has_format or has_country or verb.startswith(("release", "out"))):
        return True
    if re.search(r"\bwhen\b", sentence, re.I) and "?" in sentence:
        return True
    return mentioned and (has_format or has_country or _TIMING.search(sentence) is not None) and (
        asked or verb.startswith(("out", "release", "due", "com"))
    )


def _title_text(sentence: str) -> str | None:
    text = sentence
    spans = find_country_spans(text)
    for start, end, _ in reversed(spans):
        text = text[:start] + " | " + text[end:]
    text = re.sub(r"\((1[89]\d\d|20\d\d|21\d\d)\)", r" \1 ", text)  # "Dune (2021)" keeps its year
    text = re.sub(r"\b(?:in|for|to|from|across|throughout)\s+(?:the\s+)?(?=\|)", " ", text, flags=re.I)
    text = _STRIP.sub(" | ", text)
    text = re.sub(r"[?!.,;:\"“”()\[\]]+", " | ", text)
    chunks = []
    for chunk in text.split("|"):
        chunk = " ".join(chunk.split())
        for _ in range(3):
            chunk = _LEADING.sub("", chunk).strip()
            chunk = _TRAILING.sub("", " " + chunk).strip()
        chunk = chunk.strip(" -–—'\"")
        if chunk:
            chunks.append(chunk)
    if not chunks:
        return None
    meaningful = [c for c in chunks if not _CONTEXT_REF.match(c) and re.search(r"\w", c)]
    meaningful = [c for c in meaningful if c.lower() not in _IGNORABLE]
    if not meaningful:
        return None
    return max(meaningful, key=len)


# What comes right before a title that is the question's subject ("when is", "has", "release date of"),
# once leading interjections are dropped; and what may follow it (a release word, a format, the end).
_SUBJECT_BEFORE = re.compile(
    r"(?:^|\b(?:when(?:'s|s)?(?: is| does| did| will| was| were| can| do| are)?|is|isn't|isnt|has|hasn't|"
    r"hasnt|have|will|did|does|was|are|of|for|about|(?:watch|see|stream|rent|buy|get))\s*)$"
)
_SUBJECT_AFTER = re.compile(
    r"\s*(?:$|[?!.]|\(|\s(?:(?:be|been|being|finally|ever|actually|officially) )*(?:out|releas|com(?:e|es|ing)\b|"
    r"came\b|due\b|hit|arriv|land|premier|open|available|showing|playing|screening|stream|on\b|in\b|at\b|"
    r"to\b|yet\b|\d{4}|dvd|blu|digital|netflix|cinema|theat))"
)
_INTERJECTIONS = re.compile(r"^(?:(?:so|and|oh|hey|hi|btw|also|ok|okay|um|uh|quick question|question)\b[\s,:;!-]*)+")
_NOT_A_FILM = re.compile(
    r"^(?:the|this|its|it's|that) (?:director'?s'? cut|sequel|prequel|trailer|extended (?:cut|edition)|remaster\w*|"
    r"re-?release|soundtrack|book|dvd|blu[- ]?ray|4k|special edition|box ?set)$",
    re.I,
)


def _names_film(sentence: str, title: str) -> bool:
    """Whether *title* stands where the asked-about film goes, rather than being a leftover."""
    at = sentence.lower().find(title.lower())
    if at < 0:  # "Dune (2021)" was read as "Dune 2021"
        title = re.sub(r" (\d{4})$", r" (\1)", title)
        at = sentence.lower().find(title.lower())
    if at < 0 or _NOT_A_FILM.match(title):
        return False
    before = _INTERJECTIONS.sub("", sentence[:at].lower().strip())
    after = sentence[at + len(title):].lower()
    return bool(_SUBJECT_BEFORE.search(before)) and bool(_SUBJECT_AFTER.match(after))


_IGNORABLE = {
    "i", "we", "you", "u", "me", "us", "they", "a", "an", "the", "yet", "please", "do", "my", "our", "in",
    "on", "at", "to", "for", "of", "be", "any", "there", "here", "there any", "there a", "news",
    "thanks", "ty", "see", "watch", "get", "buy", "rent", "stream", "go", "see it", "watch it", "and",
    "or", "so", "oh", "hey", "date", "dates", "question", "quick question", "the date", "a date", "lol",
    "come", "coming", "i see", "i watch", "able", "able to", "i be able to", "will i be able to",
}


_TOKEN = re.compile(r"[^\s?!,;\"“”()\[\]]+")
_MAX_TITLE_TOKENS = 10
#: country words looked at per sentence for a title around them: bounds the work on hostile input
_MAX_COUNTRY_CHECKS = 8
_ARTICLES = {"the", "a", "an"}


_VERB_BEFORE = re.compile(
    r"\b(?:when(?:'s|s)?(?: is| does| did| will| was| were)?|is|isn't|isnt|has|hasn't|hasnt|will|did|does|was)\s*$"
)


def _in_subject_slot(sentence: str, start: int, end: int) -> bool:
    """"when is *Australia* out", not "is it out in Australia" nor "release date for Australia"."""
    before = _INTERJECTIONS.sub("", sentence[:start].lower().strip())
    return bool(_VERB_BEFORE.search(before)) and bool(_SUBJECT_AFTER.match(sentence[end:].lower()))


def _titles_around_countries(
    sentence: str, spans: list[tuple[int, int, str]], is_title: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """Stretches of *sentence* that are a known film title holding a country word ("Captain America").

    A lower-case "the" alone does not make a stretch longer than its country words, and a title that is
    only country words ("Australia") counts only where the question's subject goes: "is it out in
    Australia?" still asks about the country.
    """
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    starts = [start for start, _ in tokens]
    found: list[tuple[int, int]] = []
    for start, end, _ in spans[:_MAX_COUNTRY_CHECKS]:
        if any(s <= start and end <= e for s, e in found):
            continue
        first = max(0, bisect.bisect_right(starts, start) - 1)
        last = max(first, bisect.bisect_right(starts, end - 1) - 1)
        hit = None
        for size in range(min(_MAX_TITLE_TOKENS, len(tokens)), last - first, -1):
            for a in range(max(0, last - size + 1), min(first, len(tokens) - size) + 1):
                b = a + size - 1
                extra = [sentence[s:e] for s, e in tokens[a:first] + tokens[last + 1 : b + 1]]
                if extra and all(w in _ARTICLES for w in extra):
                    continue
                if not extra and not _in_subject_slot(sentence, tokens[a][0], tokens[b][1]):
                    continue  # the country words alone: a title ("Australia") only where the film goes
                if is_title(sentence[tokens[a][0] : tokens[b][1]].strip(".:'")):
                    hit = (tokens[a][0], tokens[b][1])
                    break
            if hit:
                break
        if hit:
            found.append(hit)
    return found


#: title look-ups per message, whatever the message holds: hostile text cannot make parsing slow
_TITLE_CHECK_BUDGET = 200


def _budgeted(is_title: Callable[[str], bool]) -> Callable[[str], bool]:
    left = [_TITLE_CHECK_BUDGET]

    def check(phrase: str) -> bool:
        if left[0] <= 0:
            return False
        left[0] -= 1
        return is_title(phrase)

    return check


def parse_release_question(
    text: str, *, mentioned: bool, is_title: Callable[[str], bool] | None = None,
    languages: Sequence[str] = ("en",),
) -> ReleaseQuestion | None:
    """A :class:`ReleaseQuestion` if the message asks when/where a film is released, else None.

    *is_title* says whether a phrase is a film title the catalogue knows: country words inside such a
    title ("The French Dispatch", "Captain America") are then part of the title, not the country asked.
    *languages* ("en", "fr", "de", "es", "pt") are tried in order, the first that understands the
    message wins; its code is the question's ``language``. Codes without a vocabulary are skipped.
    """
    for language in languages:
        if language == "en":
            question = _parse_english(text, mentioned=mentioned, is_title=is_title)
        elif language in question_languages.LANGUAGES:
            question = question_languages.parse_in(language, text, mentioned=mentioned, is_title=is_title)
            # Said to the bot, plain talk in this language ("você viu no cinema?") is not English's to read
            # as a terse question either.
            if question is None and mentioned and question_languages.is_chatter(language, text):
                return None
        else:
            continue
        if question is not None:
            return question
    return None


def _parse_english(
    text: str, *, mentioned: bool, is_title: Callable[[str], bool] | None = None
) -> ReleaseQuestion | None:
    if not text or (not mentioned and is_plain_chatter(text)):
        return None
    cleaned = _clean(text)
    if not cleaned or len(cleaned) < 3:
        return None
    if not mentioned and not _RELEASE.search(cleaned) and not any(p.search(cleaned) for _, p in _FORMAT_PATTERNS):
        # Unprompted chatter with no release word and no format is never a question: skip the costly
        # per-sentence work (most messages in a busy thread end here).
        return None
    sentences = [s.strip() for s in _SENTENCE_BREAK.split(cleaned) if s and s.strip(" .!?")] or [cleaned]
    is_title = _budgeted(is_title) if is_title else None
    for sentence in sentences[:40]:
        formats = _formats(sentence)
        spans = find_country_spans(sentence)
        titled = _titles_around_countries(sentence, spans, is_title) if spans and is_title else []
        if titled:
            spans = [sp for sp in spans if not any(s <= sp[0] and sp[1] <= e for s, e in titled)]
        countries = tuple(dict.fromkeys(code for _, _, code in spans))
        if not _is_question(sentence, mentioned=mentioned, has_format=bool(formats), has_country=bool(countries)):
            continue
        if titled:
            start, end = titled[0]
            title = sentence[start:end].strip(".:'")
            return ReleaseQuestion(formats, countries, title, False, True)
        title = _title_text(sentence)
        if title and title.lower() in {"release", "releases"}:
            title = None
        named = title is not None and _names_film(sentence, title)
        return ReleaseQuestion(formats, countries, title, title is None, named)
    return None


# The other languages' parser reads ReleaseQuestion and clean_text from this module, so it is imported once
# they exist (an import inside parse_release_question would cost every message in a thread a look-up).
from bot.domain import question_languages  # noqa: E402

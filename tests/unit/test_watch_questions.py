"""parse_watch_question: where-to-watch questions found, their services, kinds, countries and film;
date questions left to the release parser, and chatter about services left alone."""

from __future__ import annotations

import pytest

from bot.domain.questions import parse_release_question
from bot.domain.watch_questions import SERVICES, may_ask_where, offer_kinds_for, parse_watch_question, provider_key

# (message, services named, kinds asked, countries, title) — asked in a review's thread, no mention.
ASKED = [
    ("Is it on Netflix in the UK?", ("Netflix",), (), ("GB",), None),
    ("can I stream it?", (), ("flatrate",), (), None),
    ("where can I rent Oppenheimer?", (), ("rent",), (), "Oppenheimer"),
    ("is it on Disney+ yet?", ("Disney+",), (), (), None),
    ("is it on Disney Plus?", ("Disney+",), (), (), None),
    ("where can I watch it?", (), (), (), None),
    ("where can I stream it in Germany?", (), ("flatrate",), ("DE",), None),
    ("is it streaming anywhere?", (), ("flatrate",), (), None),
    ("is Oppenheimer on Netflix?", ("Netflix",), (), (), "Oppenheimer"),
    ("can I rent it on Amazon?", ("Amazon",), ("rent",), (), None),
    ("is it on Prime Video?", ("Prime Video",), (), (), None),
    ("which streaming service has it?", (), ("flatrate",), (), None),
    ("what platforms is it on?", (), (), (), None),
    ("where is it streaming?", (), ("flatrate",), (), None),
    ("where's it streaming in the UK?", (), ("flatrate",), ("GB",), None),
    ("where can I buy Oppenheimer in the US?", (), ("buy",), ("US",), "Oppenheimer"),
    ("is it available to stream in Canada?", (), ("flatrate",), ("CA",), None),
    ("is it on Apple TV+?", ("Apple TV+",), (), (), None),
    ("is it on any streaming service?", (), ("flatrate",), (), None),
    ("does anyone know if it's on Hulu?", ("Hulu",), (), (), None),
    ("is Past Lives on Mubi in the UK?", ("MUBI",), (), ("GB",), "Past Lives"),
    ("any idea where I can stream it?", (), ("flatrate",), (), None),
    ("where to watch Oppenheimer?", (), (), (), "Oppenheimer"),
    ("is it on Now TV?", ("NOW",), (), (), None),
    ("could I rent it somewhere?", (), ("rent",), (), None),
    ("is it free on Tubi?", ("Tubi",), ("flatrate",), (), None),
    ("is it on Paramount+ in Australia?", ("Paramount+",), (), ("AU",), None),
    ("where can we watch it in France?", (), (), ("FR",), None),
    ("is it streaming in the States?", (), ("flatrate",), ("US",), None),
    ("can I watch it on Max?", ("Max",), (), (), None),
    ("is it on HBO Max?", ("Max",), (), (), None),
    ("which services have it in Germany?", (), (), ("DE",), None),
    ("is it on Peacock?", ("Peacock",), (), (), None),
    ("where can I rent or buy it?", (), ("rent", "buy"), (), None),
    ("is it on BBC iPlayer?", ("BBC iPlayer",), (), (), None),
    ("hey, is it on Netflix?", ("Netflix",), (), (), None),
    ("Oppenheimer on Netflix?", ("Netflix",), (), (), "Oppenheimer"),
    ("is Oppenheimer streaming in the UK?", (), ("flatrate",), ("GB",), "Oppenheimer"),
    ("can I buy it digitally?", (), ("buy",), (), None),
    ("can I watch it online?", (), (), (), None),
    ("Does Netflix have Oppenheimer?", ("Netflix",), (), (), "Oppenheimer"),
    ("is it on Netflix or Prime Video in the UK?", ("Netflix", "Prime Video"), (), ("GB",), None),
    ("is it on netflix in deutschland?", ("Netflix",), (), ("DE",), None),
    ("is it on Prime Video or on Prime in the US?", ("Prime Video",), (), ("US",), None),
    ("is it on Hulu, Netflix or Hulu?", ("Hulu", "Netflix"), (), (), None),
]

# Chatter, and questions to people rather than the bot: never answered, with or without a mention.
IGNORED = [
    "I watched it on Netflix last night",
    "I watched it on Netflix last night and cried",
    "Netflix is expensive",
    "is Netflix worth it?",
    "did you watch it on Netflix?",
    "have you seen it on Prime?",
    "I cancelled my Disney+ subscription",
    "should I rent it or wait for Netflix?",
    "the Netflix version is better",
    "is the Netflix cut any good?",
    "where did you watch it?",
    "where do you guys stream movies?",
    "I rented it on Amazon for £3.99",
    "can't wait to stream it",
    "Netflix and chill?",
    "What's on Netflix tonight?",
    "Is anything good on Netflix?",
    "Do you have Netflix?",
    "is it worth buying on Blu-ray?",
    "anyone know a good VPN for Netflix?",
    "Has anyone streamed it?",
    "Is Disney+ down for anyone?",
    "It's on Netflix btw",
    "Hulu or Max?",
    "Why isn't it on Netflix?",
    "How much is it to rent?",
    "Which streaming services do you use?",
    "I can't stream it, my wifi is down",
    "Prime Video keeps buffering, anyone else?",
    "my mum watched it on Sky",
    "we should all watch it together",
    "I'll buy the Blu-ray",
    "I loved the release of tension in the last act",
    "is it better on Netflix or in cinemas?",
    "are you watching it on Netflix tonight?",
]

# Release-date questions, even about a service: the release parser's, answered with dates as before.
DATE_QUESTIONS = [
    "when is it on Netflix?",
    "when can I stream it?",
    "when does it come to Netflix",
    "is it coming to Netflix in Germany?",
    "when will it be streaming?",
    "what's the streaming release date?",
    "when's Irishman on Netflix?",
    "how long until it's on Disney+?",
    "will it be on Netflix?",
    "is it out on Netflix yet?",
    "is it out on DVD yet?",
    "can I buy it on DVD?",
    "is it playing in cinemas?",
    "can I watch it in Germany?",
]


@pytest.mark.parametrize(("text", "services", "kinds", "countries", "title"), ASKED)
def test_a_where_to_watch_question_is_read(text, services, kinds, countries, title):
    question = parse_watch_question(text, mentioned=False)
    assert question is not None
    assert tuple(s.name for s in question.services) == services
    assert question.kinds == kinds
    assert question.countries == countries
    assert question.title_text == title
    assert question.refers_to_context is (title is None)


@pytest.mark.parametrize("text", [t for t, *_ in ASKED])
def test_every_unprompted_watch_question_passes_the_screen(text):
    # What reaches the desk unprompted: a release question, or a message past the fail-fast screen.
    assert parse_release_question(text, mentioned=False) is not None or may_ask_where(text)


@pytest.mark.parametrize("text", IGNORED)
def test_chatter_about_services_is_not_a_question(text):
    assert parse_watch_question(text, mentioned=False) is None
    assert parse_watch_question(text, mentioned=True) is None


@pytest.mark.parametrize("text", DATE_QUESTIONS)
def test_date_questions_stay_the_release_parsers(text):
    assert parse_watch_question(text, mentioned=False) is None
    assert parse_watch_question(text, mentioned=True) is None


def test_a_mention_is_read_without_the_mention_markup():
    question = parse_watch_question("<@123456789012345678> is Oppenheimer on Netflix in the UK?", mentioned=True)
    assert question is not None and question.title_text == "Oppenheimer" and question.countries == ("GB",)


def test_a_known_title_with_a_country_word_stays_the_title():
    question = parse_watch_question("is Captain America streaming in Germany?", mentioned=False,
                                    is_title=lambda phrase: phrase.casefold() == "captain america")
    assert question is not None and question.title_text == "Captain America" and question.countries == ("DE",)


def test_ambiguous_service_names_count_only_after_on():
    assert parse_watch_question("is Max on Netflix?", mentioned=False).services[0].name == "Netflix"
    assert [s.name for s in parse_watch_question("is it on Sky?", mentioned=False).services] == ["Sky"]


def test_the_screen_turns_away_plain_chatter():
    assert not may_ask_where("I watched it on Netflix last night")
    assert not may_ask_where("what a lovely day?")
    assert may_ask_where("is it on Netflix?")


@pytest.mark.parametrize(("provider", "service", "offers"), [
    ("Netflix", "Netflix", True), ("Netflix basic with Ads", "Netflix", True), ("Disney Plus", "Disney+", True),
    ("Amazon Prime Video", "Prime Video", True), ("Amazon Video", "Amazon", True), ("Apple TV", "Apple TV+", False),
    ("Apple TV Plus", "Apple TV+", True), ("Apple TV", "Apple TV", True), ("Hulu", "Netflix", False),
])
def test_tmdbs_provider_names_match_the_service_asked(provider, service, offers):
    matching = [s for s in SERVICES if s.name == service]
    assert any(s.offers(provider) for s in matching) is offers


def test_provider_names_fold_plus_and_spacing():
    assert provider_key("Disney+") == provider_key("Disney Plus") == "disneyplus"


def test_streaming_counts_free_and_ad_supported_offers():
    assert offer_kinds_for(("flatrate", "rent")) == ("flatrate", "free", "ads", "rent")


def test_long_hostile_input_is_read_up_to_its_limits():
    # Only the first 4,000 characters and 20 sentences are read, whatever is sent.
    assert parse_watch_question("(" * 100_000, mentioned=True) is None
    assert parse_watch_question("ok. " * 50 + "is it on Netflix?", mentioned=True) is None
    question = parse_watch_question("is it on Netflix? " * 5_000, mentioned=True)
    assert question is not None and [s.name for s in question.services] == ["Netflix"]

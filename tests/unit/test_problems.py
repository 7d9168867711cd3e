"""Problems told later: kept as a message and its values, said in whoever asks's language, and text stored
by an older version shown as it was."""

from __future__ import annotations

import pytest

from bot.domain.feeds import FeedError, parse_feed
from bot.domain.locales import LANGUAGES
from bot.domain.problems import Problem
from bot.domain.translations import phrasebook


def test_a_problem_reads_back_from_what_is_stored_and_is_english_for_logs():
    problem = Problem.of("the server answered HTTP {status}", status=404)
    again = Problem.decoded(problem.encoded())
    assert again == problem and str(again) == "the server answered HTTP 404"


@pytest.mark.parametrize(("code", "said"), [
    ("en-GB", "the server answered HTTP 404"),
    ("fr", "le serveur a répondu HTTP 404"),
    ("de", "der Server antwortete mit HTTP 404"),
    ("es-ES", "el servidor respondió HTTP 404"),
    ("pt-BR", "o servidor respondeu HTTP 404"),
])
def test_a_stored_problem_is_said_in_the_language_of_whoever_asks(code, said):
    stored = Problem.of("the server answered HTTP {status}", status=404).encoded()
    assert Problem.decoded(stored).said(phrasebook(LANGUAGES[code])) == said


@pytest.mark.parametrize("text", ["the server answered HTTP 500", "odd {braces} from a server", "{", '{"message": 3}',
                                  '{"values": {}}', "[]"])
def test_text_stored_before_problems_were_kept_so_is_shown_as_it_is(text):
    problem = Problem.decoded(text)
    assert problem.said(phrasebook(LANGUAGES["fr"])) == text and str(problem) == text


def test_a_feed_error_carries_its_problem_and_a_servers_words_stay_a_value():
    with pytest.raises(FeedError) as caught:
        parse_feed(b"<rss><channel><item><title>{x}</title>")
    problem = caught.value.problem
    assert problem.message.startswith("the feed is not well-formed XML")
    assert str(caught.value) == str(problem)
    assert problem.said(phrasebook(LANGUAGES["fr"])).startswith("le flux n’est pas du XML bien formé")

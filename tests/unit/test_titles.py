import pytest

from bot.domain.titles import TitleIndex, find_title_in_text, find_titles_in_text, normalise, split_year, title_key

FILMS = [
    (1, "Never Let Me Go", 2010, ()),
    (2, "The Irishman", 2019, ("I Heard You Paint Houses",)),
    (3, "Dune", 1984, ()),
    (4, "Dune", 2021, ("Dune: Part One",)),
    (5, "Moonlight", 2016, ()),
    (6, "Extraction", 2020, ()),
    (7, "Amélie", 2001, ("Le Fabuleux Destin d'Amélie Poulain",)),
    (8, "It", 2017, ()),
    (9, "Captain America: The First Avenger", 2011, ()),
    (10, "Heat", 1995, ()),
    (11, "A Quiet Place", 2018, ()),
    (12, "Brazil", 1985, ()),
]


@pytest.fixture
def index():
    idx = TitleIndex()
    idx.add_many(FILMS)
    return idx


@pytest.mark.parametrize(
    ("query", "film_id"),
    [
        ("Never Let Me Go", 1), ("never let me go", 1), ("NEVER LET ME GO", 1), ("never let me goo", 1),
        ("nevr let me go", 1), ("never let me go!", 1), ("Never-Let-Me-Go", 1), ("The Never Let Me Go", 1),
        ("Irishman", 2), ("the irishman", 2), ("The Irishmen", 2), ("i heard you paint houses", 2),
        ("moonlight", 5), ("Moonlght", 5), ("mooonlight", 5), ("The Moonlight", 5), ("Extraktion", 6),
        ("amelie", 7), ("Amélie", 7), ("AMELIE", 7), ("le fabuleux destin d amelie poulain", 7),
        ("Quiet Place", 11), ("a quiet place", 11), ("The Quiet Place", 11),
        ("captain america the first avenger", 9), ("Captain America - The First Avenger", 9),
        ("Dune 2021", 4), ("Dune (1984)", 3), ("dune part one", 4),
    ],
)
def test_search_finds_titles_despite_typos_case_articles_and_punctuation(index, query, film_id):
    assert index.search(query)[0].film_id == film_id


def test_two_films_with_one_title_both_score_top(index):
    top = index.search("Dune")[:2]
    assert {m.film_id for m in top} == {3, 4}
    assert top[0].score == top[1].score == 100


@pytest.mark.parametrize("query", ["zzzz qqqq", "", "   ", "!!!"])
def test_search_returns_nothing_for_unrelated_text(index, query):
    assert index.search(query) == []


def test_replace_and_remove_update_every_lookup(index):
    index.replace(5, "Moonrise Kingdom", 2012)
    assert index.search("moonlight", min_score=90) == []
    assert index.search("moonrise kingdom")[0].film_id == 5
    assert index.prefix_choices("moonr")[0].film_id == 5
    index.remove(5)
    assert index.search("moonrise kingdom") == []
    assert index.prefix_choices("moonr") == []
    assert 5 not in index and len(index) == len(FILMS) - 1


@pytest.mark.parametrize(
    ("query", "film_id"),
    [("nev", 1), ("Never l", 1), ("moo", 5), ("irish", 2), ("quiet", 11), ("ame", 7), ("first aven", 9)],
)
def test_prefix_choices_complete_partial_titles(index, query, film_id):
    assert film_id in [m.film_id for m in index.prefix_choices(query)]


def test_prefix_choices_are_capped_at_25():
    idx = TitleIndex()
    idx.add_many((i, f"Night {i}", 2000, ()) for i in range(100))
    assert len(idx.prefix_choices("night", limit=100)) == 25


@pytest.mark.parametrize(
    ("text", "film_id"),
    [
        ("is Never Let Me Go out on DVD in the UK yet?", 1),
        ("when does never let me goo come out in america", 1),
        ("when's Irishman out?", 2),
        ("has The Irishman hit cinemas yet", 2),
        ("is Extraction on Netflix in Germany?", 6),
        ("when is captain america the first avenger out in the UK", 9),
        ("Moonlght UK DVD", 5),
        ("amelie release date in France", 7),
        ("Dune 2021 release date", 4),
    ],
)
def test_find_title_in_text_locates_the_film_in_a_question(index, text, film_id):
    match = find_title_in_text(text, index)
    assert match is not None and match.film_id == film_id


@pytest.mark.parametrize(
    "text",
    [
        "when is it out in the UK?",
        "is it out yet",
        "is the movie out in America yet",
        "when does this come out in the States",
        "release date?",
        "can you tell us when it's out",
    ],
)
def test_find_title_in_text_ignores_question_and_country_words(index, text):
    assert find_title_in_text(text, index) is None


def test_find_titles_in_text_reports_an_ambiguous_title(index):
    assert {m.film_id for m in find_titles_in_text("when is Dune out?", index)} == {3, 4}


@pytest.mark.parametrize(
    ("text", "key"),
    [("The Irishman", "irishman"), ("A Quiet Place", "quiet place"), ("Amélie!", "amelie"),
     ("Fast & Furious", "fast and furious"), ("The", "the"), ("Don't Look Up", "dont look up")],
)
def test_title_key_ignores_case_accents_punctuation_and_leading_article(text, key):
    assert title_key(text) == key


def test_normalise_keeps_the_article():
    assert normalise("The Irishman") == "the irishman"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Dune (2021)", ("Dune", 2021)), ("Dune 1984", ("Dune", 1984)), ("Dune", ("Dune", None)),
     ("1917", ("1917", None)), ("Blade Runner 2049", ("Blade Runner", 2049))],
)
def test_split_year_reads_a_trailing_year(query, expected):
    assert split_year(query) == expected


def test_a_large_index_still_answers():
    idx = TitleIndex()
    idx.add_many((i, f"Film number {i} of the night", 2000, ()) for i in range(5_000))
    idx.add(10**9, "Never Let Me Go", 2010)
    assert idx.search("never let me goo")[0].film_id == 10**9
    assert idx.prefix_choices("never let")[0].film_id == 10**9


def test_a_year_that_belongs_to_the_title_is_kept(index):
    index.add(50, "Blade Runner 2049", 2017)
    assert index.search("blade runner 2049")[0].film_id == 50
    assert index.exact("Blade Runner 2049")[0].film_id == 50


def test_a_short_exact_title_inside_a_misspelt_longer_one_does_not_win(index):
    index.add(60, "Never", 2014)
    match = find_title_in_text("when does never let me goo come out on DVD?", index)
    assert match is not None and match.film_id == 1
    assert find_title_in_text("when is Never out in the UK?", index).film_id == 60

"""A new blog comment as Discord messages: quoted, literal where Discord would read more, split to its limit."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.blog_comments import MAX_QUOTE_MESSAGES, MESSAGE_MAX, quote_messages
from bot.domain.models import Comment


def blog_comment(content: str, author: str = "Bea", url: str | None = "https://blog.example/p/1#comment-7") -> Comment:
    return Comment(message_id=-7, review_id=1, guild_id=1, thread_id=2, author_id=0, author_name=author,
                   content=content, created_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), source="blog", url=url)


def test_a_short_comment_is_one_quote_naming_its_author_and_linking_to_it():
    [message] = quote_messages(blog_comment("Read it *twice*.\n\nSo good."))
    assert message == ("**Bea** commented on the blog · [see it there](<https://blog.example/p/1#comment-7>)\n"
                       "> Read it *twice*.\n>\n> So good.")


def test_a_reply_on_the_blog_says_so_and_a_comment_without_a_link_has_none():
    [message] = quote_messages(blog_comment("Yes.", url=None), reply=True)
    assert message == "**Bea** replied on the blog\n> Yes."


@pytest.mark.parametrize(("text", "shown"), [
    ("@everyone look", "> @\u200beveryone look"),
    ("hi @here", "> hi @\u200bhere"),
    ("<@123> and <@&4> and <#5>", "> \\<@123> and \\<@&4> and \\<#5>"),
    ("<t:1700000000:R> </help:1>", "> \\<t:1700000000:R> \\</help:1>"),
    ("# Huge", "> \\# Huge"),
    ("-# tiny", "> \\-# tiny"),
    ("> forged quote", "> \\> forged quote"),
])
def test_what_discord_would_read_more_into_is_shown_literally(text, shown):
    [message] = quote_messages(blog_comment(text))
    assert message.split("\n")[1] == shown


def test_the_author_cannot_format_or_ping_in_the_header():
    [message] = quote_messages(blog_comment("ok", author="**Admin** <@1>\nnext line"))
    assert message.startswith("**\\*\\*Admin\\*\\* \\<@1\\> next line** commented")


@pytest.mark.parametrize("text", [
    ("A sentence of a long comment. " * 60 + "\n\n") * 3,
    "a\n" * 2500,
    "x" * 5000,
    "```\n" + "code line\n" * 500 + "```",
])
def test_a_long_comment_is_split_into_whole_quotes_within_discords_limit(text):
    messages = quote_messages(blog_comment(text))
    assert 1 < len(messages) <= MAX_QUOTE_MESSAGES
    assert all(len(m) <= MESSAGE_MAX for m in messages)
    note = "*The rest is on the blog.*"
    assert all(line.startswith(">") for m in messages for line in m.split("\n")[1:] if line != note)
    assert [m.split("\n")[0] for m in messages[1:]] == ["*Bea, continued*"] * (len(messages) - 1)


def test_a_huge_comment_stops_at_a_few_messages_and_points_to_the_blog():
    messages = quote_messages(blog_comment("word " * 100_000))
    assert len(messages) == MAX_QUOTE_MESSAGES and messages[-1].endswith("\n*The rest is on the blog.*")
    assert len(messages[-1]) <= MESSAGE_MAX

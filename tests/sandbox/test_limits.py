"""Discord's validation rules, checked directly (discord.py refuses some of these before sending)."""

from __future__ import annotations

import pytest

from bot.sandbox import limits
from bot.sandbox.limits import ApiError


def errors_of(fn, *args):
    with pytest.raises(ApiError) as info:
        limits.check(fn, *args)
    assert info.value.status == 400 and info.value.code == 50035
    return info.value.payload()["errors"]


def button(i):
    return {"type": 2, "style": 1, "label": str(i), "custom_id": f"b{i}"}


def test_message_content_and_components():
    assert errors_of(limits.validate_message, {"content": "x" * 2001})["content"]["_errors"][0]["code"] == (
        "BASE_TYPE_MAX_LENGTH"
    )
    rows = [{"type": 1, "components": [button(0)]} for _ in range(6)]
    assert "components" in errors_of(limits.validate_message, {"components": rows})
    row = [{"type": 1, "components": [button(i) for i in range(6)]}]
    assert "0" in errors_of(limits.validate_message, {"components": row})["components"]
    limits.check(limits.validate_message, {"content": "x" * 2000, "components": [row[0] | {"components": [button(1)]}]})


def test_embed_fields():
    embed = {"fields": [{"name": "n", "value": "v"}] * 26}
    assert "fields" in errors_of(limits.validate_message, {"embeds": [embed]})["embeds"]["0"]


def test_modal_limits():
    text_input = {"type": 4, "custom_id": "a", "label": "l" * 46, "style": 1}
    modal = {"title": "ok", "custom_id": "m", "components": [{"type": 1, "components": [text_input]}]}
    assert errors_of(limits.validate_modal, modal)["data"]["components"]["0"]["components"]["0"]["label"]
    rows = [{"type": 1, "components": [dict(text_input, label="ok")]} for _ in range(6)]
    assert errors_of(limits.validate_modal, dict(modal, components=rows))["data"]["components"]
    label = {"type": 18, "label": "x" * 46, "component": dict(text_input, label=None)}
    del label["component"]["label"]
    assert errors_of(limits.validate_modal, dict(modal, components=[label]))["data"]["components"]["0"]["label"]


def test_autocomplete_choices():
    choices = [{"name": str(i), "value": str(i)} for i in range(26)]
    assert "choices" in errors_of(limits.validate_choices, choices)["data"]
    assert errors_of(limits.validate_choices, [{"name": "n" * 101, "value": "v"}])["data"]["choices"]["0"]["name"]


@pytest.mark.parametrize("name", ["review", "film-night", "série", "評価", "a_b"])
def test_valid_command_names(name):
    assert limits.valid_command_name(name)


@pytest.mark.parametrize("name", ["", "Review", "two words", "x" * 33, "bang!"])
def test_invalid_command_names(name):
    assert not limits.valid_command_name(name)
    assert errors_of(limits.validate_command, [0], {"name": name, "description": "d", "type": 1})["0"]["name"]


def test_command_description_and_option_names():
    errors = errors_of(
        limits.validate_command,
        [0],
        {"name": "ok", "description": "", "options": [{"type": 3, "name": "Bad", "description": "d"}]},
    )
    assert errors["0"]["description"] and errors["0"]["options"]["0"]["name"]

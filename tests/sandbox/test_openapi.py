"""The checker that holds the loopback server to Discord's OpenAPI specification, checked itself.

Each malformed request or answer here is one Discord would refuse or never give; a checker that
never complains fails these, and one that always complains fails the well-formed cases.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import aiohttp
import pytest

from bot.sandbox import openapi
from bot.sandbox.openapi import Spec

USER = {
    "id": "80351110224678912",
    "username": "alice",
    "avatar": None,
    "discriminator": "0",
    "public_flags": 0,
    "flags": 0,
    "global_name": None,
    "primary_guild": None,
}


@pytest.fixture(scope="module")
def spec() -> Spec:
    """A spec of its own, so these deliberate mismatches stay out of the session's report."""
    return Spec(openapi.load().document)


def kinds(found: list[openapi.Mismatch]) -> list[str]:
    return [m.kind for m in found]


def test_the_specification_is_loaded_once_per_process():
    assert openapi.load() is openapi.load()


def test_a_well_formed_request_and_answer_pass(spec):
    assert spec.check_request("POST", "/channels/80351110224678912/messages", {}, {"content": "hello"}) == []
    assert spec.check_request("GET", "/channels/1/messages", {"limit": "50", "before": "2"}, None) == []
    assert spec.check_response("GET", "/users/80351110224678912", 200, USER) == []
    assert spec.check_response("DELETE", "/channels/1/messages/2", 204, None) == []


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "expected"),
    [
        ("GET", "/nonsense/1", {}, None, "route not in the spec"),
        ("PUT", "/users/@me", {}, None, "method not in the spec for this route"),
        ("POST", "/channels/1/messages", {}, {"content": 5}, "content is number, spec says ['string', 'null']"),
        ("POST", "/channels/1/messages", {}, {"content": "x" * 4001}, "content breaks maxLength 4000"),
        ("POST", "/channels/1/threads", {}, {"name": "x" * 101}, "name breaks maxLength 100"),
        ("POST", "/channels/1/threads", {}, {"auto_archive_duration": 60}, "missing name in $"),
        ("POST", "/channels/general/messages", {}, {"content": "hi"}, 'channel_id breaks pattern "^(0|[1-9][0-9]*)$"'),
        ("GET", "/channels/1/messages", {"limit": "101"}, None, "limit breaks maximum 100"),
        ("GET", "/channels/1/messages", {"newest": "1"}, None, "query parameter not in the spec"),
        ("POST", "/channels/1/typing", {}, {"content": "x"}, "body where the spec takes none"),
    ],
)
def test_a_malformed_request_is_a_mismatch(spec, method, path, query, body, expected):
    assert expected in kinds(spec.check_request(method, path, query, body))


@pytest.mark.parametrize(
    ("method", "path", "status", "body", "expected"),
    [
        ("GET", "/users/1", 200, {k: v for k, v in USER.items() if k != "primary_guild"}, "missing primary_guild in $"),
        ("GET", "/users/1", 200, {**USER, "id": 80351110224678912}, "id is number, spec says string"),
        ("GET", "/users/1", 200, {**USER, "username": None}, "username is null, spec says string"),
        ("POST", "/channels/1/threads", 200, {"id": "2"}, "status 200 not in the spec (it has 201)"),
        ("DELETE", "/channels/1/messages/2", 204, {"id": "2"}, "JSON body on a 204, which the spec gives none"),
        ("GET", "/users/1", 200, None, "no body on a 200, which the spec gives one"),
        ("GET", "/users/1", 404, {"message": "Unknown User"}, "missing code in $"),
    ],
)
def test_a_malformed_answer_is_a_mismatch(spec, method, path, status, body, expected):
    assert expected in kinds(spec.check_response(method, path, status, body))


def exemption_uses(spec: Spec, name: str) -> int:
    return spec.tally.exemptions[name]


@pytest.mark.parametrize(
    ("check", "name"),
    [
        (
            lambda s: s.check_request("POST", "/channels/1/threads", {}, {"name": "t", "auto_archive_duration": "60"}),
            "digit strings for integers",
        ),
        (
            lambda s: s.check_response(
                "POST",
                "/channels/1/messages",
                400,
                {
                    "code": 50035,
                    "message": "Invalid Form Body",
                    "errors": {
                        "content": {
                            "_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}]
                        }
                    },
                },
            ),
            "per-field error codes are strings",
        ),
        (
            lambda s: s.check_response(
                "GET", "/users/1", 429, {"message": "You are being rate limited.", "retry_after": 0.3, "global": False}
            ),
            "no code in a 429 body",
        ),
    ],
)
def test_a_documented_exception_passes_and_is_counted(spec, check: Any, name: str):
    before = exemption_uses(spec, name)
    assert check(spec) == []
    assert exemption_uses(spec, name) == before + 1


def test_exceptions_stay_inside_their_scope(spec):
    """A digit string is accepted in a request, never in an answer; a 404 without code is still wrong."""
    assert "public_flags is string, spec says integer" in kinds(
        spec.check_response("GET", "/users/1", 200, {**USER, "public_flags": "0"})
    )
    assert "missing code in $" in kinds(
        spec.check_response("GET", "/users/1", 404, {"message": "Unknown User", "retry_after": 1.0, "global": False})
    )


def test_every_exception_is_named_explained_and_linked():
    names = [e.name for e in openapi.EXEMPTIONS]
    assert len(names) == len(set(names))
    for exemption in openapi.EXEMPTIONS:
        assert exemption.reason
        assert exemption.link.startswith(
            ("https://discord.com/developers/docs/", "https://github.com/discord/discord-api-spec")
        )


def test_the_report_lists_every_exception_with_its_count_and_every_mismatch(spec):
    spec.check_exchange("GET", "/users/1", {}, None, 200, {**USER, "id": 1})
    report = "\n".join(spec.tally.report())
    for exemption in openapi.EXEMPTIONS:
        assert f"{spec.tally.exemptions[exemption.name]:6d}  {exemption.name}:" in report
    assert "id is number, spec says string  [1 routes: GET /users/{user_id}]" in report


def test_every_route_the_server_answers_is_in_the_specification(loopback, spec):
    missing = [f"{r.method} {r.template}" for r in loopback.rest.routes if not spec.has_operation(r.method, r.template)]
    assert missing == []


async def test_the_server_records_an_answer_that_breaks_the_specification(loopback, drv):
    """End to end: a user object whose field has a shape Discord never sends is caught on the wire."""
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    alice = drv.create_member(guild, "alice")
    url = f"{loopback.api_base}/users/{alice.id}"
    headers = {"Authorization": f"Bot {app.token}"}
    async with aiohttp.ClientSession() as http:
        async with http.get(url, headers=headers) as answer:
            assert answer.status == 200
        assert loopback.spec_mismatches == []
        loopback.state.users[alice.id]["primary_guild"] = "Film club"  # a string where Discord sends an object or null
        async with http.get(url, headers=headers) as answer:
            assert answer.status == 200
    assert [m.where.route for m in loopback.spec_mismatches] == ["/users/{user_id}"]
    assert kinds(loopback.spec_mismatches)[0].startswith("primary_guild is string")
    loopback.spec.tally.forget(loopback.spec_mismatches)  # expected here: not part of the session's count
    loopback.spec_mismatches.clear()  # and the fixture fails on leftovers


def test_a_digit_string_nonce_fits_the_string_branch_once(spec):
    """The nonce is an integer or a string; a digit string is the string, not both (which breaks oneOf)."""
    body = {"content": "hi", "nonce": "10654658798361445296"}
    assert spec.check_request("POST", "/channels/1/messages", {}, body) == []


@pytest.mark.parametrize(
    ("check", "name"),
    [
        (
            lambda s: s.check_request(
                "PUT",
                "/applications/1/commands",
                {},
                [
                    {
                        "name": "pick",
                        "description": "d",
                        "options": [{"type": 7, "name": "where", "description": "d", "channel_types": [0, 15, 16]}],
                    }
                ],
            ),
            "channel type 16 (GUILD_MEDIA)",
        ),
        (
            lambda s: s.check_request(
                "POST", "/channels/1/threads", {"use_nested_fields": "true"}, {"name": "t", "message": {"content": "c"}}
            ),
            "use_nested_fields on thread creation",
        ),
        (
            lambda s: s.check_request(
                "POST", "/channels/1/messages", {}, {"content": "c", "message_reference": {"message_id": 2}}
            ),
            "integer snowflakes in requests",
        ),
    ],
)
def test_what_discord_py_sends_and_discord_takes_is_a_counted_exception(spec, check: Any, name: str):
    before = exemption_uses(spec, name)
    assert check(spec) == []
    assert exemption_uses(spec, name) == before + 1


def test_channel_type_17_is_still_refused(spec):
    body = [
        {
            "name": "pick",
            "description": "d",
            "options": [{"type": 7, "name": "where", "description": "d", "channel_types": [17]}],
        }
    ]
    assert spec.check_request("PUT", "/applications/1/commands", {}, body) != []


def test_a_dispatch_is_held_to_the_rest_schema_of_what_it_embeds(spec):
    assert spec.check_dispatch("READY", {"v": 10, "user": USER}) == []
    broken = spec.check_dispatch("READY", {"v": 10, "user": {**USER, "id": 1}})
    assert [(m.where.route, m.kind) for m in broken] == [("READY", "id is number, spec says string")]
    assert "missing user in $" in kinds(spec.check_dispatch("GUILD_MEMBER_ADD", {"guild_id": "1", "roles": []}))


def test_the_server_runs_unchecked_without_jsonschema():
    """jsonschema is a test dependency: `reviewbot sandbox` must start a server without it."""
    code = (
        "import sys; sys.modules['jsonschema'] = None\n"
        "from bot.sandbox.server import LoopbackDiscord\n"
        "assert LoopbackDiscord().spec is None\n"
        "assert 'bot.sandbox.openapi' not in sys.modules\n"
        "print('unchecked')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "unchecked"


MESSAGE = {
    "id": "3",
    "channel_id": "2",
    "type": 0,
    "content": "pick one",
    "author": USER,
    "mentions": [],
    "mention_roles": [],
    "attachments": [],
    "embeds": [],
    "timestamp": "2026-12-01T20:00:00.000000+00:00",
    "edited_timestamp": None,
    "flags": 0,
    "pinned": False,
    "mention_everyone": False,
    "tts": False,
    "components": [
        {"type": 1, "id": 1, "components": [{"type": 2, "id": 2, "style": 1, "custom_id": "a", "label": "A"}]}
    ],
}


def test_the_shortcuts_never_let_a_broken_object_through(spec):
    """Remembered verdicts, pruned union branches and const unions only ever skip work, never errors."""
    assert spec.check_response("GET", "/channels/2/messages/3", 200, MESSAGE) == []
    assert spec.check_response("GET", "/channels/2/messages/3", 200, MESSAGE) == []  # remembered
    no_id = {**MESSAGE, "components": [{"type": 1, "id": 1, "components": [{"type": 2, "style": 1, "label": "A"}]}]}
    assert "missing id in components" in kinds(spec.check_response("GET", "/channels/2/messages/3", 200, no_id))
    odd_tag = {**MESSAGE, "components": [{"type": 99, "id": 1, "components": []}]}
    assert spec.check_response("GET", "/channels/2/messages/3", 200, odd_tag) != []
    broken_author = {**MESSAGE, "author": {**USER, "username": 5}}
    assert "username is number, spec says string" in kinds(
        spec.check_response("GET", "/channels/2/messages/3", 200, broken_author)
    )

"""Discord's own OpenAPI specification as the referee of the loopback server.

Why: every end-to-end test stands on the loopback server, and an answer real Discord never gives (a
user without ``primary_guild``, a 200 where Discord says 201) passes a bot that real Discord breaks.
:class:`Spec` checks each request the server accepts (route, method, path and query parameters, the
JSON or ``payload_json`` body) and each JSON answer it gives (against the response schema of that
status) with jsonschema's Draft 2020-12 validator, ``$ref``s resolved inside the one document.

Where the document is wrong, or stricter than Discord is, :data:`EXEMPTIONS` names the difference
once, with the reason and a link to Discord's docs; every use is counted in the spec's :class:`Tally` and
reported at the end of a test run, so the list cannot grow unnoticed. Mismatches are kept on the
server (``LoopbackDiscord.spec_mismatches``) and the test fixtures fail the test that caused them.

jsonschema is a test dependency: the server imports this module only when it is installed, so
``reviewbot sandbox`` runs without it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

log = logging.getLogger(__name__)

#: ``specs/openapi.json`` of github.com/discord/discord-api-spec, unmodified (provenance and MIT
#: licence in ``discord-openapi.LICENSE`` beside it).
SPEC_PATH = Path(__file__).with_name("spec") / "discord-openapi.json"
DOCUMENT_URI = "urn:discord-openapi"
DIGITS = re.compile(r"^-?[0-9]+$")
GUILD_MEDIA = 16
#: payloads whose verdict is remembered (a whole test session repeats many); the cache starts over when full
VERDICT_CACHE_SIZE = 20_000
#: the pseudo-keyword of exemptions for query parameters the spec does not declare
QUERY = "x-undeclared-query-parameter"


@dataclass(frozen=True)
class Where:
    """Which exchange is being checked: its side, method, the spec's route template, and status."""

    side: str  # "request", "response" or "dispatch"
    method: str
    route: str
    status: int | None = None

    def __str__(self) -> str:
        status = f" -> {self.status}" if self.status is not None else ""
        return f"{self.side} {self.method} {self.route}{status}"


@dataclass(frozen=True)
class Mismatch:
    """One way an exchange differs from the specification.

    *kind* leaves out values and routes, so that the same mistake made by many answers counts as one
    kind; *detail* says where in the payload and what the validator said.
    """

    where: Where
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind} ({self.detail})"


@dataclass(frozen=True)
class Exemption:
    """A named, documented place where the specification is wrong or stricter than Discord.

    It relaxes the JSON Schema *keywords* where *applies(where, keyword_value, instance, schema)* holds
    (*schema* is the one holding the keyword).
    """

    name: str
    reason: str
    link: str
    keywords: tuple[str, ...]
    applies: Callable[[Where, Any, Any, dict[str, Any]], bool]


def _digit_string_for_integer(where: Where, expected: Any, instance: Any, schema: dict[str, Any]) -> bool:
    """A request's digit string where the schema wants an integer (``type``), or one of some (``enum``)."""
    if where.side != "request" or not isinstance(instance, str) or not DIGITS.match(instance):
        return False
    allowed = expected if isinstance(expected, list) else [expected]
    return "integer" in allowed or int(instance) in allowed


def _field_error_code(where: Where, expected: Any, instance: Any, schema: dict[str, Any]) -> bool:
    types = expected if isinstance(expected, list) else [expected]
    return (
        where.status is not None
        and where.status >= 400
        and "integer" in types
        and isinstance(instance, str)
        and instance.isupper()
    )


def _missing_only_code(where: Where, required: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return (
        where.status == 429
        and isinstance(instance, dict)
        and [name for name in required if name not in instance] == ["code"]
    )


def _integer_snowflake(where: Where, expected: Any, instance: Any, schema: dict[str, Any]) -> bool:
    """A request's integer where the schema wants a snowflake string (discord.py sends ids as ints)."""
    return (
        where.side == "request"
        and isinstance(instance, int)
        and not isinstance(instance, bool)
        and instance >= 0
        and schema.get("format") == "snowflake"
    )


def _guild_media_channel_type(where: Where, branches: Any, instance: Any, schema: dict[str, Any]) -> bool:
    """16 against the spec's ``ChannelTypes`` union of consts (recognised by its GUILD_FORUM branch)."""
    return instance == GUILD_MEDIA and any(isinstance(b, dict) and b.get("title") == "GUILD_FORUM" for b in branches)


def _use_nested_fields(where: Where, name: Any, value: Any, schema: dict[str, Any]) -> bool:
    return where.route == "/channels/{channel_id}/threads" and name == "use_nested_fields"


#: The exception list: each difference between the document and Discord, in one place.
EXEMPTIONS: tuple[Exemption, ...] = (
    Exemption(
        "integer snowflakes in requests",
        "the API takes ids as JSON integers as well as strings, and discord.py sends many so (message_reference, "
        "allowed_mentions, bulk delete); the spec types snowflakes string only",
        "https://discord.com/developers/docs/reference#snowflakes",
        ("type",),
        _integer_snowflake,
    ),
    Exemption(
        "digit strings for integers",
        "the spec's own README: the API accepts strings for integer fields if they parse as integers",
        "https://github.com/discord/discord-api-spec#readme",
        ("type", "enum", "const"),
        _digit_string_for_integer,
    ),
    Exemption(
        "channel type 16 (GUILD_MEDIA)",
        "media channels are a documented channel type, missing from the spec's ChannelTypes; discord.py lists "
        "them in the channel_types of channel options",
        "https://discord.com/developers/docs/resources/channel#channel-object-channel-types",
        ("oneOf",),
        _guild_media_channel_type,
    ),
    Exemption(
        "use_nested_fields on thread creation",
        "discord.py creates forum posts with ?use_nested_fields=true (the message nested in the body), which the "
        "API takes and the spec does not declare",
        "https://discord.com/developers/docs/resources/channel#start-thread-in-forum-or-media-channel",
        (QUERY,),
        _use_nested_fields,
    ),
    Exemption(
        "per-field error codes are strings",
        "field errors under `errors` carry codes like BASE_TYPE_MAX_LENGTH; the spec reuses its integer `code`",
        "https://discord.com/developers/docs/reference#error-messages",
        ("type",),
        _field_error_code,
    ),
    Exemption(
        "no code in a 429 body",
        "Discord's rate-limit body is message, retry_after and global; the spec requires `code` as in other errors",
        "https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit",
        ("required",),
        _missing_only_code,
    ),
)


@dataclass
class Tally:
    """What the checks of one :class:`Spec` found: the exemptions used, and the mismatches by kind."""

    exemptions: Counter[str] = field(default_factory=Counter)
    exemption_routes: dict[str, set[str]] = field(default_factory=dict)
    server_errors: int = 0
    mismatches: Counter[str] = field(default_factory=Counter)
    mismatch_routes: dict[str, set[str]] = field(default_factory=dict)
    examples: dict[str, Mismatch | str] = field(default_factory=dict)

    def add(self, found: list[Mismatch]) -> None:
        for mismatch in found:
            self.mismatches[mismatch.kind] += 1
            self.mismatch_routes.setdefault(mismatch.kind, set()).add(f"{mismatch.where.method} {mismatch.where.route}")
            self.examples.setdefault(mismatch.kind, mismatch)

    def forget(self, found: list[Mismatch]) -> None:
        """Take back mismatches a test provoked on purpose, so the report counts only real ones."""
        for mismatch in found:
            self.mismatches[mismatch.kind] -= 1
            if self.mismatches[mismatch.kind] <= 0:
                del self.mismatches[mismatch.kind]
                self.mismatch_routes.pop(mismatch.kind, None)
                self.examples.pop(mismatch.kind, None)

    def as_plain(self) -> dict[str, object]:
        """The tally as plain lists and numbers, so a test-runner worker can hand it to the process that reports."""
        return {
            "exemptions": dict(self.exemptions),
            "exemption_routes": {name: sorted(routes) for name, routes in self.exemption_routes.items()},
            "server_errors": self.server_errors,
            "mismatches": dict(self.mismatches),
            "mismatch_routes": {kind: sorted(routes) for kind, routes in self.mismatch_routes.items()},
            "examples": {kind: str(example) for kind, example in self.examples.items()},
        }

    def merge_plain(self, plain: dict) -> None:
        """Add another process's :meth:`as_plain` tally to this one (its examples arrive as text)."""
        self.exemptions.update(plain["exemptions"])
        for name, routes in plain["exemption_routes"].items():
            self.exemption_routes.setdefault(name, set()).update(routes)
        self.server_errors += plain["server_errors"]
        self.mismatches.update(plain["mismatches"])
        for kind, routes in plain["mismatch_routes"].items():
            self.mismatch_routes.setdefault(kind, set()).update(routes)
        for kind, example in plain["examples"].items():
            self.examples.setdefault(kind, example)

    def report(self) -> list[str]:
        """Lines for the end of a test run: every exemption with its count, then any mismatches."""
        lines = ["Discord OpenAPI checks — documented exceptions, and how many payloads needed each:"]
        for exemption in EXEMPTIONS:
            lines.append(
                f"  {self.exemptions[exemption.name]:6d}  {exemption.name}: {exemption.reason} <{exemption.link}>"
            )
            routes = sorted(self.exemption_routes.get(exemption.name, ()))
            if routes:
                lines.append(f"          on {len(routes)} routes: {', '.join(routes[:6])}")
        lines.append(
            f"  {self.server_errors:6d}  5xx answers (injected faults): the spec declares no 5xx responses, so their "
            "bodies are not checked"
        )
        total = sum(self.mismatches.values())
        lines.append(f"mismatches with the specification: {total} in {len(self.mismatches)} kinds")
        for kind, count in self.mismatches.most_common():
            routes = self.mismatch_routes[kind]
            lines.append(f"  {count:6d}  {kind}  [{len(routes)} routes: {', '.join(sorted(routes)[:4])}]")
            lines.append(f"          e.g. {self.examples[kind]}")
        return lines


_where: ContextVar[Where | None] = ContextVar("openapi_where", default=None)
_used: ContextVar[list[str] | None] = ContextVar("openapi_used", default=None)


def _relaxed(
    keyword: str, original: Callable[..., Iterator[ValidationError]]
) -> Callable[..., Iterator[ValidationError]]:
    """*original* keyword validation, with the errors an exemption covers counted instead of raised.

    Exemptions are a last resort: a union (``oneOf``/``anyOf``) is first tried strictly, so that a
    digit string that fits a union's string branch is not also let into its integer branch (which
    would make a ``oneOf`` match twice).
    """
    exemptions = [e for e in EXEMPTIONS if keyword in e.keywords]
    union = keyword in UNIONS

    def check(validator: Validator, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if union:
            if _is_one_of_the_constants(value, instance):
                return
            value = _possible_branches(value, instance)
        where, used = _where.get(), _used.get()
        relaxing = where is not None and used is not None
        if union and relaxing:
            strict = _used.set(None)
            try:
                errors = list(original(validator, value, instance, schema))
            finally:
                _used.reset(strict)
            if not errors:
                return
        errors = list(original(validator, value, instance, schema))
        if errors and relaxing:
            for exemption in exemptions:
                if exemption.applies(where, value, instance, schema):
                    used.append(exemption.name)  # type: ignore[union-attr]
                    return
        yield from errors

    return check


UNIONS = ("oneOf", "anyOf")
#: id of each union's list of branches in the document -> per branch, the ``type`` tags it allows
#: (None: any). Filled once by :class:`Spec`; the lists live as long as the cached document.
_UNION_TAGS: dict[int, list[frozenset[int] | None]] = {}


#: id of each union whose branches are all ``const`` (an enum spelled as a oneOf) -> its constants
_CONST_UNIONS: dict[int, frozenset[Any]] = {}
_CONST_BRANCH_KEYS = {"const", "title", "description"}


def _is_one_of_the_constants(branches: list[Any], instance: Any) -> bool:
    """Speed only: an integer that is one of a const-only union's constants fits exactly one branch.

    (``ChannelTypes`` and its kin are such unions; jsonschema would build an error for every other
    branch, at every ``type`` of every object.) Anything else takes the full path, exemptions included.
    """
    constants = _CONST_UNIONS.get(id(branches))
    return (
        constants is not None and isinstance(instance, int) and not isinstance(instance, bool) and instance in constants
    )


def _possible_branches(branches: list[Any], instance: Any) -> list[Any]:
    """The branches of a tagged union that *instance*'s integer ``type`` does not already rule out.

    Speed only: a branch whose ``type`` property allows other tags fails on that property anyway,
    but jsonschema would first check every other property of it (a message's components are a
    union of a dozen such branches, nested).
    """
    tags = _UNION_TAGS.get(id(branches))
    tag = instance.get("type") if isinstance(instance, dict) else None
    if tags is None or not isinstance(tag, int) or isinstance(tag, bool):
        return branches
    return [b for b, allowed in zip(branches, tags, strict=True) if allowed is None or tag in allowed]


def _index_unions(document: dict[str, Any]) -> None:
    """Record the ``type`` tags of every union's branches (see :func:`_possible_branches`)."""

    def resolve(node: Any) -> Any:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            target: Any = document
            for token in node["$ref"][2:].split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def tags(branch: Any) -> frozenset[int] | None:
        branch = resolve(branch)
        prop = resolve(branch.get("properties", {}).get("type")) if isinstance(branch, dict) else None
        if not isinstance(prop, dict):
            return None
        if isinstance(prop.get("enum"), list) and all(isinstance(v, int) for v in prop["enum"]):
            return frozenset(prop["enum"])
        return frozenset([prop["const"]]) if isinstance(prop.get("const"), int) else None

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in UNIONS:
                branches = node.get(key)
                if isinstance(branches, list):
                    _UNION_TAGS[id(branches)] = [tags(b) for b in branches]
                    if branches and all(
                        isinstance(b, dict) and "const" in b and set(b) <= _CONST_BRANCH_KEYS for b in branches
                    ):
                        constants = [b["const"] for b in branches]
                        if len(set(constants)) == len(constants):  # distinct, so exactly one matches
                            _CONST_UNIONS[id(branches)] = frozenset(constants)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(document)


#: (``$ref``, digest of the canonical JSON) of objects found strictly valid: the same user, member or
#: channel is embedded in many payloads, and strictly valid is valid whatever the exemptions
_VALID_OBJECTS: set[tuple[str, bytes]] = set()


def _digest(instance: Any) -> bytes:
    return hashlib.blake2b(json.dumps(instance, sort_keys=True, default=str).encode(), digest_size=16).digest()


def _remembering_ref(original: Callable[..., Iterator[ValidationError]]) -> Callable[..., Iterator[ValidationError]]:
    """``$ref`` that skips an object already found strictly valid against the same schema (speed only)."""

    def check(validator: Validator, ref: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if not isinstance(instance, dict) or not isinstance(ref, str) or not ref.startswith("#/components/"):
            yield from original(validator, ref, instance, schema)
            return
        key = (ref, _digest(instance))
        if key in _VALID_OBJECTS:
            return
        strict = _used.get() is None
        errors = list(original(validator, ref, instance, schema))
        if not errors and strict:
            if len(_VALID_OBJECTS) >= VERDICT_CACHE_SIZE:
                _VALID_OBJECTS.clear()
            _VALID_OBJECTS.add(key)
        yield from errors

    return check


_CheckingValidator = validators.extend(
    Draft202012Validator,
    {
        "$ref": _remembering_ref(Draft202012Validator.VALIDATORS["$ref"]),
        **{
            kw: _relaxed(kw, Draft202012Validator.VALIDATORS[kw])
            for kw in {*UNIONS, *(kw for e in EXEMPTIONS for kw in e.keywords if kw != QUERY)}
        },
    },
)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _json_path(error: ValidationError) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)


def _type_name(instance: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(instance), "number" if isinstance(instance, int | float) else type(instance).__name__
    )


def _leaf(error: ValidationError) -> ValidationError:
    """The error that says what is wrong: inside a failed oneOf/anyOf, the branch that came closest.

    (jsonschema's ``best_match`` stops at a union whose branches are equally relevant, which says
    only "not valid under any of the given schemas".)
    """
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        error = best_match(min(branches.values(), key=_distance))
    return error


def _distance(errors: list[ValidationError]) -> int:
    """How far a union branch is from fitting: a wrong ``type`` tag or JSON type at its root rules it out."""
    return sum(
        1000
        if (e.validator == "type" and not e.relative_path)
        or (e.validator in ("enum", "const") and list(e.relative_path) == ["type"])
        else 1
        for e in errors
    )


def _kind(leaf: ValidationError, root: str) -> str:
    """What is wrong, without values: the same mistake in many answers is one kind."""
    last = next((p for p in reversed(leaf.absolute_path) if isinstance(p, str)), root)
    if leaf.validator == "required":
        named = re.match(r"^'(.+)' is a required property", leaf.message)
        missing = [named.group(1)] if named else [n for n in leaf.validator_value if n not in leaf.instance]
        return f"missing {', '.join(missing)} in {last}"
    if leaf.validator == "type":
        return f"{last} is {_type_name(leaf.instance)}, spec says {leaf.validator_value}"
    if leaf.validator in ("enum", "const"):
        return f"{last} = {leaf.instance!r} not allowed by the spec"
    if leaf.validator == "additionalProperties":
        extra = sorted(set(leaf.instance) - set(leaf.schema.get("properties", {})))
        return f"unexpected {', '.join(extra)} in {last}"
    return f"{last} breaks {leaf.validator} {json.dumps(leaf.validator_value)[:60]}"


@dataclass
class PathItem:
    template: str
    pointer: str
    regex: re.Pattern[str]
    literals: int
    item: dict[str, Any]


class Spec:
    """The specification, compiled once: routes matched by template, validators built on first use."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.registry: Registry[Any] = Registry().with_resource(DOCUMENT_URI, DRAFT202012.create_resource(document))
        self.paths: list[PathItem] = []
        for template, item in document["paths"].items():
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
            literals = sum(1 for segment in template.split("/") if segment and not segment.startswith("{"))
            self.paths.append(
                PathItem(template, f"/paths/{_escape(template)}", re.compile(f"^{pattern}$"), literals, item)
            )
        self._validators: dict[str, Validator] = {}
        #: everything this spec's checks found; for :func:`load`'s, the whole process (a pytest session)
        self.tally = Tally()
        #: (pointer, where, label, digest of the canonical JSON) -> (mismatches, exemptions used): the same payload is
        #: checked once (the command list of every bot start, the application, unchanged messages)
        self._verdicts: dict[tuple[str, Where, str, bytes], tuple[list[Mismatch], frozenset[str]]] = {}
        _index_unions(document)

    # -- lookups -------------------------------------------------------------------------------------

    def path(self, path: str) -> tuple[PathItem | None, dict[str, str]]:
        """The most literal template matching *path* (``/users/@me`` before ``/users/{user_id}``)."""
        best: tuple[PathItem | None, dict[str, str]] = (None, {})
        for item in self.paths:
            found = item.regex.match(path)
            if found and (best[0] is None or item.literals > best[0].literals):
                best = item, found.groupdict()
        return best

    def has_operation(self, method: str, template: str) -> bool:
        """Whether the spec has *method* on a template that matches the server's *template*."""
        item, _ = self.path(template)
        return item is not None and method.lower() in item.item

    def validator(self, pointer: str) -> Validator:
        """A validator for the schema at *pointer* in the document, compiled once per process."""
        found = self._validators.get(pointer)
        if found is None:
            found = _CheckingValidator({"$ref": f"{DOCUMENT_URI}#{pointer}"}, registry=self.registry)
            self._validators[pointer] = found
        return found

    def resolve(self, pointer: str) -> tuple[str, Any]:
        """The object at *pointer*, following ``$ref``s (response objects refer to components)."""
        node: Any = self.document
        for token in pointer.lstrip("/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        while isinstance(node, dict) and "$ref" in node:
            pointer = node["$ref"].removeprefix("#")
            return self.resolve(pointer)
        return pointer, node

    # -- checks -------------------------------------------------------------------------------------

    def check_schema(self, where: Where, pointer: str, instance: Any, at: str = "$") -> list[Mismatch]:
        """Validate *instance* against the schema at *pointer*, exemptions applied and counted."""
        canonical = json.dumps(instance, sort_keys=True, default=str).encode()
        key = (pointer, where, at, hashlib.blake2b(canonical, digest_size=16).digest())
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdict(where, pointer, instance, at)
            if len(self._verdicts) >= VERDICT_CACHE_SIZE:
                self._verdicts.clear()
            self._verdicts[key] = verdict
        mismatches, used = verdict
        for name in used:  # counted per payload checked, however many union branches tried it
            self.tally.exemptions[name] += 1
            self.tally.exemption_routes.setdefault(name, set()).add(f"{where.method} {where.route}")
        return list(mismatches)

    def _verdict(self, where: Where, pointer: str, instance: Any, at: str) -> tuple[list[Mismatch], frozenset[str]]:
        validator = self.validator(pointer)
        if validator.is_valid(instance):  # strictly valid: no exemption needed, none counted
            return [], frozenset()
        used: list[str] = []
        where_token, used_token = _where.set(where), _used.set(used)
        try:
            errors = list(validator.iter_errors(instance))
        finally:
            _where.reset(where_token)
            _used.reset(used_token)
        leaves = [_leaf(e) for e in errors]
        found = [Mismatch(where, _kind(e, at), f"{at}{_json_path(e)[1:]}: {e.message[:200]}") for e in leaves]
        return found, frozenset(used)

    def _exempt(self, where: Where, keyword: str, value: Any, instance: Any) -> bool:
        """Whether an exemption covers what the checker itself (not a schema keyword) found; counted."""
        for exemption in EXEMPTIONS:
            if keyword in exemption.keywords and exemption.applies(where, value, instance, {}):
                self.tally.exemptions[exemption.name] += 1
                self.tally.exemption_routes.setdefault(exemption.name, set()).add(f"{where.method} {where.route}")
                return True
        return False

    def _operation(self, method: str, path: str, where: Where) -> tuple[PathItem, str, dict[str, str]] | Mismatch:
        item, params = self.path(path)
        if item is None:
            return Mismatch(where, "route not in the spec", path)
        if method.lower() not in item.item:
            return Mismatch(where, "method not in the spec for this route", f"{method} {item.template}")
        return item, f"{item.pointer}/{method.lower()}", params

    def check_request(
        self, method: str, path: str, query: Mapping[str, str], body: Any, *, multipart: bool = False
    ) -> list[Mismatch]:
        """Path and query parameters and body of a request the server accepted."""
        item, _ = self.path(path)
        where = Where("request", method, item.template if item else path)
        found = self._operation(method, path, where)
        if isinstance(found, Mismatch):
            return [found]
        item, op_pointer, path_params = found
        operation = item.item[method.lower()]
        mismatches: list[Mismatch] = []
        declared: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for owner, pointer in ((item.item, item.pointer), (operation, op_pointer)):
            for i, param in enumerate(owner.get("parameters", [])):
                declared[param["in"], param["name"]] = param, f"{pointer}/parameters/{i}/schema"
        for name, value in path_params.items():
            if ("path", name) in declared:
                mismatches += self.check_schema(where, declared["path", name][1], value, name)
        for name, value in query.items():
            if ("query", name) not in declared:
                if not self._exempt(where, QUERY, name, value):
                    mismatches.append(Mismatch(where, "query parameter not in the spec", name))
                continue
            param, pointer = declared["query", name]
            mismatches += self.check_schema(where, pointer, _query_value(param["schema"], value), name)
        for (place, name), (param, _) in declared.items():
            if place == "query" and param.get("required") and name not in query:
                mismatches.append(Mismatch(where, "required query parameter missing", name))
        mismatches += self._check_body(where, op_pointer, operation, body, multipart=multipart)
        return mismatches

    def _check_body(
        self, where: Where, op_pointer: str, operation: dict[str, Any], body: Any, *, multipart: bool
    ) -> list[Mismatch]:
        request_body = operation.get("requestBody")
        if request_body is None:
            return [] if body is None else [Mismatch(where, "body where the spec takes none", type(body).__name__)]
        if body is None:
            return [Mismatch(where, "required body missing", "")] if request_body.get("required") else []
        content = request_body["content"]
        # payload_json is the JSON body; its schema is the JSON one where the operation has both.
        for media in ("application/json", "multipart/form-data") if multipart else ("application/json",):
            if media in content:
                return self.check_schema(where, f"{op_pointer}/requestBody/content/{_escape(media)}/schema", body)
        return [Mismatch(where, "content type not accepted by the spec", "multipart" if multipart else "json")]

    def check_response(self, method: str, path: str, status: int, body: Any) -> list[Mismatch]:
        """The status and JSON body of an answer to a route the spec has (others are request mismatches)."""
        item, _ = self.path(path)
        if item is None or method.lower() not in item.item:
            return []
        where = Where("response", method, item.template, status)
        op_pointer = f"{item.pointer}/{method.lower()}"
        responses = item.item[method.lower()]["responses"]
        key = next((k for k in (str(status), f"{status // 100}XX") if k in responses), None)
        if key is None:
            if status >= 500:
                self.tally.server_errors += 1
                return []
            declared = ", ".join(k for k in responses if not k.startswith(("4", "5")) or k == str(status))
            return [Mismatch(where, f"status {status} not in the spec (it has {declared})", "")]
        pointer, response = self.resolve(f"{op_pointer}/responses/{key}")
        content = response.get("content", {})
        if "application/json" not in content:
            return [] if body is None else [Mismatch(where, f"JSON body on a {status}, which the spec gives none", "")]
        if body is None:
            return [Mismatch(where, f"no body on a {status}, which the spec gives one", "")]
        return self.check_schema(where, f"{pointer}/content/application~1json/schema", body)

    def check_dispatch(self, event: str, data: Any) -> list[Mismatch]:
        """The objects a gateway dispatch embeds, against the REST schemas of the same objects."""
        where = Where("dispatch", "GATEWAY", event)
        found: list[Mismatch] = []
        for at, pointer, instance in dispatch_parts(event, data):
            found += self.check_schema(where, pointer, instance, at)
        self.tally.add(found)
        return found

    def check_exchange(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        body: Any,
        status: int,
        answer: Any,
        *,
        multipart: bool = False,
    ) -> list[Mismatch]:
        """Both sides of one exchange; the request only if the server accepted it (< 400).

        A request the server rejected is checked no further: a 400 for a body the spec also forbids
        is the server being as strict as Discord, and its error body is still checked.
        """
        found = self.check_request(method, path, query, body, multipart=multipart) if status < 400 else []
        found += self.check_response(method, path, status, answer)
        self.tally.add(found)
        return found


#: Gateway payloads are outside the spec; these are the REST schemas of the objects dispatches embed.
CHANNEL_SCHEMA = "/paths/~1channels~1{channel_id}/get/responses/200/content/application~1json/schema"
MEMBER_SCHEMA = "/components/schemas/GuildMemberResponse"
MESSAGE_SCHEMA = "/components/schemas/MessageResponse"
USER_SCHEMA = "/components/schemas/UserResponse"
CHANNEL_EVENTS = ("CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE", "THREAD_CREATE", "THREAD_UPDATE")


def dispatch_parts(event: str, data: Any) -> Iterator[tuple[str, str, Any]]:
    """(where in the payload, schema pointer, object) for each REST-shaped object a dispatch carries."""
    if not isinstance(data, dict):
        return
    if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
        yield "$", MESSAGE_SCHEMA, data
    elif event in CHANNEL_EVENTS:
        yield "$", CHANNEL_SCHEMA, data
    elif event in ("GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE"):
        yield "$", MEMBER_SCHEMA, data
    elif event == "READY":
        yield "user", USER_SCHEMA, data.get("user")
    elif event == "GUILD_CREATE" and not data.get("unavailable"):
        for key, pointer in (("channels", CHANNEL_SCHEMA), ("threads", CHANNEL_SCHEMA), ("members", MEMBER_SCHEMA)):
            for i, item in enumerate(data.get(key) or []):
                yield f"{key}[{i}]", pointer, item
    elif event == "INTERACTION_CREATE":
        if "member" in data:
            yield "member", MEMBER_SCHEMA, data["member"]
        if "message" in data:
            yield "message", MESSAGE_SCHEMA, data["message"]


def _query_value(schema: dict[str, Any], value: str) -> Any:
    """A query string value as the JSON type its schema names, read the way Discord reads it.

    Booleans in query strings are ``True``/``true``/``1`` and ``False``/``false``/``0``
    (https://discord.com/developers/docs/reference#boolean-query-strings); discord.py sends ``1``.
    """
    types = schema.get("type", [])
    types = types if isinstance(types, list) else [types]
    if "boolean" in types and value.lower() in ("true", "1", "false", "0"):
        return value.lower() in ("true", "1")
    if ("integer" in types or "number" in types) and DIGITS.match(value):
        return int(value)
    return value


@functools.cache
def load() -> Spec:
    """The specification shipped beside this module, read and compiled once per process."""
    log.debug("loading %s", SPEC_PATH)
    return Spec(json.loads(SPEC_PATH.read_text(encoding="utf-8")))

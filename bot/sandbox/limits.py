"""Discord's request validation: its limits and its error bodies.

Form errors come back exactly as Discord shapes them::

    {"code": 50035, "message": "Invalid Form Body",
     "errors": {"content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                          "message": "Must be 2000 or fewer in length."}]}}}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER_TEXT = 2048
MAX_AUTHOR_NAME = 256
MAX_ACTION_ROWS = 5
MAX_ROW_BUTTONS = 5
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
MAX_CHANNEL_NAME = 100
MAX_MODAL_TITLE = 45
MAX_MODAL_COMPONENTS = 5
MAX_TEXT_INPUT_LABEL = 45
MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
MAX_CHOICE_VALUE = 100
MAX_COMMAND_DESCRIPTION = 100
MAX_COMMAND_OPTIONS = 25
#: Discord's locales (the "Locales" table of its reference; AvailableLocalesEnum in its OpenAPI spec): the only
#: keys a ``name_localizations`` or ``description_localizations`` dictionary may have.
LOCALES = frozenset({
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl", "pt-BR",
    "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW", "ko", "he",
    "ar",
})


class ApiError(Exception):
    """An error answer from the API: HTTP status plus Discord's JSON error body."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = self.errors
        return body


#: The largest file a guild accepts, by boost tier (``premium_tier``), as discord.py's ``Guild.filesize_limit``
#: has them: 10 MiB without boosts or at tier 1, 50 MiB at tier 2, 100 MiB at tier 3.
UPLOAD_LIMITS = {0: 10 * 1024 * 1024, 1: 10 * 1024 * 1024, 2: 50 * 1024 * 1024, 3: 100 * 1024 * 1024}
DEFAULT_UPLOAD_LIMIT = UPLOAD_LIMITS[0]


def check_upload_sizes(files: list[dict[str, Any]], size_limit: int) -> None:
    """Discord's 413 (code 40005) when any uploaded file is larger than the guild's upload limit."""
    if any(file["size"] > size_limit for file in files):
        raise ApiError(413, 40005, "Request entity too large")


def not_found(code: int, what: str) -> ApiError:
    return ApiError(404, code, f"Unknown {what}")


def missing_permissions() -> ApiError:
    return ApiError(403, 50013, "Missing Permissions")


def missing_access() -> ApiError:
    return ApiError(403, 50001, "Missing Access")


UNKNOWN_CHANNEL = 10003
UNKNOWN_GUILD = 10004
UNKNOWN_MEMBER = 10007
UNKNOWN_MESSAGE = 10008
UNKNOWN_ROLE = 10011
UNKNOWN_WEBHOOK = 10015
UNKNOWN_USER = 10013
UNKNOWN_APPLICATION = 10002
UNKNOWN_COMMAND = 10063
UNKNOWN_INTERACTION = 10062


class FormErrors:
    """Collects field errors under their paths and raises Discord's 50035 when there are any."""

    def __init__(self) -> None:
        self.errors: dict[str, Any] = {}

    def add(self, path: Iterable[str | int], code: str, message: str) -> None:
        node = self.errors
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_length(self, path: Iterable[str | int], value: Any, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def length_between(self, path: Iterable[str | int], value: Any, low: int, high: int) -> None:
        if value is None or not (low <= len(value) <= high):
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")

    def raise_if_any(self) -> None:
        if self.errors:
            raise ApiError(400, 50035, "Invalid Form Body", self.errors)


def check(fn: Any, *args: Any, **kwargs: Any) -> None:
    """Run one validator on a fresh :class:`FormErrors` and raise if it found anything."""
    errors = FormErrors()
    fn(errors, *args, **kwargs)
    errors.raise_if_any()


def embed_size(embed: dict[str, Any]) -> int:
    """Characters that count toward the 6000 limit, as Discord counts them."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        total += len(field.get("name") or "") + len(field.get("value") or "")
    return total


def validate_embeds(errors: FormErrors, embeds: list[dict[str, Any]] | None) -> None:
    if not embeds:
        return
    errors.max_length(["embeds"], embeds, MAX_EMBEDS)
    for i, embed in enumerate(embeds):
        path = ["embeds", i]
        errors.max_length([*path, "title"], embed.get("title"), MAX_EMBED_TITLE)
        errors.max_length([*path, "description"], embed.get("description"), MAX_EMBED_DESCRIPTION)
        fields = embed.get("fields") or []
        errors.max_length([*path, "fields"], fields, MAX_EMBED_FIELDS)
        for j, field in enumerate(fields):
            errors.length_between([*path, "fields", j, "name"], field.get("name"), 1, MAX_FIELD_NAME)
            errors.length_between([*path, "fields", j, "value"], field.get("value"), 1, MAX_FIELD_VALUE)
        errors.max_length([*path, "footer", "text"], (embed.get("footer") or {}).get("text"), MAX_FOOTER_TEXT)
        errors.max_length([*path, "author", "name"], (embed.get("author") or {}).get("name"), MAX_AUTHOR_NAME)
    if sum(embed_size(e) for e in embeds) > MAX_EMBED_TOTAL:
        errors.add(["embeds"], "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}")


def validate_components(errors: FormErrors, components: list[dict[str, Any]] | None) -> None:
    if not components:
        return
    rows = [c for c in components if c.get("type") == 1]
    if rows:
        errors.max_length(["components"], components, MAX_ACTION_ROWS)
    for i, comp in enumerate(components):
        children = comp.get("components") or []
        if comp.get("type") == 1:
            buttons = [c for c in children if c.get("type") == 2]
            errors.max_length(["components", i, "components"], buttons, MAX_ROW_BUTTONS)
        for j, child in enumerate(children):
            errors.max_length(["components", i, "components", j, "custom_id"], child.get("custom_id"), MAX_CUSTOM_ID)
            if child.get("type") == 2:
                errors.max_length(["components", i, "components", j, "label"], child.get("label"), MAX_BUTTON_LABEL)


def validate_message(errors: FormErrors, payload: dict[str, Any]) -> None:
    """Content, embeds and components of a message create/edit body."""
    content = payload.get("content")
    if content is not None and not isinstance(content, str):
        content = str(content)
    errors.max_length(["content"], content, MAX_CONTENT)
    validate_embeds(errors, payload.get("embeds"))
    validate_components(errors, payload.get("components"))


def require_not_empty(payload: dict[str, Any], has_files: bool) -> None:
    if not (
        payload.get("content")
        or payload.get("embeds")
        or payload.get("components")
        or payload.get("sticker_ids")
        or payload.get("poll")
        or has_files
    ):
        raise ApiError(400, 50006, "Cannot send an empty message")


def validate_channel_name(errors: FormErrors, name: Any, path: str = "name") -> None:
    errors.length_between([path], name if isinstance(name, str) else None, 1, MAX_CHANNEL_NAME)


def validate_modal(errors: FormErrors, data: dict[str, Any]) -> None:
    """The ``data`` of a MODAL (type 9) interaction callback."""
    errors.length_between(["data", "title"], data.get("title"), 1, MAX_MODAL_TITLE)
    errors.length_between(["data", "custom_id"], data.get("custom_id"), 1, MAX_CUSTOM_ID)
    components = data.get("components") or []
    errors.length_between(["data", "components"], components, 1, MAX_MODAL_COMPONENTS)
    for i, comp in enumerate(components):
        path: list[str | int] = ["data", "components", i]
        if comp.get("type") == 18:  # Label wrapping one component
            errors.length_between([*path, "label"], comp.get("label"), 1, MAX_TEXT_INPUT_LABEL)
            inner = [(["component"], comp.get("component") or {})]
        else:
            inner = [(["components", j], c) for j, c in enumerate(comp.get("components") or [])]
        for sub, child in inner:
            errors.max_length([*path, *sub, "custom_id"], child.get("custom_id"), MAX_CUSTOM_ID)
            if child.get("type") == 4 and "label" in child:
                errors.length_between([*path, *sub, "label"], child.get("label"), 1, MAX_TEXT_INPUT_LABEL)


def validate_choices(errors: FormErrors, choices: list[dict[str, Any]] | None) -> None:
    """The ``data.choices`` of an APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (type 8) callback."""
    choices = choices or []
    errors.max_length(["data", "choices"], choices, MAX_CHOICES)
    for i, choice in enumerate(choices):
        errors.length_between(["data", "choices", i, "name"], choice.get("name"), 1, MAX_CHOICE_NAME)
        _validate_localizations(errors, ["data", "choices", i, "name_localizations"], choice.get("name_localizations"),
                                None, 1, MAX_CHOICE_NAME)
        value = choice.get("value")
        if isinstance(value, str):
            errors.max_length(["data", "choices", i, "value"], value, MAX_CHOICE_VALUE)


#: Devanagari and Thai blocks: Discord's name pattern admits these scripts whole, vowel signs (marks) included.
_NAME_SCRIPTS = ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x0E00, 0x0E7F))


def valid_command_name(name: Any, *, lowercase: bool = True) -> bool:
    """Discord's ``^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` (lowercase letters where a case exists)."""
    if not isinstance(name, str) or not 1 <= len(name) <= 32:
        return False
    if lowercase and name != name.lower():
        return False
    return all(
        ch in "-_" or ch.isalnum() or any(low <= ord(ch) <= high for low, high in _NAME_SCRIPTS) for ch in name
    )


def _validate_localizations(
    errors: FormErrors, path: list[str | int], localizations: Any, valid: Any, low: int, high: int
) -> None:
    """A ``*_localizations`` dictionary: null, or Discord's locales mapped to values held to the field's own rules.

    An unknown locale is refused as Discord refuses any value outside an enumeration (``BASE_TYPE_CHOICES``,
    under the offending key); a value breaking the field's rules gets the field's own error under its key.
    """
    if localizations is None:
        return
    if not isinstance(localizations, dict):
        errors.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    for locale, value in localizations.items():
        if locale not in LOCALES:
            errors.add([*path, locale], "BASE_TYPE_CHOICES", f"Value must be one of {sorted(LOCALES)}.")
        elif valid is not None:
            if not valid(value):
                errors.add([*path, locale], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        else:
            errors.length_between([*path, locale], value, low, high)


def _validate_names_per_locale(errors: FormErrors, path: list[str | int], siblings: list[dict[str, Any]]) -> None:
    """Two siblings may not show the same name to a member of any locale (a locale without a name shows the default)."""
    locales = set()
    for item in siblings:
        locales.update(item.get("name_localizations") or {})
    for locale in sorted(locales):
        seen: set[str] = set()
        for i, item in enumerate(siblings):
            shown = (item.get("name_localizations") or {}).get(locale) or item.get("name")
            if shown in seen:
                errors.add([*path, i, "name_localizations", locale],
                           "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option name already exists")
            seen.add(shown)


def _validate_options(errors: FormErrors, path: list[str | int], options: list[dict[str, Any]]) -> None:
    errors.max_length(path, options, MAX_COMMAND_OPTIONS)
    seen: set[str] = set()
    for i, opt in enumerate(options):
        p = [*path, i]
        if not valid_command_name(opt.get("name")):
            errors.add([*p, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if opt.get("name") in seen:
            errors.add([*p, "name"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option name already exists")
        seen.add(opt.get("name"))
        errors.length_between([*p, "description"], opt.get("description"), 1, MAX_COMMAND_DESCRIPTION)
        _validate_localizations(errors, [*p, "name_localizations"], opt.get("name_localizations"),
                                valid_command_name, 1, 32)
        _validate_localizations(errors, [*p, "description_localizations"], opt.get("description_localizations"),
                                None, 1, MAX_COMMAND_DESCRIPTION)
        choices = opt.get("choices") or []
        errors.max_length([*p, "choices"], choices, MAX_CHOICES)
        for j, choice in enumerate(choices):
            errors.length_between([*p, "choices", j, "name"], choice.get("name"), 1, MAX_CHOICE_NAME)
            _validate_localizations(errors, [*p, "choices", j, "name_localizations"], choice.get("name_localizations"),
                                    None, 1, MAX_CHOICE_NAME)
        if opt.get("options"):
            _validate_options(errors, [*p, "options"], opt["options"])
    _validate_names_per_locale(errors, path, options)


def validate_command(errors: FormErrors, path: list[str | int], command: dict[str, Any]) -> None:
    """One application command as sent to PUT/POST applications/{id}/commands."""
    ctype = command.get("type") or 1
    if ctype != 1:  # user and message context menus take free-form names
        errors.length_between([*path, "name"], command.get("name"), 1, 32)
    elif not valid_command_name(command.get("name")):
        errors.add([*path, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    if ctype == 1:
        errors.length_between([*path, "description"], command.get("description"), 1, MAX_COMMAND_DESCRIPTION)
        _validate_localizations(errors, [*path, "description_localizations"], command.get("description_localizations"),
                                None, 1, MAX_COMMAND_DESCRIPTION)
        _validate_options(errors, [*path, "options"], command.get("options") or [])
    _validate_localizations(errors, [*path, "name_localizations"], command.get("name_localizations"),
                            valid_command_name if ctype == 1 else None, 1, 32)

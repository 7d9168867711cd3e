"""The Discord permissions Reviewbot needs, and the invite URL that asks for exactly those."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlencode

import discord

# Why each one: read and post reviews and answers (view, send, embed, attach for exports), open the
# review's thread and talk in it, read history to catch up on what was said while offline, and
# lock/archive/rename the review's thread when a review is edited or deleted.
REQUIRED_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    manage_threads=True,
)

#: What publishing needs in the target channel, checked before anything is posted.
PUBLISH_PERMISSIONS = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
    "create_public_threads": "Create Public Threads",
    "send_messages_in_threads": "Send Messages in Threads",
}


def application_id_from_token(token: str) -> int | None:
    """A bot token's first part is its user id (the application id) in base64."""
    head = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=False).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return int(decoded) if decoded.isdigit() else None


def invite_url(application_id: int) -> str:
    query = urlencode({
        "client_id": application_id,
        "scope": "bot applications.commands",
        "permissions": REQUIRED_PERMISSIONS.value,
    })
    return f"https://discord.com/oauth2/authorize?{query}"


def missing_publish_permissions(permissions: discord.Permissions, *, forum: bool) -> list[str]:
    """Names of the permissions publishing needs that *permissions* lacks."""
    needed = dict(PUBLISH_PERMISSIONS)
    if forum:  # a forum post is created with Send Messages; it needs no Create Public Threads
        needed.pop("create_public_threads")
    return [label for name, label in needed.items() if not getattr(permissions, name)]

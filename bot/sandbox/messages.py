"""Message and thread lifecycle with their dispatches: create, edit, delete, bulk delete, threads.

REST handlers, interaction callbacks and the test driver all go through here, so a message posted
any way is stored once and dispatched the same way.
"""

from __future__ import annotations

from typing import Any

from .gateway import Gateway
from .limits import DEFAULT_UPLOAD_LIMIT, ApiError, check_upload_sizes
from .log import RecordLog
from .snowflake import iso_now
from .state import (
    FLAG_EPHEMERAL,
    MSG_THREAD_CREATED,
    THREAD_TYPES,
    App,
    Json,
    State,
)


class Messages:
    def __init__(self, state: State, gateway: Gateway) -> None:
        self.state = state
        self.gateway = gateway
        #: every message created (by anyone, any way), in order; ephemeral ones are not here
        self.created: RecordLog[Json] = RecordLog()

    def create(self, channel: Json, author: Json, body: Json, **kwargs: Any) -> Json:
        """Store a message built from *body* in *channel* and dispatch MESSAGE_CREATE to every bot."""
        message = self.state.build_message(channel, author, body, **kwargs)
        return self.publish(channel, message)

    def publish(self, channel: Json, message: Json) -> Json:
        self.unarchive_on_send(channel)
        self.state.store_message(message)
        if channel["type"] in THREAD_TYPES and not message.get("webhook_id"):
            self.state.join_thread(channel, message["author"]["id"])  # posting joins the thread
        self.created.append(message)
        self.gateway.dispatch(
            "MESSAGE_CREATE",
            self.state.gateway_message(message),
            guild_id=channel.get("guild_id"),
            channel_id=channel["id"],
        )
        return message

    def attachments(
        self, data: Json, files: list[Json], existing: Json | None = None, *, size_limit: int = DEFAULT_UPLOAD_LIMIT
    ) -> list[Json]:
        """Attachments of a message body: ``files[n]`` uploads, plus kept attachments of *existing*.

        A file over *size_limit* (the guild's upload limit; a guild without boosts by default) is refused
        with Discord's 413 before anything is stored.
        """
        check_upload_sizes(files, size_limit)
        out: list[Json] = []
        by_index = {f["index"]: f for f in files}
        kept = {a["id"]: a for a in (existing or {}).get("attachments", [])}
        for spec in data.get("attachments") or []:
            sid = str(spec.get("id"))
            if sid in kept:
                out.append(kept[sid])
            elif sid.isdigit() and int(sid) in by_index:
                f = by_index.pop(int(sid))
                out.append(
                    self.state.store_file(
                        spec.get("filename") or f["filename"],
                        f["data"],
                        f["content_type"],
                        description=spec.get("description"),
                    )
                )
        for f in by_index.values():
            out.append(self.state.store_file(f["filename"], f["data"], f["content_type"]))
        return out

    def edit(self, message: Json, body: Json, *, attachments: list[Json] | None = None) -> Json:
        self.state.edit_message(message, body, attachments=attachments)
        if not message["flags"] & FLAG_EPHEMERAL:
            channel = self.state.channels.get(message["channel_id"], {})
            self.gateway.dispatch(
                "MESSAGE_UPDATE",
                self.state.gateway_message(message),
                guild_id=channel.get("guild_id"),
                channel_id=message["channel_id"],
            )
        return message

    def delete(self, channel: Json, message_id: str) -> Json:
        message = self.state.remove_message(channel["id"], message_id)
        data: Json = {"id": message["id"], "channel_id": channel["id"]}
        if channel.get("guild_id"):
            data["guild_id"] = channel["guild_id"]
        self.gateway.dispatch("MESSAGE_DELETE", data, guild_id=channel.get("guild_id"), channel_id=channel["id"])
        return message

    def bulk_delete(self, channel: Json, message_ids: list[str]) -> None:
        ids = [str(i) for i in message_ids]
        for message_id in ids:
            self.state.remove_message(channel["id"], message_id)
        data: Json = {"ids": ids, "channel_id": channel["id"]}
        if channel.get("guild_id"):
            data["guild_id"] = channel["guild_id"]
        self.gateway.dispatch("MESSAGE_DELETE_BULK", data, guild_id=channel.get("guild_id"), channel_id=channel["id"])

    # -- threads -------------------------------------------------------------------------------------

    def create_thread(
        self,
        parent: Json,
        name: str,
        creator_id: str,
        *,
        from_message: Json | None = None,
        starter: tuple[Json, Json, dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> Json:
        """Create a thread, dispatch THREAD_CREATE (``newly_created``) and, for forum posts, the starter message.

        *from_message*: the thread hangs off that message and takes its id. *starter*: (author, body,
        build kwargs) of a forum post's first message, whose id is the thread's id.
        """
        if parent["type"] in THREAD_TYPES:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        thread_id = from_message["id"] if from_message is not None else None
        if from_message is not None and from_message.get("thread"):
            raise ApiError(400, 160004, "A thread has already been created for this message")
        if starter is not None:
            thread_id = self.state.ids.next()
        thread = self.state.create_thread(parent, name, creator_id, thread_id=thread_id, **kwargs)
        creator_member = self.state.thread_members[thread["id"]][creator_id]

        def for_app(app: App, data: Json) -> Json:
            # Only the creator's own THREAD_CREATE carries its thread member.
            return {**data, "member": creator_member} if app.bot_id == creator_id else data

        self.gateway.dispatch(
            "THREAD_CREATE",
            dict(thread, newly_created=True),
            guild_id=thread["guild_id"],
            channel_id=thread["id"],
            personalize=for_app,
        )
        if from_message is not None:
            from_message["thread"] = thread
            from_message["flags"] |= 1 << 5  # HAS_THREAD
        if starter is not None:
            author, body, build = starter
            message = self.state.build_message(thread, author, body, message_id=thread["id"], **build)
            self.publish(thread, message)
        elif from_message is None and thread["type"] != 12 and parent["type"] != 15:
            # Discord posts a "started a thread" system message in the parent channel.
            author = self.state.users[creator_id]
            notice = self.state.build_message(
                parent,
                author,
                {"content": name},
                type=MSG_THREAD_CREATED,
                extra={"message_reference": {"type": 0, "channel_id": thread["id"], "guild_id": parent["guild_id"]}},
            )
            self.publish(parent, notice)
        return thread

    def update_thread(self, thread: Json, changes: Json) -> Json:
        meta = thread["thread_metadata"]
        for key in ("archived", "locked", "auto_archive_duration", "invitable"):
            if key in changes and changes[key] is not None:
                if key == "archived" and bool(changes[key]) != meta["archived"]:
                    meta["archive_timestamp"] = iso_now()
                meta[key] = changes[key]
        for key in ("name", "rate_limit_per_user", "applied_tags", "flags"):
            if key in changes and changes[key] is not None:
                thread[key] = changes[key]
        self.gateway.dispatch("THREAD_UPDATE", thread, guild_id=thread["guild_id"], channel_id=thread["id"])
        return thread

    def unarchive_on_send(self, channel: Json) -> None:
        """Sending to an archived (not locked) thread unarchives it, as on Discord."""
        if channel["type"] in THREAD_TYPES and channel["thread_metadata"]["archived"]:
            self.update_thread(channel, {"archived": False})

    def delete_channel(self, channel: Json) -> Json:
        self.state.channels.pop(channel["id"], None)
        self.state.messages.pop(channel["id"], None)
        guild = self.state.guilds.get(channel.get("guild_id") or "")
        if guild is not None and channel["id"] in guild.channel_ids:
            guild.channel_ids.remove(channel["id"])
        if channel["type"] in THREAD_TYPES:
            data = {k: channel[k] for k in ("id", "guild_id", "parent_id", "type")}
            self.gateway.dispatch("THREAD_DELETE", data, guild_id=channel["guild_id"])
        else:
            # As on Discord, a channel's threads (archived ones too) go with it, and only the
            # CHANNEL_DELETE is sent: clients drop the threads they know of themselves.
            for thread in [c for c in self.state.channels.values()
                           if c["type"] in THREAD_TYPES and c.get("parent_id") == channel["id"]]:
                self.state.channels.pop(thread["id"], None)
                self.state.messages.pop(thread["id"], None)
            self.gateway.dispatch("CHANNEL_DELETE", channel, guild_id=channel.get("guild_id"))
        return channel

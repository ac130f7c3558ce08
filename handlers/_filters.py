"""Which messages are for the bot: everything in private chats, only what is addressed to it
in groups (a /command, an @mention, a reply to one of its messages). Channel posts never."""

from __future__ import annotations

import re

from telegram import Message, MessageEntity
from telegram.ext import filters


class _MentionsMe(filters.MessageFilter):
    """Messages that @mention this bot (by username, or a text mention of its user)."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        me = f"@{bot.username}".lower()
        mentions = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
        return any(
            (entity.type == MessageEntity.MENTION and text.lower() == me)
            or (entity.user is not None and entity.user.id == bot.id)
            for entity, text in mentions.items()
        )


class _CaptionMentionsMe(filters.MessageFilter):
    """Photos and files whose caption @mentions this bot."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        me = f"@{bot.username}".lower()
        mentions = message.parse_caption_entities(
            [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
        )
        return any(
            (entity.type == MessageEntity.MENTION and text.lower() == me)
            or (entity.user is not None and entity.user.id == bot.id)
            for entity, text in mentions.items()
        )


class _RepliesToMe(filters.MessageFilter):
    """Messages that reply to one of the bot's own messages."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return (
            replied is not None
            and replied.from_user is not None
            and replied.from_user.id == message.get_bot().id
        )


class _CommandForMe(filters.MessageFilter):
    """A /command without a bot name, or with this bot's name (not /start@another_bot)."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        starts_with_command = bool(
            message.entities
            and message.entities[0].type == MessageEntity.BOT_COMMAND
            and message.entities[0].offset == 0
        )
        match = re.match(r"/\w+(?:@(\w+))?", message.text or "")
        if match is None or not starts_with_command:
            return False
        target = match.group(1)
        return target is None or target.lower() == message.get_bot().username.lower()


class _ViaMe(filters.MessageFilter):
    """Messages a user sent through this bot's inline mode: already an analysis, not a question."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        return message.via_bot is not None and message.via_bot.id == message.get_bot().id


MENTIONS_ME = _MentionsMe(name="MentionsMe")
CAPTION_MENTIONS_ME = _CaptionMentionsMe(name="CaptionMentionsMe")
VIA_ME = _ViaMe(name="ViaMe")
REPLIES_TO_ME = _RepliesToMe(name="RepliesToMe")
COMMAND_FOR_ME = _CommandForMe(name="CommandForMe")

NEW_MESSAGE = filters.UpdateType.MESSAGE
"""Commands react to new messages only; an edited "/forget" must not ask again."""

PRIVATE_TEXT = filters.ChatType.PRIVATE & NEW_MESSAGE & filters.TEXT & ~filters.COMMAND & ~VIA_ME
PRIVATE_EDITED_TEXT = (
    filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE & filters.TEXT & ~filters.COMMAND
)
GROUP_ADDRESSED_TEXT = (
    filters.ChatType.GROUPS
    & NEW_MESSAGE
    & filters.TEXT
    & ~filters.COMMAND
    & ~VIA_ME
    & (MENTIONS_ME | REPLIES_TO_ME)
)
FILES = filters.PHOTO | filters.VOICE | filters.AUDIO | filters.Document.ALL
PRIVATE_FILE = filters.ChatType.PRIVATE & NEW_MESSAGE & FILES & ~VIA_ME
"""Photos, documents, voice notes and audio sent to the bot in private: read, then analysed."""
GROUP_ADDRESSED_FILE = (
    filters.ChatType.GROUPS & NEW_MESSAGE & FILES & ~VIA_ME & (CAPTION_MENTIONS_ME | REPLIES_TO_ME)
)
"""In groups, a file whose caption @mentions the bot, or that replies to one of its messages."""

PRIVATE_NON_TEXT = (
    filters.ChatType.PRIVATE & NEW_MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL
)
PRIVATE_UNKNOWN_COMMAND = filters.ChatType.PRIVATE & NEW_MESSAGE & filters.COMMAND
ADDRESSED_TO_ME = NEW_MESSAGE & (
    filters.ChatType.PRIVATE | COMMAND_FOR_ME | MENTIONS_ME | REPLIES_TO_ME
)
"""Messages that deserve an answer even when the answer is "this bot is private"."""

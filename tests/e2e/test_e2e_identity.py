"""Who a message speaks for, and what a group may see (issue 13, items 1, 11 and 12).

Telegram sends every anonymous admin of every group as one user (GroupAnonymousBot) and every
post made as a channel as another (Channel_Bot); ``sender_chat`` is the real identity. A group
shows only what was analysed in it, and a text analysed for someone else still belongs to its
author's /forget.
"""

from __future__ import annotations

import pytest

from bot import BotApplication
from handlers import texts
from service import ConversationService
from tests.fakes.telegram_server import JSON, ApiCall, FakeTelegram

GROUP_A, GROUP_B = -1001111111111, -1002222222222
CHANNEL = -1003333333333
ANN, BOB, CAROL = 41, 42, 43
HIV_NOTE = "patient zebrafish-7731 has HIV and fever"


def anonymous_in(telegram: FakeTelegram, group: JSON, text: str) -> JSON:
    """An anonymous admin of ``group`` sends ``text`` there."""
    return telegram.send(telegram.anonymous_admin(), text, chat=group, sender_chat=group)


async def next_reply(telegram: FakeTelegram, chat_id: int) -> ApiCall:
    """The next message the bot sends to ``chat_id`` from now on."""
    before = len([c for c in telegram.calls_to("sendMessage", chat_id=chat_id) if c.ok])
    return await telegram.reply(chat_id, after=before)


def button(call: ApiCall, label: str) -> str:
    return next(str(b["callback_data"]) for b in call.buttons() if b["text"] == label)


async def test_anonymous_admins_of_two_groups_never_share_a_history(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    group_a, group_b = telegram.group(GROUP_A, "Ward A"), telegram.group(GROUP_B, "Chess club")
    anonymous_in(telegram, group_a, f"/ner {HIV_NOTE}")
    await telegram.reply(GROUP_A)

    anonymous_in(telegram, group_b, "/history")
    seen_in_b = await telegram.reply(GROUP_B)

    assert "zebrafish" not in seen_in_b.text and "HIV" not in seen_in_b.text
    assert (await service.history(GROUP_A, 5)).total == 1
    assert (await service.history(GROUP_B, 5)).total == 0
    assert (await service.history(telegram.ANONYMOUS_ADMIN_ID, 5)).total == 0


async def test_a_channel_posting_in_a_group_is_the_channel_not_channel_bot(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    group = telegram.group(GROUP_A)
    channel = telegram.channel(CHANNEL, "Clinic news")
    telegram.send(telegram.channel_bot(), "/ner fever and malaria", chat=group, sender_chat=channel)
    await telegram.reply(GROUP_A)

    assert (await service.history(CHANNEL, 5)).total == 1
    assert (await service.history(telegram.CHANNEL_BOT_ID, 5)).total == 0


async def test_one_groups_anonymous_forget_leaves_another_groups_history(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    group_a, group_b = telegram.group(GROUP_A), telegram.group(GROUP_B)
    carol = telegram.user(CAROL, "Carol")
    telegram.make_admin(group_b, carol, anonymous=True)
    anonymous_in(telegram, group_a, f"/ner {HIV_NOTE}")
    anonymous_in(telegram, group_b, "/ner asthma")
    await telegram.wait_for("sendMessage", chat_id=GROUP_A)
    await telegram.wait_for("sendMessage", chat_id=GROUP_B)

    anonymous_in(telegram, group_b, "/forget")
    ask = await telegram.reply(GROUP_B, after=1)
    telegram.press(
        carol, telegram.message(GROUP_B, ask.result["message_id"]), button(ask, texts.FORGET_YES)
    )
    done = await telegram.wait_for("editMessageText", chat_id=GROUP_B)

    assert done[-1].text == texts.FORGOTTEN.format(count=1)
    assert (await service.history(GROUP_B, 5)).total == 0
    assert (await service.history(GROUP_A, 5)).total == 1


@pytest.mark.parametrize(
    ("admin", "anonymous", "obeyed"),
    [
        (False, False, False),  # a plain member of the group
        (True, False, False),  # an admin who cannot speak as the group
        (True, True, True),  # an anonymous admin: one of those who act as the group
    ],
)
async def test_a_groups_buttons_obey_only_those_who_can_act_as_the_group(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    admin: bool,
    anonymous: bool,
    obeyed: bool,
) -> None:
    group = telegram.group(GROUP_A)
    presser = telegram.user(CAROL, "Carol")
    if admin:
        telegram.make_admin(group, presser, anonymous=anonymous)
    anonymous_in(telegram, group, f"/ner {HIV_NOTE}")
    await telegram.reply(GROUP_A)
    anonymous_in(telegram, group, "/forget")
    ask = await telegram.reply(GROUP_A, after=1)

    telegram.press(
        presser, telegram.message(GROUP_A, ask.result["message_id"]), button(ask, texts.FORGET_YES)
    )
    answered = await telegram.wait_for("answerCallbackQuery")
    await telegram.settle()

    assert (await service.history(GROUP_A, 5)).total == (0 if obeyed else 1)
    if obeyed:
        done = telegram.calls_to("editMessageText", chat_id=GROUP_A)
        assert [c.text for c in done] == [texts.FORGOTTEN.format(count=1)]
    else:
        assert answered[-1].params.get("text") == texts.NOT_YOURS
        assert not telegram.calls_to("editMessageText")


async def test_a_channels_buttons_obey_the_channels_admins(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    group, channel = telegram.group(GROUP_A), telegram.channel(CHANNEL)
    editor, stranger = telegram.user(ANN, "Ann"), telegram.user(BOB, "Bob")
    telegram.make_admin(channel, editor)
    telegram.send(telegram.channel_bot(), "/ner fever", chat=group, sender_chat=channel)
    await telegram.reply(GROUP_A)
    telegram.send(telegram.channel_bot(), "/forget", chat=group, sender_chat=channel)
    ask = await telegram.reply(GROUP_A, after=1)
    message = telegram.message(GROUP_A, ask.result["message_id"])

    telegram.press(stranger, message, button(ask, texts.FORGET_YES))
    refused = await telegram.wait_for("answerCallbackQuery")
    assert refused[-1].params.get("text") == texts.NOT_YOURS
    assert (await service.history(CHANNEL, 5)).total == 1

    telegram.press(editor, message, button(ask, texts.FORGET_YES))
    await telegram.wait_for("editMessageText", chat_id=GROUP_A)
    assert (await service.history(CHANNEL, 5)).total == 0


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_RATE_LIMIT": 1}])
async def test_anonymous_admins_of_two_groups_have_separate_rate_limits(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    group_a, group_b = telegram.group(GROUP_A), telegram.group(GROUP_B)
    anonymous_in(telegram, group_a, "/ner fever")
    await telegram.reply(GROUP_A)
    anonymous_in(telegram, group_b, "/ner fever")
    in_b = await telegram.reply(GROUP_B)

    assert in_b.text != texts.RATE_LIMITED and "fever" in in_b.text.lower()


# -- item 11: a group sees only what was analysed in it ----------------------------------------


async def test_history_in_a_group_never_shows_the_callers_private_analyses(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    ann, group = telegram.user(ANN, "Ann"), telegram.group(GROUP_A)
    telegram.send(ann, HIV_NOTE)  # private chat
    await telegram.reply(ANN)
    for n in range(3):
        telegram.send(ann, f"/ner malaria case {n}", chat=group)
    await telegram.wait_for("sendMessage", chat_id=GROUP_A, count=3)

    telegram.send(ann, "/history 2", chat=group)
    first_page = await telegram.reply(GROUP_A, after=3)
    telegram.press(
        ann,
        telegram.message(GROUP_A, first_page.result["message_id"]),
        button(first_page, texts.OLDER),
    )
    older = await telegram.wait_for("editMessageText", chat_id=GROUP_A)
    telegram.send(ann, "/history 20")
    in_private = await next_reply(telegram, ANN)

    for shown in (first_page.text, older[-1].text):
        assert "zebrafish" not in shown and "HIV" not in shown
    assert "malaria case 0" in older[-1].text
    assert "zebrafish" in in_private.text and "malaria case 2" in in_private.text


# -- item 12: someone else's words stay theirs --------------------------------------------------


async def test_the_authors_forget_reaches_their_text_analysed_for_someone_else(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    ann, bob, group = telegram.user(ANN, "Ann"), telegram.user(BOB, "Bob"), telegram.group()
    original = telegram.send(bob, "my son zebrafish-7731 has asthma and fever", chat=group)
    telegram.send(ann, "/ner", chat=group, reply_to=original)
    await telegram.reply(group["id"])
    assert (await service.history(ANN, 5)).total == 1

    telegram.send(bob, "/forget")
    ask = await telegram.reply(BOB)
    telegram.press(
        bob, telegram.message(BOB, ask.result["message_id"]), button(ask, texts.FORGET_YES)
    )
    await telegram.wait_for("editMessageText", chat_id=BOB)

    assert (await service.history(ANN, 5)).total == 0
    telegram.send(ann, "/history")
    anns_view = await next_reply(telegram, ANN)
    assert "zebrafish" not in anns_view.text


async def test_ner_on_ones_own_message_or_with_text_records_no_other_author(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    ann, bob, group = telegram.user(ANN, "Ann"), telegram.user(BOB, "Bob"), telegram.group()
    mine = telegram.send(ann, "I have asthma", chat=group)
    telegram.send(ann, "/ner", chat=group, reply_to=mine)
    await telegram.reply(group["id"])
    theirs = telegram.send(bob, "bob has gout", chat=group)
    telegram.send(ann, "/ner ann has fever", chat=group, reply_to=theirs)
    await telegram.reply(group["id"], after=1)

    telegram.send(bob, "/forget")
    ask = await telegram.reply(BOB)
    telegram.press(
        bob, telegram.message(BOB, ask.result["message_id"]), button(ask, texts.FORGET_YES)
    )
    await telegram.wait_for("editMessageText", chat_id=BOB)

    assert [a.text for a in (await service.history(ANN, 5)).items] == [
        "ann has fever",
        "I have asthma",
    ]


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_ALLOWED_IDS": str(CHANNEL)}])
async def test_an_allowed_channel_may_use_the_bot_in_any_group_it_posts_in(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    group, channel = telegram.group(GROUP_A), telegram.channel(CHANNEL)
    telegram.send(telegram.channel_bot(), "/ner fever", chat=group, sender_chat=channel)
    answer = await telegram.reply(GROUP_A)
    anonymous_in(telegram, group, "/ner fever")
    refused = await telegram.reply(GROUP_A, after=1)

    assert "fever" in answer.text.lower()
    assert refused.text == texts.PRIVATE_BOT

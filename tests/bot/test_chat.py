"""The terminal chat (``medner chat`` / ``medner run`` without a token) answers commands as the
bot does: /what looks a term up, and an unknown command is never analysed or stored."""

from __future__ import annotations

from bot.cli._chat import respond
from service import ConversationService

USER = 0


async def test_what_shows_the_terms_card_and_stores_nothing(service: ConversationService) -> None:
    reply = await respond(service, USER, "/what amodiaquine")

    lines = reply.splitlines()
    assert lines[0] == "Amodiaquine (drug, DrugBank DB00613)"
    assert "DrugBank: https://go.drugbank.com/drugs/DB00613" in lines
    assert (await service.history(USER, 5)).total == 0


async def test_what_finds_a_misspelled_term_and_explains_unknown_and_missing_ones(
    service: ConversationService,
) -> None:
    assert (await respond(service, USER, "/what metfromin")).startswith("Metformin (drug,")
    unknown = await respond(service, USER, "/what xyzzyq")
    assert unknown.startswith("I found nothing called 'xyzzyq'")
    assert (await respond(service, USER, "/what")).startswith("Usage: /what TERM")
    assert (await service.history(USER, 5)).total == 0


async def test_an_unknown_command_points_to_help_and_is_not_stored(
    service: ConversationService,
) -> None:
    reply = await respond(service, USER, "/foo fever")

    assert reply == "I don't know that command. /help lists what I can do."
    assert (await service.history(USER, 5)).total == 0


async def test_text_that_only_starts_with_a_slash_is_analysed(
    service: ConversationService,
) -> None:
    reply = await respond(service, USER, "/usr/bin/x fever")

    assert "fever" in reply
    assert (await service.history(USER, 5)).total == 1


async def test_help_lists_what(service: ConversationService) -> None:
    assert "/what TERM" in await respond(service, USER, "/help")

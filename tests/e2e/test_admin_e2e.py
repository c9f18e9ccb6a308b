"""Admin commands end to end: the real bot process over HTTP against the Bot API stand-in.

The knowledge base starts empty (KNOWLEDGE_DIR holds only the real taxonomy), so a founder's
search can only find the supplier if the admin's /addsupplier reached the running bot's index.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.e2e.botapi import BotApiServer, Sent, User, user_visible
from tests.e2e.conftest import REPO, StartBot

FIXTURES = REPO / "tests" / "fixtures" / "admin"

ADD = """/addsupplier
name: Zephyr Weaving Test Co
website: https://zephyr-weaving.example
country: PT
region: Europe
categories: garment-labels
keywords: woven labels; damask; care labels
moq: 100
small_series: yes
source: https://zephyr-weaving.example/terms"""

NEED = "about 300 custom woven labels a month, budget €1,500, shipping to Germany, we already sell"


def knowledge_without_suppliers(tmp_path: Path) -> Path:
    """Returns a knowledge dir with the real taxonomy and no supplier at all."""
    directory = tmp_path / "knowledge"
    directory.mkdir()
    shutil.copy(REPO / "knowledge" / "taxonomy.yaml", directory / "taxonomy.yaml")
    return directory


async def ask(botapi: BotApiServer, user: User, text: str, count: int = 1) -> list[Sent]:
    """Sends a message as `user` and returns the bot's answer to it (every message of it)."""
    since = len(botapi.sent)
    await botapi.send(user, text)
    return await botapi.replies(user, count=count, since=since, within=30, settle=1.0)


async def import_file(botapi: BotApiServer, user: User, name: str) -> str:
    """Sends a fixture file with the caption /import and returns the bot's answer."""
    since = len(botapi.sent)
    await botapi.send_document(
        user, name, (FIXTURES / name).read_bytes(), caption="/import", mime_type="text/csv"
    )
    return user_visible(await botapi.replies(user, since=since, within=30, settle=1.0))


async def test_admin_curates_from_telegram_and_a_founder_finds_the_new_supplier(
    botapi: BotApiServer, start_bot: StartBot, tmp_path: Path
) -> None:
    admin = botapi.user("Ada", "ada_admin")
    stranger = botapi.user("Sam", "sam_founder")
    early, late = botapi.user("Eve"), botapi.user("Fay")
    bot = await start_bot(
        admin_ids=[admin.id],
        extra_env={"KNOWLEDGE_DIR": str(knowledge_without_suppliers(tmp_path))},
    )

    # 1. A non-admin's /addsupplier: one sentence, the knowledge base unchanged, logged.
    refused = user_visible(await ask(botapi, stranger, ADD))
    assert refused == "Only the knowledge-base admins can use /addsupplier; nothing was changed."
    assert "suppliers: 0" in user_visible(await ask(botapi, admin, "/kbstats"))
    assert f"refused /addsupplier from user {stranger.id}" in bot.log()
    await botapi.send(early, "/start")
    before = user_visible(await ask(botapi, early, NEED))
    assert "Zephyr" not in before

    # 2. An admin's one-message /addsupplier: found by the next founder's search.
    added = user_visible(await ask(botapi, admin, ADD))
    assert added.startswith("Added #1 Zephyr Weaving Test Co. It is in the search now")
    await botapi.send(late, "/start")
    leads = user_visible(await ask(botapi, late, NEED))
    assert "1. Zephyr Weaving Test Co" in leads
    assert "matched 'woven labels'" in leads

    # 3. A bad import is rejected whole, with every bad row and its reason.
    rejected = await import_file(botapi, admin, "bad.csv")
    assert rejected.startswith("Import rejected, nothing was imported: bad.csv has 3 bad rows.")
    assert "row 2: moq: not a whole number: 'fifty'" in rejected
    assert "row 3: name: required" in rejected
    assert "row 4: price_tiers: min_qty must ascend" in rejected
    assert "suppliers: 1" in user_visible(await ask(botapi, admin, "/kbstats"))

    # A good import then counts as a change of its own.
    imported = await import_file(botapi, admin, "good.csv")
    assert "Imported 3 suppliers from good.csv: 3 added, 0 updated." in imported

    # 4. /audit shows both changes (newest first); the refusal and the rejection changed nothing.
    audit = user_visible(await ask(botapi, admin, "/audit")).splitlines()
    assert audit[0] == "Last 2 changes:"
    assert audit[1].endswith(f"· user {admin.id} · import good.csv: 3 added, 0 updated")
    assert audit[2].endswith(f"· user {admin.id} · add #1 Zephyr Weaving Test Co (garment-labels)")


async def test_export_arrives_as_two_documents_and_a_binary_csv_is_refused(
    botapi: BotApiServer, start_bot: StartBot, tmp_path: Path
) -> None:
    admin = botapi.user("Ada", "ada_admin")
    await start_bot(
        admin_ids=[admin.id],
        extra_env={"KNOWLEDGE_DIR": str(knowledge_without_suppliers(tmp_path))},
    )
    await ask(botapi, admin, ADD)

    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    since = len(botapi.sent)
    await botapi.send_document(admin, "photo.csv", binary.read_bytes(), caption="/import")
    answer = user_visible(await botapi.replies(admin, since=since, within=30, settle=1.0))
    assert "file: not UTF-8 text (is it binary?)" in answer

    exported = await ask(botapi, admin, "/export", count=3)
    assert exported[0].text == "The knowledge base: 1 supplier, as CSV and YAML."
    documents = {str(s.message["document"]["file_name"]): s for s in exported if s.is_document}
    names = sorted(documents)
    assert len(names) == 2
    assert names[0].startswith("suppliers-")
    assert names[0].endswith(".csv")
    assert names[1] == names[0].removesuffix(".csv") + ".yaml"
    for document in documents.values():
        assert document.upload is not None
        assert b"Zephyr Weaving Test Co" in document.upload

"""The store: named migrations, join codes, hashed tokens, append-only answers, and SQLite
files and PostgreSQL databases that several processes write to at once without losing a save.

Every test that takes ``store`` or ``empty_url`` runs on SQLite and on PostgreSQL (an empty
schema of its own: see ``postgres_url`` in conftest.py)."""

from __future__ import annotations

import base64
import json
import multiprocessing
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, text

from coprod.store import CODE_ALPHABET, CODE_LENGTH, SaveBudget, Store, database_url, hash_token, schema
from coprod.store.budget import size_of
from coprod.store.database import BUSY_TIMEOUT_MS, MAX_CONNECTIONS, POOL_SIZE

MIGRATION_NAMES = [name for name, _ in schema.MIGRATIONS]


def sqlite_url(path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "coprod.sqlite3"


@pytest.fixture
def file_store(db_path):
    store = Store(sqlite_url(db_path))
    store.migrate()
    yield store
    store.dispose()


@pytest.fixture(params=["memory", "file", "postgresql"])
def store(request, tmp_path):
    """The same behaviour is expected of an in-memory store, a SQLite file and PostgreSQL."""
    if request.param == "memory":
        store = Store.memory()
    elif request.param == "file":
        store = Store(sqlite_url(tmp_path / "store.sqlite3"))
    else:
        store = Store(request.getfixturevalue("postgres_url"))
    store.migrate()
    yield store
    store.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, db_path):
    """The URL of an empty database: a new SQLite file, or a new PostgreSQL schema."""
    return sqlite_url(db_path) if request.param == "sqlite" else request.getfixturevalue("postgres_url")


@pytest.fixture
def workshop(store):
    return store.create_workshop("Tuesday workshop")[0]


@pytest.fixture
def participant(store, workshop):
    return store.join(workshop, "Sam")[0]


# --- migrations ------------------------------------------------------------------------


def test_migrations_are_recorded_by_name_and_applied_once(empty_url):
    store = Store(empty_url)

    assert store.migrate() == MIGRATION_NAMES
    assert store.migrate() == []

    with store.engine.connect() as conn:
        rows = conn.execute(select(schema.migrations_table)).all()
    assert [row.name for row in rows] == MIGRATION_NAMES
    assert all(row.applied_at is not None for row in rows)
    store.dispose()

    reopened = Store(empty_url)
    assert reopened.migrate() == []
    reopened.dispose()


def test_a_database_from_a_newer_coprod_asks_for_an_upgrade(empty_url):
    store = Store(empty_url)
    store.migrate()
    with store.engine.begin() as conn:
        conn.execute(insert(schema.migrations_table).values(name="0099_from_the_future", applied_at=datetime.now(UTC)))

    newer = Store(empty_url)
    with pytest.raises(RuntimeError, match=r"0099_from_the_future.*upgrade coprod"):
        newer.migrate()
    newer.dispose()
    store.dispose()


def test_kernels_starting_together_on_a_new_database_migrate_it_once(empty_url):
    stores = [Store(empty_url) for _ in range(6)]
    barrier = threading.Barrier(len(stores))
    done, failed = [], []

    def start(store):
        barrier.wait(timeout=30)
        try:
            done.append(store.migrate())
        except Exception as error:
            failed.append(error)

    threads = [threading.Thread(target=start, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failed == []
    assert sorted(done, key=len) == [[]] * (len(stores) - 1) + [MIGRATION_NAMES]
    with stores[0].engine.connect() as conn:
        assert [row.name for row in conn.execute(select(schema.migrations_table))] == MIGRATION_NAMES
    for store in stores:
        store.dispose()


# --- workshops -------------------------------------------------------------------------


def test_join_codes_are_six_unambiguous_characters(store):
    codes = [store.create_workshop(f"Workshop {n}")[0].code for n in range(50)]

    assert CODE_LENGTH == 6
    assert not set("0O1I") & set(CODE_ALPHABET)
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(CODE_ALPHABET), code
    assert len(set(codes)) == len(codes)


def test_find_workshop_by_code_or_name(store):
    first, _ = store.create_workshop("Carers group")
    other, _ = store.create_workshop("Youth forum")
    spaced = " ".join([first.code[:3].lower(), first.code[3:].lower()])

    assert store.find_workshop(first.code) == first
    assert store.find_workshop(first.code.lower()) == first
    assert store.find_workshop(f"  {spaced}\t") == first
    assert store.workshop_by_code(spaced) == first
    assert store.find_workshop("Youth forum") == other
    assert store.find_workshop("youth forum") is None  # names are matched as written
    assert store.find_workshop("ZZZZZZ" if first.code != "ZZZZZZ" else "YYYYYY") is None


def test_find_workshop_by_name_prefers_the_newest(store):
    store.create_workshop("Monthly meeting")
    newer, _ = store.create_workshop("Monthly meeting")

    assert store.find_workshop("Monthly meeting") == newer


def test_facilitator_token_opens_only_its_own_workshop(store):
    one, one_token = store.create_workshop("One")
    two, two_token = store.create_workshop("Two")
    extra_token = store.add_facilitator_key(one)

    assert store.workshop_for_facilitator(one_token) == one
    assert store.workshop_for_facilitator(extra_token) == one
    assert store.workshop_for_facilitator(two_token) == two
    assert store.workshop_for_facilitator(one_token + "x") is None
    assert store.workshop_for_facilitator("") is None
    assert store.workshop_for_facilitator(hash_token(one_token)) is None  # the stored hash is no key


# --- participants and their tokens -------------------------------------------------------


def random_bytes(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def test_join_gives_a_long_random_token_that_finds_the_participant(store, workshop):
    joined = [store.join(workshop, f"Person {n}") for n in range(50)]

    tokens = [token for _, token in joined]
    assert len(set(tokens)) == len(tokens)
    for participant, token in joined:
        assert len(random_bytes(token)) * 8 >= 128
        assert store.participant_by_token(token) == participant
    assert store.participant_by_token(tokens[0][:-1]) is None
    assert store.participant_by_token("not-a-token") is None


def test_tokens_are_stored_only_as_their_sha256(file_store, db_path):
    workshop, facilitator_token = file_store.create_workshop("Secret keeping")
    participant, participant_token = file_store.join(workshop, "Alex")
    file_store.save(participant, "values", "individual-values", "happy", "My garden")
    tokens = [facilitator_token, participant_token]

    def database_bytes() -> bytes:  # the file and, in WAL mode, its -wal and -shm companions
        return b"".join(p.read_bytes() for p in sorted(db_path.parent.glob(db_path.name + "*")))

    with file_store.engine.connect() as conn:
        cells = [str(value) for table in schema.metadata.sorted_tables
                 for row in conn.execute(select(table)) for value in row]
    while_open = database_bytes()
    file_store.dispose()
    after_close = database_bytes()

    for token in tokens:
        assert hash_token(token) in cells  # the rows are really there...
        assert not any(token in cell for cell in cells)  # ...but never the token itself
        for raw in (while_open, after_close):
            assert token.encode() not in raw
    assert hash_token(participant_token).encode() in while_open + after_close


# --- answers -----------------------------------------------------------------------------


def test_answers_are_appended_and_the_newest_is_current(store, workshop, participant):
    ids = [store.save(participant, "values", "tree", "leaf", value) for value in ("first", "second", "third")]

    history = store.history(workshop.id)
    assert [a.value for a in history] == ["first", "second", "third"]
    assert [a.id for a in history] == ids == sorted(ids)
    current = store.current(workshop.id, "values", "tree")
    assert [(a.item, a.value, a.id) for a in current] == [("leaf", "third", ids[-1])]
    assert current[0].author_name == "Sam"
    assert current[0].scope == "participant" and current[0].owner_id == participant.id


def test_current_orders_keys_by_when_they_were_first_saved(store, workshop, participant):
    for item, value in [("b", "b1"), ("a", "a1"), ("b", "b2"), ("c", "c1"), ("a", "a2")]:
        store.save(participant, "assets", "map", item, value)

    current = store.current(workshop.id, "assets", "map")

    assert [(a.item, a.value) for a in current] == [("b", "b2"), ("a", "a2"), ("c", "c1")]


def test_each_owner_has_their_own_current_answer(store, workshop, participant):
    other, _ = store.join(workshop, "Kim")
    store.save(participant, "values", "q", "happy", "gardening")
    store.save(other, "values", "q", "happy", "music")

    current = store.current(workshop.id, "values", "q")
    assert {(a.author_name, a.value) for a in current} == {("Sam", "gardening"), ("Kim", "music")}
    mine = store.current(workshop.id, "values", "q", scope="participant", owner_id=participant.id)
    assert [a.value for a in mine] == ["gardening"]
    assert store.history(workshop.id, activity="other") == []


def test_group_answers_need_a_group_and_belong_to_it(store, workshop, participant):
    with pytest.raises(ValueError, match="no group"):
        store.save(participant, "values", "tree", "leaf", "Respect", scope="group")
    with pytest.raises(ValueError, match="unknown scope"):
        store.save(participant, "values", "tree", "leaf", "Respect", scope="team")
    assert store.history(workshop.id) == []

    group_id = store.create_group(workshop, "Table 1").id
    sam = store.assign_group(participant, group_id)
    kim = store.assign_group(store.join(workshop, "Kim")[0], group_id)
    store.save(sam, "values", "tree", "leaf", "Respect", scope="group")
    store.save(kim, "values", "tree", "leaf", "Respect and trust", scope="group")

    current = store.current(workshop.id, "values", "tree", scope="group", owner_id=group_id)
    assert [(a.value, a.author_name, a.owner_id) for a in current] == [("Respect and trust", "Kim", group_id)]
    assert store.current(workshop.id, "values", "tree", scope="participant") == []


UNICODE_VALUES = [
    pytest.param("Great session 🎉👍🏽", id="emoji"),
    pytest.param("👩‍👩‍👧‍👦", id="zero-width-joiner"),
    pytest.param("نحن نعمل معًا", id="arabic"),
    pytest.param("אנחנו עובדים יחד", id="hebrew"),
    pytest.param("English, עברית and العربية in one line", id="mixed-direction"),
    pytest.param("共同生产・協働・공동생산", id="cjk"),
    pytest.param("Cafe\u0301 \u200b\u200c\u200d\ufeff", id="combining-and-zero-width"),
    pytest.param('quotes " \' \\ and </script>', id="json-and-html-specials"),
    pytest.param("line\nbreaks\tand tabs\r\n", id="whitespace"),
    pytest.param("🙂" * 50_000 + "x" * 50_000, id="100000-characters"),
    pytest.param({"answer": "مرحبا", "tags": ["🌱", "共同"], "score": 3, "done": False, "note": None},
                 id="structured"),
]


@pytest.mark.parametrize("value", UNICODE_VALUES)
def test_values_round_trip_exactly(store, workshop, participant, value):
    store.save(participant, "reflecting", "text", "answer", value)

    [answer] = store.current(workshop.id, "reflecting", "text")
    [in_history] = store.history(workshop.id)
    assert answer.value == value
    assert in_history.value == value
    if isinstance(value, str):
        assert len(answer.value) == len(value)


def test_last_answer_id_grows_with_each_save(store, workshop, participant):
    elsewhere = store.create_workshop("Elsewhere")[0]
    stranger = store.join(elsewhere, "Stranger")[0]
    assert store.last_answer_id(workshop.id) == 0

    seen = []
    for n in range(5):
        saved = store.save(participant, "power", "grid", f"cell-{n % 2}", n)
        store.save(stranger, "power", "grid", "cell", n)  # another workshop's saves do not count
        seen.append(store.last_answer_id(workshop.id))
        assert seen[-1] == saved
    assert seen == sorted(set(seen))
    assert store.last_answer_id(workshop.id) == seen[-1]


# --- SQLite files and database URLs ---------------------------------------------------------


def test_a_sqlite_file_uses_wal_and_waits_for_locks(file_store):
    file_store.workshop(1)  # a connection made and given back to the pool
    with file_store.db.read() as tx:
        pragma = {name: tx.scalar(f"PRAGMA {name}")
                  for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")}

    assert pragma == {"journal_mode": "wal", "busy_timeout": BUSY_TIMEOUT_MS, "foreign_keys": 1, "synchronous": 2}
    assert BUSY_TIMEOUT_MS >= 5_000


def test_database_url_gives_a_postgresql_url_the_driver_coprod_ships():
    assert database_url("postgresql://coprod:s3cret@db.example:5433/coprod") == \
        "postgresql+psycopg://coprod:s3cret@db.example:5433/coprod"
    assert database_url("postgres://db.example/coprod") == "postgresql+psycopg://db.example/coprod"
    assert database_url("postgresql+psycopg://db.example/coprod?sslmode=require") == \
        "postgresql+psycopg://db.example/coprod?sslmode=require"


def test_a_postgresql_store_keeps_a_small_pool_for_each_kernel():
    store = Store("postgresql+psycopg://coprod@db.example/coprod")  # no connection is made until used

    assert store.db.dialect == "postgresql"
    assert POOL_SIZE <= 2 and MAX_CONNECTIONS <= 4  # a room of 60 kernels: at most 240 connections
    store.dispose()


def test_database_url_honours_an_explicit_url(monkeypatch):
    monkeypatch.setenv("COPROD_DATABASE_URL", "sqlite:////from/the/environment.db")

    assert database_url("postgresql+psycopg://coprod@db.example/coprod") == \
        "postgresql+psycopg://coprod@db.example/coprod"
    assert database_url("sqlite:////explicit/answers.db") == "sqlite:////explicit/answers.db"


@pytest.mark.parametrize("path", ["answers.db", "data/answers.db", "./answers.db"])
def test_database_url_turns_a_bare_path_into_an_absolute_sqlite_url(monkeypatch, tmp_path, path):
    monkeypatch.chdir(tmp_path)

    url = database_url(path)

    assert url == sqlite_url((tmp_path / path).resolve())
    assert url.startswith("sqlite:////")


def test_database_url_reads_the_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPROD_DATABASE_URL", "sqlite:////srv/coprod/answers.db")
    assert database_url() == "sqlite:////srv/coprod/answers.db"

    monkeypatch.setenv("COPROD_DATABASE_URL", "answers.db")
    assert database_url() == sqlite_url(tmp_path.resolve() / "answers.db")

    monkeypatch.delenv("COPROD_DATABASE_URL")
    assert database_url() == sqlite_url(tmp_path.resolve() / "coprod.sqlite3")


# --- many writers at once ---------------------------------------------------------------------

PROCESSES = 8
SAVES_EACH = 200


def _save_many(url, participant, index, barrier):
    """One process, as one phone would be: its own Store on the shared file, many saves."""
    store = Store(url)
    # Faster than any person: a budget of exactly these saves keeps its accounting under test too.
    store.save_budget = SaveBudget(burst=SAVES_EACH)
    try:
        barrier.wait(timeout=60)  # start together, so that the writes really overlap
        for i in range(SAVES_EACH):
            store.save(participant, "concurrency", "burst", f"p{index}-i{i}", {"process": index, "i": i})
    finally:
        store.dispose()


@pytest.mark.slow
def test_eight_processes_saving_at_once_lose_nothing(empty_url):
    main = Store(empty_url)
    main.migrate()
    workshop, _ = main.create_workshop("Busy room")
    people = [main.join(workshop, f"Phone {n}")[0] for n in range(PROCESSES)]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    processes = [
        context.Process(target=_save_many, args=(empty_url, person, index, barrier))
        for index, person in enumerate(people)
    ]

    started = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    elapsed = time.perf_counter() - started

    assert [p.exitcode for p in processes] == [0] * PROCESSES, "a writer failed or hung"
    with main.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(schema.answers)).scalar_one()
    assert rows == PROCESSES * SAVES_EACH
    saved = main.history(workshop.id, activity="concurrency")
    pairs = {(a.value["process"], a.value["i"]) for a in saved}
    assert pairs == {(p, i) for p in range(PROCESSES) for i in range(SAVES_EACH)}
    assert all(a.author_id == people[a.value["process"]].id for a in saved)
    assert len(main.current(workshop.id, "concurrency", "burst")) == PROCESSES * SAVES_EACH
    assert main.last_answer_id(workshop.id) == max(a.id for a in saved)
    with main.db.read() as tx:  # every save counted once in its author's budget, none lost or doubled
        counted = {row.participant_id: row.bytes for row in tx.rows("SELECT participant_id, bytes FROM save_budgets")}
    assert counted == {person.id: sum(size_of(json.dumps({"process": index, "i": i})) for i in range(SAVES_EACH))
                       for index, person in enumerate(people)}
    main.dispose()
    print(f"{PROCESSES} processes x {SAVES_EACH} saves on {empty_url.split(':')[0]}: {elapsed:.1f}s")


# --- settings, groups, concurrent group writing, contacts --------------------------------------


def test_settings_are_a_log_whose_newest_value_is_in_force(store, workshop):
    assert store.settings(workshop.id) == {}
    before = store.version(workshop.id)
    store.set_setting(workshop, "current_activity", "values")
    store.set_setting(workshop, "current_activity", "power")
    store.set_setting(workshop, "group_picking", True)
    assert store.settings(workshop.id) == {"current_activity": "power", "group_picking": True}
    assert store.version(workshop.id) > before
    other, _ = store.create_workshop("Elsewhere")
    assert store.settings(other.id) == {}


def test_moving_someone_between_groups_is_noticed(store, workshop, participant):
    table1, table2 = store.create_group(workshop, "Table 1"), store.create_group(workshop, "Table 2")
    assert [g.name for g in store.groups(workshop)] == ["Table 1", "Table 2"]
    version = store.version(workshop.id)
    moved = store.assign_group(participant, table2.id)
    assert moved.group_id == table2.id and store.participant(participant.id).group_id == table2.id
    assert store.version(workshop.id) > version
    elsewhere = store.create_group(store.create_workshop("Elsewhere")[0], "Table 9")
    with pytest.raises(ValueError, match="another workshop"):
        store.assign_group(participant, elsewhere.id)
    assert store.participant(participant.id).group_id == table2.id
    assert store.assign_group(moved, None).group_id is None
    assert table1.id != table2.id


def test_two_people_writing_one_group_text_lose_nothing(store, workshop):
    group = store.create_group(workshop, "Table 1")
    ann = store.assign_group(store.join(workshop, "Ann")[0], group.id)
    bob = store.assign_group(store.join(workshop, "Bob")[0], group.id)
    first, clash = store.save_unless_changed(ann, "power", "rules", "text", "Be kind", base_id=None)
    assert clash is None
    # Bob started from the same empty text as Ann, and saves after her.
    _, clash = store.save_unless_changed(bob, "power", "rules", "text", "Listen", base_id=None)
    assert clash is not None and (clash.id, clash.value, clash.author_name) == (first, "Be kind", "Ann")
    # Ann saves again on top of her own version, without having seen Bob's: told about Bob's.
    _, clash = store.save_unless_changed(ann, "power", "rules", "text", "Be kind!", base_id=first)
    assert clash.value == "Listen"
    _, clash = store.save_unless_changed(ann, "power", "rules", "text", "Be kind. Listen.",
                                         base_id=store.last_answer_id(workshop.id))
    assert clash is None
    assert [a.value for a in store.history(workshop.id)] == ["Be kind", "Listen", "Be kind!", "Be kind. Listen."]


def test_a_partner_adds_to_my_answers_with_their_name(store, workshop):
    ann, bob = store.join(workshop, "Ann")[0], store.join(workshop, "Bob")[0]
    store.save_for(bob, ann, "assets", "what-do-i-bring", "x1", {"text": "Great listener"})
    [answer] = store.current(workshop.id, "assets", "what-do-i-bring", scope="participant", owner_id=ann.id)
    assert (answer.author_name, answer.value) == ("Bob", {"text": "Great listener"})
    stranger = store.join(store.create_workshop("Elsewhere")[0], "Eve")[0]
    with pytest.raises(ValueError, match="different workshops"):
        store.save_for(stranger, ann, "assets", "what-do-i-bring", "x2", {"text": "no"})


def test_contacts_are_kept_apart_from_answers(store, workshop, participant):
    assert store.contact(participant) is None
    store.set_contact(participant, "sam@example.org")
    assert store.contact(participant) == "sam@example.org"
    assert all("example.org" not in json.dumps(a.value) for a in store.history(workshop.id))
    store.set_contact(participant, None)
    assert store.contact(participant) is None


# --- the facilitator's housekeeping ----------------------------------------------------------


def test_a_database_made_before_archiving_keeps_its_data_through_migration_0003(empty_url):
    store = Store(empty_url)
    with store.engine.begin() as conn:  # a database as coprod made it before migration 0003
        schema.migrations_table.create(conn)
        for name, step in schema.MIGRATIONS[:2]:
            step(conn)
            conn.execute(insert(schema.migrations_table).values(name=name, applied_at=datetime.now(UTC)))
    sqlite = store.engine.dialect.name == "sqlite"
    with store.engine.begin() as conn:  # rows as that coprod wrote them (SQLite: UTC, without saying so)
        conn.execute(text("INSERT INTO workshops (name, code, open, created_at) VALUES ('Old', 'OLD234', "
                          + ("1, '2026-01-01 10:00:00')" if sqlite else "TRUE, '2026-01-01 10:00:00+00')")))
        workshop_id = conn.execute(text("SELECT id FROM workshops")).scalar_one()
        conn.execute(text("INSERT INTO settings (workshop_id, key, value, created_at) "
                          f"VALUES ({workshop_id}, 'current_activity', '\"values\"', '2026-01-01 10:05:00')"))
    assert store.migrate() == MIGRATION_NAMES[2:]
    assert MIGRATION_NAMES[2] == "0003_archiving_and_removal"
    old = store.find_workshop("OLD234")
    assert old.name == "Old" and old.open and not old.archived
    assert old.created_at == datetime(2026, 1, 1, 10, tzinfo=UTC)
    assert store.settings(old.id) == {"current_activity": "values"}
    store.set_setting(old, "hidden:" + "k" * 300, True)  # 0004: a key longer than 0002's 100 characters
    assert store.settings(old.id)["hidden:" + "k" * 300] is True
    assert store.set_archived(old, True).archived
    store.dispose()


def test_times_come_back_in_utc(store, workshop, participant):
    store.save(participant, "values", "q", "happy", "walking")
    store.set_contact(participant, "sam@example.org")
    [answer] = store.history(workshop.id)
    [contact] = store.contacts(workshop)
    now = datetime.now(UTC)

    for moment in (workshop.created_at, store.workshop(workshop.id).created_at, answer.created_at,
                   contact.consented_at):
        assert moment.tzinfo is UTC
        assert now - timedelta(minutes=1) < moment <= now


def test_a_setting_key_may_be_long(store, workshop):
    key = "hidden:participant:1:" + "a" * 64 + ":" + "t" * 64 + ":" + "item/" * 25

    store.set_setting(workshop, key, True)

    assert store.settings(workshop.id) == {key: True}
    assert store.setting_log(workshop.id, "hidden:") == [(key, True)]


def test_archived_workshops_are_listed_only_on_request_and_closed(store):
    first = store.create_workshop("March")[0]
    second = store.create_workshop("April")[0]
    assert [w.name for w in store.all_workshops()] == ["April", "March"]
    archived = store.set_archived(first, True)
    assert archived.archived and not archived.open
    assert [w.name for w in store.all_workshops()] == ["April"]
    assert [w.name for w in store.all_workshops(archived=True)] == ["April", "March"]
    back = store.set_archived(first, False)
    assert back.open and not back.archived
    assert store.rename_workshop(second, "April, Leeds").name == "April, Leeds"


def test_renaming_and_removing_someone_is_noticed_and_their_link_stops(store, workshop):
    sam, token = store.join(workshop, "Sam")
    group = store.create_group(workshop, "Group 1")
    sam = store.assign_group(sam, group.id)
    store.save(sam, "a1", "t", "x", "kept", scope="group")
    before = store.version(workshop.id)
    renamed = store.rename_participant(sam, "Samira")
    assert store.participant(sam.id).display_name == "Samira" == renamed.display_name
    assert store.version(workshop.id) != before
    store.remove_participant(renamed)
    assert store.participant_by_token(token) is None
    assert store.participant(sam.id) is None and store.participants(workshop) == []
    # What they wrote for the group stays, with their name.
    [kept] = store.current(workshop.id, "a1", "t", scope="group", owner_id=group.id)
    assert kept.value == "kept" and kept.author_name == "Samira"


def test_everyone_includes_removed_people_and_the_logs_read_back_in_order(store, workshop):
    sam, _ = store.join(workshop, "Sam")
    kim, _ = store.join(workshop, "Kim")
    store.rename_participant(sam, "Samira")
    store.remove_participant(kim)
    assert [p.display_name for p in store.everyone(workshop)] == ["Samira", "Kim"]
    assert [p.display_name for p in store.participants(workshop)] == ["Samira"]
    assert store.setting_log(workshop.id, "person:") == [(f"person:{sam.id}", {"name": "Samira"}),
                                                         (f"person:{kim.id}", {"removed": True})]
    assert store.setting_log(workshop.id, "person%") == []  # the prefix is literal, not a pattern
    store.set_contact(sam, "sam@example.org")
    store.set_contact(sam, None)
    assert [(c.email, c.consented_at is not None) for c in store.contacts(workshop)] == [
        ("sam@example.org", True), (None, False)]


def test_forgetting_a_person_deletes_all_they_wrote_and_only_that(store, workshop):
    group = store.create_group(workshop, "Group 1")
    sam = store.assign_group(store.join(workshop, "Sam")[0], group.id)
    kim = store.assign_group(store.join(workshop, "Kim")[0], group.id)
    store.save(kim, "a", "t", "scenario", "Kim's first", scope="group")
    store.save(sam, "a", "t", "scenario", "Sam's edit", scope="group")
    store.save(sam, "a", "notes", "n1", "Sam's own")
    store.save_for(kim, sam, "a", "notes", "n2", "Kim added to Sam's")
    store.save(kim, "a", "notes", "k1", "Kim's own")
    store.set_contact(sam, "sam@example.org")
    store.rename_participant(sam, "Samira")
    assert store.forget_participant(sam) == 3
    assert store.participant(sam.id) is None and store.everyone(workshop) == [kim]
    left = [(a.author_name, a.value) for a in store.history(workshop.id)]
    assert left == [("Kim", "Kim's first"), ("Kim", "Kim's own")]
    [scenario] = store.current(workshop.id, "a", "t", scope="group", owner_id=group.id)
    assert scenario.value == "Kim's first"  # the group's text falls back to the version Kim wrote
    assert store.contacts(workshop) == [] and store.setting_log(workshop.id, "person:") == []


def test_forgetting_a_workshop_leaves_the_others(store):
    gone, token = store.create_workshop("Gone")
    kept, _ = store.create_workshop("Kept")
    for ws in (gone, kept):
        person = store.join(ws, "Sam")[0]
        store.save(person, "a", "t", "i", "x")
        store.set_setting(ws, "locked", [])
        store.create_group(ws, "G")
    store.forget_workshop(gone)
    assert store.workshop(gone.id) is None and store.workshop_for_facilitator(token) is None
    assert len(store.history(kept.id)) == 1 and store.history(gone.id) == []
    assert [w.name for w in store.all_workshops()] == ["Kept"]


def test_a_stale_page_cannot_write_for_someone_removed_or_for_a_group_they_left(store, workshop):
    from coprod.store import NotAllowed

    first = store.create_group(workshop, "Group 1")
    second = store.create_group(workshop, "Group 2")
    sam = store.assign_group(store.join(workshop, "Sam")[0], first.id)
    kim = store.assign_group(store.join(workshop, "Kim")[0], first.id)
    store.assign_group(sam, second.id)  # the page still holds Sam in Group 1
    with pytest.raises(NotAllowed, match="no longer in that group"):
        store.save(sam, "a", "t", "i", "into the old group", scope="group")
    with pytest.raises(NotAllowed):
        store.save_unless_changed(sam, "a", "t", "i", "again", base_id=None)
    store.remove_participant(kim)
    for write in (lambda: store.save(kim, "a", "t", "i", "x"),
                  lambda: store.save_for(kim, sam, "a", "t", "i", "x"),
                  lambda: store.save_for(sam, kim, "a", "t", "i", "x")):
        with pytest.raises(NotAllowed, match="no longer in the workshop"):
            write()
    assert store.history(workshop.id) == []
    store.save(sam, "a", "t", "i", "fine", scope="participant")


def test_joining_lapses_for_workshops_left_alone(store):
    from datetime import timedelta

    old, _ = store.create_workshop("Last month")
    busy, _ = store.create_workshop("Still going")
    kept, _ = store.create_workshop("Today")
    with store.engine.begin() as conn:  # both were made long ago; only one has been used since
        conn.execute(schema.workshops.update().where(schema.workshops.c.id.in_([old.id, busy.id]))
                     .values(created_at=datetime(2026, 1, 1, tzinfo=UTC)))
    store.set_setting(busy, "locked", [])
    closed = store.close_idle(idle_for=timedelta(hours=12), keep=kept)
    assert [w.name for w in closed] == ["Last month"]
    assert not store.workshop(old.id).open and store.workshop(busy.id).open and store.workshop(kept.id).open

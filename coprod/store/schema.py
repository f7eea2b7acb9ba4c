"""Tables and named migrations.

Migrations are named, applied in order, and recorded in ``coprod_migrations`` so that a
database tells which changes it has had. A new migration is appended to MIGRATIONS; an
applied one is never edited.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection

metadata = MetaData()

migrations_table = Table(
    "coprod_migrations",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

workshops = Table(
    "workshops",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("code", String(16), nullable=False, unique=True),
    Column("open", Boolean, nullable=False, default=True),  # new participants may join
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("archived_at", DateTime(timezone=True), nullable=True),  # 0003: put away, closed to joining
    # 0005: "workshop" (a room, served) or "workbook" (one person's, made by `coprod workbook`). Stored,
    # never inferred from the name: a room named "Workbook" must stay a room.
    Column("kind", String(16), nullable=False, server_default="workshop"),
)

facilitator_keys = Table(
    "facilitator_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# 0007: the presenter view's keys (the projector's link): they open that view and nothing else.
# Each is made from a facilitator key (coprod.store.workshops.presenter_token), so that the console
# can show the link that `coprod serve` printed without storing it.
presenter_keys = Table(
    "presenter_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

groups = Table(
    "groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("group_id", ForeignKey("groups.id", ondelete="SET NULL"), nullable=True),
    Column("display_name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # 0003: removed by the facilitator: their link stops working, their answers stay
    Column("removed_at", DateTime(timezone=True), nullable=True),
)

# Append-only: every save is a new row and the current answer for a key is the row with
# the highest id. A key is (scope, owner_id, activity, task, item): scope "participant"
# means owner_id is a participant, "group" that it is a group. author_id says who wrote it.
answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=True),
    Column("scope", String(16), nullable=False),
    Column("owner_id", Integer, nullable=False),
    Column("activity", String(64), nullable=False),
    Column("task", String(64), nullable=False),
    Column("item", String(128), nullable=False),
    Column("value", Text, nullable=False),  # JSON
    Column("created_at", DateTime(timezone=True), nullable=False),
)
# Facilitator-side state as an append-only log: the newest row per key is in force (the
# current activity, which activities are open, group picking, each participant's group).
settings = Table(
    "settings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("key", Text, nullable=False),  # 0004: no length limit (a hidden post's key is a whole answer key)
    Column("value", Text, nullable=False),  # JSON
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("settings_key", settings.c.workshop_id, settings.c.key, settings.c.id)

# Kept apart from answers so that no view or export of answers can carry an email address.
contacts = Table(
    "contacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("email", String(320), nullable=True),  # None: consent withdrawn
    Column("consented_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# 0006: each person's save budget (coprod/store/budget.py), counted in the database because a
# person's pages are separate processes. One row per person, written in their saves' transactions.
save_budgets = Table(
    "save_budgets",
    metadata,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    Column("tokens", Float, nullable=False),  # saves that may be made now, up to the burst
    Column("counted_at", Float, nullable=False),  # when tokens was counted, in seconds since the epoch
    Column("bytes", Integer, nullable=False),  # the size of everything they saved in the workshop
    Column("noted_at", Float, nullable=True),  # when reaching a limit was last told to the facilitator
    Column("noted_kind", String(16), nullable=True),  # which limit that was
)

# 0007: personal follow-up links (coprod/store/followups.py), made for the people who agreed to be
# contacted. Only the link's hash is kept, as for every other link. A person forgotten takes theirs.
followup_links = Table(
    "followup_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

Index("answers_key", answers.c.workshop_id, answers.c.activity, answers.c.task, answers.c.scope,
      answers.c.owner_id, answers.c.item, answers.c.id)


# The tables as migration 0001 made them, frozen, so that a new database goes through
# every step in order. A later migration that alters a table freezes its old shape here.
_v1 = MetaData()
_v1_workshops = Table(
    "workshops", _v1,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("code", String(16), nullable=False, unique=True),
    Column("open", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
_v1_participants = Table(
    "participants", _v1,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("group_id", ForeignKey("groups.id", ondelete="SET NULL"), nullable=True),
    Column("display_name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
for _table in (facilitator_keys, groups, answers):
    _table.to_metadata(_v1)

# settings as migration 0002 made it (SQLite ignores the length; PostgreSQL enforces it).
_v2_settings = Table(
    "settings", MetaData(),
    Column("id", Integer, primary_key=True),
    Column("workshop_id", ForeignKey(workshops.c.id, ondelete="CASCADE"), nullable=False),
    Column("key", String(100), nullable=False),
    Column("value", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("settings_key", _v2_settings.c.workshop_id, _v2_settings.c.key, _v2_settings.c.id)


def _initial(conn: Connection) -> None:
    for name in ("workshops", "facilitator_keys", "groups", "participants", "answers"):
        _v1.tables[name].create(conn)


def _settings_and_contacts(conn: Connection) -> None:
    _v2_settings.create(conn)
    contacts.create(conn)


def _add_column(conn: Connection, table: Table, column_name: str) -> None:
    column = table.c[column_name]
    kind = column.type.compile(dialect=conn.dialect)
    quote = conn.dialect.identifier_preparer
    conn.execute(text(f"ALTER TABLE {quote.format_table(table)} ADD COLUMN {quote.format_column(column)} {kind}"))


def _archiving_and_removal(conn: Connection) -> None:
    _add_column(conn, workshops, "archived_at")
    _add_column(conn, participants, "removed_at")


def _settings_keys_unbounded(conn: Connection) -> None:
    # SQLite never enforced the 100 characters; PostgreSQL refused a longer key, such as the
    # facilitator hiding a post whose answer key is long.
    if conn.dialect.name == "postgresql":
        conn.execute(text("ALTER TABLE settings ALTER COLUMN key TYPE TEXT"))


def _workshop_kinds(conn: Connection) -> None:
    # Every workshop so far counts as a room, a workbook made before this migration too: whether
    # one is a workbook is settled later, only by the workbook itself (coprod.session), never by
    # a served page.
    column = workshops.c.kind
    if column.name in {c["name"] for c in inspect(conn).get_columns(workshops.name)}:
        return  # a database whose record of this step was lost: the column is there already
    quote = conn.dialect.identifier_preparer
    conn.execute(text(f"ALTER TABLE {quote.format_table(workshops)} ADD COLUMN {quote.format_column(column)} "
                      f"{column.type.compile(dialect=conn.dialect)} NOT NULL DEFAULT 'workshop'"))


def _save_budgets(conn: Connection) -> None:
    # checkfirst: a database whose record of this step was lost still has the table.
    save_budgets.create(conn, checkfirst=True)


def _presenter_keys(conn: Connection) -> None:
    presenter_keys.create(conn, checkfirst=True)


def _followup_links(conn: Connection) -> None:
    followup_links.create(conn, checkfirst=True)


MIGRATIONS = [
    ("0001_initial", _initial),
    ("0002_settings_and_contacts", _settings_and_contacts),
    ("0003_archiving_and_removal", _archiving_and_removal),
    ("0004_settings_keys_unbounded", _settings_keys_unbounded),
    ("0005_workshop_kinds", _workshop_kinds),
    ("0006_save_budgets", _save_budgets),
    ("0007_presenter_keys", _presenter_keys),
    ("0008_followup_links", _followup_links),
]

# A PostgreSQL advisory lock held while migrating: kernels starting together on a new
# database take turns instead of racing to create the same tables (SQLite's BEGIN
# IMMEDIATE already makes them take turns). Any fixed number unlikely to be another
# program's; the two-integer locks of the write queue (notify.py) are a separate space.
MIGRATION_LOCK = 0x636F_7072_6F64  # "coprod"


def applied(conn: Connection) -> list[str]:
    migrations_table.create(conn, checkfirst=True)
    return [row.name for row in conn.execute(select(migrations_table.c.name))]


def migrate(conn: Connection) -> list[str]:
    """Apply the migrations this database has not had; return their names."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
    done = set(applied(conn))
    known = {name for name, _ in MIGRATIONS}
    unknown = done - known
    if unknown:
        raise RuntimeError(
            f"this database has migrations this coprod does not know ({', '.join(sorted(unknown))}): upgrade coprod"
        )
    new = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        step(conn)
        conn.execute(insert(migrations_table).values(name=name, applied_at=datetime.now(UTC)))
        new.append(name)
    return new

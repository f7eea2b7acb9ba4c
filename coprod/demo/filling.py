"""The demo room at work: every person and every group doing every task of the course,
through the activities' own builders and widgets, activity by activity, as a room does.

Each task is handled by its type (as ``coprod.activities.BUILDERS`` builds it), so content
a researcher adds is filled too. A person's own tasks are done by everyone (a few skip
something); a group's tasks by one member of the group, a different one from task to task.
Every choice comes from a ``random.Random`` seeded with the demo's seed and the task's ids, so
the same seed gives the same answers, and a task's answers stay the same when a researcher adds
or removes other activities.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import ipywidgets as w

from coprod.activities import BUILDERS
from coprod.activities.needs_grid import NeedsControls
from coprod.content import Activity, CourseContent
from coprod.demo import driving as drive
from coprod.demo.phrases import SCENARIOS, bank
from coprod.followup_page import followup_view
from coprod.participant import ParticipantApp
from coprod.session import Session
from coprod.store import Group, Participant, Store, Workshop
from coprod.tasks.questions import DEFAULT_FIELDS
from coprod.tasks.scales import choices
from coprod.widgets import Matrix, Notes, Picker, Scale, SharedList, TextEntry

SKIP = 0.1  # how often someone leaves out a task, a question or a statement of their own

# How a room tends to sort Activity 2's cards: weights for Agree, Not sure, Disagree.
# Cards not listed here (content a researcher added) are left to chance.
PILE_TENDENCIES = {
    "not-involved-never": (7, 2, 1), "professionals-asking": (1.5, 2.5, 6), "service-users-decide": (3.5, 3, 3.5),
    "with-not-for": (9, 0.8, 0.2), "inviting-to-forums": (2, 3.5, 4.5), "equal-say": (7.5, 1.5, 1),
    "professional-organises": (3, 3.5, 3.5), "creative-approaches": (8, 1.5, 0.5), "every-stage": (5.5, 3, 1.5),
    "service-user-control": (1, 2.5, 6.5), "influence-change": (7, 2, 1), "options-first": (1.5, 3, 5.5),
    "service-design-only": (0.5, 2, 7.5), "wide-range": (8.5, 1, 0.5),
}
GROUP_LEAN = 0.3  # how far each group's own leaning pulls it away from the room's

# Power (0 None ... 3 A lot) that each stakeholder group holds now, and should hold.
POWER_NOW = {"funders": 3, "managers": 3, "paid-staff": 2, "service-users": 0, "volunteers": 1,
             "community-members": 0}
POWER_SHOULD = {"funders": 2, "managers": 2, "paid-staff": 2, "service-users": 3, "volunteers": 2,
                "community-members": 2}

# Weights of each answer of a scale, lowest first: the evaluation leans positive; how easy it
# was to agree on a definition sits in the middle.
SCALE_WEIGHTS = {"agreeing-reflection": (1, 2.5, 3, 2.5, 1)}
POSITIVE = (0.3, 0.7, 1.5, 4.5, 3)


@dataclass(frozen=True)
class Team:
    group: Group
    members: list[Participant]


class Room:
    def __init__(self, store: Store, content: CourseContent, workshop: Workshop, teams: list[Team], seed: int):
        self.store, self.content, self.workshop, self.teams, self.seed = store, content, workshop, teams, seed
        self.rng = self.random("room")
        people = [person for team in teams for person in team.members]
        self.lean = {person.id: self.rng.choice((-1, 0, 0, 1)) for person in people}  # harsh or generous raters

    def random(self, *keys: str) -> random.Random:
        # A string seed is hashed with SHA-512 by random.Random: the same in every run and process.
        return random.Random(":".join([str(self.seed), *keys]))

    # --- helpers -----------------------------------------------------------------------

    def session(self, person: Participant) -> Session:
        # A fresh session per task: its widgets draw what is stored now, as a page opened now would.
        return Session(self.store, self.content, self.workshop, person)

    def build(self, person: Participant, activity: Activity, task, session: Session | None = None) -> w.Widget:
        return BUILDERS[task.type](activity, task, session or self.session(person))

    def writer(self, team: Team) -> Participant:
        """Who writes this for the group: anyone in it, so that group work has several authors."""
        return self.rng.choice(team.members)

    def phrase(self, *keys: str, **names: str) -> str:
        text = self.rng.choice(bank(*keys))
        if isinstance(text, dict):
            text = text.get("text") or next(iter(text.values()))
        return text.format(**names) if names else text

    def some(self, items: list, low: int, high: int) -> list:
        """Between ``low`` and ``high`` of ``items``, in a random order."""
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def entry(self, keys: tuple[str, ...], ids: list[str]) -> dict[str, str]:
        """A list entry's texts (by field id): a ready-made entry from the bank when it has them all."""
        choice = self.rng.choice(bank(*keys))
        if isinstance(choice, dict) and all(i in choice for i in ids):
            return {i: choice[i] for i in ids}
        first = choice if isinstance(choice, str) else self.phrase(*keys)
        return {ids[0]: first, **{i: self.phrase(f"{keys[0]}/{i}", i) for i in ids[1:]}}

    @staticmethod
    def listed(shared: SharedList, text: str) -> bool:
        first = shared.fields[0]["id"]
        return any(e["values"].get(first) == text for e in shared.value)

    def offer(self, shared: SharedList, example: dict) -> None:
        """Add a ready-made entry with a tap, unless the list has it already (the widget says no)."""
        if not self.listed(shared, example["text"]):
            drive.add_example(shared, example["id"])

    def skips(self, chance: float = SKIP) -> bool:
        return self.rng.random() < chance

    def weighted(self, weights) -> int:
        return self.rng.choices(range(len(weights)), weights=weights)[0]

    # --- the room's work, in the course's order ---------------------------------------------

    def run(self) -> None:
        self.rng = self.random("scenarios")
        self.scenarios()
        for activity in self.content.activities:
            for part in activity.parts:
                for task in part.tasks:
                    self.rng = self.random(activity.id, task.id)
                    getattr(self, f"do_{task.type}")(activity, task)
        self.followups()

    def followups(self) -> None:
        """Months later: most of those who agreed to be contacted answer the follow-up, from their
        own follow-up link and its page, their Activity 11 answers moved a little up or down."""
        if self.content.followup is None:
            return
        self.rng = self.random("followup")
        for team in self.teams:
            for person in team.members:
                if self.store.contact(person) is None or self.skips(0.3):
                    continue
                page = followup_view(self.store, self.content, self.store.make_followup_link(person))
                for task in self.content.followup.tasks:
                    if task.type == "scale":
                        self._followup_scale(page, task, person)
                    elif task.type == "questions":
                        for q in self.some(task.questions, 1, len(task.questions)):
                            drive.write(drive.labelled(page, TextEntry, q.text),
                                        self.phrase(f"{task.id}/{q.id}", q.id))
                    else:
                        drive.write(drive.labelled(page, TextEntry, task.prompt), self.phrase(task.id))
                drive.close_tree(page)

    def _followup_scale(self, page, task, person) -> None:
        scale = next(s for s in drive.find(page, Scale) if s.statements[0]["id"] == task.statements[0].id)
        if task.compare_with:
            activity = next(a for a in self.content.activities for part in a.parts for t in part.tasks
                            if t.id == task.compare_with)
            earlier = choices(task, self.store.current(self.workshop.id, activity.id, task.compare_with,
                                                       scope="participant", owner_id=person.id))
        else:
            earlier = {}
        for statement in task.statements:
            was = earlier.get(statement.id)
            choice = self.weighted(POSITIVE if len(task.scale) == len(POSITIVE) else (1, 2, 2)) if was is None \
                else min(len(task.scale) - 1, max(0, was + self.rng.choice((-1, 0, 0, 1))))
            drive.choose(scale, statement.id, choice)

    def scenarios(self) -> None:
        """Each group's own scenario, written in the participant app's group panel."""
        for team in self.teams:
            app = ParticipantApp(self.session(self.writer(team)))
            drive.write(drive.labelled(app.group_box, TextEntry, "Our scenario"), self.rng.choice(SCENARIOS))
            drive.close_tree(app.widget)

    def each_person(self, activity: Activity, task, act, *, skip: float = SKIP) -> None:
        for team in self.teams:
            for person in team.members:
                if self.skips(skip):
                    continue
                widget = self.build(person, activity, task)
                act(person, team, widget)
                drive.close_tree(widget)

    def each_group(self, activity: Activity, task, act) -> None:
        for team in self.teams:
            person = self.writer(team)
            session = self.session(person)
            widget = self.build(person, activity, task, session)
            act(team, widget, session)
            drive.close_tree(widget)

    # --- one method per task type --------------------------------------------------------

    def do_questions(self, activity: Activity, task) -> None:
        if task.who == "group":
            def lists(team, widget, session):
                for q in task.questions:
                    shared = drive.labelled(widget, SharedList, q.text)
                    for _ in range(self.rng.randint(1, 3)):
                        drive.add(shared, **self.entry((f"{task.id}/{q.id}", q.id),
                                                    [f.id for f in q.fields or DEFAULT_FIELDS]))
            self.each_group(activity, task, lists)
        elif task.repeatable or task.answer == "text":
            def texts(person, team, widget):
                for q in self.some(task.questions, 1, len(task.questions)):
                    drive.write(drive.labelled(widget, TextEntry, q.text), self.phrase(f"{task.id}/{q.id}", q.id))
            self.each_person(activity, task, texts)
        else:
            self.each_person(activity, task, lambda person, team, widget: self.notes(task, widget))
            if task.partner:
                self.partners(activity, task)

    def notes(self, task, widget) -> None:
        notes = drive.find(widget, Notes)[0]
        # A sheet of a few questions is answered whole; of many, people answer those that speak to them.
        few = len(task.questions) <= 3
        answered = [q for q in task.questions if not self.skips(0.15)] if few else \
            self.some(task.questions, 2, min(4, len(task.questions)))
        for q in answered:
            texts = self.rng.sample(bank(f"{task.id}/{q.id}", q.id), self.rng.randint(1, 3 if few else 2))
            posting = self.rng.randint(1, task.post_to_board) if task.post_to_board else 0
            for n, text in enumerate(texts):
                drive.note(notes, q.id, text, posted=n < posting)

    def partners(self, activity: Activity, task) -> None:
        """The pair interview: most people add something to the next person's answers."""
        for team in self.teams:
            if len(team.members) < 2:
                continue
            for index, person in enumerate(team.members):
                if self.skips(0.3):
                    continue
                partner = team.members[(index + 1) % len(team.members)]
                widget = self.build(person, activity, task)
                drive.labelled(widget, w.Dropdown, "Your partner").value = partner.id
                adding = drive.find(widget, Notes)[1]
                drive.note(adding, self.rng.choice(task.questions).id, self.phrase("partner"))
                drive.close_tree(widget)

    def do_card_sort(self, activity: Activity, task) -> None:
        piles = len(task.piles)
        leaning = {}
        for team in self.teams:
            for card in task.cards:
                own = [self.rng.random() for _ in range(piles)]
                leaning[team.group.id, card.id] = [x / sum(own) for x in own]

        def sort(person, team, widget):
            sorter = drive.with_class(widget, "coprod-card-sort")[0]
            for card in task.cards:
                if self.skips(0.05):
                    continue  # a card left unsorted
                room = PILE_TENDENCIES.get(card.id) if piles == 3 else None
                room = [x / sum(room) for x in room] if room else [1 / piles] * piles
                group = leaning[team.group.id, card.id]
                drive.choose(sorter, card.id, self.weighted([(1 - GROUP_LEAN) * r + GROUP_LEAN * g
                                                             for r, g in zip(room, group, strict=True)]))
        self.each_person(activity, task, sort, skip=0.03)

    def do_text(self, activity: Activity, task) -> None:
        if task.who == "group":
            self.each_group(activity, task, lambda team, widget, session: drive.write(
                drive.labelled(widget, TextEntry, task.prompt), self.phrase(task.id)))
        else:
            self.each_person(activity, task, lambda person, team, widget: drive.write(
                drive.labelled(widget, TextEntry, task.prompt), self.phrase(task.id)))

    def do_scale(self, activity: Activity, task) -> None:
        size = len(task.scale)
        base = SCALE_WEIGHTS.get(task.id) or (POSITIVE if size == len(POSITIVE) else tuple(range(1, size + 1)))

        def rate(person, team, widget):
            scale = drive.find(widget, Scale)[0]
            for statement in task.statements:
                if len(task.statements) > 1 and self.skips(0.05):
                    continue
                choice = self.weighted(base)
                if self.rng.random() < 0.4:
                    choice = min(size - 1, max(0, choice + self.lean[person.id]))
                drive.choose(scale, statement.id, choice)
        self.each_person(activity, task, rate, skip=0.07)

    def do_contact(self, activity: Activity, task) -> None:
        def consent(person, team, widget):
            address = f"{person.display_name.lower().replace(' ', '.')}@example.org"  # a reserved, unused domain
            drive.find(widget, w.Checkbox)[0].value = True
            drive.with_class(widget, "coprod-email")[0].value = address
            drive.find(widget, w.Button)[0].click()
            if self.store.contact(person) != address:
                raise drive.Refused(f"the follow-up address of {person.display_name} was not kept")
        self.each_person(activity, task, consent, skip=0.6)

    def do_list(self, activity: Activity, task) -> None:
        if task.pick:
            self.problems(activity, task)
            return

        def fill(team, widget, session):
            shared = drive.find(widget, SharedList)[0]
            for example in self.some(shared.examples, 1, 3):
                self.offer(shared, example)
            ids = [f["id"] for f in shared.fields]
            for _ in range(self.rng.randint(1, 2)):
                values = self.entry((task.id,), ids)
                if not self.listed(shared, values[ids[0]]):
                    drive.add(shared, **values)
        self.each_group(activity, task, fill)

    def problems(self, activity: Activity, task) -> None:
        """Activity 9: a few people add to the room's list; each group picks and works on some."""
        for team in self.teams:
            person = self.rng.choice(team.members)
            widget = self.build(person, activity, task)
            room_list = drive.find(widget, SharedList)[0]
            text = self.phrase(task.id)
            if not self.listed(room_list, text):
                drive.add(room_list, text=text)
            drive.close_tree(widget)

        def work(team, widget, session):
            picker = drive.find(widget, Picker)[0]
            for option in self.rng.sample(picker.options, min(task.pick, len(picker.options))):
                drive.pick(picker, option["id"])
            for entry in drive.find(widget, TextEntry):
                # Each box's name is its question followed by the problem: "Warning signs (…)".
                question = next((q for q in task.follow_up if entry.label.startswith(f"{q.text} (")), None)
                if question is not None and not self.skips(0.15):
                    drive.write(entry, self.phrase(f"{task.id}/{question.id}", question.id))
        self.each_group(activity, task, work)

    def do_grid(self, activity: Activity, task) -> None:
        if task.rows:
            self.needs_grid(activity, task)
        elif task.who == "group":
            for team in self.teams:
                for column in task.columns:
                    person = self.writer(team)
                    widget = self.build(person, activity, task)
                    box = drive.labelled(widget, SharedList, column.heading)
                    for offer in self.some(box.examples, 0, 2):
                        self.offer(box, offer)
                    for text in self.some(bank(f"{task.id}/{column.id}", column.id), 1, 2):
                        if not self.listed(box, text):
                            drive.add(box, text=text)
                    drive.close_tree(widget)
        else:
            def boxes(person, team, widget):
                for column in task.columns:
                    if not self.skips():
                        drive.write(drive.labelled(widget, TextEntry, column.heading),
                                    self.phrase(f"{task.id}/{column.id}", column.id))
            self.each_person(activity, task, boxes)

    def needs_grid(self, activity: Activity, task) -> None:
        """Activity 7: the facilitator gives each group a stakeholder (now and then one the group
        listed in Activity 6); the group fills its row."""
        controls = NeedsControls(self.store, self.content, self.workshop, activity, task)
        controls.draw()
        given = []
        for team in self.teams:
            menu = drive.labelled(controls.widget, w.Dropdown, f"Stakeholder for {team.group.name}")
            options = [value for _, value in menu.options if value]
            own = [o for o in options if o not in {r.text for r in task.rows} and o not in given]
            fresh = [o for o in options if o not in given] or options
            menu.value = self.rng.choice(own) if own and self.rng.random() < 0.3 else self.rng.choice(fresh)
            given.append(menu.value)
        drive.close_tree(controls.widget)

        def row(team, widget, session):
            for column in task.columns:
                if not self.skips():
                    drive.write(drive.labelled(widget, TextEntry, column.heading),
                                self.phrase(f"{task.id}/{column.id}", column.id))
        self.each_group(activity, task, row)

    def do_values_tree(self, activity: Activity, task) -> None:
        def tree(team, widget, session):
            trunk, leaves = drive.find(widget, SharedList)
            for text in self.some(bank("trunk"), 2, 4):
                drive.add(trunk, text=text)
            session.changed()  # the placing menus now offer the new groups
            for menu in drive.with_class(widget, "coprod-place"):
                groups = [value for _, value in menu.options if value]
                if groups and not self.skips(0.15):
                    menu.value = self.rng.choice(groups)
            for offer in self.some(leaves.examples, 1, 2):
                self.offer(leaves, offer)
            if self.rng.random() < 0.5:
                text = self.phrase("leaves")
                if not self.listed(leaves, text):
                    drive.add(leaves, text=text)
        self.each_group(activity, task, tree)

    def do_scenarios(self, activity: Activity, task) -> None:
        names = {g.id: g.text for g in task.stakeholder_groups}

        def ratings(team, widget, session):
            picker = next(s for s in drive.find(widget, Scale) if s.statements[0]["id"] == "scenario")
            drive.choose(picker, "scenario", self.rng.randrange(len(task.scenarios)))
            for index, matrix in enumerate(drive.find(widget, Matrix)):
                if index and self.skips():
                    continue  # a decision the group did not get to
                for row in matrix.rows:
                    now = POWER_NOW.get(row["id"], self.rng.randrange(len(matrix.scale)))
                    should = POWER_SHOULD.get(row["id"], now)
                    for column, level in (("now", now), ("should", should)):
                        if self.skips(0.04):
                            continue
                        noisy = level + self.rng.choice((-1, 0, 0, 0, 1))
                        drive.rate(matrix, row["id"], column, min(len(matrix.scale) - 1, max(0, noisy)))

        def discussion(team, widget, session):
            picker = next(s for s in drive.find(widget, Scale) if s.statements[0]["id"] == "scenario")
            if not picker.value:
                return
            drive.write(drive.labelled(widget, TextEntry, task.discussion[0]), self.phrase("power-decisions"))
            menu = drive.labelled(widget, w.Dropdown, "Stakeholder group to discuss")
            for group_id in self.some(list(names), 1, 2):
                menu.value = group_id
                for number, question in enumerate(task.discussion[2:], start=2):
                    if not self.skips(0.4):
                        entry = drive.labelled(widget, TextEntry, f"{question} ({names[group_id]})")
                        drive.write(entry, self.phrase(f"power-{number}", group=names[group_id]))

        self.each_group(activity, task, ratings)
        self.each_group(activity, task, discussion)


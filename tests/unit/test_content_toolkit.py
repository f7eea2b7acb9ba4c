"""The course content says what the toolkit says, word for word.

The literals below are copied from "Part 2: Activities to help thinking about and preparing
for co-production" (shared/source/co-production-activities-part2.txt). The last tests check the
other direction: every text in the content can be found in the toolkit, apart from a short,
explicit list of prompts derived from instructions and of typo fixes.

Only the toolkit's own activities are checked: an extension that course.yaml enables
(extensions/ of the course, e.g. the ladder of co-production) is not from the toolkit, and
tests/unit/test_extensions.py covers it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from pydantic import BaseModel

from coprod.content import load

TOOLKIT = Path(__file__).parents[3] / "shared/source/co-production-activities-part2.txt"


@cache
def content():
    return load()


def toolkit_activities():
    """The course's activities without the extensions: the toolkit's twelve."""
    return [a for a in content().activities if not content().is_extension(a.id)]


def activity(activity_id):
    return content().activity(activity_id)


def task(activity_id, task_id):
    return activity(activity_id).task(task_id)


def texts(items):
    return [item.text for item in items]


# --- activity order -----------------------------------------------------------------

ORDER = [
    "what-do-you-know",
    "defining-co-production",
    "values",
    "assets",
    "inclusive-language",
    "identifying-stakeholders",
    "stakeholder-needs",
    "power",
    "warning-signs",
    "reflecting",
    "evaluating",
    "planning",
]


def test_activities_follow_the_body_of_the_toolkit():
    assert [a for a in content().course.order if not content().is_extension(a)] == ORDER
    assert [a.id for a in toolkit_activities()] == ORDER
    assert [a.number for a in toolkit_activities()] == list(range(1, 13))


# Activity titles are the toolkit's body headings, without "Activity N:".
TITLES = {
    "what-do-you-know": "What do you know, and what do you want to know, about co-production?",
    "defining-co-production": "Defining co-production - being clear about what co-production means in your context",
    "values": "Exploring your values",
    "assets": "Mapping your assets - skills, knowledge, experience and resources",
    "inclusive-language": "Developing ground rules for inclusive language",
    "identifying-stakeholders": "Identifying stakeholders for co-production",
    "stakeholder-needs": "Identifying what stakeholders need to be included",
    "power": "Examining power in co-production",
    "warning-signs": "Thinking about warning signs",
    "reflecting": "Reflecting on what we have learnt about co-production",
    "evaluating": "Evaluating the impact of the training/toolkit",
    "planning": "Planning and sharing your co-production journey",
}


@pytest.mark.parametrize("activity_id, title", TITLES.items())
def test_activity_titles(activity_id, title):
    assert activity(activity_id).title == title


PART_TITLES = {
    ("values", "a"): "Part One: Reflecting on your individual values",
    ("values", "b"): "Part two: Choosing your group values",
    ("assets", "a"): "Part One: Mapping your assets",
    ("assets", "b"): "Part Two: Mapping your collective assets",
    ("power", "a"): "Part 1. How does power and influence affect decision making?",
    ("power", "b"): "Part two: Reflecting on your power and influence",
}


@pytest.mark.parametrize("key, title", PART_TITLES.items(), ids=[f"{a}-{p}" for a, p in PART_TITLES])
def test_part_titles(key, title):
    activity_id, part_id = key
    assert [p.title for p in activity(activity_id).parts if p.id == part_id] == [title]


def test_every_part_has_an_aim_and_instructions():
    for a in content().activities:
        for part in a.parts:
            assert part.aim and part.instructions, f"{a.id}/{part.id}"


# --- Activity 2: defining co-production ------------------------------------------------

STATEMENTS = [
    "If people who use services are not involved in important decisions, you'll never be able to develop co-production",
    "Co-production is about professionals asking service users opinions",
    "Co-production is making sure service users make all the key decisions",
    "Co-production is the idea that you should be doing things with people, instead of for them, or at them",
    "Co-production can be achieved by inviting service users to forums, steering groups and meetings",
    "Co-production is where everyone has an equal say, everyone has an equal opinion and everyone's experiences are valid.",
    "Co-production sometimes works best if a professional person organises and manages the process",
    "Co-production should use creative approaches to engage a wide range of people including service users, their friends, family members and carers, and the wider community.",
    "Co-production must happen at every stage in the project, from commissioning to design through to evaluation",
    "Professionals and organisations don't have a role in co-production, it is about service user control",
    "We need to make sure that people and organisations who can influence change are involved in co-production",
    "A set of options needs to be developed by the organisation before co-production can start",
    # Toolkit: "service design –but" (space added).
    "Co-production is useful for service design – but you can't co-produce things like evaluation or commissioning",
    "It is important to try and include a wide range of people and organisations in co-production",
]


def test_statement_cards():
    cards = task("defining-co-production", "statement-cards")
    assert texts(cards.cards) == STATEMENTS
    assert cards.cards[0].id == "not-involved-never"
    assert cards.piles == ["Agree", "Not sure", "Disagree"]
    assert cards.who == "individual"
    assert cards.intro == "Are there any statements that you agree with? Are there any that you don't agree with?"


def test_definition_prompts():
    t = task("defining-co-production", "our-definition")
    assert (t.type, t.who, t.prompt) == ("text", "group", "Our definition of co-production is...")
    reflection = task("defining-co-production", "agreeing-reflection")
    assert [s.text for s in reflection.statements] == ["How easy or hard was it to agree on a shared definition?"]
    assert reflection.type == "scale" and len(reflection.scale) == 5


# --- Activity 3: values ------------------------------------------------------------------

VALUES_PROMPTS = [
    "What makes you feel happy?",
    "What makes you feel proud of yourself or other people?",  # toolkit: "makes your feel"
    "What makes you feel angry?",
    "What gives you a sense of injustice?",
    "What makes you feel that you are doing a good job?",
    "What makes you feel sad?",
    "Do you have any deeply held beliefs such as religious or political beliefs?",
    "If you had a magic wand and could change one thing in the world what would it be?",
    "Think about a time when things worked well for you. Why did it work well and what was important about it?",
]


def test_values_prompts():
    t = task("values", "individual-values")
    assert texts(t.questions) == VALUES_PROMPTS
    assert t.intro == "Think about what is important to you and ask yourself why those things are important."


def test_values_tree():
    tree = task("values", "values-tree")
    assert tree.roots_from == "individual-values"
    assert tree.roots == (
        "The roots represent the groups individual values; these are the values that will feed the group values."
    )
    assert tree.trunk == "The trunk of tree represents the values of the group."
    assert tree.leaves == (
        "The leaves of the tree represent the shared values that the group agree are important for co-production."
    )
    assert task("values", "values-reflection").prompt == "How easy or hard was the exercise?"


# --- Activity 4: assets ------------------------------------------------------------------

WHAT_DO_I_BRING = [
    ("What am I good at?", "for example, talking to a wide range of people, being organised, helping people, solving problems"),
    ("What experience do I have?", "for example, experience of working in teams, experience of being lonely or isolated, experience of designing campaigns"),
    ("What do I know about?", "for example, knowledge about co-production, local knowledge, knowledge of what works to reduce loneliness"),
    ("What skills do I have?", "for example, accounting, meeting facilitating, communicating"),
    ("What communities, groups or services am I involved in?", "for example, local bowling club, patient advisory group at a GP surgery, network of services to reduce loneliness and isolation"),
    ("Anything else you can think of.", None),
]


def test_what_do_i_bring():
    t = task("assets", "what-do-i-bring")
    assert t.title == "What do I bring to co-production?"
    assert [(q.text, q.examples) for q in t.questions] == WHAT_DO_I_BRING


QUADRANTS = [
    (
        "Knowledge – what do we know about?",
        "Information that helps the co-production journey, including, specialist knowledge about the problem the co-production process is seeking to address, knowledge about individuals, networks or services that can help the process, or knowledge of the co-production process itself.",
        "For example, in the research, an organisation such as the Campaign to End Loneliness and the University of Sheffield had evidence about tackling isolation and loneliness.",
    ),
    (
        "Skills – what skills do we have?",
        "Any skill that can support the co-production journey, including meeting facilitation, being a good communicator, writing reports or problem solving.",
        "For example, in the research, some community members had excellent communication skills and were able to encourage older people to join the co-production journey.",
    ),
    (
        "Experience – what experience do we have?",
        "Any experience that will support the co-production journey, including experience in a professional role or lived experience of an illness or difficult life challenge.",
        "For example, in the research, older people who were lonely and isolated used their experiences to shape services, and professionals with experience of budgets and accounting managed the funding.",
    ),
    (
        "Resources – what resources do we have?",
        "Any resources, such as, money, paid staff time or volunteers, access to networks, community space or access to media, that can support the co-production journey.",
        "For example, in the research, some organisations could host meeting spaces by sharing their community spaces.",
    ),
]


def test_collective_assets_quadrants():
    grid = task("assets", "collective-assets")
    assert [c.id for c in grid.columns] == ["knowledge", "skills", "experience", "resources"]
    assert [(c.heading, c.description, c.example) for c in grid.columns] == QUADRANTS
    assert grid.rows == []
    gaps = task("assets", "asset-gaps")
    assert texts(gaps.questions) == ["What asset 'gaps' do we have?", "What might we need to fill them?"]


# --- Activity 5: inclusive language ------------------------------------------------------

LANGUAGE_QUESTIONS = [
    "What 'buzz words', jargon or acronyms are commonly used in your organisation or daily life? Make a list of these terms, along with a definition, which everyone in the co-producing group can understand.",
    "What language helps people to feel included?",
    "What language discriminates against people?",
]


def test_language_questions():
    t = task("inclusive-language", "language-questions")
    assert t.title == "Questions for exploring language:"
    assert texts(t.questions) == LANGUAGE_QUESTIONS
    assert task("inclusive-language", "ground-rules").type == "list"
    assert task("inclusive-language", "putting-into-practice").prompt == (
        "How can these ground rules be implemented? What approaches will you use?"
    )


# --- Activity 6: identifying stakeholders ------------------------------------------------

STAKEHOLDER_EXAMPLES = [
    "Older people who are lonely and isolated",
    "Older people in Leeds",
    "Diverse local communities",
    "Family members of older people",
    "Funding bodies (in this case the National Lottery Community Fund)",
    "Time to Shine programme staff, Leeds Older People Forum trustees, the Core Partnership board, the local and national evaluation organisations",
    "Representatives from the health and social care sector (such as private residential care homes)",
    "Third sector organisations, not only those focused on supporting older people",
    "Anyone interested in tackling loneliness and social isolation",
    "Transport companies (particularly bus companies)",
    "Statutory sector organisations, such as councils, social services and the NHS",
    "National policy makers (e.g. Department for Health and Social Care, Department for Digital, Culture, Media and Sport, Cabinet Office, Centre for Ageing Better, Campaign to End Loneliness, the British Red Cross)",
]


def test_stakeholder_examples():
    t = task("identifying-stakeholders", "stakeholders")
    assert t.examples_intro == "Examples of stakeholders in the Time to Shine programme"
    assert texts(t.examples) == STAKEHOLDER_EXAMPLES
    # Asked for each stakeholder:
    assert texts(t.follow_up) == [
        "Why is it important these stakeholders are involved?",
        "What assets/skills/experiences/resources do they bring?",
    ]
    # Asked of the whole list:
    assert t.intro == "Thinking back to your values, who is it important to involve?"


def test_participants_should_discuss_stays_with_instruction_2():
    instructions = activity("identifying-stakeholders").parts[0].instructions
    assert len(instructions) == 3
    assert instructions[1].points == [
        "Participants should discuss: why is it important these stakeholders are involved? What assets/skills/experiences/resources do they bring? Thinking back to your values, who is it important to involve?"
    ]


# --- Activity 7: what stakeholders need --------------------------------------------------

NEEDS_COLUMNS = [
    "What might they need to be involved?",
    "What might the barriers be?",
    "How could you overcome these barriers?",
]
NEEDS_ROWS = [
    "People who use services",
    "Community members interested in the topic",
    "Infrastructure companies, such as transport companies",
    "Families, friends and carers of people who use services",
    "Paid staff",
    "Funding organisations",
    "Charities",
    "Statutory health and social care services",
]


def test_stakeholder_needs_grid():
    grid = task("stakeholder-needs", "stakeholder-needs")
    assert [c.heading for c in grid.columns] == NEEDS_COLUMNS
    assert texts(grid.rows) == NEEDS_ROWS
    discuss = activity("stakeholder-needs").parts[0].instructions[1]
    assert discuss.text == "In groups, participants discuss:"
    assert discuss.points == [
        "What might the stakeholder need to become involved?",
        "What might the barriers be?",
        "How can they overcome these barriers?",
    ]


# --- Activity 8: power -------------------------------------------------------------------

BACKGROUND = (
    "In all of these examples, the organisation has committed to a co-production approach and aims to co-produce "
    "all key decisions in the organisation. The primary way the organisation does this is through an advisory group, "
    "though it also gains feedback and involvement through events and participation exercises. Funders, managers, "
    "paid staff, service users, volunteers and community members are all part of the co-production process."
)

SCENARIOS = {
    "recruiting-staff": {
        "title": "Example One: Recruiting Staff",
        "description": "A new member of staff needs to be recruited to deliver an exciting new community project that aims to reduce isolation and loneliness in the local community.",
        "requirements_intro": None,
        "requirements": [],
        "decisions_intro": "To recruit the new member of staff, decisions that need to be made are:",
        "decisions": [
            "The job role needs to be developed.",
            "A job advert has to be created.",
            "A framework to decide who to interview.",
            "Interview questions decided",
            "A framework to decide who to appoint.",
        ],
    },
    "running-a-campaign": {
        "title": "Example Two: Running a campaign",
        "description": "Funding has been obtained for a campaign about loneliness and isolation in your local area to reduce stigma. Decisions need to be made about running the campaign.",
        "requirements_intro": "The funders requirements are:",
        "requirements": [
            "A poster campaign",
            "At least one radio show to be attended",
            "To reach a diverse audience",
            "The project to be completed in six months",
        ],
        "decisions_intro": "Decisions that need to be made are:",
        "decisions": ["Campaign branding", "Target audience", "How to spend the money"],
    },
    "dealing-with-a-complaint": {
        "title": "Example Three: Dealing with a complaint",
        # Toolkit: "upsetting content about they have been affected" ("how" added).
        "description": "A complaint has been made about your organisation – a member of the public thinks that the campaign poster is offensive and has written a very angry letter containing upsetting content about how they have been affected.",
        "requirements_intro": None,
        "requirements": [],
        "decisions_intro": "A decision needs to be made about a response to the complaint.",
        "decisions": ["Who sees the complaint?", "How to handle the complaint", "The response to the complainant"],
    },
}

GROUPS = "(Funders, managers, paid staff, service users, volunteers and community members)"
DISCUSSION = [
    "What decisions might need to be made?",
    f"Who holds the power/influence in those decisions? {GROUPS}",
    f"What knowledge do different groups have? {GROUPS}",
    f"How can that power/influence be shared equally? {GROUPS}",
    f"What are the risks of shared decision making for the different groups? {GROUPS}",
    f"What are the benefits for shared decision making for the different groups? {GROUPS}",
]
STAKEHOLDER_GROUPS = [
    ("funders", "Funders"),
    ("managers", "Managers"),
    ("paid-staff", "Paid staff"),
    ("service-users", "Service users"),
    ("volunteers", "Volunteers"),
    ("community-members", "Community members"),
]


def test_power_background():
    assert task("power", "power-scenarios").background == BACKGROUND


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_power_scenarios(scenario_id):
    scenarios = task("power", "power-scenarios").scenarios
    assert [s.id for s in scenarios] == list(SCENARIOS)
    scenario = next(s for s in scenarios if s.id == scenario_id)
    assert scenario.model_dump(exclude={"id"}) == SCENARIOS[scenario_id]


def test_power_discussion_and_groups():
    t = task("power", "power-scenarios")
    assert t.discussion_intro == "For each example, discuss in your groups:"
    assert t.discussion == DISCUSSION
    assert [(g.id, g.text) for g in t.stakeholder_groups] == STAKEHOLDER_GROUPS


def test_personal_power_card():
    card = task("power", "personal-power")
    assert card.who == "individual"
    assert [c.heading for c in card.columns] == [
        "Your responsibilities and/or your knowledge",
        "What power and influence do you have",
        "How can you share this power, or how can you gain more power?",
    ]
    assert card.rows == []
    assert task("power", "power-feelings").prompt == "How did the exercise make you feel?"


# --- Activity 9: warning signs -----------------------------------------------------------

PROBLEMS = [
    "Paid staff from charities and other organisations are losing interest in the process and stop attending meetings",
    "You cannot find any service users who want to take part in the co-production journey",
    "There is a lack of clear goals which is preventing decisions being made and work progressing",
    "The values of co-production, such as everyone having an equal say, are threatened. One person seems to be making all the decisions",
    "There is a lack of diversity among the stakeholders – the same types of service users are showing up",
    "The members of the group don't feel they have any real power over decision making",
    "The chair of the group who was holding everyone together is going to leave",
]


def test_problems():
    t = task("warning-signs", "problems")
    assert t.examples_intro == "Problems"
    assert texts(t.examples) == PROBLEMS
    assert t.pick == 2
    assert [(q.id, q.text) for q in t.follow_up] == [
        ("warning-signs", "What are the warning signs of the problem arising"),
        ("solutions", "How to solve the problem"),
    ]


# --- Activity 10: reflecting -------------------------------------------------------------

REFLECTION = [
    ("What do you now know about co-production?", None,
     ["What have you learnt from the training?", "How confident do you feel now about co-production?"]),
    ("What questions do I still have about co-production?", "This might be about:",
     ["The process", "Stakeholders", "Anything else?"]),
    ("What do I bring to co-production?", None,
     ["What am I good at?", "What do I know about?", "Who do I know?", "What connections do I have?", "Anything else?"]),
    ("What will help me to stay involved in co-production?", None,
     ["Practical help", "Dedicated staff time", "Reassurance and emotional support", "Opportunity to gain knowledge",
      "Anything else?"]),
]


def test_reflection_questions():
    t = task("reflecting", "reflection")
    assert t.repeatable is True
    assert [(q.text, q.hint_intro, q.hints) for q in t.questions] == REFLECTION


# --- Activity 11: evaluating -------------------------------------------------------------

SCALE = ["Strongly disagree", "Disagree", "Neither agree or disagree", "Agree", "Strongly agree"]
EVALUATION_STATEMENTS = [
    "I enjoyed the training session",
    "I am confident to take part in co-production",
    "I know more about co-production now than before I completed the activities in this toolkit",
    "I am going to put my learning into practice when taking part in co-production",
    "The activities in this training were useful",
    "I have met my personal goals for attending the training session",
    "The training met my expectations",
]
EVALUATION_QUESTIONS = [
    "Which parts of the training did you find useful?",
    "Were there any parts of the training that were not useful?",
    "Do you have any suggestions for improving the training session?",
    "How do you intend to implement the learning from today?",
    "Is there anything else that you would like to add?",
]


def test_evaluation_statements():
    t = task("evaluating", "evaluation-statements")
    assert t.intro == "Please read the statement below and tick the box that most applies to your experience:"
    assert t.scale == SCALE
    assert texts(t.statements) == EVALUATION_STATEMENTS
    goals = [s for s in t.statements if s.id == "met-personal-goals"]
    assert texts(goals) == ["I have met my personal goals for attending the training session"]


def test_evaluation_questions():
    t = task("evaluating", "evaluation-questions")
    assert t.intro == "Please answer the questions below"
    assert texts(t.questions) == EVALUATION_QUESTIONS


# --- Activity 12: planning ---------------------------------------------------------------


def test_planning():
    part = activity("planning").parts[0]
    assert texts(part.instructions) == [
        "The facilitator will ask participants to identify one thing they plan to do following the training",
        "Participants write this on a post-it notes and invite group members to share their commitment",
        "Facilitator will let participants know that they will receive an email in a few months to ask how they have used this training/ toolkit and asking them to share their progress of using a co-production approach",
    ]
    t = task("planning", "commitment")
    assert (t.type, t.who, t.prompt) == ("text", "individual", "What is one thing you plan to do following the training?")


# --- every text in the content is in the toolkit -----------------------------------------

# Texts that the toolkit implies but does not print as such: prompts and titles derived from
# an instruction, and the capitalised questions the facilitator writes on the board.
DERIVED = {
    "Are there any statements that you agree with? Are there any that you don't agree with?",  # Activity 2, instruction 2
    "How easy or hard was it to agree on a shared definition?",  # Activity 2, instruction 5
    "How easy or hard was the exercise?",  # Activity 3b, instruction 5
    "What asset 'gaps' do we have?",  # Activity 4b, instruction 3
    "What might we need to fill them?",  # Activity 4b, instruction 3
    "Our ground rules for language",  # Activity 5, instruction 3
    "How can these ground rules be implemented? What approaches will you use?",  # Activity 5, instruction 4
    "Why is it important these stakeholders are involved?",  # Activity 6, "Participants should discuss: why ..."
    "How did the exercise make you feel?",  # Activity 8b, instruction 2
    "What is one thing you plan to do following the training?",  # Activity 12, instruction 1
    "Our group's commitments",  # Activity 12, instruction 2
    "Our stakeholders",  # Activity 6, instruction 2
    "What made it easy or hard?",  # Activity 2, instruction 5
    "Very easy", "Easy", "Neither easy nor hard", "Hard", "Very hard",  # Activity 2, instruction 5's scale
    # Activity 12, instruction 3, in plain words, with the consent it needs:
    "In a few months we would like to email you to ask how you have used this training and how your co-production journey is going.",
    "Yes, you may email me about this. My address is used only for this follow-up, is never shown to other participants, and I can withdraw at any time.",
}

# Obvious typos fixed: the content's text -> the toolkit's text.
TYPO_FIXES = {
    "What do you now know about co-production?": "What you now know about co-production?",
    "Using the responses to Part One, the group will discuss what assets they have collectively and map them out on the paper":
        "Using the responses to Part Two, the group will discuss what assets they have collectively and map them out on the paper",
    "What makes you feel proud of yourself or other people?":
        "What makes your feel proud of yourself or other people?",
    "Co-production is useful for service design – but you can't co-produce things like evaluation or commissioning":
        "Co-production is useful for service design –but you can't co-produce things like evaluation or commissioning",
    "A complaint has been made about your organisation – a member of the public thinks that the campaign poster is offensive and has written a very angry letter containing upsetting content about how they have been affected.":
        "A complaint has been made about your organisation – a member of the public thinks that the campaign poster is offensive and has written a very angry letter containing upsetting content about they have been affected.",
}

# Fields that name things rather than say them, and the card-sort piles (Agree / Not sure /
# Disagree), which are the course's choice rather than toolkit text.
NOT_TEXT = {"id", "type", "who", "roots_from", "goals_from", "offers_from", "rows_from", "compare_with", "piles",
            "answer",
            # the labels of the boxes people type into: the interface's words
            "label", "entry_label",
            # the short names of the steps a participant's page goes through: the interface's words
            "step"}


def normalise(text: str) -> str:
    text = re.sub(r"[‘’]", "'", text)
    text = re.sub(r"[“”]", '"', text)
    text = re.sub(r"[–—]", "-", text)
    text = re.sub(r"[✓•»*]", " ", text)  # ticks, bullets, italics/bold markers
    return " ".join(text.split())


def walk(value, path):
    """Yield (path, text) for every text in a model, list or string."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in NOT_TEXT:
                yield from walk(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(item, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def content_texts():
    for a in toolkit_activities():
        yield from walk(a, a.id)


CONTENT_TEXTS = list(content_texts())


@pytest.fixture(scope="module")
def toolkit() -> str:
    if not TOOLKIT.is_file():
        pytest.skip(f"toolkit text not found at {TOOLKIT} (the shared source folder is not mounted)")
    return normalise(TOOLKIT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path, text", CONTENT_TEXTS, ids=[p for p, _ in CONTENT_TEXTS])
def test_text_is_in_toolkit(toolkit, path, text):
    if text in DERIVED:
        return
    original = TYPO_FIXES.get(text, text)
    if ".stakeholder_groups[" in path:
        # "Service users" etc. are the toolkit's "(Funders, managers, paid staff, service users, ...)".
        assert normalise(original).lower() in toolkit.lower()
    else:
        assert normalise(original) in toolkit


def test_derived_texts_and_typo_fixes_are_used(toolkit):
    used = {text for _, text in CONTENT_TEXTS}
    assert used >= DERIVED
    assert set(TYPO_FIXES) <= used
    for fixed, original in TYPO_FIXES.items():
        assert normalise(fixed) not in toolkit, f"not a fix: {fixed!r}"
        assert normalise(original) in toolkit

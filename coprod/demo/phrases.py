"""Small banks of plausible answers for the demo workshop, keyed by the content's ids.

Every answer is invented. A key is a question, column, field or task id from the content
(the most specific key found wins: ``"<task id>/<id>"`` before ``"<id>"``); anything the
banks do not know (content a researcher added) is answered from ``GENERIC``.
"""

from __future__ import annotations

# Plant and bird names: plainly invented people, none of them anyone in particular.
NAMES = [
    "Alder", "Aspen", "Basil", "Bramble", "Briar", "Clover", "Dunnock", "Fern", "Finch", "Hazel", "Heather",
    "Holly", "Juniper", "Kestrel", "Larch", "Laurel", "Linnet", "Marigold", "Merlin", "Myrtle", "Nightjar",
    "Orchid", "Plover", "Poppy", "Rowan", "Saffron", "Sage", "Sorrel", "Starling", "Tansy", "Teal", "Thrift",
    "Wren", "Yarrow", "Zinnia",
]

SCENARIOS = [
    "A lunch club for older people that wants its members to run it",
    "A befriending service being redesigned with the people who use it",
    "A community garden where neighbours decide what happens next",
    "A library reading group hoping to reach people who live alone",
]

GENERIC = [
    "We talked about this for a long time and did not all agree",
    "Something to come back to next time",
    "It depends on who is in the room",
    "Listening first, then deciding together",
    "Not sure yet: we need to ask more people",
]

BANK: dict[str, list] = {
    # Activity 1
    "already-know": [
        "It means working with people, not doing things to them", "Not much yet, honestly",
        "I have been on a patient panel at my GP surgery", "It is about sharing power with the people who use services",
        "I have heard the word at work but I am not sure what it means", "That it takes longer than people expect",
        "Our lunch club asks members what they want to do", "Everyone brings something",
    ],
    "want-to-know": [
        "Where to start", "How to involve people who are isolated", "What the barriers are",
        "How to share decisions fairly", "How to keep people involved over time", "How to pay people for their time",
        "How to convince managers it is worth it", "What to do when people disagree",
    ],
    # Activity 2
    "our-definition": [
        "Co-production is doing things with people, not for them or to them",
        "Working together as equals from the start, and sharing the decisions",
        "Everyone's experience counts, and people who use services help decide what happens",
        "Planning, deciding and checking together, at every stage",
    ],
    "agreeing-comment": [
        "We agreed on the big ideas quickly but not on who decides",
        "Hard: we all meant different things by 'decisions'",
        "Easy once we stopped arguing about the word", "The cards about professionals split the table",
        "We needed more time to listen to each other",
    ],
    # Activity 3
    "happy": ["Time with my grandchildren", "A good chat over a cup of tea", "Being outdoors", "Music",
              "Helping a neighbour"],
    "proud": ["When my daughter finished college", "Seeing our group run its own meeting", "Learning to use a tablet"],
    "angry": ["People being talked down to", "Bus routes being cut", "Forms nobody can understand"],
    "injustice": ["People left alone because they cannot get out", "Decisions made without asking anyone",
                  "Older people treated as a problem"],
    "good-job": ["When someone comes back the next week", "When people say thank you", "When a plan actually works"],
    "sad": ["Seeing someone lonely at Christmas", "Friends moving away", "Good projects losing their funding"],
    "beliefs": ["Everyone deserves respect", "We should look after each other", "Fairness matters more than rules"],
    "magic-wand": ["Nobody would be lonely", "Free buses for everyone", "More time for people"],
    "worked-well": ["Our street party: everyone did a bit", "A support group where we set the agenda",
                    "A project where we were paid for our time"],
    "trunk": ["Family and friendship", "Fairness", "Respect", "Community", "Honesty", "Kindness", "Independence"],
    "leaves": ["Everyone's voice counts", "Respect for lived experience", "Openness", "Fairness", "Patience"],
    "values-reflection": [
        "Grouping the values was easy; choosing the leaves took longer",
        "Hard at first because our values were so different", "Easier than we expected: we care about the same things",
    ],
    # Activity 4
    "good-at": ["Talking to a wide range of people", "Being organised", "Listening", "Solving problems", "Baking"],
    "experience": ["Working in teams", "Caring for my mum", "Being lonely after I retired", "Running a campaign"],
    "know-about": ["The local area", "What the council offers", "Which buses run on Sundays",
                   "Co-production, a little"],
    "skills": ["Meeting facilitation", "Accounting", "Writing reports", "Communicating", "Social media"],
    "communities": ["Local bowling club", "Patient advisory group at the GP surgery", "Church choir",
                    "Tenants' association"],
    "anything-else": ["I have a car and can give lifts", "I speak Urdu and Punjabi", "I know the library staff"],
    "partner": ["Great at making people feel welcome", "Knows everyone on the estate", "Very patient",
                "Good with numbers"],
    "knowledge": ["Local knowledge of the estate", "How the council's grants work", "Evidence about loneliness"],
    "resources": ["A community room we can use for free", "A small budget for refreshments", "Volunteers' time",
                  "The church newsletter"],
    "gaps": ["Nobody with funding experience", "No younger people", "Not enough time during the week"],
    "needs": ["Ask the council's funding officer to join", "Invite the youth club", "Meet in the evenings sometimes"],
    # Activity 5
    "buzz-words": [
        {"term": "KPI", "definition": "Key performance indicator: a number used to check progress"},
        {"term": "Stakeholder", "definition": "Anyone who has an interest in the project"},
        {"term": "Commissioning", "definition": "How a council decides which services to pay for"},
        {"term": "Social prescribing", "definition": "A GP or nurse linking someone to local activities"},
        {"term": "Capacity building", "definition": "Helping people and groups to do more for themselves"},
    ],
    "included": ["Plain English", "Using people's names", "Asking 'what do you think?'", "Saying 'we', not 'them'"],
    "discriminates": ["'The elderly'", "'Hard to reach'", "Acronyms nobody explains", "'Vulnerable people'"],
    "ground-rules": ["Explain every acronym the first time", "No jargon", "One person speaks at a time",
                     "Ask if you do not understand: there are no silly questions",
                     "Say 'people who use services', not 'users'"],
    "putting-into-practice": [
        "A jargon jar at every meeting, and a glossary on the wall",
        "The chair checks everyone has understood before moving on", "Send papers out a week early, in plain English",
    ],
    # Activity 6
    "stakeholders": [
        {"text": "Carers", "why-involved": "They know what gets in the way",
         "what-they-bring": "Lived experience of caring"},
        {"text": "The local bus company", "why-involved": "Transport stops people coming",
         "what-they-bring": "Routes, timetables and free passes"},
        {"text": "Faith groups", "why-involved": "They reach people nobody else does",
         "what-they-bring": "Rooms, volunteers and trust"},
        {"text": "Library staff", "why-involved": "Lonely people often visit the library",
         "what-they-bring": "A warm, free space and computers"},
        {"text": "Young volunteers", "why-involved": "Friendships across generations",
         "what-they-bring": "Energy and digital skills"},
    ],
    # Activity 7
    "stakeholder-needs/needs": ["Meetings at times that suit them", "Travel costs paid up front",
                                "Information in plain English"],
    "stakeholder-needs/barriers": ["Work and caring commitments", "Not feeling listened to before",
                                   "Cost of getting there"],
    "stakeholder-needs/overcome": ["Offer online and in-person options", "Pay expenses on the day",
                                   "Ask them what would help"],
    # Activity 8
    "power-decisions": ["Who writes the job description and who sits on the panel",
                        "Which audience to aim at, and who signs off the spending",
                        "Who replies to the complaint and in what words"],
    "power-2": ["{group} know things about this the others do not", "{group} see the day-to-day reality",
                "{group} know what has been tried before"],
    "power-3": ["Give {group} a real vote, not just a say", "Meet where {group} feel comfortable",
                "Share the papers with {group} before the meeting"],
    "power-4": ["{group} may feel they are losing control", "It takes {group} more time",
                "{group} could be blamed if it goes wrong"],
    "power-5": ["Better decisions that {group} can stand behind", "{group} feel trusted and valued",
                "Fewer surprises for {group} later on"],
    "responsibilities": ["I run the Tuesday lunch club", "I am a carer for my husband", "I manage two support workers",
                         "I volunteer at the food bank"],
    "power": ["I decide what we spend the kitty on", "Not much, I think", "I can put things on the agenda",
              "I sign off the rotas"],
    "share-or-gain": ["Ask members to choose the activities", "Join the steering group", "Hand over the agenda",
                      "Speak up at the next meeting"],
    "power-feelings": ["Uncomfortable at first, then hopeful", "It made me realise I have more power than I thought",
                       "A bit frustrated", "Thoughtful"],
    # Activity 9
    "problems": ["Meetings always at times carers cannot come", "Only the same three people ever speak",
                 "Minutes never get sent out"],
    "warning-signs": ["Fewer people come each month", "The same voices every time", "Decisions appear from nowhere"],
    "solutions": ["Ask people why they stopped coming", "Rotate the chair", "Agree the goals again together"],
    # Activity 10
    "now-know": ["It takes time and trust", "It is about sharing power, not just asking opinions",
                 "That I already do some of it"],
    "still-have": ["How to fund it", "How to involve people who never come to meetings", "How to measure it"],
    "what-i-bring": ["Patience and local knowledge", "My experience as a carer", "A room and a kettle"],
    "stay-involved": ["Dedicated staff time", "Being paid for my time", "Reassurance that my views matter"],
    # Activity 11
    "useful-parts": ["The definition cards", "The power exercise", "Hearing other people's experiences"],
    "not-useful": ["The values tree went on too long", "Nothing really", "Too much sitting still"],
    "suggestions": ["More breaks", "Shorter days over two weeks", "Bigger print on the handouts"],
    "implement": ["Ask our members to plan the next event", "Share the definition with my team",
                  "Talk to my manager about paying people"],
    "evaluation-questions/anything-else": ["Thank you", "Lovely lunch", "More of this please"],
    # Activity 12
    # The follow-up, months later
    "used-training": ["I used the definition cards with my team", "We wrote ground rules for our new panel",
                      "I shared the toolkit with a colleague", "Not much yet, it has been a busy time"],
    "commitment-story": ["We started, and carers now come to our planning meetings",
                         "It took longer than I hoped, but it is happening", "My manager said no for now"],
    "progress": ["Paying people for their time is still hard", "People speak up more in our meetings",
                 "We share decisions about the budget now"],
    "followup-questions/anything-else": ["Thank you for checking in", "I would come to another session"],
    "commitment": ["Ask our members to choose next term's activities", "Invite carers to the steering group",
                   "Write our leaflets in plain English", "Start a jargon jar at work", "Join the patient panel"],
}


def bank(*keys: str) -> list:
    """The first bank found for these keys, most specific first; ``GENERIC`` if none."""
    for key in keys:
        if key in BANK:
            return BANK[key]
    return GENERIC

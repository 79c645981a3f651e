"""Fixed pools the seeded workspace draws from: people, places, programme content.

Kept apart from the generator so the content reads like a real messaging programme (a health and
farming programme across East and West Africa) while ``data.py`` stays about structure.
"""

from __future__ import annotations

from typing import NamedTuple


class Country(NamedTuple):
    code: str  # ISO 3166-1 alpha-2
    dial: str  # "+250"
    mobile_prefixes: tuple[str, ...]
    languages: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    weight: int


COUNTRIES = (
    Country(
        "RW",
        "+250",
        ("788", "783", "722", "735"),
        ("kin", "eng", "fra"),
        (
            "Aline",
            "Jean Claude",
            "Diane",
            "Eric",
            "Grace",
            "Patrick",
            "Anne",
            "Olivier",
            "Claudine",
            "Emmanuel",
            "Josiane",
            "Innocent",
            "Vestine",
            "Thierry",
            "Solange",
            "Fabrice",
        ),
        (
            "Uwase",
            "Habimana",
            "Ingabire",
            "Mugisha",
            "Mukamana",
            "Niyonzima",
            "Umutoni",
            "Nkurunziza",
            "Uwimana",
            "Hakizimana",
            "Mutesi",
            "Bizimana",
        ),
        5,
    ),
    Country(
        "KE",
        "+254",
        ("712", "722", "733", "701"),
        ("swa", "eng"),
        (
            "Fatuma",
            "Wanjiru",
            "Otieno",
            "Achieng",
            "Kamau",
            "Njeri",
            "Mwangi",
            "Akinyi",
            "Kiprop",
            "Chebet",
            "Baraka",
            "Zawadi",
        ),
        (
            "Wanjiru",
            "Odhiambo",
            "Kariuki",
            "Achieng",
            "Mutua",
            "Kiptoo",
            "Njoroge",
            "Wambui",
            "Omondi",
            "Chege",
        ),
        3,
    ),
    Country(
        "UG",
        "+256",
        ("772", "782", "701", "752"),
        ("eng", "lug"),
        (
            "Samuel",
            "Esther",
            "Moses",
            "Sarah",
            "Isaac",
            "Ruth",
            "Joseph",
            "Prossy",
            "Brian",
            "Harriet",
        ),
        ("Okello", "Nakato", "Mugerwa", "Namubiru", "Ssempa", "Atim", "Kato", "Nansubuga"),
        2,
    ),
    Country(
        "NG",
        "+234",
        ("803", "806", "813", "705"),
        ("eng", "hau", "yor"),
        (
            "Chinedu",
            "Ngozi",
            "Aminu",
            "Folake",
            "Emeka",
            "Halima",
            "Tunde",
            "Zainab",
            "Ifeoma",
            "Musa",
        ),
        ("Okafor", "Adeyemi", "Bello", "Eze", "Ibrahim", "Okonkwo", "Adebayo", "Abubakar"),
        2,
    ),
)

WORKSPACE_LANGUAGES = ["eng", "fra", "kin", "swa"]

# Rwanda's administrative tree: province -> district -> sectors (wards).
ADMIN_TREE: dict[str, dict[str, tuple[str, ...]]] = {
    "Kigali City": {
        "Gasabo": ("Kimironko", "Remera", "Kacyiru", "Gisozi"),
        "Kicukiro": ("Niboye", "Gikondo", "Kagarama"),
        "Nyarugenge": ("Nyamirambo", "Muhima", "Kimisagara"),
    },
    "Northern Province": {"Musanze": ("Muhoza", "Cyuve"), "Gicumbi": ("Byumba", "Rukomo")},
    "Southern Province": {"Huye": ("Ngoma", "Tumba"), "Nyanza": ("Busasamana", "Mukingo")},
    "Eastern Province": {
        "Rwamagana": ("Kigabiro", "Muhazi"),
        "Kayonza": ("Mukarange", "Rwinkwavu"),
    },
    "Western Province": {"Rubavu": ("Gisenyi", "Rubavu"), "Karongi": ("Bwishyura", "Rubengera")},
}

BOUNDARY_ALIASES = {"Kigali City": ["Kigali", "KGL"], "Gasabo": ["Gasabo District"]}

OCCUPATIONS = (
    "farmer",
    "teacher",
    "nurse",
    "trader",
    "driver",
    "student",
    "tailor",
    "mechanic",
    "community health worker",
    "shop keeper",
)

NICKNAMES = ("Benny", "Mama Grace", "Teacher", "Doc", "Kiki", "Shaka", "Nana", "Bobo")

INBOX_TEXTS = (
    "Hello, when is the next clinic day?",
    "Report: 3 new cases in my area",
    "Bonjour, quand est mon rendez-vous ?",
    "Muraho, ndashaka amakuru",
    "Habari, bei ya mahindi ni ngapi?",
    "Thank you for the reminder",
    "Please call me back",
    "STOP",
    "What time does the market open?",
    "My child has a fever, what should I do?",
    "I moved to a new village",
    "Yes",
    "No",
    "Where can I get seeds?",
)
FLOW_REPLIES = (
    "yes",
    "no",
    "blue",
    "2",
    "5",
    "Kigali",
    "maize",
    "beans",
    "tomorrow",
    "ok",
    "A",
    "B",
)
OUTGOING_TEXTS = (
    "Your appointment is tomorrow at 9am.",
    "Market prices are up this week: maize 450 RWF/kg.",
    "Weekly tip: wash your hands often.",
    "Thanks for registering! Reply HELP at any time.",
    "Reminder: vaccination day is on Saturday.",
    "How many people live in your household?",
    "What is your favourite colour?",
    "Rains are expected this week, protect your seedlings.",
)
QUICK_REPLIES = (
    [{"type": "text", "text": "Yes"}, {"type": "text", "text": "No"}],
    [
        {"type": "text", "text": "Maize"},
        {"type": "text", "text": "Beans"},
        {"type": "text", "text": "Cassava"},
    ],
    [{"type": "location", "text": "Share location"}],
)
ATTACHMENTS = (
    ("image/jpeg", "photo.jpg"),
    ("audio/mp4", "voice-note.m4a"),
    ("video/mp4", "clip.mp4"),
    ("application/pdf", "leaflet.pdf"),
)

LABELS = ("Important", "Follow Up", "Spam", "Questions", "Feedback")
TOPICS = ("Health Advice", "Sales", "Appointments", "Billing")


class FlowSpec(NamedTuple):
    name: str
    type: str
    prompts: tuple[tuple[str, str, tuple[str, ...]], ...]  # (question, result name, categories)
    expires: int
    archived: bool = False


FLOWS = (
    FlowSpec(
        "Registration",
        "message",
        (
            ("Welcome! What is your name?", "Name", ("Has Name", "Other")),
            ("How old are you?", "Age", ("Adult", "Youth", "Other")),
            ("Which district do you live in?", "District", ("Valid", "Other")),
        ),
        4320,
    ),
    FlowSpec(
        "Weekly Check-in",
        "message",
        (
            (
                "How are you feeling this week? Reply 1-5",
                "Wellbeing",
                ("Good", "Okay", "Poor", "Other"),
            ),
        ),
        1440,
    ),
    FlowSpec(
        "Appointment Reminder",
        "message",
        (("Can you make your appointment? Reply YES or NO", "Attending", ("Yes", "No", "Other")),),
        720,
    ),
    FlowSpec(
        "Favourite Colour",
        "message",
        (("What is your favourite colour?", "Color", ("Red", "Blue", "Green", "Other")),),
        720,
    ),
    FlowSpec(
        "Market Prices",
        "message",
        (("Which crop do you want prices for?", "Crop", ("Maize", "Beans", "Cassava", "Other")),),
        720,
    ),
    FlowSpec(
        "Feedback Survey",
        "message",
        (
            ("How useful are our messages? Reply 1-5", "Rating", ("Useful", "Not Useful", "Other")),
            ("Anything we should improve?", "Comment", ("Has Text", "Other")),
        ),
        4320,
    ),
    FlowSpec(
        "Hotline",
        "voice",
        (("Press 1 for clinic hours, 2 to speak to a nurse", "Menu", ("Hours", "Nurse", "Other")),),
        5,
    ),
    FlowSpec("Update Profile", "background", (), 0),
    FlowSpec(
        "Household Survey",
        "survey",
        (
            ("Number of people in the household", "Household Size", ("Numeric", "Other")),
            ("Main source of water", "Water Source", ("Tap", "Well", "River", "Other")),
        ),
        0,
    ),
    FlowSpec(
        "Opt Out",
        "message",
        (("Reply YES to confirm you want to stop", "Confirm", ("Yes", "Other")),),
        720,
    ),
    FlowSpec(
        "Old Registration",
        "message",
        (("What is your name?", "Name", ("Has Name", "Other")),),
        4320,
        archived=True,
    ),
)

BROADCAST_TEXTS = (
    {
        "eng": "Weekly tip: wash your hands often.",
        "fra": "Conseil : lavez-vous souvent les mains.",
        "kin": "Inama: karaba intoki kenshi.",
    },
    {"eng": "Market prices are up this week.", "fra": "Les prix du marché ont augmenté."},
    {"eng": "Vaccination day is on Saturday at the health centre."},
    {
        "eng": "Rains are expected this week, protect your seedlings.",
        "swa": "Mvua zinatarajiwa wiki hii, linda miche yako.",
    },
    {"eng": "Thank you for being part of our programme!"},
)

GLOBALS = (
    ("clinic_hours", "Clinic Hours", "Mon-Fri 8am-5pm"),
    ("support_phone", "Support Phone", "+250788123456"),
    ("programme_name", "Programme Name", "Healthy Harvest"),
    ("survey_link", "Survey Link", "https://survey.example.org/hh2026"),
)

RESTHOOKS = ("new-registration", "case-reported", "appointment-missed", "new-report")
CHANNEL_EVENT_TYPES = (
    "call-in",
    "call-in-missed",
    "call-out",
    "call-out-missed",
    "stop-contact",
    "new-conversation",
    "referral",
    "welcome-message",
    "optin",
    "optout",
)

"""Word pools for the sample network: names in several scripts, organisations, and the things people do."""

from __future__ import annotations

import random

SCRIPTS = ("latin", "japanese", "chinese", "korean", "cyrillic", "greek", "arabic")
SCRIPT_WEIGHTS = (62, 8, 7, 4, 8, 5, 6)

LATIN_GIVEN = (
    "José", "François", "Zoë", "Łukasz", "Søren", "Ångela", "Maël", "Chloé", "Jürgen", "Siobhán", "Dvořák",
    "Renée", "İlkay", "Ştefan", "Nuño", "Anaïs", "Björn", "Małgorzata", "Øystein", "Thérèse", "Ana", "Sam",
    "Priya", "Kwame", "Olivia", "Liam", "Amara", "Diego", "Fatou", "Noah", "Ingrid", "Tomás", "Aoife",
    "Mateus", "Elena", "Lucas", "Hannah", "Rafael", "Nadia", "Oskar", "Leila", "Marco", "Yusuf", "Emma",
)
LATIN_FAMILY = (
    "García", "Müller", "Øvergård", "Nowak", "Dubois", "Ó Briain", "Kovačević", "Sørensen", "Löfgren",
    "Fernández", "Šimková", "Lefèvre", "Çelik", "Brontë", "Núñez", "Straße", "Żukowski", "Ångström",
    "Smith", "Okafor", "Rossi", "Jensen", "Martin", "Silva", "Kim-Lee", "van der Berg", "O'Neill",
    "Mensah", "Patel", "Novak", "Costa", "Schmidt", "Hughes", "Moreau", "Bianchi", "Haddad", "Tanaka-Ruiz",
)
# (native, romanised) pairs: the romanised form becomes the phonetic name, as phones store it.
JAPANESE_FAMILY = (("山田", "Yamada"), ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"),
                   ("田中", "Tanaka"), ("伊藤", "Ito"), ("渡辺", "Watanabe"), ("中村", "Nakamura"))
JAPANESE_GIVEN = (("太郎", "Taro"), ("花子", "Hanako"), ("陽子", "Yoko"), ("健", "Ken"), ("翔太", "Shota"),
                  ("美咲", "Misaki"), ("大輔", "Daisuke"), ("由美", "Yumi"))
CHINESE_FAMILY = (("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
                  ("黄", "Huang"), ("周", "Zhou"))
CHINESE_GIVEN = (("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("秀英", "Xiuying"), ("敏", "Min"), ("静", "Jing"),
                 ("强", "Qiang"), ("建华", "Jianhua"))
KOREAN_FAMILY = (("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"))
KOREAN_GIVEN = (("민준", "Minjun"), ("서연", "Seoyeon"), ("지호", "Jiho"), ("하은", "Haeun"), ("도윤", "Doyun"))
CYRILLIC = (("Иван", "Петров"), ("Анна", "Смирнова"), ("Дмитрий", "Кузнецов"), ("Ольга", "Иванова"),
            ("Сергей", "Соколов"), ("Наталья", "Попова"), ("Алексей", "Лебедев"), ("Ёлка", "Фёдорова"),
            ("Олена", "Шевченко"), ("Богдан", "Коваленко"))
GREEK = (("Γιώργος", "Παπαδόπουλος"), ("Μαρία", "Οικονόμου"), ("Νίκος", "Γεωργίου"), ("Ελένη", "Δημητρίου"),
         ("Κώστας", "Ιωάννου"), ("Σοφία", "Αλεξίου"))
ARABIC_GIVEN = ("محمد", "فاطمة", "أحمد", "ليلى", "يوسف", "مريم", "عمر", "نور")
ARABIC_FAMILY = ("العلي", "الحسن", "المصري", "الخطيب", "حداد", "النجار")


def person(rng: random.Random, script: str) -> tuple[str, str, str, str, str]:
    """(given, family, phonetic given, phonetic family, display name) in `script`."""
    if script == "latin":
        given, family = rng.choice(LATIN_GIVEN), rng.choice(LATIN_FAMILY)
        return given, family, "", "", f"{given} {family}"
    if script in ("japanese", "chinese", "korean"):
        families, givens = {
            "japanese": (JAPANESE_FAMILY, JAPANESE_GIVEN),
            "chinese": (CHINESE_FAMILY, CHINESE_GIVEN),
            "korean": (KOREAN_FAMILY, KOREAN_GIVEN),
        }[script]
        (family, pf), (given, pg) = rng.choice(families), rng.choice(givens)
        return given, family, pg, pf, f"{family}{given}"  # family name first, no space
    if script == "arabic":
        given, family = rng.choice(ARABIC_GIVEN), rng.choice(ARABIC_FAMILY)
        return given, family, "", "", f"{given} {family}"
    given, family = rng.choice(CYRILLIC if script == "cyrillic" else GREEK)
    if rng.random() < 0.5:  # mix pairs so that given and family names vary independently
        given = rng.choice(CYRILLIC if script == "cyrillic" else GREEK)[0]
    return given, family, "", "", f"{given} {family}"


ORGANISATIONS = (
    ("Northwind Traders", "northwind.example"), ("Contoso", "contoso.example"), ("Fabrikam", "fabrikam.example"),
    ("Société Générale de Café", "sgcafe.example"), ("Müller & Söhne GmbH", "mueller.example"),
    ("株式会社サンプル", "sample.example.jp"), ("北京数据科技", "bjdata.example.cn"), ("ООО «Вектор»", "vektor.example"),
    ("Ελληνική Τεχνική", "eltech.example"), ("شركة الأفق", "ufuq.example"), ("Tailspin Toys", "tailspin.example"),
    ("Wide World Importers", "wwi.example"), ("Adatum Corporation", "adatum.example"), ("Litware, Inc.", "litware.example"),
    ("Proseware", "proseware.example"), ("Coho Winery", "coho.example"), ("Blue Yonder Airlines", "blueyonder.example"),
    ("City Hospital NHS Trust", "cityhospital.example"), ("University of Lund", "lund.example"),
    ("Freelance", "mail.example"), ("Margie's Travel", "margies.example"), ("Trey Research", "trey.example"),
)
DEPARTMENTS = ("", "", "Engineering", "Sales", "Marketing", "Research", "Finance", "People", "Legal", "Design")
TITLES = (
    "Senior Technical Recruiter", "Staff Engineer", "Engineering Manager", "Design Engineer", "CTO", "Founder",
    "Product Manager", "Data Scientist", "Head of Sales", "Consultant", "Professor", "Director of Operations",
    "Journalist", "Investor", "UX Researcher", "Software Developer", "Talent Partner", "Chief of Staff",
)
TAGS = ("mentor", "client", "alumni", "recruiter", "investor", "conference", "friend", "former colleague",
        "open source", "community", "press", "café-club", "東京", "коллеги")
TAG_CADENCES = {"mentor": 30, "client": 60, "investor": 90, "former colleague": 180}
CADENCES = (14, 30, 30, 60, 90, 90, 180, 365)
HOW_MET = (
    "PyCon talk", "introduced by a friend", "former colleague", "LinkedIn", "meetup", "university",
    "conference dinner", "hackathon", "via a recruiter", "neighbour", "customer visit", "book club",
    "Rencontre au café", "会議で", "на конференции",
)
NOTES = (
    "Prefers email over calls.", "Loves hiking; ask about the Alps trip.", "Two kids, football on Saturdays.",
    "Interested in Rust and SQLite.", "Moving to Lisbon next year.", "Writes a newsletter on hiring.",
    "Vegetarian — remember for dinners.", "Speaks Japanese and Portuguese.", "Always replies on Sunday evening.",
)
COUNTRY_CODES = (1, 44, 33, 49, 34, 81, 86, 82, 7, 30, 971, 46, 351, 234)
INTERACTION_KINDS = ("call", "meeting", "email", "email", "message", "message", "event", "social")
INTERACTION_NOTES = ("", "", "", "caught up", "coffee", "quick call about the role", "shared an article",
                     "met at the meetup", "lunch", "congratulated on new job")
FAVOURS = ("Reviewed my CV", "Introduced me to a hiring manager", "Lent me a book", "Gave feedback on my talk",
           "Recommended me for a panel", "Helped me move", "Proof-read the proposal", "Shared a job lead")
LEADS = ("Backend role at Contoso", "Speaking slot at PyCon", "Consulting gig", "Board seat", "Grant funding",
         "Open-source maintainer job", "Teaching a workshop", "Podcast guest spot")
LEAD_OUTCOMES = (None, None, "hired", "no reply", "not a fit", "interview", "introduced")
REFERRAL_NOTES = ("", "wants to meet them about a role", "same field, should talk", "asked for an intro")
ASKS = ("Introduction to a CTO", "Feedback on my portfolio", "Reference letter", "Coffee chat about careers",
        "Beta-test my app", "Advice on negotiating salary", "Share my job post")
EFFORTS = ("small", "small", "medium", "large")
ASK_STATUSES = ("open", "granted", "granted", "declined", "withdrawn")
GIVES = (("article", "Sent an article on remote hiring"), ("event", "Invited to the Python meetup"),
         ("introduction", "Introduced to a designer"), ("advice", "Reviewed their pitch deck"),
         ("alternative", "Pointed to a better-fit contact"))
TIMEZONES = ("UTC", "Europe/London", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Europe/Athens", "Asia/Dubai")
MEETING_PURPOSES = ("Catch up", "Career advice", "Project kickoff", "Intro call", "Coffee", "Interview prep")
LOCATIONS = ("Café Central", "Video call", "Their office", "Station café", "東京オフィス", "Online")

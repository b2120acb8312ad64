"""Invented names, places and phrases for the demo caseload; none belongs to a real person."""

from __future__ import annotations

from kimdesk.domain.vocabulary import LifeDomain

D = LifeDomain

# Name groups: (weight, nationalities, consent language, surnames as (male, female),
# male given names, female given names).
NameGroup = tuple[
    int, tuple[str, ...], str, tuple[tuple[str, str], ...], tuple[str, ...], tuple[str, ...]
]


def _same(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, n) for n in names)


NAME_GROUPS: tuple[NameGroup, ...] = (
    (
        5,
        ("deutsch",),
        "de",
        _same("Müller", "Schäfer", "Weiß", "Köhler", "Schröder", "Krüger", "Groß", "Jäger"),
        ("Jürgen", "Sören", "Björn", "Matthias", "Jörg"),
        ("Bärbel", "Jana", "Sabine", "Ute"),
    ),
    (
        15,
        ("türkisch", "deutsch"),
        "tr",
        _same("Şahin", "Yılmaz", "Öztürk", "Çelik", "Doğan", "Kılıç", "Aydın", "Yıldız", "Özdemir"),
        ("Mehmet", "Mustafa", "İbrahim", "Hüseyin", "Emre", "Oğuz", "Mehmet Ali"),
        ("Gülşen", "Ayşe", "Özlem", "Çağla", "Fatma", "Şükran", "Elif"),
    ),
    (
        8,
        ("polnisch",),
        "pl",
        (
            ("Wójcik", "Wójcik"),
            ("Zieliński", "Zielińska"),
            ("Wiśniewski", "Wiśniewska"),
            ("Dąbrowski", "Dąbrowska"),
            ("Woźniak", "Woźniak"),
            ("Kozłowski", "Kozłowska"),
        ),
        ("Łukasz", "Paweł", "Michał", "Krzysztof", "Grzegorz"),
        ("Małgorzata", "Agnieszka", "Katarzyna", "Żaneta", "Magdalena"),
    ),
    (
        9,
        ("rumänisch", "moldauisch"),
        "ro",
        _same("Răducanu", "Popescu", "Ionescu", "Țurcanu", "Dumitrașcu", "Stănescu", "Bălan"),
        ("Ștefan", "Mihai", "Andrei", "Ionuț", "Constantin"),
        ("Ioana", "Mădălina", "Andreea", "Ana-Maria", "Florența"),
    ),
    (
        5,
        ("kosovarisch", "albanisch"),
        "sq",
        _same("Krasniqi", "Berisha", "Gashi", "Hoxha", "Shala", "Morina"),
        ("Arbër", "Ilir", "Besnik", "Fatmir", "Dritan"),
        ("Drita", "Blerta", "Valbonë", "Mimoza"),
    ),
    (
        14,
        ("ukrainisch",),
        "uk",
        _same("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Мельник", "Кравчук", "Поліщук"),
        ("Андрій", "Олександр", "Сергій", "Дмитро", "Богдан"),
        ("Олена", "Ірина", "Наталія", "Оксана", "Юлія", "Тетяна"),
    ),
    (
        5,
        ("russisch", "kasachisch"),
        "ru",
        (
            ("Иванов", "Иванова"),
            ("Смирнов", "Смирнова"),
            ("Кузнецов", "Кузнецова"),
            ("Попов", "Попова"),
            ("Соколов", "Соколова"),
        ),
        ("Дмитрий", "Алексей", "Сергей", "Николай"),
        ("Анна", "Екатерина", "Светлана", "Ольга"),
    ),
    (
        13,
        ("syrisch", "irakisch"),
        "ar",
        _same("الأحمد", "الحسن", "الخطيب", "حداد", "العلي", "الشامي"),
        ("محمد", "أحمد", "خالد", "عمر", "يوسف"),
        ("فاطمة", "مريم", "ليلى", "نور", "سارة"),
    ),
    (
        10,
        ("syrisch", "irakisch", "libanesisch"),
        "ar",
        _same("Al-Hassan", "Haddad", "Khalil", "Al-Sayed", "Mansour", "Nasser", "Othman"),
        ("Ahmad", "Mohammad", "Khaled", "Omar", "Yousef", "Hassan"),
        ("Fatima", "Rasha", "Layla", "Nour", "Amal", "Hiba"),
    ),
    (
        7,
        ("afghanisch", "iranisch"),
        "fa",
        _same("Rahimi", "Hosseini", "Ahmadi", "Karimi", "Sultani", "Noori"),
        ("Mohammad", "Ali", "Reza", "Farid", "Jawad"),
        ("Zahra", "Mariam", "Parwana", "Shabnam"),
    ),
    (
        5,
        ("eritreisch",),
        "ti",
        _same("Tesfaye", "Gebremariam", "Haile", "Berhane", "Tekle"),
        ("Yonas", "Dawit", "Tesfalem", "Merhawi"),
        ("Selam", "Mehret", "Helen", "Senait"),
    ),
    (
        4,
        ("guineisch", "senegalesisch"),
        "fr",
        _same("Diallo", "Camara", "Bah", "Barry", "Sow"),
        ("Mamadou", "Ibrahima", "Alpha", "Ousmane"),
        ("Aïssatou", "Fatoumata", "Mariama"),
    ),
)

STREETS = (
    "Hauptstraße",
    "Bahnhofstraße",
    "Schulstraße",
    "Gartenstraße",
    "Kölner Straße",
    "Düsseldorfer Straße",
    "Am Markt",
    "Lindenweg",
    "Birkenweg",
    "Friedrich-Ebert-Straße",
    "Goethestraße",
    "Mühlenweg",
    "Wupperstraße",
    "Brückenstraße",
    "Königstraße",
)
CITIES = (
    "42651 Solingen",
    "42697 Solingen",
    "42719 Solingen",
    "33330 Gütersloh",
    "33332 Gütersloh",
    "33378 Rheda-Wiedenbrück",
    "42103 Wuppertal",
    "42853 Remscheid",
    "51373 Leverkusen",
    "33602 Bielefeld",
)
MOBILE_PREFIXES = ("0151", "0152", "0157", "0160", "0162", "0170", "0172", "0176", "0178")
AGENCIES = (
    "Jobcenter",
    "Ausländerbehörde",
    "Sozialamt",
    "Jugendamt",
    "Hausarztpraxis",
    "Krankenkasse",
    "Familienkasse",
    "Wohnungsamt",
    "Schule",
    "Vermieter",
)

# (provider, offer, contact person, domains) - an invented local service directory.
SERVICES: tuple[tuple[str, str, str, tuple[LifeDomain, ...]], ...] = (
    ("Jobcenter", "Arbeitsvermittlung", "Frau Krämer", (D.EDUCATION_WORK, D.FINANCES)),
    ("Agentur für Arbeit", "Berufsberatung für Erwachsene", "Herr Özkan", (D.EDUCATION_WORK,)),
    ("Ausländerbehörde", "Aufenthaltsrecht und Einbürgerung", "Frau Nowak", (D.RESIDENCE,)),
    (
        "Caritasverband",
        "Migrationsberatung für Erwachsene (MBE)",
        "Frau Lehmann",
        (D.RESIDENCE, D.MIGRATION),
    ),
    ("AWO", "Jugendmigrationsdienst", "Herr Brandt", (D.EDUCATION_WORK, D.MIGRATION)),
    ("Diakonie", "Schuldner- und Insolvenzberatung", "Herr Vogel", (D.FINANCES,)),
    ("Volkshochschule", "Integrationskurse", "Frau Petrović", (D.EDUCATION_WORK, D.MIGRATION)),
    ("Internationaler Bund", "Berufssprachkurse", "Frau Jansen", (D.EDUCATION_WORK,)),
    ("IQ Netzwerk", "Anerkennungsberatung", "Herr Demir", (D.EDUCATION_WORK,)),
    (
        "Psychosoziales Zentrum für Geflüchtete",
        "Beratung und Therapie",
        "Frau Hartmann",
        (D.HEALTH,),
    ),
    ("Gesundheitsamt", "Sozialpsychiatrischer Dienst", "Herr Kaiser", (D.HEALTH,)),
    ("Suchtberatung", "Offene Sprechstunde", "Frau Roth", (D.HEALTH,)),
    ("Verbraucherzentrale", "Energieschuldenberatung", "Herr Lange", (D.FINANCES, D.HOUSING)),
    ("Wohnungsamt", "Wohnberechtigungsschein", "Frau Keller", (D.HOUSING,)),
    ("Mieterverein", "Mietrechtsberatung", "Herr Schuster", (D.HOUSING, D.RESIDENCE)),
    ("Sozialamt", "Leistungen nach dem AsylbLG", "Frau Busch", (D.FINANCES, D.RESIDENCE)),
    ("Familienzentrum Nord", "Elterncafé", "Frau Arslan", (D.FAMILY, D.SOCIAL)),
    ("Erziehungsberatungsstelle", "Familienberatung", "Herr Simon", (D.FAMILY,)),
    ("Jugendamt", "Allgemeiner Sozialer Dienst", "Frau Graf", (D.FAMILY,)),
    ("Frauenberatungsstelle", "Beratung für Frauen", "Frau Yıldırım", (D.FAMILY, D.HEALTH)),
    ("Refugee Law Clinic", "Asylrechtsberatung", "Herr Winter", (D.RESIDENCE,)),
    ("Antidiskriminierungsbüro", "Beratung bei Diskriminierung", "Frau Haddad", (D.MIGRATION,)),
    ("Stadtsportbund", "Integration durch Sport", "Herr Berger", (D.SOCIAL,)),
    ("Stadtteilzentrum", "Nachbarschaftstreff", "Frau Kaya", (D.SOCIAL, D.MIGRATION)),
    ("Ehrenamtsagentur", "Patenschaften", "Frau Wolf", (D.SOCIAL, D.MIGRATION)),
    ("Tafel", "Lebensmittelausgabe", "Herr Kraus", (D.FINANCES,)),
    ("Möbelbörse", "Gebrauchte Möbel", "Herr Ludwig", (D.HOUSING, D.FINANCES)),
)

NOTES: dict[LifeDomain, tuple[str, ...]] = {
    D.RESIDENCE: (
        "Termin bei der Ausländerbehörde vorbereitet",
        "Verlängerung des Aufenthaltstitels besprochen",
        "Unterlagen zur Einbürgerung gesichtet",
        "Kontakt zur Rechtsberatung hergestellt",
    ),
    D.EDUCATION_WORK: (
        "Termin beim Jobcenter vorbereitet",
        "Anmeldung zum Integrationskurs besprochen",
        "Lebenslauf gemeinsam erstellt",
        "Anerkennung des Berufsabschlusses besprochen",
        "Bewerbung vorbereitet",
    ),
    D.FAMILY: (
        "Anmeldung für den Kita-Platz unterstützt",
        "Gespräch mit der Schule vorbereitet",
        "Familiennachzug: Unterlagen besprochen",
        "Erziehungsberatung vorgestellt",
    ),
    D.FINANCES: (
        "Antrag auf Wohngeld ausgefüllt",
        "Termin bei der Schuldnerberatung vereinbart",
        "Bescheid des Jobcenters erläutert",
        "Kindergeldantrag vorbereitet",
        "Ratenzahlung mit dem Energieversorger besprochen",
    ),
    D.HEALTH: (
        "Arzttermin vereinbart",
        "Krankenversicherung geklärt",
        "Kontakt zur psychosozialen Beratung hergestellt",
        "Sprachmittlung für Arzttermin organisiert",
    ),
    D.MIGRATION: (
        "Fortschritt im Integrationskurs besprochen",
        "Kontakt zu einer Migrantenselbstorganisation hergestellt",
        "Erfahrung mit Diskriminierung besprochen, Beratungsstelle genannt",
    ),
    D.SOCIAL: (
        "Sportverein in der Nähe gesucht",
        "Angebote im Stadtteilzentrum vorgestellt",
        "Tagesstruktur besprochen",
        "Ehrenamtliche Patenschaft angefragt",
    ),
    D.HOUSING: (
        "Wohnungsanzeigen gemeinsam gesichtet",
        "Wohnberechtigungsschein beantragt",
        "Gespräch mit dem Vermieter vorbereitet",
        "Mängel in der Wohnung dokumentiert",
    ),
}
ACCOMPANIMENT_NOTES = (
    "Begleitung zum Jobcenter",
    "Begleitung zur Ausländerbehörde",
    "Begleitung zum Arzttermin",
    "Begleitung zur Wohnungsbesichtigung",
    "Begleitung zum Elterngespräch in der Schule",
)
SHORT_REFERRAL_NOTES = (
    "Kurzberatung, an die Migrationsberatung verwiesen",
    "Kurze Auskunft, Kontaktdaten weitergegeben",
    "Kurzberatung am Telefon",
)
GOAL_TITLES: dict[LifeDomain, tuple[str, ...]] = {
    D.RESIDENCE: (
        "Aufenthaltstitel ist verlängert",
        "Antrag auf Niederlassungserlaubnis ist gestellt",
    ),
    D.EDUCATION_WORK: (
        "B1-Prüfung ist bestanden",
        "Anerkennung des Berufsabschlusses ist beantragt",
        "Drei Bewerbungen sind verschickt",
    ),
    D.FAMILY: ("Das jüngste Kind hat einen Kita-Platz", "Regelmäßiger Kontakt mit der Schule"),
    D.FINANCES: ("Schuldenübersicht ist erstellt", "Wohngeld wird bezogen"),
    D.HEALTH: (
        "Eine Hausarztpraxis ist gefunden",
        "Erstgespräch in der psychosozialen Beratung hat stattgefunden",
    ),
    D.MIGRATION: (
        "Teilnahme an einem Treffen der Migrantenselbstorganisation",
        "Integrationskurs wird regelmäßig besucht",
    ),
    D.SOCIAL: ("Einmal pro Woche ein Angebot im Stadtteil", "Mitglied in einem Sportverein"),
    D.HOUSING: ("Wohnberechtigungsschein liegt vor", "Bewerbung bei drei Wohnungsgesellschaften"),
}
PARTICIPANTS = (
    "ratsuchende Person, CM",
    "ratsuchende Person, Sprachmittler*in, CM",
    "ratsuchende Person, Ehepartner*in, CM",
    "ratsuchende Person, Tochter (übersetzt), CM",
    "ratsuchende Person, Sozialarbeit der Unterkunft, CM",
)
CLOSURE_NOTES_OTHER = (
    "Person wünscht derzeit keine weitere Begleitung",
    "Längerer Auslandsaufenthalt, Wiederaufnahme möglich",
    "Aufnahme in eine stationäre Einrichtung",
    "Zuständigkeit ist auf eine andere Kommune übergegangen",
)
REFERRAL_NOTES = (
    "Termin vereinbart",
    "Kontaktdaten weitergegeben",
    "Anmeldung begleitet",
    "Erstgespräch hat stattgefunden",
)

# -- the paper forms ----------------------------------------------------------------------------

# Which agencies a release from confidentiality is most likely to name, per life domain.
AGENCY_DOMAINS: dict[str, tuple[LifeDomain, ...]] = {
    "Jobcenter": (D.EDUCATION_WORK, D.FINANCES),
    "Ausländerbehörde": (D.RESIDENCE, D.MIGRATION),
    "Sozialamt": (D.FINANCES, D.RESIDENCE),
    "Jugendamt": (D.FAMILY,),
    "Hausarztpraxis": (D.HEALTH,),
    "Krankenkasse": (D.HEALTH,),
    "Familienkasse": (D.FAMILY, D.FINANCES),
    "Wohnungsamt": (D.HOUSING,),
    "Schule": (D.FAMILY, D.EDUCATION_WORK),
    "Vermieter": (D.HOUSING,),
}
AREA_CODES = {
    "Solingen": "0212",
    "Gütersloh": "05241",
    "Rheda-Wiedenbrück": "05242",
    "Wuppertal": "0202",
    "Remscheid": "02191",
    "Leverkusen": "0214",
    "Bielefeld": "0521",
}
CONTACT_PERSONS = (
    "Frau Albers",
    "Herr Brinkmann",
    "Frau Dietrich",
    "Herr Engels",
    "Frau Fuchs",
    "Herr Gerber",
    "Frau Hoffmann",
    "Herr Iske",
    "Frau Jung",
    "Herr Kurz",
    "Frau Lorenz",
    "Herr Meier",
    "Frau Nolte",
    "Herr Otte",
    "Frau Peters",
    "Herr Rausch",
)
DOCTORS = (
    "Hausarztpraxis Dr. Albrecht",
    "Gemeinschaftspraxis Am Markt",
    "Hausarztpraxis Dr. Sommer",
    "Praxis Dr. Yüksel",
    "Hausarztpraxis Dr. Brandes",
)
HEALTH_INSURERS = (
    "AOK Rheinland/Hamburg",
    "AOK NordWest",
    "BARMER",
    "Techniker Krankenkasse",
    "DAK-Gesundheit",
    "IKK classic",
)
EMPLOYERS = (
    "Reinigungsservice Blank GmbH",
    "Lagerlogistik West GmbH",
    "Bäckerei Kornfeld",
    "Pflegedienst Lebenswert",
    "Gebäudetechnik Rhein GmbH",
)
LEGAL_HELP = (
    "Refugee Law Clinic",
    "Rechtsanwaltskanzlei Hahn & Partner",
    "Rechtsanwältin Dr. Vogt",
)
SCHOOLS = ("Grundschule Am Park", "Gesamtschule Nord", "Kita Sonnenblume", "Realschule Mitte")
LANDLORDS = (
    "Wohnungsbaugesellschaft Bergisch Land",
    "Hausverwaltung Krause",
    "Spar- und Bauverein",
)
FAMILY_CONTACTS = ("Ehemann", "Ehefrau", "Tochter", "Sohn", "Bruder", "Schwester")
REACHABLE_VIA = (
    "über die Tochter",
    "über den Bruder",
    "über die Sozialarbeit der Unterkunft",
    "über die Nachbarin",
    "über den Sprachkurs",
)

# Countries of origin by nationality; German nationals by the language of their name group.
COUNTRIES = {
    "türkisch": "Türkei",
    "polnisch": "Polen",
    "rumänisch": "Rumänien",
    "moldauisch": "Republik Moldau",
    "kosovarisch": "Kosovo",
    "albanisch": "Albanien",
    "ukrainisch": "Ukraine",
    "russisch": "Russland",
    "kasachisch": "Kasachstan",
    "syrisch": "Syrien",
    "irakisch": "Irak",
    "libanesisch": "Libanon",
    "afghanisch": "Afghanistan",
    "iranisch": "Iran",
    "eritreisch": "Eritrea",
    "guineisch": "Guinea",
    "senegalesisch": "Senegal",
}
GERMAN_ORIGINS = {"de": ("Kasachstan", "Russland", "Rumänien"), "tr": ("Türkei",)}
BIRTH_PLACES = {
    "Türkei": ("Ankara", "Konya", "Gaziantep", "İzmir", "Trabzon"),
    "Polen": ("Kraków", "Wrocław", "Gdańsk", "Łódź"),
    "Rumänien": ("București", "Iași", "Timișoara", "Constanța"),
    "Republik Moldau": ("Chișinău", "Bălți"),
    "Kosovo": ("Prishtina", "Prizren", "Peja"),
    "Albanien": ("Tirana", "Shkodra", "Durrës"),
    "Ukraine": ("Kyjiw", "Charkiw", "Odesa", "Dnipro", "Mariupol"),
    "Russland": ("Omsk", "Nowosibirsk", "Saratow"),
    "Kasachstan": ("Karaganda", "Pawlodar", "Almaty"),
    "Syrien": ("Aleppo", "Damaskus", "Homs", "Qamischli"),
    "Irak": ("Mossul", "Bagdad", "Erbil"),
    "Libanon": ("Beirut", "Tripoli"),
    "Afghanistan": ("Kabul", "Herat", "Masar-e Scharif"),
    "Iran": ("Teheran", "Maschhad", "Täbris"),
    "Eritrea": ("Asmara", "Keren"),
    "Guinea": ("Conakry", "Kankan"),
    "Senegal": ("Dakar", "Thiès"),
}
# Plausible residence titles (option keys of the residence assessment) per nationality.
RESIDENCE_STATUSES: dict[str, tuple[str, ...]] = {
    "deutsch": ("german_citizenship",),
    "polnisch": ("eu_citizenship",),
    "rumänisch": ("eu_citizenship",),
    "türkisch": ("settlement_permit", "residence_permit", "residence_permit", "visa"),
    "moldauisch": ("residence_permit", "provisional_certificate", "other"),
    "kosovarisch": ("residence_permit", "residence_permit", "toleration_60a", "visa"),
    "albanisch": ("residence_permit", "toleration_60a", "asylum_permission"),
    "ukrainisch": ("residence_permit", "residence_permit", "provisional_certificate"),
    "russisch": ("residence_permit", "asylum_permission", "settlement_permit"),
    "kasachisch": ("residence_permit", "settlement_permit"),
    "syrisch": ("residence_permit", "residence_permit", "settlement_permit", "asylum_permission"),
    "irakisch": ("residence_permit", "asylum_permission", "toleration_60a"),
    "libanesisch": ("residence_permit", "toleration_60a", "other"),
    "afghanisch": ("asylum_permission", "residence_permit", "toleration_60a", "toleration_60d"),
    "iranisch": ("asylum_permission", "residence_permit", "eu_blue_card"),
    "eritreisch": ("residence_permit", "asylum_permission"),
    "guineisch": ("toleration_60a", "asylum_permission", "toleration_60c", "toleration_60b"),
    "senegalesisch": ("toleration_60a", "asylum_permission", "toleration_60c"),
}
DEPORTATION_STATUSES = ("toleration_60a", "toleration_60b", "border_crossing_certificate")
# The cover sheet's free-text "Aufenthaltstitel" for each status.
RESIDENCE_TITLES = {
    "german_citizenship": "deutsche Staatsangehörigkeit",
    "eu_citizenship": "Freizügigkeit (EU)",
    "eu_permanent_residence": "Daueraufenthalt-EU",
    "settlement_permit": "Niederlassungserlaubnis",
    "eu_blue_card": "Blaue Karte EU",
    "residence_permit": "Aufenthaltserlaubnis",
    "visa": "Visum zum Familiennachzug",
    "provisional_certificate": "Fiktionsbescheinigung",
    "asylum_permission": "Aufenthaltsgestattung",
    "toleration_60a": "Duldung (§ 60a AufenthG)",
    "toleration_60b": "Duldung für Personen mit ungeklärter Identität (§ 60b AufenthG)",
    "toleration_60c": "Ausbildungsduldung (§ 60c AufenthG)",
    "toleration_60d": "Beschäftigungsduldung (§ 60d AufenthG)",
    "border_crossing_certificate": "Grenzübertrittsbescheinigung",
    "other": "Antrag auf Aufenthaltserlaubnis gestellt",
}
RESIDENCE_OTHER = (
    "Antrag auf Aufenthaltserlaubnis gestellt, Bescheid steht aus",
    "Aufenthaltskarte für Familienangehörige von EU-Bürger*innen beantragt",
)

SCREENING_PROBLEMS: dict[LifeDomain, tuple[str, ...]] = {
    D.EDUCATION_WORK: (
        "Ohne Arbeit, Deutschkenntnisse reichen nicht für den Beruf",
        "Berufsabschluss nicht anerkannt",
        "Integrationskurs abgebrochen",
    ),
    D.FAMILY: (
        "Kein Kita-Platz, deshalb kein Sprachkurs möglich",
        "Konflikte mit der Schule der Kinder",
        "Familiennachzug seit langem ungeklärt",
    ),
    D.FINANCES: (
        "Schulden, Mahnungen vom Energieversorger",
        "Leistungsbescheid nicht verstanden, Zahlungen eingestellt",
        "Einkommen reicht nicht, Ansprüche nicht geprüft",
    ),
    D.HEALTH: (
        "Keine hausärztliche Versorgung",
        "Psychisch stark belastet, Schlafstörungen",
        "Chronische Erkrankung, Behandlung unterbrochen",
    ),
    D.MIGRATION: (
        "Kaum Kontakte außerhalb der eigenen Community",
        "Diskriminierungserfahrungen im Alltag",
        "Fühlt sich nach der Ankunft orientierungslos",
    ),
    D.SOCIAL: (
        "Sozial isoliert, keine Tagesstruktur",
        "Keine Freizeitangebote bekannt",
        "Wenig Kontakt zu Nachbarschaft und Vereinen",
    ),
    D.HOUSING: (
        "Wohnung zu klein und mit Schimmel",
        "Kündigung der Wohnung droht",
        "Lebt seit Monaten in der Gemeinschaftsunterkunft",
    ),
}
# Residence problems depend on how secure the residence is: "temporary" titles or "insecure"
# ones (permission to stay during the asylum procedure, toleration).
INSECURE_STATUSES = frozenset(
    {
        "asylum_permission",
        "toleration_60a",
        "toleration_60b",
        "toleration_60c",
        "toleration_60d",
        "border_crossing_certificate",
    }
)
SECURE_STATUSES = frozenset(
    {"german_citizenship", "eu_citizenship", "eu_permanent_residence", "settlement_permit"}
)
RESIDENCE_PROBLEMS: dict[str, tuple[str, ...]] = {
    "temporary": (
        "Aufenthaltstitel läuft bald ab, Verlängerung unklar",
        "Fragen zur Einbürgerung, Unterlagen fehlen",
        "Pass abgelaufen, Botschaftstermin nicht zu bekommen",
    ),
    "insecure": (
        "Unsicherheit wegen der Duldung, Angst vor Abschiebung",
        "Asylverfahren dauert an, Bescheid nicht verstanden",
    ),
}
RESIDENCE_CONCERNS: dict[str, tuple[str, ...]] = {
    "temporary": ("Verlängerung des Aufenthaltstitels vor Fristablauf", "Einen Pass beschaffen"),
    "insecure": ("Klärung der Duldung", "Rechtsberatung zum Asylverfahren"),
}
RESIDENCE_EXPLANATIONS: dict[str, tuple[str, ...]] = {
    "temporary": (
        "Aufenthaltserlaubnis läuft in drei Monaten ab, Verlängerung noch nicht beantragt",
        "Termin bei der Ausländerbehörde seit Wochen nicht zu bekommen",
        "Pass abgelaufen, Termin bei der Botschaft schwierig",
        "Bescheid der Ausländerbehörde liegt vor, Inhalt unklar; kein Strafverfahren",
    ),
    "insecure": (
        "Leistungsbezug nach AsylbLG, Asylverfahren noch offen",
        "Duldung wird jeweils nur für drei Monate verlängert",
        "Klage gegen den Asylbescheid läuft",
        "Mitwirkung bei der Passbeschaffung wird verlangt",
    ),
}
SCREENING_OTHER = (
    "Führerschein aus dem Herkunftsland soll umgeschrieben werden",
    "Mehrere Behördenbriefe ungeöffnet",
)
URGENT_CONCERNS: dict[LifeDomain, tuple[str, ...]] = {
    D.EDUCATION_WORK: ("Einen Sprachkurs finden", "Eine Arbeit finden"),
    D.FAMILY: ("Kita-Platz für das jüngste Kind", "Gespräch mit der Schule"),
    D.FINANCES: ("Stromsperre abwenden", "Leistungen wieder erhalten"),
    D.HEALTH: ("Einen Arzttermin mit Sprachmittlung", "Psychologische Unterstützung"),
    D.MIGRATION: ("Anschluss im Stadtteil finden", "Unterstützung nach Diskriminierung"),
    D.SOCIAL: ("Kontakte knüpfen", "Eine feste Tagesstruktur"),
    D.HOUSING: ("Kündigung abwenden", "Eine größere Wohnung finden"),
}
INVOLVED_BY_ACCESS = {
    "direct": ("", "Jobcenter"),
    "neighbourhood_work": ("Quartiersmanagement", "Stadtteilbüro, Jobcenter"),
    "immigration_office": ("Ausländerbehörde", "Ausländerbehörde, Sozialamt"),
    "municipal_service": ("Sozialamt", "Jugendamt (ASD)", "Wohnungsamt"),
    "counselling_service": ("Migrationsberatung für Erwachsene", "Jugendmigrationsdienst"),
    "other": ("Hausarztpraxis", "Kirchengemeinde"),
}

# Answers to the open questions of the eight assessment sheets, by domain and field key.
ASSESSMENT_TEXTS: dict[LifeDomain, dict[str, tuple[str, ...]]] = {
    D.EDUCATION_WORK: {
        "languages": (
            "Deutsch etwa A2, Integrationskurs abgebrochen",
            "Deutsch B1 mit Zertifikat, spricht außerdem Englisch",
            "Kaum Deutschkenntnisse, Alphabetisierungskurs empfohlen",
            "Versteht viel, spricht wenig; Berufssprachkurs geplant",
        ),
        "schooling": (
            "Zwölf Schuljahre, Abitur im Herkunftsland, Anerkennung nicht beantragt",
            "Sechs Jahre Grundschule im Herkunftsland",
            "Hauptschulabschluss in Deutschland",
            "Schulbesuch durch die Flucht unterbrochen",
        ),
        "vocational_training": (
            "Ausbildung als Schneider*in, nicht anerkannt",
            "Studium Bauingenieurwesen, Anerkennung wird geprüft",
            "Keine formale Ausbildung, langjährige Erfahrung als Kfz-Mechaniker*in",
            "Pflegeausbildung im Herkunftsland, Anerkennung möglich",
        ),
        "employment": (
            "Minijob in der Gastronomie, unregelmäßige Schichten",
            "Derzeit ohne Arbeit, sucht eine Vollzeitstelle",
            "Helfertätigkeit im Lager, befristet und körperlich belastend",
            "Arbeitet unterhalb der eigenen Qualifikation in der Reinigung",
        ),
        "integration_measures": (
            "Teilnahmeberechtigung für den Integrationskurs liegt vor",
            "Integrationskurs bis Modul 4 besucht",
            "Bisher keine Maßnahme genutzt",
            "Maßnahme beim Jobcenter abgeschlossen, als wenig hilfreich erlebt",
        ),
    },
    D.FAMILY: {
        "family_role": (
            "Übernimmt die Behördengänge für die ganze Familie",
            "Hauptverantwortlich für Haushalt und Kinder",
            "Versorgt zusätzlich einen kranken Elternteil",
            "Einziges Familienmitglied mit Deutschkenntnissen",
        ),
        "dependants_support": (
            "Unterstützt Angehörige im Herkunftsland finanziell",
            "Ein Kind mit Förderbedarf, Diagnostik steht aus",
            "Pflegebedürftiger Elternteil lebt im Haushalt",
        ),
        "children": (
            "Jüngstes Kind ohne Kita-Platz, älteres Kind in der Grundschule",
            "Kinder besuchen die Schule, Sprachförderung nötig",
            "Jugendliches Kind nach dem Umzug noch ohne Schulplatz",
            "Kinder gut angekommen, nehmen am Sportverein teil",
        ),
    },
    D.FINANCES: {
        "livelihood": (
            "Bürgergeld für die Bedarfsgemeinschaft",
            "Leistungen nach dem AsylbLG",
            "Eigenes Einkommen aus Teilzeitarbeit, ergänzend Bürgergeld",
            "Kindergeld und Unterhaltsvorschuss, Wohngeld nicht beantragt",
        ),
        "dependants": (
            "Sorgt für Partner*in und Kinder",
            "Unterstützt die Eltern im Herkunftsland",
            "Nur für sich selbst",
        ),
        "debts_contracts": (
            "Rückstände beim Energieversorger, rund 900 Euro",
            "Teurer Handyvertrag, mehrere Mahnungen",
            "Ratenkauf für Möbel, Schreiben eines Inkassobüros",
            "Keine Schulden bekannt",
        ),
    },
    D.HEALTH: {
        "health_problems": (
            "Chronische Rückenschmerzen und Diabetes",
            "Bluthochdruck, Medikamente werden unregelmäßig genommen",
            "Keine bekannten Erkrankungen",
            "Kind mit Asthma, häufige Arztbesuche",
        ),
        "mental_state": (
            "Schlafstörungen und Erschöpfung, belastende Fluchterfahrungen",
            "Sorge um Angehörige im Herkunftsland, oft niedergeschlagen",
            "Stabil, aber durch die Wohnsituation gestresst",
        ),
        "treatments": (
            "Keine Hausarztpraxis, bisher nur die Notaufnahme",
            "Hausärztliche Versorgung vorhanden, Facharzttermin fehlt",
            "Psychotherapie wurde empfohlen, lange Wartezeit",
        ),
        "treatment_experience": (
            "Verständigung in der Praxis ohne Sprachmittlung schwierig",
            "Gute Erfahrungen mit der Hausarztpraxis",
            "Behandlung abgebrochen, weil die Termine nicht passten",
        ),
    },
    D.MIGRATION: {
        "migration_history": (
            "Flucht über die Balkanroute, lange Zeit in Unterkünften",
            "Wegen des Krieges eingereist, Familie teilweise noch im Herkunftsland",
            "Zur Arbeit eingereist, die Familie folgte später",
            "Familiennachzug zum Ehepartner",
        ),
        "social_participation": (
            "Im Herkunftsland in einem Verein aktiv, hier bisher kaum Kontakte",
            "Nimmt an Festen im Stadtteil teil",
            "Kaum Teilhabe wegen der Sprachbarriere",
        ),
        "community_ties": (
            "Enger Kontakt zur eigenen Community, wenig darüber hinaus",
            "Besucht regelmäßig eine Gemeinde",
            "Kein Bezug zu einer Community",
        ),
        "racism_experiences": (
            "Abwertende Erfahrungen bei der Wohnungssuche",
            "Berichtet von Diskriminierung am Arbeitsplatz",
            "Keine Erfahrungen genannt",
        ),
    },
    D.SOCIAL: {
        "social_contacts": (
            "Wenige Kontakte, vor allem innerhalb der Familie",
            "Freundeskreis aus dem Sprachkurs",
            "Seit dem Umzug isoliert",
        ),
        "mso_volunteering": (
            "Kontakt zu einer Migrantenselbstorganisation besteht",
            "Keine Kontakte zu Ehrenamtlichen",
            "Früher eine Patenschaft genutzt",
        ),
        "daily_life": (
            "Kaum Tagesstruktur ohne Arbeit oder Kurs",
            "Tagesablauf durch die Kinder bestimmt",
            "Geht gern schwimmen, kennt aber keine Angebote",
        ),
    },
    D.HOUSING: {
        "living_situation": (
            "Lebt mit der Familie in einer Zweizimmerwohnung, sehr beengt",
            "Gemeinschaftsunterkunft, kein eigenes Zimmer",
            "Schimmel in der Wohnung, der Vermieter reagiert nicht",
            "Wohnung gekündigt, Frist läuft",
        ),
        "mobility_location": (
            "Randlage, Bus nur stündlich",
            "Zentral gelegen, kein Auto",
            "Deutschlandticket vorhanden",
        ),
        "communication_access": (
            "Smartphone vorhanden, kein WLAN",
            "Kein Laptop für Bewerbungen und Anträge",
            "Internet nur über die Stadtbibliothek",
        ),
    },
}
FAMILY_MEMBERS: dict[str, tuple[str, ...]] = {
    "single_parent": (
        "Alleinerziehend, der andere Elternteil lebt in einer anderen Stadt",
        "Alleinerziehend, die Eltern leben im Herkunftsland",
    ),
    "couple_children": (
        "Verheiratet, Kinder leben im Haushalt; Eltern im Herkunftsland",
        "Lebt mit Partner*in und Kindern, eine Schwester wohnt in der Nähe",
    ),
    "other": (
        "Geschwister leben in anderen Städten, Eltern im Herkunftsland",
        "Partner*in lebt noch im Herkunftsland, Familiennachzug geplant",
    ),
}
RESOURCES: dict[LifeDomain, tuple[str, ...]] = {
    D.RESIDENCE: ("alle Unterlagen liegen vor", "ist gut organisiert", "hohe Motivation"),
    D.EDUCATION_WORK: (
        "Berufserfahrung im Herkunftsland",
        "hohe Lernbereitschaft",
        "verlässlich und pünktlich",
        "spricht gut Englisch",
        "Führerschein vorhanden",
    ),
    D.FAMILY: (
        "enger Zusammenhalt in der Familie",
        "Nachbarin hilft bei der Kinderbetreuung",
        "Verwandte wohnen in der Nähe",
    ),
    D.FINANCES: ("führt ein Haushaltsbuch", "geht sparsam mit Geld um", "Angehörige helfen"),
    D.HEALTH: (
        "achtet auf die Ernährung",
        "Familie begleitet zu Arztterminen",
        "geht regelmäßig spazieren",
    ),
    D.SOCIAL: ("offen und kontaktfreudig", "Interesse an Sport und Musik", "aktiv in der Gemeinde"),
    D.HOUSING: ("kann handwerklich viel selbst", "gute Nachbarschaft", "ist gut organisiert"),
}
WISHES: dict[LifeDomain, tuple[str, ...]] = {
    D.RESIDENCE: ("sicherer Aufenthalt", "Einbürgerung", "Klarheit über die Zukunft"),
    D.EDUCATION_WORK: (
        "Arbeit im erlernten Beruf",
        "besser Deutsch sprechen",
        "eine Ausbildung beginnen",
        "Anerkennung des Abschlusses",
    ),
    D.FAMILY: (
        "Kita-Platz für das jüngste Kind",
        "Ruhe für die Familie",
        "Familienzusammenführung",
    ),
    D.FINANCES: ("schuldenfrei werden", "Überblick über die Finanzen", "ohne Leistungsbezug leben"),
    D.HEALTH: ("Hausarztpraxis mit Sprachmittlung", "wieder gut schlafen", "ein Therapieplatz"),
    D.MIGRATION: ("Kontakte außerhalb der Familie", "sich zugehörig fühlen", "Einbürgerung"),
    D.SOCIAL: ("einen Sportverein finden", "Deutsch im Alltag üben", "neue Freundschaften"),
    D.HOUSING: ("eigene Wohnung", "größere Wohnung", "Wohnung näher an der Schule"),
}
REMARKS_LOW = ("akuter Handlungsbedarf", "wird zuerst bearbeitet", "belastend")
REMARKS_MIDDLE = ("Unterstützung nötig", "teilweise geklärt", "")
REMARKS_HIGH = ("stabil", "kein aktueller Bedarf", "")

# Per goal title: (sub-goals and activities, "der nächste Schritt").
GOAL_STEPS: dict[str, tuple[str, str]] = {
    "Aufenthaltstitel ist verlängert": (
        "Unterlagen sammeln, Termin bei der Ausländerbehörde buchen, Antrag stellen",
        "Termin bei der Ausländerbehörde buchen",
    ),
    "Antrag auf Niederlassungserlaubnis ist gestellt": (
        "Voraussetzungen prüfen, Nachweise zu Einkommen und Sprache beschaffen",
        "Rentenversicherungsverlauf anfordern",
    ),
    "B1-Prüfung ist bestanden": (
        "Kurs regelmäßig besuchen, Prüfung anmelden, Übungstests machen",
        "Anmeldung zur Prüfung beim Kursträger",
    ),
    "Anerkennung des Berufsabschlusses ist beantragt": (
        "Zeugnisse übersetzen lassen, Anerkennungsberatung aufsuchen, Antrag stellen",
        "Zeugnisse zur Übersetzung geben",
    ),
    "Drei Bewerbungen sind verschickt": (
        "Lebenslauf erstellen, Stellenanzeigen gemeinsam sichten, Anschreiben üben",
        "Lebenslauf fertigstellen",
    ),
    "Das jüngste Kind hat einen Kita-Platz": (
        "Kita-Anmeldung im Portal, Kontakt zum Familienzentrum, Rechtsanspruch prüfen",
        "Kita-Anmeldung im Portal abschicken",
    ),
    "Regelmäßiger Kontakt mit der Schule": (
        "Elterngespräch vorbereiten und begleiten, Sprachmittlung organisieren",
        "Termin mit der Klassenlehrkraft vereinbaren",
    ),
    "Schuldenübersicht ist erstellt": (
        "Alle Forderungen sammeln und sortieren, Termin bei der Schuldnerberatung",
        "Briefe der Gläubiger mitbringen",
    ),
    "Wohngeld wird bezogen": (
        "Anspruch prüfen, Antrag ausfüllen, Nachweise einreichen",
        "Antrag beim Wohngeldamt abgeben",
    ),
    "Eine Hausarztpraxis ist gefunden": (
        "Praxen in der Nähe heraussuchen, Erstgespräch mit Sprachmittlung vereinbaren",
        "Praxen mit freien Plätzen anrufen",
    ),
    "Erstgespräch in der psychosozialen Beratung hat stattgefunden": (
        "Kontakt zum Psychosozialen Zentrum herstellen, Erstgespräch begleiten",
        "Erstgespräch vereinbaren",
    ),
    "Teilnahme an einem Treffen der Migrantenselbstorganisation": (
        "Angebote der Migrantenselbstorganisationen vorstellen, ersten Besuch begleiten",
        "Nächstes Treffen der MSO heraussuchen",
    ),
    "Integrationskurs wird regelmäßig besucht": (
        "Kursbesuch gemeinsam planen, Fehlzeiten besprechen, Kinderbetreuung klären",
        "Gespräch mit der Kursleitung",
    ),
    "Einmal pro Woche ein Angebot im Stadtteil": (
        "Angebote im Stadtteil sammeln, ein Angebot ausprobieren",
        "Nachbarschaftstreff besuchen",
    ),
    "Mitglied in einem Sportverein": (
        "Vereine in der Nähe suchen, Probetraining vereinbaren, Beitrag klären",
        "Probetraining vereinbaren",
    ),
    "Wohnberechtigungsschein liegt vor": (
        "Antrag ausfüllen, Einkommensnachweise sammeln, Antrag abgeben",
        "WBS-Antrag ausfüllen",
    ),
    "Bewerbung bei drei Wohnungsgesellschaften": (
        "Wohnungsgesellschaften heraussuchen, Bewerbungsbogen ausfüllen, nachfassen",
        "Bewerbungsbögen besorgen",
    ),
}
RESPONSIBLE = (
    "ratsuchende Person, begleitet durch CM",
    "ratsuchende Person",
    "CM",
    "ratsuchende Person und CM gemeinsam",
)
GOAL_EXPLANATIONS = (
    "Reihenfolge nach Dringlichkeit aus Sicht der ratsuchenden Person",
    "Ziele aus dem Assessment abgeleitet und gemeinsam formuliert",
    "Das erste Ziel ist Voraussetzung für die weiteren",
)
AGREED_OTHERS = ("Sprachmittler*in", "Ehepartner*in", "Tochter", "Sozialarbeit der Unterkunft")
GOAL_DEVIATIONS = (
    "Die ratsuchende Person möchte zuerst die Arbeitssuche angehen",
    "Uneinigkeit über die Reihenfolge der Ziele",
)
REVIEW_REASONS: dict[str, tuple[str, ...]] = {
    "fully": ("Ziel wie vereinbart erreicht", "Ziel früher als geplant erreicht"),
    "partly": ("Erste Schritte erledigt, Bescheid steht noch aus", "Teilweise erreicht, Wartezeit"),
    "hardly": ("Termine wurden mehrfach verschoben", "Andere Probleme standen im Vordergrund"),
    "not_at_all": ("Ziel nicht weiterverfolgt", "Kein passendes Angebot verfügbar"),
}

# Needs plan: (measure, task) per domain, and alternative routes for missing offers as
# (measure, gap description). Gap descriptions go to the coordinating office: never a name.
MEASURES: dict[LifeDomain, tuple[tuple[str, str], ...]] = {
    D.RESIDENCE: (
        ("Rechtsberatung zum Aufenthalt", "Unterlagen zusammenstellen und Termin wahrnehmen"),
        ("Antrag auf Verlängerung des Titels", "Antrag mit Nachweisen abgeben"),
    ),
    D.EDUCATION_WORK: (
        ("Teilnahme am Sprachkurs", "Anmeldung und regelmäßige Teilnahme"),
        ("Anerkennungsberatung", "Zeugnisse und Nachweise vorlegen"),
        ("Bewerbungstraining", "Bewerbungsunterlagen erstellen"),
    ),
    D.FAMILY: (
        ("Beratung zur Kita-Anmeldung", "Anmeldung und Vormerkung"),
        ("Familienberatung", "Erstgespräch wahrnehmen"),
    ),
    D.FINANCES: (
        ("Schuldnerberatung", "Forderungen sortieren, Gespräch wahrnehmen"),
        ("Antrag auf Sozialleistungen", "Antrag stellen, Bescheid prüfen lassen"),
    ),
    D.HEALTH: (
        ("Anbindung an eine Hausarztpraxis", "Termin vereinbaren und wahrnehmen"),
        ("Psychosoziale Beratung", "Erstgespräch wahrnehmen"),
    ),
    D.MIGRATION: (
        ("Anbindung an eine Migrantenselbstorganisation", "Treffen besuchen"),
        ("Integrationskurs fortsetzen", "Kursbesuch sicherstellen"),
    ),
    D.SOCIAL: (
        ("Freizeitangebot im Stadtteil", "Angebot besuchen"),
        ("Ehrenamtliche Patenschaft", "Kennenlerntreffen wahrnehmen"),
    ),
    D.HOUSING: (
        ("Wohnungssuche mit Wohnberechtigungsschein", "Antrag stellen und Bewerbungen schreiben"),
        ("Mietrechtsberatung", "Unterlagen zur Wohnung mitbringen"),
    ),
}
GAPS: dict[LifeDomain, tuple[tuple[str, str], ...]] = {
    D.RESIDENCE: (
        (
            "Begleitung zur Ausländerbehörde durch CM",
            "Keine kostenlose aufenthaltsrechtliche Beratung mit kurzer Wartezeit",
        ),
    ),
    D.EDUCATION_WORK: (
        (
            "Selbstlernangebot mit ehrenamtlicher Lernbegleitung",
            "Kein Sprachkurs mit Kinderbetreuung im Stadtteil",
        ),
        (
            "Online-Kurs am Abend als Übergang",
            "Kein Berufssprachkurs in Teilzeit für Beschäftigte im Schichtdienst",
        ),
    ),
    D.FAMILY: (
        (
            "Überbrückung durch ein Eltern-Kind-Angebot",
            "Zu wenige Kita-Plätze für Kinder unter drei Jahren im Stadtteil",
        ),
    ),
    D.FINANCES: (
        (
            "Haushaltsplan gemeinsam mit CM",
            "Wartezeit bei der Schuldnerberatung länger als sechs Monate",
        ),
    ),
    D.HEALTH: (
        (
            "Telefonische Sprachmittlung für Arzttermine",
            "Keine Psychotherapie in den Herkunftssprachen ohne lange Wartezeit",
        ),
        (
            "Notfallsprechstunde als Übergang",
            "Keine Hausarztpraxis mit freien Plätzen in erreichbarer Nähe",
        ),
    ),
    D.MIGRATION: (
        (
            "Kontakt zu einer Gruppe in der Nachbarstadt",
            "Kein Treffpunkt für Frauen mit Fluchterfahrung im Stadtteil",
        ),
    ),
    D.SOCIAL: (
        (
            "Spaziergruppe über das Stadtteilzentrum",
            "Keine kostenlosen Freizeitangebote für Erwachsene am Wochenende",
        ),
    ),
    D.HOUSING: (
        (
            "Wohnungssuche über private Anzeigen mit CM",
            "Kaum bezahlbarer Wohnraum für große Familien",
        ),
        (
            "Zwischenlösung in einer Übergangswohnung",
            "Keine Wohnungsnotfallhilfe mit Sprachmittlung",
        ),
    ),
}
PLAN_DEVIATIONS = (
    "Die ratsuchende Person möchte die Schuldnerberatung erst später aufsuchen",
    "Jobcenter sieht die Maßnahme erst nach Abschluss des Sprachkurses vor",
)

INTERIM_TOPICS = (
    "Stand der Zielerreichung",
    "Fehlendes Angebot im Stadtteil",
    "Lange Wartezeiten bei Fachdiensten",
    "Zusammenarbeit mit den beteiligten Stellen",
)
COOPERATION = (
    "Gute Absprachen mit dem Jobcenter, Rückmeldungen kamen zügig",
    "Zusammenarbeit mit der Ausländerbehörde schwierig, lange Wartezeiten",
    "Fallkonferenz war hilfreich, Aufgaben wurden klar verteilt",
    "Verbindlichkeit der Beteiligten unterschiedlich, ein fester Ansprechpartner wäre nötig",
)
METHOD_GOOD = (
    "Ja, wegen der Probleme in mehreren Bereichen; die gemeinsame Zielplanung war wichtig",
    "Ja, die Begleitung zu Terminen und die feste Ansprechperson haben geholfen",
)
METHOD_MIXED = (
    "Teilweise; eine kürzere Verweisberatung hätte vielleicht gereicht",
    "Nur bedingt, die Lebenslage hat sich zu schnell verändert",
)
RETROSPECTIVE = (
    "Hilfreich war die Sprachmittlung; früher die Rechtsberatung einbeziehen",
    "Die regelmäßigen Termine gaben Halt; mehr Zeit für Hausbesuche wäre gut gewesen",
    "Besonders hilfreich war die Vernetzung; heute früher eine Fallkonferenz anregen",
)
# Tasks of a measure with a provider from the directory (the measure is the provider's offer).
MEASURE_TASKS = (
    "Termin vereinbaren und wahrnehmen",
    "Anmeldung und Unterlagen vorbereiten",
    "Erstgespräch begleiten, danach Rückmeldung an CM",
    "Kontakt herstellen, Sprachmittlung organisieren",
)

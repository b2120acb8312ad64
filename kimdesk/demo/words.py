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
RESOURCES = (
    "hohe Motivation",
    "familiäre Unterstützung",
    "spricht gut Englisch",
    "Berufserfahrung im Herkunftsland",
    "gute Kontakte in der Nachbarschaft",
    "ist gut organisiert",
)
WISHES = (
    "eigene Wohnung",
    "Arbeit im erlernten Beruf",
    "besser Deutsch sprechen",
    "Ruhe für die Familie",
    "sicherer Aufenthalt",
    "Kontakte außerhalb der Familie",
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

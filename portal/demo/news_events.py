"""The events ("Termine") of the demo network: district festivals, neighbourhood meetings,
workshops of the BIWAQ projects, consultation hours (a weekly and a monthly series) and the
participation events of the district management, from about eight months back to four
months ahead. One is cancelled, one postponed.

Dates are offsets in days from today, moved to a fitting weekday (a festival on a
Saturday, a meeting on a weekday evening); times are German wall-clock times."""

from datetime import date, timedelta

MON, TUE, WED, THU, FRI, SAT = range(6)

# The places that are not one of the offices.
RATHAUS = {"venue": "Rathaus Ruhrbach, Ratssaal", "street": "Rathausplatz 1", "postcode": "44990"}
BUERGERHAUS = {"venue": "Bürgerhaus Bruchfeld, großer Saal", "street": "Koloniestraße 30", "postcode": "44992"}
SCHULHOF = {"venue": "Schulhof der Grundschule Koloniestraße", "street": "Koloniestraße 52", "postcode": "44992"}
LINDENPARK = {"venue": "Lindenpark, Wiese am Musikpavillon", "street": "Lindenallee 40", "postcode": "44993"}
RUHRUFER = {"venue": "Treffpunkt Bootshaus am Ruhrufer", "street": "Uferweg 5", "postcode": "44997"}
JUGENDTREFF = {"venue": "Jugendtreff Ostfeld", "street": "Hellweg 120", "postcode": "44991"}

DRAHTZIEHEREI = "Beratungsbüro in der Alten Drahtzieherei"
QUARTIERSBUERO = "Quartiersbüro Bruchfeld"
FAMILIENZENTRUM = "Familienzentrum Lindenhof"
INNENSTADTBUERO = "Innenstadt-Büro"
STADTTEILLADEN = "Stadtteilladen Kesselberg"


# Days nobody plans a neighbourhood event for: a date that falls on one moves a week on.
HOLIDAYS = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1), (5, 1), (10, 3)}


def on_weekday(today, offset, weekday):
    """The first ``weekday`` on or after the day ``offset`` days from ``today``, not on a
    holiday."""
    day = today + timedelta(days=offset)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    while (day.month, day.day) in HOLIDAYS:
        day += timedelta(weeks=1)
    return day


def nth_weekday(year, month, weekday, nth):
    """The ``nth`` (1-4) ``weekday`` of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def first_thursday_after(day):
    """The first Thursday of the month after ``day``'s month (a monthly series starts there)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return nth_weekday(year, month, THU, 1)


def rows(today):
    weekly_first = on_weekday(today, -240, WED)
    monthly_first = first_thursday_after(today - timedelta(days=245))
    return [
        # --- the two series ---------------------------------------------------------------
        {
            "slug": "offene-sprechstunde-jobcoaching",
            "title": "Offene Sprechstunde Jobcoaching",
            "summary": "Jeden Mittwoch ohne Termin: Fragen zu Bewerbung, Jobcenter und Weiterbildung.",
            "description": "Die Jobcoaches von „Arbeit vor Ort“ sind jeden Mittwochnachmittag in der Alten "
            "Drahtzieherei. Bringen Sie gern Ihre Unterlagen mit – Lebenslauf, Bescheide, Stellenanzeigen.\n\n"
            "- Beratung auch auf Polnisch und Türkisch\n- Kinder dürfen mitkommen, es gibt eine Spielecke",
            "day": weekly_first,
            "start": "13:00",
            "end": "16:00",
            "repeat": "weekly",
            "until": today + timedelta(days=120),
            "office": DRAHTZIEHEREI,
            "step_free": True,
            "organiser": "ev-werk-arbeit",
            "districts": ["huettenau", "bruchfeld"],
            "project": "arbeit-vor-ort",
        },
        {
            "slug": "bewohnerjury-bruchfeld",
            "title": "Bewohnerjury Bruchfeld",
            "summary": "Die Jury entscheidet öffentlich über die Anträge an den Bewohnerfonds.",
            "description": "Einmal im Monat, am ersten Donnerstag, berät die Bewohnerjury über die "
            "eingegangenen Ideen. Wer einen Antrag gestellt hat, kann ihn in fünf Minuten selbst vorstellen; "
            "Gäste sind willkommen.\n\nAnträge nimmt das Quartiersbüro bis eine Woche vor der Sitzung an.",
            "day": monthly_first,
            "start": "18:00",
            "end": "19:30",
            "repeat": "monthly",
            "until": today + timedelta(days=120),
            "office": QUARTIERSBUERO,
            "step_free": True,
            "hearing_loop": True,
            "organiser": "quartiersmanagement-bruchfeld",
            "districts": ["bruchfeld"],
            "project": "bewohnerfonds-bruchfeld",
        },
        # --- past -------------------------------------------------------------------------
        {
            "slug": "ideenwerkstatt-alter-markt",
            "title": "Ideenwerkstatt Alter Markt",
            "summary": "Wie soll der Alte Markt künftig aussehen? Planerinnen und Planer hören zu.",
            "description": "An Thementischen sammeln wir Wünsche zu Bäumen, Sitzplätzen, Markttagen und "
            "Verkehr. Die Ergebnisse fließen in den Wettbewerb für die Neugestaltung ein.",
            "day": on_weekday(today, -225, TUE),
            "start": "18:00",
            "end": "21:00",
            **RATHAUS,
            "step_free": True,
            "hearing_loop": True,
            "sign_language": True,
            "organiser": "stadt-stadtentwicklung",
            "districts": ["innenstadt"],
            "project": "neugestaltung-alter-markt",
        },
        {
            "slug": "sozialraumkonferenz-ostfeld",
            "title": "Sozialraumkonferenz Ostfeld",
            "summary": "Schulen, Kitas, Träger und Verwaltung beraten über die Angebote im Ostfeld.",
            "description": "Schwerpunkt: Übergänge von der Grundschule in die weiterführende Schule.",
            "day": on_weekday(today, -170, WED),
            "start": "15:00",
            "end": "17:30",
            **JUGENDTREFF,
            "step_free": True,
            "organiser": "stadt-jugend-familie",
            "districts": ["ostfeld"],
        },
        {
            "slug": "fest-der-nachbarschaft-bruchfeld",
            "title": "Fest der Nachbarschaft im Bruchfeld",
            "summary": "Musik, Essen aus vielen Küchen und ein Flohmarkt der Kinder auf dem Schulhof.",
            "description": "Der Bürgerverein lädt ein: Vereine und Einrichtungen stellen sich vor, die "
            "Bewohnerjury zeigt, was mit dem Bewohnerfonds entstanden ist.",
            "day": on_weekday(today, -150, SAT),
            "start": "14:00",
            "end": "19:00",
            **SCHULHOF,
            "step_free": True,
            "organiser": "buergerverein-bruchfeld",
            "districts": ["bruchfeld"],
        },
        {
            "slug": "werkstattnachmittag-fahrradreparatur",
            "title": "Werkstattnachmittag: Fahrräder selbst reparieren",
            "summary": "Schlauch flicken, Bremsen einstellen – mit den Teilnehmenden der Fahrradwerkstatt.",
            "description": "Teilnehmende von „Arbeit vor Ort“ zeigen, was sie in der Werkstatt gelernt haben. "
            "Werkzeug und Ersatzteile sind da.",
            "day": on_weekday(today, -120, THU),
            "start": "15:00",
            "end": "18:00",
            "office": DRAHTZIEHEREI,
            "step_free": True,
            "organiser": "beschaeftigung-ruhrbach",
            "districts": ["huettenau"],
            "project": "arbeit-vor-ort",
        },
        {
            "slug": "infoabend-teilzeitqualifizierung",
            "title": "Infoabend: Teilzeitqualifizierung mit Kinderbetreuung",
            "summary": "Wie läuft die Qualifizierung ab, wer betreut die Kinder, was zahlt das Jobcenter?",
            "day": on_weekday(today, -95, TUE),
            "start": "17:00",
            "end": "18:30",
            "office": FAMILIENZENTRUM,
            "step_free": True,
            "accessibility_note": "Kinderbetreuung während des Infoabends im Spielzimmer.",
            "organiser": "bildungswerk-st-josef",
            "districts": ["lindenhof"],
            "project": "teilzeit-mit-perspektive",
        },
        {
            "slug": "digital-stammtisch-handel",
            "title": "Digital-Stammtisch für Händlerinnen und Händler",
            "summary": "Erfahrungen mit Onlineshop, Kartenzahlung und sozialen Medien austauschen.",
            "day": on_weekday(today, -60, MON),
            "start": "19:00",
            "end": "21:00",
            "office": INNENSTADTBUERO,
            "step_free": True,
            "registration": "email",
            "registration_email": "lokal-digital@example.org",
            "organiser": "ruhrbach-marketing",
            "districts": ["innenstadt"],
            "project": "lokal-digital-haendlernetzwerk",
        },
        {
            "slug": "buergerversammlung-kesselberg",
            "title": "Bürgerversammlung zum Sanierungsgebiet Kesselberg",
            "summary": "Was die Sanierungssatzung für Mieterinnen, Mieter und Eigentümer bedeutet.",
            "description": "Die Stadt stellt den Zeitplan vor und beantwortet Fragen zu Beratung, Förderung "
            "und steuerlichen Abschreibungen.",
            "day": on_weekday(today, -40, WED),
            "start": "18:30",
            "end": "20:30",
            "office": STADTTEILLADEN,
            "accessibility_note": "Eine Stufe am Eingang, mobile Rampe vorhanden.",
            "organiser": "stadt-stadtentwicklung",
            "districts": ["kesselberg"],
            "project": "sanierungsberatung-kesselberg",
        },
        {
            "slug": "aufraeumaktion-koloniestrasse",
            "title": "Aufräumaktion rund um den Spielplatz Koloniestraße",
            "summary": "Gemeinsam Müll sammeln und Beete pflegen; Handschuhe und Zangen stellt der Verein.",
            "day": on_weekday(today, -19, SAT),
            "start": "10:00",
            "end": "13:00",
            "venue": "Spiel- und Begegnungsplatz Koloniestraße",
            "street": "Koloniestraße 44",
            "postcode": "44992",
            "step_free": True,
            "organiser": "buergerverein-bruchfeld",
            "districts": ["bruchfeld"],
            "project": "spielplatz-koloniestrasse",
        },
        # --- upcoming ---------------------------------------------------------------------
        {
            "slug": "ideenwerkstatt-gruenes-band",
            "title": "Ideenwerkstatt Grünes Band",
            "summary": "Auf einem Spaziergang vom Ruhrufer in die Innenstadt Ideen für den neuen Grünzug sammeln.",
            "description": "Wir gehen die geplante Strecke gemeinsam ab (etwa 3 km, mit Pausen) und halten "
            "an fünf Stationen. Wer nicht mitlaufen kann, ist zur Abschlussrunde im Innenstadt-Büro "
            "willkommen.",
            "day": on_weekday(today, 3, SAT),
            "start": "11:00",
            "end": "14:00",
            **RUHRUFER,
            "accessibility_note": "Die Strecke ist asphaltiert; ein Begleitfahrzeug nimmt bei Bedarf mit.",
            "organiser": "werkstadt-ruhrbach",
            "districts": ["ruhrwiesen", "innenstadt"],
            "project": "gruenes-band-ruhrwiesen",
        },
        {
            "slug": "tag-der-offenen-werkstaetten",
            "title": "Tag der offenen Werkstätten",
            "summary": "Die Alte Drahtzieherei öffnet alle Hallen: Holz, Metall, Fahrrad und Küche.",
            "description": "Den ganzen Tag Führungen, Mitmachstationen und das Café der Qualifizierungsküche.",
            "day": on_weekday(today, 10, SAT),
            "all_day": True,
            "office": DRAHTZIEHEREI,
            "step_free": True,
            "organiser": "ev-werk-arbeit",
            "districts": ["huettenau"],
            "project": "arbeit-vor-ort",
        },
        {
            "slug": "nachbarschaftsflohmarkt-koloniestrasse",
            "title": "Nachbarschaftsflohmarkt Koloniestraße",
            "summary": "Stöbern, tauschen, verkaufen – ohne Standgebühr für Bewohnerinnen und Bewohner.",
            "day": on_weekday(today, 17, SAT),
            "start": "09:00",
            "end": "14:00",
            **SCHULHOF,
            "step_free": True,
            "status": "cancelled",
            "status_note": "Abgesagt: Der Schulhof wird an diesem Tag für Bauarbeiten gebraucht. Ein neuer "
            "Termin wird hier angekündigt.",
            "organiser": "buergerverein-bruchfeld",
            "districts": ["bruchfeld"],
        },
        {
            "slug": "bewerbungstraining-kompakt",
            "title": "Bewerbungstraining kompakt",
            "summary": "Zwei Vormittage: Lebenslauf, Anschreiben und ein geübtes Vorstellungsgespräch.",
            "day": on_weekday(today, 14, MON),
            "end_day": on_weekday(today, 14, MON) + timedelta(days=1),
            "start": "09:00",
            "end": "12:30",
            "office": DRAHTZIEHEREI,
            "step_free": True,
            "registration": "phone",
            "registration_phone": "02399 4711-520",
            "deadline": on_weekday(today, 14, MON) - timedelta(days=4),
            "organiser": "ev-werk-arbeit",
            "districts": ["huettenau", "bruchfeld"],
            "project": "arbeit-vor-ort",
        },
        {
            "slug": "quartiersfest-lindenhof",
            "title": "Quartiersfest im Lindenpark",
            "summary": "Spiele, Musik und die Stände der Einrichtungen aus dem Lindenhof.",
            "day": on_weekday(today, 24, SAT),
            "start": "13:00",
            "end": "18:00",
            **LINDENPARK,
            "step_free": True,
            "status": "postponed",
            "status_note": "Verschoben: Der Park wird neu bepflanzt. Das Fest findet einige Wochen später statt; "
            "der neue Termin steht bald hier.",
            "organiser": "hilfsdienst-ruhrbach",
            "districts": ["lindenhof"],
        },
        {
            "slug": "infoabend-hof-und-fassadenprogramm",
            "title": "Infoabend Hof- und Fassadenprogramm",
            "summary": "Zuschüsse für Innenhöfe, Fassaden und Dachbegrünung: wer sie bekommt und wie.",
            "day": on_weekday(today, 24, TUE),
            "start": "18:00",
            "end": "19:30",
            **BUERGERHAUS,
            "step_free": True,
            "hearing_loop": True,
            "registration": "email",
            "registration_email": "quartiersbuero-bruchfeld@example.org",
            "organiser": "quartiersmanagement-bruchfeld",
            "districts": ["bruchfeld"],
            "project": "hof-und-fassadenprogramm-bruchfeld",
        },
        {
            "slug": "ideenwerkstatt-zechenplatz",
            "title": "Ideenwerkstatt Zechenplatz",
            "summary": "Der Zechenplatz wird umgestaltet: Kinder, Jugendliche und Erwachsene planen mit.",
            "description": "Am Nachmittag sind die Kinder dran (mit Modellbau), am Abend alle anderen. "
            "Bitte melden Sie sich an, damit wir genug Material haben.",
            "day": on_weekday(today, 35, THU),
            "start": "16:00",
            "end": "20:00",
            "office": STADTTEILLADEN,
            "registration": "link",
            "registration_url": "https://werkstadt-ruhrbach.example.org/zechenplatz/anmeldung",
            "deadline": on_weekday(today, 35, THU) - timedelta(days=7),
            "organiser": "werkstadt-ruhrbach",
            "districts": ["kesselberg"],
            "project": "zechenplatz-kesselberg",
        },
        {
            "slug": "aktionstage-lokal-digital",
            "title": "Aktionstage „Lokal digital“",
            "summary": "Drei Tage lang zeigen Geschäfte der Innenstadt, was sie online anbieten.",
            "day": on_weekday(today, 40, THU),
            "end_day": on_weekday(today, 40, THU) + timedelta(days=2),
            "all_day": True,
            "venue": "Geschäfte rund um den Alten Markt",
            "street": "Alter Markt",
            "postcode": "44990",
            "organiser": "werbegemeinschaft-innenstadt",
            "districts": ["innenstadt"],
            "project": "lokal-digital-haendlernetzwerk",
        },
        {
            "slug": "sozialraumkonferenz-ostfeld-2",
            "title": "Sozialraumkonferenz Ostfeld",
            "summary": "Schulen, Kitas, Träger und Verwaltung beraten über die Angebote im Ostfeld.",
            "description": "Schwerpunkt: Freizeitangebote für Jugendliche am Abend und am Wochenende.",
            "day": on_weekday(today, 60, WED),
            "start": "15:00",
            "end": "17:30",
            **JUGENDTREFF,
            "step_free": True,
            "organiser": "stadt-jugend-familie",
            "districts": ["ostfeld"],
        },
        {
            "slug": "zwischenbilanz-biwaq",
            "title": "Zwischenbilanz der BIWAQ-Projekte",
            "summary": "Teilnehmende, Betriebe und Jobcoaches berichten, was die drei Teilprojekte erreicht haben.",
            "day": on_weekday(today, 105, TUE),
            "start": "10:00",
            "end": "13:00",
            **RATHAUS,
            "step_free": True,
            "hearing_loop": True,
            "sign_language": True,
            "registration": "email",
            "registration_email": "arbeitsgemeinschaft@example.org",
            "organiser": "stadt-stabsstelle-arbeit",
            "districts": ["innenstadt", "bruchfeld", "huettenau", "lindenhof"],
            "project": "arbeit-vor-ort",
        },
        {
            "slug": "erste-hilfe-am-kind",
            "title": "Erste Hilfe am Kind",
            "summary": "Kurs für Eltern und Großeltern: Notfälle bei Babys und Kleinkindern.",
            "day": on_weekday(today, 48, SAT),
            "start": "09:00",
            "end": "16:00",
            "office": FAMILIENZENTRUM,
            "step_free": True,
            "cost": "10 Euro, mit Ruhrbach-Pass kostenlos",
            "registration": "phone",
            "registration_phone": "02399 4711-910",
            "organiser": "hilfsdienst-ruhrbach",
            "districts": ["lindenhof"],
        },
    ]

"""The BIWAQ projects of the city: three sub-projects of the current round and one of the
last. Runtimes are months relative to today and follow the programme period."""

BIWAQ_TASKS = [
    "Aufsuchende Ansprache im Quartier",
    "Individuelles Coaching und Kompetenzfeststellung",
    "Qualifizierung in Werkstätten und Betrieben",
    "Vermittlung in Arbeit und Begleitung nach der Arbeitsaufnahme",
]


def rows():
    return [
        {
            "slug": "arbeit-vor-ort",
            "title": "Arbeit vor Ort – Wege in Beschäftigung",
            "code": "BIWAQ 1.1",
            "field": "biwaq-beschaeftigung",
            "summary": "Jobcoaches gehen dorthin, wo die Menschen wohnen, und begleiten langzeitarbeitslose "
            "Erwachsene Schritt für Schritt in Arbeit.",
            "description": "Das Teilprojekt verbindet Beratung im Quartiersbüro Bruchfeld mit Werkstätten in "
            "der Alten Drahtzieherei. Wer teilnimmt, bekommt eine feste Ansprechperson, praktische "
            "Erprobung und Unterstützung bei Bewerbungen – auch noch in den ersten Monaten im neuen Job.",
            "impact": [
                "Langzeitarbeitslose Menschen aus dem Quartier finden nachhaltig Arbeit.",
                "Teilnehmende gewinnen Selbstvertrauen und Perspektive.",
            ],
            "results": [
                "180 Teilnehmende über die gesamte Laufzeit.",
                "Mindestens 60 Übergänge in sozialversicherungspflichtige Beschäftigung oder Ausbildung.",
            ],
            "tasks": BIWAQ_TASKS,
            "start": -26,
            "end": 7,
            "total_cost": "1350000.00",
            "further_funds": "10 % Eigenanteil der Stadt Ruhrbach (135.000 Euro)",
            "staffing": "4 Jobcoaches, zusammen ca. 120 Wochenstunden",
            "responsible": ["stadt-stabsstelle-arbeit"],
            "partners": ["ev-werk-arbeit", "beschaeftigung-ruhrbach", "jobcenter-ruhrbach"],
            "districts": ["bruchfeld", "huettenau"],
            "contacts": ["mehmet.demir@example.org", "piotr.nowak@example.org", "miriam.beispiel@example.org"],
            "groups": ["langzeitarbeitslose", "neuzugewanderte"],
            "related": ["teilzeit-mit-perspektive", "lokal-digital-haendlernetzwerk", "quartiersmanagement-bruchfeld"],
            "fundings": [("biwaq-v", "1215000.00", "90", "ESF Plus und Bundesmittel")],
            "images": [
                (
                    "werkstatt",
                    "Gezeichnete Fabrikhalle mit Sheddach, davor ein Weg mit Bäumen.",
                    "Die Werkstätten in der Alten Drahtzieherei",
                ),
            ],
        },
        {
            "slug": "teilzeit-mit-perspektive",
            "title": "Teilzeit mit Perspektive – Qualifizierung für Alleinerziehende",
            "code": "BIWAQ 1.2",
            "field": "biwaq-beschaeftigung",
            "summary": "Qualifizierung in Teilzeit mit Kinderbetreuung: für Alleinerziehende, die wieder in den "
            "Beruf einsteigen wollen.",
            "description": "Die Kurse finden vormittags im Familienzentrum Lindenhof statt, während die Kinder "
            "betreut werden. Schwerpunkte sind Büro, Pflegeassistenz und Einzelhandel.",
            "impact": ["Alleinerziehende können Familie und Beruf verbinden."],
            "results": ["60 Teilnehmende.", "Mindestens 25 Übergänge in Arbeit oder Ausbildung."],
            "tasks": BIWAQ_TASKS + ["Organisation der Kinderbetreuung während der Kurse"],
            "start": -24,
            "end": 7,
            "total_cost": "520000.00",
            "further_funds": "10 % Eigenanteil der Stadt Ruhrbach",
            "staffing": "2 Bildungsberaterinnen, zusammen ca. 50 Wochenstunden",
            "responsible": ["stadt-stabsstelle-arbeit"],
            "partners": ["bildungswerk-st-josef", "vhs-ruhrbach", "stadt-jugend-familie", "jobcenter-ruhrbach"],
            "districts": ["lindenhof", "bruchfeld"],
            "contacts": ["lena.hoffmann@example.org", "fatma.yildiz@example.org"],
            "groups": ["alleinerziehende"],
            "related": ["arbeit-vor-ort"],
            "fundings": [("biwaq-v", "468000.00", "90", "ESF Plus und Bundesmittel")],
        },
        {
            "slug": "lokal-digital-haendlernetzwerk",
            "title": "Lokal digital – Händlernetzwerk Innenstadt",
            "code": "BIWAQ 2.1",
            "field": "biwaq-lokale-oekonomie",
            "summary": "Kleine Geschäfte der Innenstadt gehen gemeinsam online: mit Schulungen, einem "
            "Schaufenster im Netz und gemeinsamen Aktionen.",
            "description": "Das City-Management berät Betriebe einzeln und organisiert Stammtische zu "
            "Themen wie Onlinesichtbarkeit, Kassensysteme und Nachfolge.",
            "impact": ["Die lokale Wirtschaft in der Innenstadt ist gestärkt und vernetzt."],
            "results": ["50 beratene Betriebe.", "Ein gemeinsamer Onlineauftritt mit mindestens 40 Geschäften."],
            "tasks": ["Einzelberatung der Betriebe", "Schulungen", "Gemeinsames Marketing", "Händlerstammtisch"],
            "start": -22,
            "end": 7,
            "total_cost": "380000.00",
            "further_funds": "10 % Eigenanteil der Stadt Ruhrbach",
            "staffing": "ca. 30 Wochenstunden",
            "responsible": ["stadt-stabsstelle-arbeit", "ruhrbach-marketing"],
            "partners": ["werbegemeinschaft-innenstadt"],
            "districts": ["innenstadt"],
            "contacts": ["aylin.muster@example.org"],
            "groups": ["kmu", "handel"],
            "related": ["arbeit-vor-ort", "leerstandsmanagement-innenstadt"],
            "fundings": [("biwaq-v", "342000.00", "90", "ESF Plus und Bundesmittel")],
        },
        {
            "slug": "bruecken-in-arbeit-altenbruch",
            "title": "Brücken in Arbeit Altenbruch",
            "code": "BIWAQ IV",
            "field": "biwaq-beschaeftigung",
            "summary": "Das BIWAQ-Projekt der vorigen Förderrunde begleitete Menschen aus Altenbruch in Arbeit "
            "und Ausbildung.",
            "description": "Das Projekt ist abgeschlossen. Seine Erfahrungen sind in „Arbeit vor Ort“ eingeflossen.",
            "impact": ["Weniger Langzeitarbeitslosigkeit in Altenbruch."],
            "results": ["140 Teilnehmende.", "48 Übergänge in Beschäftigung."],
            "tasks": BIWAQ_TASKS,
            "start": -86,
            "end": -40,
            "archived": True,
            "total_cost": "900000.00",
            "further_funds": "10 % Eigenanteil der Stadt Ruhrbach",
            "staffing": "3 Jobcoaches",
            "responsible": ["stadt-stabsstelle-arbeit"],
            "partners": ["beschaeftigung-ruhrbach", "ev-werk-arbeit"],
            "districts": ["altenbruch"],
            "contacts": [],
            "groups": ["langzeitarbeitslose"],
            "related": ["quartiersmanagement-altenbruch", "arbeit-vor-ort"],
            "fundings": [("biwaq-iv", "810000.00", "90", "ESF und Bundesmittel")],
        },
    ]

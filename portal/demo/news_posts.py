"""The posts ("Aktuelles") of the demo network: milestones of the projects, news of the
districts and their offices, over the last eight months. ``days`` is how long ago a post
appeared; one post waits for its "online from" and one is a draft. The people quoted are
invented, as everyone in the demo."""


def rows():
    return [
        {
            "slug": "spielplatz-koloniestrasse-eroeffnet",
            "title": "Spiel- und Begegnungsplatz Koloniestraße ist eröffnet",
            "days": 238,
            "teaser": "Nach zwei Jahren Planung und Bau gehört der Platz wieder den Kindern – und allen anderen.",
            "body": "Rund zweihundert Gäste kamen zur Eröffnung. Die Kinder der Grundschule Koloniestraße "
            "durchschnitten das Band, das sie vorher selbst bemalt hatten.\n\n"
            "Was neu ist:\n\n"
            "- ein Kletterturm und eine Wasserspielanlage\n"
            "- Sitzstufen und Tische für die Erwachsenen\n"
            "- Beete, um die sich der Bürgerverein kümmert\n\n"
            "Die Ideen dafür stammen aus zwei Beteiligungswerkstätten mit Kindern und Eltern.",
            "author": "Quartiersbüro Bruchfeld",
            "districts": ["bruchfeld"],
            "projects": ["spielplatz-koloniestrasse"],
            "programmes": ["sozialer-zusammenhalt"],
            "organisations": ["quartiersmanagement-bruchfeld", "buergerverein-bruchfeld"],
            "images": [("park", "Gezeichneter Park mit Bäumen, einem Weg und einer Bank.", "Der neue Platz")],
        },
        {
            "slug": "offene-sprechstunde-jobcoaching-startet",
            "title": "Jeden Mittwoch: offene Sprechstunde Jobcoaching",
            "days": 232,
            "teaser": "Ohne Termin, ohne Anmeldung: die Jobcoaches von „Arbeit vor Ort“ beraten jetzt jede Woche.",
            "body": "Ab sofort sind die Jobcoaches jeden Mittwoch von 13 bis 16 Uhr im Beratungsbüro in der "
            "Alten Drahtzieherei. „Viele trauen sich nicht, einen Termin auszumachen. Hier kann man einfach "
            "vorbeikommen“, sagt Jobcoach Piotr Nowak.\n\n"
            "Alle Termine stehen im [Kalender der Termine](/termine/).",
            "author": "Evangelisches Werk für Arbeit und Qualifizierung",
            "districts": ["huettenau", "bruchfeld"],
            "projects": ["arbeit-vor-ort"],
            "programmes": ["biwaq-v"],
            "organisations": ["ev-werk-arbeit", "beschaeftigung-ruhrbach"],
        },
        {
            "slug": "ideenwerkstatt-alter-markt-rueckblick",
            "title": "Ideenwerkstatt Alter Markt: 140 Vorschläge gesammelt",
            "days": 222,
            "teaser": "Mehr Bäume, mehr Sitzplätze, ein Wasserspiel: die Wünsche für den neuen Alten Markt.",
            "body": "Gut neunzig Ruhrbacherinnen und Ruhrbacher diskutierten im Ratssaal an sechs "
            "Thementischen. Am häufigsten gewünscht: **Schatten** und Orte zum Sitzen ohne Verzehrzwang.\n\n"
            "Die Vorschläge sind Teil der Aufgabenstellung für den Gestaltungswettbewerb, der im nächsten "
            "Jahr entschieden wird.",
            "author": "Amt für Stadtentwicklung und Stadtplanung",
            "districts": ["innenstadt"],
            "projects": ["neugestaltung-alter-markt", "oeffentlichkeitsarbeit-innenstadt"],
            "programmes": ["lebendige-zentren"],
            "organisations": ["stadt-stadtentwicklung"],
            "images": [("markt", "Gezeichneter Marktplatz mit bunten Marktständen.", "Der Alte Markt heute")],
        },
        {
            "slug": "bewohnerjury-foerdert-nachbarschaftsideen",
            "title": "Bewohnerjury fördert sechs Nachbarschaftsideen",
            "days": 201,
            "teaser": "Vom Erzählcafé bis zur Werkzeugbibliothek: bis zu 1.500 Euro je Idee aus dem Bewohnerfonds.",
            "body": "Die Bewohnerjury hat in ihrer Sitzung sechs Anträge bewilligt, zwei weitere sollen "
            "nachgebessert werden. Darunter sind ein Erzählcafé für ältere Menschen, eine "
            "Werkzeugbibliothek im Keller des Bürgerhauses und ein Fußballturnier der Jugendlichen.\n\n"
            "Die Jury tagt jeden ersten Donnerstag im Monat öffentlich im Quartiersbüro.",
            "author": "Quartiersbüro Bruchfeld",
            "districts": ["bruchfeld"],
            "projects": ["bewohnerfonds-bruchfeld"],
            "programmes": ["bewohnerfonds-bruchfeld"],
            "organisations": ["quartiersmanagement-bruchfeld", "buergerverein-bruchfeld"],
        },
        {
            "slug": "erste-absolventinnen-teilzeit-mit-perspektive",
            "title": "Erste Absolventinnen von „Teilzeit mit Perspektive“",
            "days": 168,
            "teaser": "Zwölf Mütter und zwei Väter haben ihre Qualifizierung abgeschlossen; neun haben schon "
            "eine Stelle.",
            "body": "Im Familienzentrum Lindenhof gab es Zeugnisse, Kuchen und viel Applaus. Die meisten "
            "Teilnehmenden arbeiten jetzt in Pflege, Verwaltung und Einzelhandel, fast alle in Teilzeit.\n\n"
            "„Ohne die Kinderbetreuung während der Kurse hätte ich das nicht geschafft“, sagt eine "
            "Absolventin. Der nächste Kurs beginnt nach einem Infoabend im Familienzentrum.",
            "author": "Bildungswerk St. Josef",
            "districts": ["lindenhof", "bruchfeld"],
            "projects": ["teilzeit-mit-perspektive"],
            "programmes": ["biwaq-v"],
            "organisations": ["bildungswerk-st-josef", "stadt-jugend-familie"],
        },
        {
            "slug": "fest-der-nachbarschaft-rueckblick",
            "title": "Fest der Nachbarschaft: ein Nachmittag für alle",
            "days": 148,
            "teaser": "Zwanzig Vereine und Einrichtungen, Essen aus vierzehn Küchen und ein Kinderflohmarkt.",
            "body": "Der Bürgerverein zählte über sechshundert Gäste auf dem Schulhof. Besonders gefragt: "
            "der Stand der Werkzeugbibliothek, die mit Mitteln des Bewohnerfonds entstanden ist.",
            "author": "Bürgerverein Bruchfeld",
            "districts": ["bruchfeld"],
            "organisations": ["buergerverein-bruchfeld"],
        },
        {
            "slug": "leerstandsmanagement-bilanz",
            "title": "Leerstandsmanagement zieht Bilanz: 14 Ladenlokale wieder belebt",
            "days": 112,
            "teaser": "Zwischennutzungen, Pop-up-Läden und zwei neue Cafés: was aus den leeren Schaufenstern wurde.",
            "body": "Das Projekt ist abgeschlossen. In vierzehn vorher leeren Ladenlokalen gibt es heute "
            "wieder Geschäfte, Ateliers oder Beratungsangebote; fünf Zwischennutzungen wurden zu regulären "
            "Mietverhältnissen.\n\nDen ausführlichen Abschlussbericht gibt es im Innenstadt-Büro.",
            "author": "Innenstadt-Büro",
            "districts": ["innenstadt"],
            "projects": ["leerstandsmanagement-innenstadt"],
            "programmes": ["lebendige-zentren"],
            "organisations": ["ruhrbach-marketing", "werbegemeinschaft-innenstadt"],
        },
        {
            "slug": "kesselberg-wird-sanierungsgebiet",
            "title": "Kesselberg wird Sanierungsgebiet: was Eigentümer jetzt wissen sollten",
            "days": 76,
            "teaser": "Der Rat hat die Satzung beschlossen. Kostenlose Beratung gibt es bald im Stadtteilladen.",
            "body": "Mit der Sanierungssatzung können Eigentümerinnen und Eigentümer im Kesselberg "
            "Modernisierungen steuerlich begünstigt abschreiben und Zuschüsse beantragen.\n\n"
            "- Beratung zu Fassade, Dämmung und Heizung\n"
            "- Hilfe bei Anträgen\n"
            "- Sprechstunde mittwochs im Stadtteilladen, sobald das Programm startet",
            "author": "Amt für Stadtentwicklung und Stadtplanung",
            "districts": ["kesselberg"],
            "projects": ["sanierungsberatung-kesselberg", "zechenplatz-kesselberg"],
            "programmes": ["sozialer-zusammenhalt"],
            "organisations": ["stadt-stadtentwicklung", "werkstadt-ruhrbach"],
        },
        {
            "slug": "lokal-digital-dreissig-geschaefte-online",
            "title": "Lokal digital: 30 Geschäfte mit neuem Onlineauftritt",
            "days": 54,
            "teaser": "Vom Schuhgeschäft bis zur Änderungsschneiderei – und bald zu sehen an den Aktionstagen.",
            "body": "Seit Projektbeginn haben dreißig Geschäfte der Innenstadt mit Unterstützung von "
            "„Lokal digital“ einen Onlineshop, eine Terminbuchung oder ein Profil in den Kartendiensten "
            "eingerichtet. Zwei Teilnehmende aus dem BIWAQ-Projekt haben dabei eine feste Stelle gefunden.",
            "author": "Ruhrbach Marketing – City-Management",
            "districts": ["innenstadt"],
            "projects": ["lokal-digital-haendlernetzwerk"],
            "programmes": ["biwaq-v"],
            "organisations": ["ruhrbach-marketing", "werbegemeinschaft-innenstadt"],
        },
        {
            "slug": "bildungsbruecke-abschlussbericht",
            "title": "Bildungsbrücke Kita – Grundschule: der Abschlussbericht",
            "days": 41,
            "teaser": "Gemeinsame Elternabende und Schnuppertage haben den Übergang in die Schule leichter gemacht.",
            "body": "Der Bericht zeigt: Kinder, die an den Schnuppertagen teilgenommen haben, fanden sich in "
            "den ersten Wochen schneller zurecht. Kitas und Grundschulen wollen die Zusammenarbeit ohne "
            "Fördermittel fortsetzen.",
            "author": "Amt für Jugend, Familie und Soziales",
            "districts": ["bruchfeld", "lindenhof"],
            "projects": ["bildungsbruecke-bruchfeld"],
            "organisations": ["stadt-jugend-familie"],
        },
        {
            "slug": "zwischenbilanz-arbeit-vor-ort",
            "title": "Arbeit vor Ort: 70 Menschen haben Arbeit gefunden",
            "days": 17,
            "teaser": "Zur Halbzeit hat das BIWAQ-Projekt sein Ziel für die ganze Laufzeit schon übertroffen.",
            "body": "Seit dem Start haben 142 Menschen an „Arbeit vor Ort“ teilgenommen, siebzig von ihnen "
            "arbeiten heute sozialversicherungspflichtig oder machen eine Ausbildung. Projektleiter Mehmet "
            "Demir: „Entscheidend ist, dass wir auch nach der Arbeitsaufnahme ansprechbar bleiben.“\n\n"
            "Die Zwischenbilanz aller drei BIWAQ-Teilprojekte wird öffentlich im Rathaus vorgestellt.",
            "author": "Stabsstelle Arbeit, Wirtschaft und Quartiersentwicklung",
            "districts": ["huettenau", "bruchfeld"],
            "projects": ["arbeit-vor-ort"],
            "programmes": ["biwaq-v"],
            "organisations": ["stadt-stabsstelle-arbeit", "ev-werk-arbeit", "jobcenter-ruhrbach"],
            "images": [
                (
                    "werkstatt",
                    "Gezeichnete Fabrikhalle mit Sheddach und Schornstein.",
                    "Die Werkstätten in der Alten Drahtzieherei",
                )
            ],
        },
        {
            "slug": "ideen-fuer-das-gruene-band",
            "title": "Ideen für das Grüne Band gesucht",
            "days": 5,
            "teaser": "Ein Spaziergang vom Ruhrufer in die Innenstadt eröffnet die Beteiligung am neuen Grünzug.",
            "body": "Das Grüne Band soll Innenstadt und Ruhrufer mit einem durchgehenden Fuß- und Radweg "
            "verbinden. Bevor geplant wird, fragen wir, was Ihnen wichtig ist: Bänke, Licht, Spielorte, "
            "Toiletten?\n\nMehr dazu auf der Seite der [Werkstadt Ruhrbach](https://werkstadt-ruhrbach.example.org/).",
            "author": "Werkstadt Ruhrbach",
            "districts": ["ruhrwiesen", "innenstadt"],
            "projects": ["gruenes-band-ruhrwiesen"],
            "programmes": ["lebendige-zentren"],
            "organisations": ["werkstadt-ruhrbach", "stadt-stadtentwicklung"],
        },
        {
            # Waits for its "online from" (in three days, 8 o'clock).
            "slug": "hof-und-fassadenprogramm-neue-runde",
            "title": "Hof- und Fassadenprogramm: Anträge für die nächste Runde",
            "days": -3,
            "online_from": (3, "08:00"),
            "teaser": "Bis zu 40 Prozent Zuschuss für begrünte Höfe und erneuerte Fassaden im Bruchfeld.",
            "body": "Eigentümerinnen und Eigentümer im Bruchfeld können wieder Zuschüsse beantragen. Wie das "
            "geht, erklärt das Quartiersbüro an einem Infoabend im Bürgerhaus.",
            "author": "Quartiersbüro Bruchfeld",
            "districts": ["bruchfeld"],
            "projects": ["hof-und-fassadenprogramm-bruchfeld"],
            "programmes": ["sozialer-zusammenhalt"],
            "organisations": ["quartiersmanagement-bruchfeld", "wohnungsgesellschaft-ruhrbach"],
        },
        {
            "slug": "rueckblick-tag-der-offenen-werkstaetten",
            "title": "Rückblick: Tag der offenen Werkstätten",
            "days": 0,
            "published": False,
            "teaser": "Entwurf – wird nach dem Tag der offenen Werkstätten ergänzt.",
            "body": "Hier folgen Bilder und Zahlen.",
            "author": "Evangelisches Werk für Arbeit und Qualifizierung",
            "districts": ["huettenau"],
            "projects": ["arbeit-vor-ort"],
            "organisations": ["ev-werk-arbeit"],
        },
    ]

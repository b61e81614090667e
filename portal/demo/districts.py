"""The districts of Ruhrbach and the offices where residents find someone to talk to."""

from portal.demo import geometry
from portal.demo.base import german_month, month_end, month_start, set_m2m, upsert
from quartier.models import District, Office

CITY = "Ruhrbach"


def district_rows(today):
    altenbruch_end = month_end(today, -26)
    return [
        {
            "slug": "innenstadt",
            "name": "Innenstadt",
            "kind": District.Kind.INNENSTADT,
            "boundary": geometry.centre(),
            "summary": "Rund um Marktplatz und Bahnhofstraße: Einkaufen, Verwaltung, Kultur – und eine "
            "Innenstadt, die sich gerade neu erfindet.",
            "description": "Die Ruhrbacher Innenstadt reicht vom Bahnhof bis zum Alten Markt. Leerstehende "
            "Ladenlokale, wenig Grün und ein in die Jahre gekommener Marktplatz waren der Anlass für das "
            "integrierte Stadtentwicklungskonzept (ISEK Innenstadt).\n\nSeit dem Programmstart kümmert sich das "
            "Innenstadt-Büro um Händlerinnen, Eigentümer und Anwohnende. Ein Verfügungsfonds unterstützt kleine "
            "Aktionen, die die Innenstadt beleben.",
            "programme_name": "Städtebauförderung – Lebendige Zentren (ISEK Innenstadt)",
            "programme_start": month_start(today, -62),
            "programme_end": month_end(today, 14),
            "scene": "markt",
            "image_alt": "Gezeichnete Ansicht eines Marktplatzes mit gestreiften Marktständen vor einer Häuserzeile.",
            "image_credit": "Illustration: Stadt Ruhrbach / J. Beispiel",
        },
        {
            "slug": "bruchfeld",
            "name": "Bruchfeld",
            "kind": District.Kind.PROGRAMMGEBIET,
            "boundary": geometry.sector(1, 0),
            "summary": "Das dichteste Wohnviertel der Stadt – seit einigen Jahren Programmgebiet "
            "„Sozialer Zusammenhalt“ mit eigenem Quartiersbüro.",
            "description": "Im Bruchfeld wohnen Familien aus über vierzig Herkunftsländern, viele davon in den "
            "Mehrfamilienhäusern der sechziger Jahre. Das Integrierte Handlungskonzept setzt auf bessere "
            "Spiel- und Aufenthaltsflächen, Bildung im Stadtteil und Wege in Arbeit.\n\nDas Quartiersbüro an der "
            "Koloniestraße ist erste Anlaufstelle und vergibt die Mittel aus dem Bewohnerfonds.",
            "programme_name": "Städtebauförderung – Sozialer Zusammenhalt",
            "programme_start": month_start(today, -40),
            "programme_end": month_end(today, 56),
            "scene": "stadt",
            "image_alt": "Gezeichnete Ansicht: Mehrfamilienhäuser mit bunten Fenstern, dahinter ein Fördergerüst.",
            "image_credit": "Illustration: Stadt Ruhrbach / J. Beispiel",
        },
        {
            "slug": "lindenhof",
            "name": "Lindenhof",
            "kind": District.Kind.STADTQUARTIER,
            "boundary": geometry.sector(1, 3),
            "summary": "Ruhiges Wohnquartier mit Familienzentrum, zwei Grundschulen und dem Lindenpark.",
            "description": "Der Lindenhof ist ein gewachsenes Quartier mit Reihenhäusern und kleinen "
            "Genossenschaftsbauten. Das Familienzentrum an der Lindenallee bündelt Beratung, Sprachkurse "
            "und Elterncafés; hier halten auch Partner des Netzwerks ihre Sprechstunden ab.",
        },
        {
            "slug": "kesselberg",
            "name": "Kesselberg",
            "kind": District.Kind.SANIERUNGSGEBIET,
            "boundary": geometry.sector(1, 6),
            "summary": "Die ehemalige Zechensiedlung wird Sanierungsgebiet: Eigentümerberatung und ein "
            "neuer Zechenplatz sind in Vorbereitung.",
            "description": "Nach den vorbereitenden Untersuchungen hat der Rat die Sanierungssatzung für den "
            "Kesselberg beschlossen. Eigentümerinnen und Eigentümer können sich bald kostenlos zu Fassaden, "
            "Dämmung und steuerlichen Vorteilen beraten lassen.",
            "programme_name": "Städtebauförderung – Sanierungsgebiet Kesselberg",
            "programme_start": month_start(today, 4),
            "programme_end": month_end(today, 100),
        },
        {
            "slug": "ostfeld",
            "name": "Ostfeld",
            "kind": District.Kind.SOZIALRAUM,
            "boundary": geometry.sector(1, 9),
            "summary": "Sozialraum zwischen Hellweg und Bahntrasse, in dem Jugendhilfe und Schulen eng "
            "zusammenarbeiten.",
            "description": "Das Ostfeld ist einer von sieben Sozialräumen, nach denen die Stadt ihre Jugend- "
            "und Sozialplanung ordnet. Eine Sozialraumkonferenz bringt Schulen, Kitas, Träger und Verwaltung "
            "viermal im Jahr an einen Tisch.",
        },
        {
            "slug": "altenbruch",
            "name": "Altenbruch",
            "kind": District.Kind.PROGRAMMGEBIET,
            "boundary": geometry.sector(2, 1),
            "summary": "Ehemaliges Programmgebiet im Norden der Stadt; die Seite bleibt als Archiv online.",
            "description": "Zehn Jahre lang wurde Altenbruch mit Mitteln der Sozialen Stadt erneuert: ein "
            "neuer Stadtteilpark, ein Bürgerhaus und viele Beschäftigungsprojekte. Das Quartiersbüro ist "
            "geschlossen; die Angebote haben Vereine und Träger vor Ort übernommen.",
            "programme_name": "Städtebauförderung – Soziale Stadt",
            "programme_start": month_start(today, -146),
            "programme_end": altenbruch_end,
            "archived": True,
            "archive_note": f"Das Programm endete im {german_month(altenbruch_end)}; "
            "diese Seite wird nicht mehr aktualisiert.",
        },
        {
            "slug": "huettenau",
            "name": "Hüttenau",
            "kind": District.Kind.STADTTEIL,
            "boundary": geometry.sector(2, 4),
            "summary": "Stadtteil im Westen, geprägt von der alten Drahtzieherei, in der heute Beratung und "
            "Werkstätten unter einem Dach sind.",
            "description": "Wo bis in die neunziger Jahre Draht gezogen wurde, arbeiten heute eine "
            "Beratungsstelle, Qualifizierungswerkstätten und ein Café. Die Hüttenau ist damit ein Ort, an dem "
            "sich zeigt, wie Strukturwandel im Ruhrgebiet gelingen kann.",
            "scene": "werkstatt",
            "image_alt": "Gezeichnete Ansicht einer Fabrikhalle mit Sheddach und hohem Schornstein.",
            "image_credit": "Illustration: Stadt Ruhrbach / J. Beispiel",
        },
        {
            "slug": "ruhrwiesen",
            "name": "Ruhrwiesen",
            "kind": District.Kind.STADTTEIL,
            "boundary": geometry.sector(2, 7),
            "summary": "Grüner Stadtteil an der Ruhr mit Kleingärten, Radweg und Freibad.",
            "description": "Die Ruhrwiesen verbinden Wohnen am Fluss mit viel Grün. Der Stadtteil ist "
            "Ausgangspunkt des geplanten „Grünen Bandes“, das Innenstadt und Ruhrufer verbinden soll.",
            "scene": "fluss",
            "image_alt": "Gezeichnete Flusslandschaft mit Bäumen am Ufer und Hügeln im Abendlicht.",
            "image_credit": "Illustration: Stadt Ruhrbach / J. Beispiel",
        },
        {
            "slug": "hafenquartier",
            "name": "Hafenquartier",
            "kind": District.Kind.STADTQUARTIER,
            "boundary": geometry.sector(2, 10),
            "summary": "Entwurf: Das Gebiet am alten Kanalhafen wird als mögliches neues Programmgebiet geprüft.",
            "description": "Diese Seite ist ein Entwurf und noch nicht veröffentlicht.",
            "published": False,
        },
    ]


def office_rows():
    return [
        {
            "district": "innenstadt",
            "name": "Innenstadt-Büro",
            "kind": Office.Kind.INNENSTADTBUERO,
            "street": "Bahnhofstraße 21",
            "postcode": "44990",
            "opening_hours": "Mo, Mi 10–13 Uhr\nDo 14–18 Uhr\nund nach Vereinbarung",
            "phone": "02399 4711-300",
            "email": "innenstadtbuero@example.org",
            "accessibility": "Stufenloser Eingang, barrierefreies WC im Nachbarhaus (Stadtbibliothek).",
            "contacts": ["aylin.muster@example.org"],
        },
        {
            "district": "bruchfeld",
            "name": "Quartiersbüro Bruchfeld",
            "kind": Office.Kind.QUARTIERSBUERO,
            "street": "Koloniestraße 8",
            "postcode": "44992",
            "opening_hours": "Di 9–12 Uhr\nDo 15–18 Uhr\nFr 10–12 Uhr (Bewohnerfonds-Sprechstunde)",
            "phone": "02399 4711-410",
            "email": "quartiersbuero-bruchfeld@example.org",
            "accessibility": "Eingang mit Rampe; Beratung auf Wunsch auch auf Türkisch und Arabisch.",
            "contacts": ["jonas.exempel@example.org"],
        },
        {
            "district": "huettenau",
            "name": "Beratungsbüro in der Alten Drahtzieherei",
            "kind": Office.Kind.BERATUNG,
            "street": "Hüttenstraße 40, Halle 2",
            "postcode": "44995",
            "opening_hours": "Mo–Do 9–15 Uhr\nOffene Sprechstunde Mi 13–16 Uhr",
            "phone": "02399 4711-520",
            "email": "beratung-huettenau@example.org",
            "accessibility": "Aufzug im Hallenteil, barrierefreies WC vorhanden.",
            "contacts": ["mehmet.demir@example.org", "piotr.nowak@example.org"],
        },
        {
            "district": "lindenhof",
            "name": "Familienzentrum Lindenhof",
            "kind": Office.Kind.FAMILIENZENTRUM,
            "street": "Lindenallee 3",
            "postcode": "44993",
            "opening_hours": "Elterncafé Mo 9–11 Uhr\nSprechstunde Jobcoaching Di 10–12 Uhr\n"
            "Sprechstunde Erziehungsberatung Do 14–16 Uhr",
            "phone": "02399 4711-610",
            "email": "familienzentrum-lindenhof@example.org",
            "accessibility": "Ebenerdig, Wickelraum und Spielecke.",
            "contacts": ["fatma.yildiz@example.org", "lena.hoffmann@example.org"],
        },
        {
            "district": "kesselberg",
            "name": "Stadtteilladen Kesselberg",
            "kind": Office.Kind.ANLAUFSTELLE,
            "street": "Am Zechenplatz 2",
            "postcode": "44994",
            "opening_hours": "Ab Programmstart: Mi 15–18 Uhr (Sanierungsberatung)",
            "phone": "02399 4711-710",
            "email": "kesselberg@example.org",
            "accessibility": "Eine Stufe am Eingang, mobile Rampe auf Nachfrage.",
            "contacts": ["thomas.wagner@example.org"],
        },
    ]


def districts_load(*, today):
    """Create or update the districts; returns them by slug (with their picture scene)."""
    districts, scenes = {}, {}
    for row in district_rows(today):
        row = dict(row)
        slug = row.pop("slug")
        scenes[slug] = row.pop("scene", None)
        values = {"programme_name": "", "programme_start": None, "programme_end": None}
        values.update({"archived": False, "archive_note": ""})
        values.update({"published": True, "image_alt": "", "image_credit": ""})
        values.update(row)
        districts[slug], _ = upsert(District, {"slug": slug}, values)
    return districts, scenes


def offices_load(*, districts, contacts):
    offices = []
    for row in office_rows():
        row = dict(row)
        district = districts[row.pop("district")]
        people = [contacts[email] for email in row.pop("contacts")]
        office, _ = upsert(
            Office, {"district": district, "name": row.pop("name")}, {"city": CITY, "published": True, **row}
        )
        set_m2m(office.contacts, people)
        offices.append(office)
    return offices

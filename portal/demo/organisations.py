"""The partner organisations of the Ruhrbach working group and the people to contact.

All organisations and people are invented; addresses end in example.org."""

from partners.models import ContactPerson, Organisation, OrganisationKind
from portal.demo.base import days_ago, month_start, set_m2m, upsert

K = OrganisationKind
CITY = "Ruhrbach"

# fmt: off
# slug, name, short name, kind, member since (months ago) or None, districts, description
ORGANISATIONS = [
    ("stadt-stadtentwicklung", "Stadt Ruhrbach – Amt für Stadtentwicklung und Stadtplanung", "Stadtplanung",
     K.STADTVERWALTUNG, 118, ["innenstadt", "bruchfeld", "kesselberg", "altenbruch"],
     "Das Amt steuert die Städtebauförderung in Ruhrbach: von den integrierten Handlungskonzepten über die "
     "Förderanträge bis zur Abrechnung der Projekte."),
    ("stadt-stabsstelle-arbeit", "Stadt Ruhrbach – Stabsstelle Arbeit, Wirtschaft und Quartiersentwicklung",
     "Stabsstelle", K.STADTVERWALTUNG, 118, ["innenstadt", "bruchfeld", "huettenau"],
     "Die Stabsstelle im Dezernat 1 koordiniert die Arbeitsgemeinschaft Integrierte Quartiersentwicklung und "
     "ist Antragstellerin der BIWAQ-Vorhaben der Stadt."),
    ("stadt-jugend-familie", "Stadt Ruhrbach – Amt für Jugend, Familie und Soziales", "Jugendamt",
     K.STADTVERWALTUNG, 104, ["lindenhof", "ostfeld", "bruchfeld"],
     "Das Amt plant Angebote für Kinder, Jugendliche und Familien nach Sozialräumen und betreibt gemeinsam mit "
     "freien Trägern die Familienzentren."),
    ("ev-werk-arbeit", "Evangelisches Werk für Arbeit und Qualifizierung Ruhrbach gGmbH", "EWAQ",
     K.BESCHAEFTIGUNG, 110, ["huettenau", "bruchfeld"],
     "Die Beschäftigungs- und Qualifizierungsgesellschaft des evangelischen Kirchenkreises betreibt "
     "Werkstätten in der Alten Drahtzieherei und begleitet langzeitarbeitslose Menschen in Arbeit."),
    ("katholischer-sozialdienst", "Katholischer Sozialdienst Ruhrbach e. V.", "KSD", K.WOHLFAHRTSVERBAND, 96,
     ["bruchfeld", "ostfeld"],
     "Der Verband berät Familien, Geflüchtete und Menschen in Schuldenkrisen und betreibt zwei Begegnungscafés."),
    ("hilfsdienst-ruhrbach", "Ruhrbacher Hilfsdienst e. V.", "RHD", K.WOHLFAHRTSVERBAND, 60,
     ["ruhrwiesen", "lindenhof"],
     "Erste-Hilfe-Kurse, Seniorentreffs, ein Kleiderladen und ehrenamtliche Besuchsdienste: der Hilfsdienst ist "
     "vor allem im Süden der Stadt aktiv."),
    ("sozialwerk-ruhrbach", "Solidarisches Sozialwerk Ruhrbach e. V.", "SSW", K.WOHLFAHRTSVERBAND, 84,
     ["ostfeld", "kesselberg"],
     "Das Sozialwerk betreibt Kitas, einen Jugendtreff im Ostfeld und eine Migrationsberatung."),
    ("vhs-ruhrbach", "Volkshochschule Ruhrbach · Bergfeld · Lindtal", "VHS", K.BILDUNGSTRAEGER, 112,
     ["innenstadt", "lindenhof"],
     "Die Volkshochschule der drei Nachbarstädte bietet Sprach- und Integrationskurse, Grundbildung und "
     "Kurse direkt in den Quartieren an."),
    ("beschaeftigung-ruhrbach", "Ruhrbacher Beschäftigungsgesellschaft mbH", "RBG", K.BESCHAEFTIGUNG, 100,
     ["huettenau", "altenbruch"],
     "Die städtische Beschäftigungsgesellschaft schafft geförderte Arbeitsplätze in Grünpflege, Stadtteilservice "
     "und Gastronomie."),
    ("bildungswerk-st-josef", "Bildungswerk St. Josef Ruhrbach gGmbH", "Bildungswerk", K.BILDUNGSTRAEGER, 70,
     ["lindenhof", "bruchfeld"],
     "Der katholische Bildungsträger qualifiziert Erwachsene in Teilzeit – mit Kinderbetreuung während der Kurse."),
    ("quartiersmanagement-bruchfeld", "Quartiersmanagement Bruchfeld", "QM Bruchfeld", K.QUARTIERSMANAGEMENT, 38,
     ["bruchfeld"],
     "Das Team im Quartiersbüro vernetzt Bewohnerschaft, Vereine und Einrichtungen und begleitet die Projekte des "
     "Integrierten Handlungskonzepts."),
    ("ruhrbach-marketing", "Ruhrbach Marketing GmbH – City-Management", "City-Management", K.STADTMARKETING, 58,
     ["innenstadt"],
     "Die Stadtmarketinggesellschaft betreibt gemeinsam mit der Stadt das Innenstadt-Büro, organisiert Märkte "
     "und berät Händlerinnen und Händler."),
    ("werkstadt-ruhrbach", "Werkstadt Ruhrbach gGmbH", "Werkstadt", K.SONSTIGE, 30, ["kesselberg", "ruhrwiesen"],
     "Die gemeinnützige Projektgesellschaft entwickelt Beteiligungs- und Beratungsprojekte für Stadtteile im "
     "Wandel."),
    ("wohnungsgesellschaft-ruhrbach", "Gemeinnützige Wohnungsgesellschaft Ruhrbach mbH", "GWR",
     K.WOHNUNGSWIRTSCHAFT, None, ["bruchfeld", "kesselberg"],
     "Größte Vermieterin im Bruchfeld; beteiligt sich an der Gestaltung der Innenhöfe."),
    ("jobcenter-ruhrbach", "Jobcenter Ruhrbach", "Jobcenter", K.ARBEITSVERWALTUNG, None,
     ["innenstadt", "bruchfeld", "huettenau"],
     "Das Jobcenter weist Teilnehmende in die BIWAQ-Projekte zu und stimmt die Förderung mit ihnen ab."),
    ("buergerverein-bruchfeld", "Bürgerverein Bruchfeld e. V.", "", K.VEREIN, None, ["bruchfeld"],
     "Der Verein organisiert das Stadtteilfest, Aufräumaktionen und stellt Mitglieder für die Bewohnerjury."),
    ("werbegemeinschaft-innenstadt", "Werbegemeinschaft Innenstadt Ruhrbach e. V.", "", K.VEREIN, None,
     ["innenstadt"],
     "Zusammenschluss von rund sechzig Geschäften, Praxen und Gastronomiebetrieben der Innenstadt."),
]

# e-mail, name, role, organisation, unit, phone, office hours, consent, checked (days ago), districts
CONTACTS = [
    ("miriam.beispiel@example.org", "Dr. Miriam Beispiel", "Koordination der Arbeitsgemeinschaft",
     "stadt-stabsstelle-arbeit",
     "Dez. 1 / Stabsstelle Arbeit, Wirtschaft, Technologietransfer und Quartiersentwicklung",
     "02399 4711-101", "Mo–Do 9–12 Uhr und nach Vereinbarung", True, 35, ["innenstadt", "bruchfeld"]),
    ("katrin.probst@example.org", "Katrin Probst", "Sachgebiet Städtebauförderung", "stadt-stadtentwicklung",
     "Dez. 3 / Amt für Stadtentwicklung und Stadtplanung, Abteilung Stadterneuerung", "02399 4711-230",
     "Di und Do 8.30–12 Uhr", True, 60, ["innenstadt", "kesselberg"]),
    ("aylin.muster@example.org", "Aylin Muster", "Innenstadtmanagerin", "ruhrbach-marketing",
     "City-Management im Innenstadt-Büro", "02399 4711-300", "Mo, Mi 10–13 Uhr, Do 14–18 Uhr", True, 20,
     ["innenstadt"]),
    ("jonas.exempel@example.org", "Jonas Exempel", "Quartiersmanager", "quartiersmanagement-bruchfeld",
     "Quartiersbüro Bruchfeld", "02399 4711-410", "Di 9–12 Uhr, Do 15–18 Uhr", True, 14, ["bruchfeld"]),
    ("mehmet.demir@example.org", "Mehmet Demir", "Projektleitung BIWAQ „Arbeit vor Ort“", "ev-werk-arbeit",
     "Bereich Qualifizierung und Beschäftigung", "02399 4711-520", "Mo–Do 9–15 Uhr", True, 45,
     ["huettenau", "bruchfeld"]),
    ("piotr.nowak@example.org", "Piotr Nowak", "Jobcoach", "beschaeftigung-ruhrbach", "Team Stadtteilservice",
     "02399 4711-525", "Mi 13–16 Uhr (offene Sprechstunde)", True, 90, ["huettenau"]),
    ("fatma.yildiz@example.org", "Fatma Yıldız", "Leitung Familienzentrum", "stadt-jugend-familie",
     "Dez. 2 / Amt für Jugend, Familie und Soziales, Familienzentren", "02399 4711-610",
     "Mo 9–11 Uhr (Elterncafé) und nach Vereinbarung", True, 28, ["lindenhof"]),
    ("lena.hoffmann@example.org", "Lena Hoffmann", "Bildungsberatung", "bildungswerk-st-josef",
     "Fachbereich Teilzeitqualifizierung", "02399 4711-640", "Di 10–12 Uhr im Familienzentrum Lindenhof", True,
     120, ["lindenhof", "bruchfeld"]),
    ("thomas.wagner@example.org", "Thomas Wagner", "Sanierungsberatung", "werkstadt-ruhrbach",
     "Projektteam Kesselberg", "02399 4711-710", "Ab Programmstart Mi 15–18 Uhr im Stadtteilladen", True, 10,
     ["kesselberg"]),
    ("sabine.lorenz@example.org", "Sabine Lorenz", "Integrationskurse", "vhs-ruhrbach",
     "Programmbereich Sprachen und Integration", "02399 4711-150", "Mo–Fr 9–12 Uhr", True, 150, ["innenstadt"]),
    ("ursula.brandt@example.org", "Ursula Brandt", "Migrationsberatung", "sozialwerk-ruhrbach",
     "Fachdienst Migration", "02399 4711-820", "Do 9–12 Uhr", False, 200, ["ostfeld"]),
    ("kai.albers@example.org", "Kai Albers", "Seniorenarbeit", "hilfsdienst-ruhrbach", "Kreisgeschäftsstelle",
     "02399 4711-910", "", False, 400, ["ruhrwiesen"]),
]


# fmt: on

STREETS = {
    "stadt-stadtentwicklung": ("Rathausplatz 1", "44990"),
    "stadt-stabsstelle-arbeit": ("Rathausplatz 1", "44990"),
    "stadt-jugend-familie": ("Ruhrstraße 12", "44990"),
    "ev-werk-arbeit": ("Hüttenstraße 40", "44995"),
    "katholischer-sozialdienst": ("Kirchplatz 4", "44992"),
    "hilfsdienst-ruhrbach": ("Am Freibad 7", "44997"),
    "sozialwerk-ruhrbach": ("Hellweg 118", "44991"),
    "vhs-ruhrbach": ("Schulstraße 9", "44990"),
    "beschaeftigung-ruhrbach": ("Hüttenstraße 44", "44995"),
    "bildungswerk-st-josef": ("Lindenallee 27", "44993"),
    "quartiersmanagement-bruchfeld": ("Koloniestraße 8", "44992"),
    "ruhrbach-marketing": ("Bahnhofstraße 21", "44990"),
    "werkstadt-ruhrbach": ("Am Zechenplatz 2", "44994"),
    "wohnungsgesellschaft-ruhrbach": ("Bergmannsweg 30", "44992"),
    "jobcenter-ruhrbach": ("Bahnhofstraße 60", "44990"),
    "buergerverein-bruchfeld": ("Koloniestraße 15", "44992"),
    "werbegemeinschaft-innenstadt": ("Alter Markt 3", "44990"),
}


def organisations_load(*, today, districts):
    organisations = {}
    for slug, name, short, kind, member_months, district_slugs, description in ORGANISATIONS:
        values = {
            "name": name,
            "short_name": short,
            "kind": kind,
            "description": description,
            "website": f"https://{slug}.example.org/",
            "email": f"kontakt@{slug}.example.org",
            "phone": f"02399 {4700 + len(organisations) * 3}-0",
            "street": STREETS[slug][0],
            "postcode": STREETS[slug][1],
            "city": CITY,
            "is_member": member_months is not None,
            "member_since": month_start(today, -member_months) if member_months is not None else None,
            "published": True,
        }
        organisation, _ = upsert(Organisation, {"slug": slug}, values)
        set_m2m(organisation.districts, [districts[d] for d in district_slugs])
        organisations[slug] = organisation
    return organisations


def contacts_load(*, today, organisations, districts):
    contacts = {}
    for email, name, role, org, unit, phone, hours, consent, checked, district_slugs in CONTACTS:
        organisation = organisations[org]
        values = {
            "name": name,
            "role": role,
            "organisation": organisation,
            "unit": unit,
            "phone": phone,
            "address": f"{organisation.street}, {organisation.postcode} {CITY}".lstrip(", "),
            "office_hours": hours,
            "publication_consent": consent,
            "last_checked": days_ago(today, checked),
        }
        contacts[email], _ = upsert(ContactPerson, {"email": email}, values)
        set_m2m(contacts[email].districts, [districts[d] for d in district_slugs])
    return contacts

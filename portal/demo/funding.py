"""Who pays: the real funders and programmes of the field, with periods relative to today,
and the vocabularies projects are filed under (fields of action, target groups)."""

from funding.models import Funder, FundingProgramme
from portal.demo.base import month_end, month_start, set_m2m, upsert
from projects.models import FieldOfAction, TargetGroup

FUNDERS = [
    {
        "slug": "eu-esf-plus",
        "name": "Europäische Union – Europäischer Sozialfonds Plus (ESF Plus)",
        "short_name": "ESF Plus",
        "level": Funder.Level.EU,
        "website": "https://www.esf.de/",
        "emblem_note": "Geförderte Projekte zeigen das EU-Emblem mit dem Hinweis „Kofinanziert von der "
        "Europäischen Union“.",
    },
    {
        "slug": "bmwsb",
        "name": "Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen",
        "short_name": "BMWSB",
        "level": Funder.Level.BUND,
        "website": "https://www.bmwsb.bund.de/",
        "emblem_note": "Das Logo des Ministeriums und der Städtebauförderung wird auf Bauschildern und "
        "Veröffentlichungen gezeigt.",
    },
    {
        "slug": "land-nrw",
        "name": "Land Nordrhein-Westfalen – Ministerium für Heimat, Kommunales, Bau und Digitalisierung",
        "short_name": "Land NRW",
        "level": Funder.Level.LAND,
        "website": "",
        "emblem_note": "",
    },
    {
        "slug": "stadt-ruhrbach",
        "name": "Stadt Ruhrbach",
        "short_name": "Stadt Ruhrbach",
        "level": Funder.Level.STADT,
        "website": "https://stadt-ruhrbach.example.org/",
        "emblem_note": "",
    },
]

FIELDS_OF_ACTION = [
    ("I", "Wohnen und Wohnumfeld", "hs-i-wohnen"),
    ("II", "Bildung, Familie und Soziales", "hs-ii-bildung-soziales"),
    ("III", "Lokale Ökonomie und Innenstadt", "hs-iii-lokale-oekonomie"),
    ("IV", "Öffentlicher Raum, Grün und Klima", "hs-iv-oeffentlicher-raum"),
    ("V", "Quartiersmanagement, Beteiligung und Öffentlichkeitsarbeit", "hs-v-quartiersmanagement"),
    ("BIWAQ 1", "Integration in nachhaltige Beschäftigung", "biwaq-beschaeftigung"),
    ("BIWAQ 2", "Stärkung der lokalen Ökonomie", "biwaq-lokale-oekonomie"),
]

TARGET_GROUPS = [
    ("Langzeitarbeitslose Menschen über 27 Jahre", "langzeitarbeitslose"),
    ("Alleinerziehende", "alleinerziehende"),
    ("Neuzugewanderte", "neuzugewanderte"),
    ("Kleine und mittlere Unternehmen", "kmu"),
    ("Händlerinnen und Händler der Innenstadt", "handel"),
    ("Eigentümerinnen und Eigentümer", "eigentuemer"),
    ("Familien mit Kindern", "familien"),
    ("Jugendliche", "jugendliche"),
    ("Bewohnerinnen und Bewohner", "bewohnerschaft"),
    ("Vereine und Initiativen", "vereine"),
]


def programme_rows(today):
    fund_rules = (
        "Bewohnerinnen, Bewohner, Vereine und Initiativen können Geld für eigene "
        "Aktionen beantragen, die das Zusammenleben im Quartier stärken: ein Hoffest, eine Pflanzaktion, "
        "ein Nachbarschaftsfrühstück.\n\nJe Aktion gibt es höchstens 1.500 Euro. Im Jahr stehen "
        "je Gebiet 10.000 Euro zur Verfügung. Über die Anträge entscheidet eine Bewohnerjury, die sich "
        "jeden zweiten Monat trifft. Kommerzielle und parteipolitische Vorhaben sind ausgeschlossen; die "
        "Aktion muss öffentlich zugänglich sein."
    )
    return [
        {
            "slug": "biwaq-v",
            "name": "BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier (Förderrunde V)",
            "short_name": "BIWAQ V",
            "kind": FundingProgramme.Kind.BIWAQ,
            "funders": ["eu-esf-plus", "bmwsb"],
            "summary": "Bundesprogramm aus dem ESF Plus: Wege in Arbeit für Menschen in benachteiligten "
            "Quartieren und Unterstützung für die lokale Wirtschaft.",
            "description": "BIWAQ ist das Partnerprogramm der Städtebauförderung „Sozialer Zusammenhalt“. Es "
            "wird aus dem Europäischen Sozialfonds Plus und vom Bundesbauministerium finanziert.\n\n"
            "Das Programm hat zwei Handlungsfelder: erstens die Integration in nachhaltige Beschäftigung, vor "
            "allem für "
            "langzeitarbeitslose Menschen über 27 Jahre, Alleinerziehende und Neuzugewanderte. Zweitens die "
            "Stärkung der lokalen Ökonomie: kleine und mittlere Betriebe, digitale Vernetzung, gemeinsames "
            "Marketing.\n\nAntragstellerin ist die Stadt; Wohlfahrtsverbände und Bildungsträger setzen "
            "Teilprojekte um.",
            "period_start": month_start(today, -26),
            "period_end": month_end(today, 7),
            "guideline_reference": "Förderrichtlinie BIWAQ V (ESF Plus 2021–2027)",
            "website": "https://www.biwaq.de/",
        },
        {
            "slug": "biwaq-iv",
            "name": "BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier (Förderrunde IV)",
            "short_name": "BIWAQ IV",
            "kind": FundingProgramme.Kind.BIWAQ,
            "funders": ["eu-esf-plus", "bmwsb"],
            "summary": "Die vorige Förderrunde von BIWAQ; in Ruhrbach wurde daraus ein Projekt in Altenbruch "
            "finanziert.",
            "description": "Die vierte Förderrunde lief in der ESF-Förderperiode 2014–2020 und ist abgeschlossen.",
            "period_start": month_start(today, -92),
            "period_end": month_end(today, -39),
            "guideline_reference": "Förderrichtlinie BIWAQ IV (ESF 2014–2020)",
            "website": "https://www.biwaq.de/",
        },
        {
            "slug": "sozialer-zusammenhalt",
            "name": "Städtebauförderung – Sozialer Zusammenhalt",
            "short_name": "Sozialer Zusammenhalt",
            "kind": FundingProgramme.Kind.STAEDTEBAU,
            "funders": ["bmwsb", "land-nrw", "stadt-ruhrbach"],
            "summary": "Das Programm von Bund und Land für Stadtteile mit besonderem Entwicklungsbedarf – "
            "Nachfolger der „Sozialen Stadt“.",
            "description": "Bund, Land und Stadt tragen die Kosten gemeinsam; die Stadt bringt in der Regel "
            "einen Eigenanteil von zehn bis zwanzig Prozent auf. Grundlage ist ein integriertes "
            "Handlungskonzept, das die Projekte nach Handlungsschwerpunkten nummeriert.",
            "period_start": month_start(today, -70),
            "period_end": None,
            "guideline_reference": "Förderrichtlinien Stadterneuerung NRW",
            "website": "https://www.staedtebaufoerderung.info/",
        },
        {
            "slug": "lebendige-zentren",
            "name": "Städtebauförderung – Lebendige Zentren",
            "short_name": "Lebendige Zentren",
            "kind": FundingProgramme.Kind.STAEDTEBAU,
            "funders": ["bmwsb", "land-nrw", "stadt-ruhrbach"],
            "summary": "Bund und Land fördern die Erneuerung von Innenstädten und Ortskernen; in Ruhrbach "
            "auf Grundlage des ISEK Innenstadt.",
            "description": "Gefördert werden unter anderem Quartiersmanagement und Innenstadt-Büros, "
            "Verfügungsfonds, die Aufwertung öffentlicher Räume und Leerstandsmanagement.",
            "period_start": month_start(today, -70),
            "period_end": None,
            "guideline_reference": "Förderrichtlinien Stadterneuerung NRW",
            "website": "https://www.staedtebaufoerderung.info/",
        },
        {
            "slug": "verfuegungsfonds-innenstadt",
            "name": "Verfügungsfonds Innenstadt",
            "short_name": "Verfügungsfonds Innenstadt",
            "kind": FundingProgramme.Kind.RESIDENTS_FUND,
            "funders": ["bmwsb", "land-nrw", "stadt-ruhrbach"],
            "summary": "Bis zu 1.500 Euro für Aktionen, die die Innenstadt beleben – über die Vergabe "
            "entscheidet eine Jury aus Anwohnenden und Geschäftsleuten.",
            "description": fund_rules,
            "period_start": month_start(today, -48),
            "period_end": month_end(today, 14),
            "guideline_reference": "Richtlinie Verfügungsfonds Innenstadt Ruhrbach",
            "website": "",
        },
        {
            "slug": "bewohnerfonds-bruchfeld",
            "name": "Bewohnerfonds Bruchfeld",
            "short_name": "Bewohnerfonds Bruchfeld",
            "kind": FundingProgramme.Kind.RESIDENTS_FUND,
            "funders": ["bmwsb", "land-nrw", "stadt-ruhrbach"],
            "summary": "Kleine Beträge für große Wirkung: bis zu 1.500 Euro je Aktion, vergeben von der "
            "Bewohnerjury im Bruchfeld.",
            "description": fund_rules,
            "period_start": month_start(today, -34),
            "period_end": month_end(today, 56),
            "guideline_reference": "Richtlinie Bewohnerfonds Bruchfeld",
            "website": "",
        },
    ]


def funding_load(*, today):
    """Funders, programmes, fields of action and target groups, each by slug."""
    funders = {}
    for row in FUNDERS:
        values = {key: value for key, value in row.items() if key != "slug"}
        funders[row["slug"]], _ = upsert(Funder, {"slug": row["slug"]}, values)
    programmes = {}
    for row in programme_rows(today):
        row = dict(row)
        slug, funder_slugs = row.pop("slug"), row.pop("funders")
        programme, _ = upsert(FundingProgramme, {"slug": slug}, {"published": True, **row})
        set_m2m(programme.funders, [funders[s] for s in funder_slugs])
        programmes[slug] = programme
    fields = {
        slug: upsert(FieldOfAction, {"slug": slug}, {"code": code, "name": name})[0]
        for code, name, slug in FIELDS_OF_ACTION
    }
    groups = {slug: upsert(TargetGroup, {"slug": slug}, {"name": name})[0] for name, slug in TARGET_GROUPS}
    return funders, programmes, fields, groups

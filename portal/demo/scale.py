"""A big network on top of the Ruhrbach demo, for benchmarks and tests at scale
(``manage.py seed_scale --projects 10000``).

For ``projects`` generated projects it adds, in proportion, organisations (1 per 10
projects), contact persons (1 per 5), districts with boundaries (41 per 10,000, so 50
with the demo's nine), funding programmes (1 per 700) and about two fundings per project,
all published. The sizes are skewed as in a real city: the district, programme and
organisation of rank ``r`` get a share proportional to ``1 / r`` (Zipf), with the demo's
city centre, its urban-development programme and the city's planning office first.

Everything is written with ``bulk_create`` in batches, so 10,000 projects take seconds
on SQLite and PostgreSQL alike. What ``save()`` would fill is filled here: unique slugs,
``created_at``/``updated_at`` (``pre_save`` of the auto fields runs in bulk inserts too).
``simple_history`` writes no history for bulk inserts, which suits generated data, and
as bulk inserts send no signals, the page cache is renewed at the end. Only
the few pictures (small, drawn with Pillow) are saved one by one, through the
image field's cleaning and rendition path.

Every generated row is a function of its number and the seed: a slug (or e-mail address)
that is already there is not created again, so a second run with the same size adds
nothing and a run with a bigger size adds the difference.
"""

import io
import math
import random
from datetime import timedelta
from decimal import Decimal
from itertools import accumulate, product

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from core import page_cache
from core.content import german_slugify
from funding.models import Funder, Funding, FundingProgramme
from partners.models import ContactPerson, Organisation, OrganisationKind
from portal.demo.geometry import CENTRE_LAT, CENTRE_LON, KM_PER_DEGREE_LAT, KM_PER_DEGREE_LON
from projects.models import FieldOfAction, Project, ProjectImage, TargetGroup
from quartier.models import District

BATCH = 1000
# Demo rows that lead the rankings (rank 1 is the biggest); the rest follow in the order found.
FIRST_DISTRICTS = ("innenstadt", "bruchfeld", "kesselberg", "huettenau", "ostfeld")
FIRST_PROGRAMMES = ("sozialer-zusammenhalt", "biwaq-v", "lebendige-zentren", "verfuegungsfonds-innenstadt")
FIRST_ORGANISATIONS = ("stadt-stadtentwicklung", "stadt-stabsstelle-arbeit", "stadt-jugend-familie", "vhs-ruhrbach")

# fmt: off
PLACE_PARTS = ("Nord", "Süd", "Ober", "Unter", "Alt", "Neu", "Ost", "West", "Hoch", "Nieder")
PLACE_STEMS = ("feld", "heide", "bruch", "berg", "hof", "au", "wiese", "kamp", "horst", "beck", "hagen", "mark")
COMPOUND_HEADS = ("Quartiers", "Stadtteil", "Nachbarschafts", "Bürger", "Familien", "Jugend", "Senioren", "Kinder",
                  "Bewohner", "Kultur", "Sport", "Umwelt", "Bildungs", "Integrations", "Gemeinschafts", "Klima")
COMPOUND_TAILS = ("garten", "treff", "café", "werkstatt", "fonds", "büro", "laden", "fest", "lotsen", "netzwerk",
                  "forum", "haus", "zentrum", "akademie", "beratung", "küche", "bühne", "zeitung", "werkstätten")
STREETS = ("Zechenstraße", "Hüttenweg", "Am Kanal", "Bahnhofstraße", "Koloniestraße", "Marktplatz", "Lindenallee",
           "Schachtstraße", "Ruhrufer", "Kirchplatz", "Hafenstraße", "Schulstraße")
RARE_WORDS = ("Lastenrad", "Imkerei", "Tauschbörse", "Balkonkraftwerk", "Streuobstwiese", "Kiezdetektive",
              "Hochbeet", "Reparaturtreff")
VERBS = ("bringt", "stärkt", "begleitet", "verbindet", "unterstützt", "öffnet")
GROUPS = ("Familien", "Jugendliche", "ältere Menschen", "Alleinerziehende", "Neuzugewanderte", "Vereine",
          "Händlerinnen und Händler", "Nachbarinnen und Nachbarn")
GOALS = ("Mehr Menschen beteiligen sich an der Gestaltung ihres Quartiers.",
         "Angebote im Stadtteil sind bekannt und gut erreichbar.",
         "Die Aufenthaltsqualität im öffentlichen Raum steigt.",
         "Langzeitarbeitslose finden Wege in Ausbildung und Arbeit.",
         "Nachbarschaften wachsen zusammen und helfen sich gegenseitig.",
         "Leerstände werden neu genutzt.")
RESULTS = ("Zwölf Veranstaltungen im Jahr.", "Ein Treffpunkt mit festen Öffnungszeiten.",
           "Mindestens 40 Teilnehmende pro Jahr.", "Eine mehrsprachige Broschüre.",
           "Drei neue Kooperationen mit Schulen.", "Ein Beteiligungsfest im Sommer.")
TASKS = ("Beratung vor Ort", "Organisation von Treffen", "Öffentlichkeitsarbeit", "Vernetzung im Stadtteil",
         "Pflege der Beete und Flächen", "Begleitung Ehrenamtlicher", "Abrechnung der Fördermittel")
FIRST_NAMES = ("Anna", "Ben", "Canan", "David", "Elif", "Frank", "Gül", "Hanna", "Ilja", "Jana", "Karim", "Lena",
               "Mehmet", "Nina", "Oskar", "Petra", "Rita", "Sven", "Tamara", "Uwe", "Vera", "Yusuf", "Zoe")
LAST_NAMES = ("Beispiel", "Muster", "Schmidt", "Yilmaz", "Kowalski", "Becker", "Hoffmann", "Demir", "Wagner",
              "Nowak", "Schulte", "Kaya", "Brinkmann", "Özdemir", "Krüger", "Lange", "Wolff")
ROLES = ("Quartiersmanagerin", "Quartiersmanager", "Projektleitung", "Sozialarbeiterin", "Koordinator",
         "Sachbearbeitung Förderung", "Geschäftsführung", "Stadtteilarbeit")
UNITS = ("Abteilung Stadterneuerung", "Fachbereich Soziales", "Stabsstelle Arbeit", "Quartiersbüro",
         "Bereich Bildung", "Geschäftsstelle")
ORGANISATION_FORMS = (
    ("Bürgerverein {place} e. V.", OrganisationKind.VEREIN),
    ("Sportfreunde {place} {year} e. V.", OrganisationKind.VEREIN),
    ("Förderverein Grundschule {place} e. V.", OrganisationKind.VEREIN),
    ("Nachbarschaftshilfe {place} e. V.", OrganisationKind.WOHLFAHRTSVERBAND),
    ("Familienzentrum {place}", OrganisationKind.WOHLFAHRTSVERBAND),
    ("Bildungsforum {place} gGmbH", OrganisationKind.BILDUNGSTRAEGER),
    ("{surname} Bau und Wohnen GmbH", OrganisationKind.WOHNUNGSWIRTSCHAFT),
    ("{surname} & Partner Beratung", OrganisationKind.UNTERNEHMEN),
    ("Werkhof {place} gGmbH", OrganisationKind.BESCHAEFTIGUNG),
    ("Stadtteilinitiative {place}", OrganisationKind.SONSTIGE),
)
PROGRAMME_FORMS = (
    ("Verfügungsfonds {place}", "VF {place}", FundingProgramme.Kind.RESIDENTS_FUND),
    ("Sozialer Zusammenhalt – Programmgebiet {place}", "SZ {place}", FundingProgramme.Kind.STAEDTEBAU),
    ("BIWAQ Projektverbund {place}", "BIWAQ {place}", FundingProgramme.Kind.BIWAQ),
    ("Stadtteilfonds {place}", "STF {place}", FundingProgramme.Kind.OTHER),
)
# fmt: on


def sizes(projects):
    """How many rows of each kind ``projects`` generated projects come with."""
    return {
        "projects": projects,
        "organisations": projects // 10,
        "contacts": projects // 5,
        "districts": max(2, projects * 41 // 10_000),
        "programmes": max(2, projects // 700),
    }


class Zipf:
    """Draws items by rank: the item at rank ``r`` (from 1) with weight ``1 / r ** s``."""

    def __init__(self, items, s=1.0):
        self.items = list(items)
        self.cum = list(accumulate(1 / (rank**s) for rank in range(1, len(self.items) + 1)))

    def one(self, rnd):
        return rnd.choices(self.items, cum_weights=self.cum)[0]

    def some(self, rnd, count):
        """``count`` distinct items (fewer if there are fewer)."""
        count = min(count, len(self.items))
        chosen = []
        while len(chosen) < count:
            item = self.one(rnd)
            if item not in chosen:
                chosen.append(item)
        return chosen


def ranked(rows, first):
    """``rows`` with the ones whose slug is in ``first`` at the front, in that order."""
    order = {slug: index for index, slug in enumerate(first)}
    return sorted(rows, key=lambda row: order.get(row.slug, len(order)))


def place_names(count, seed):
    """``count`` made-up district names (Nordfeld, Altenheide ...), always the same for a seed."""
    names = [f"{part}{stem}" for part, stem in product(PLACE_PARTS, PLACE_STEMS)]
    random.Random(f"places-{seed}").shuffle(names)
    return [names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}") for i in range(count)]


def sector_boundary(index):
    """A GeoJSON Polygon for generated district ``index``: a ring sector outside the demo's
    city (beyond 4.2 km), twelve sectors per ring; counter-clockwise, 10 points."""
    band, step = divmod(index, 12)
    inner_km, outer_km = 4.2 + 1.6 * band, 5.8 + 1.6 * band
    first, last = math.radians(15 + 30 * step), math.radians(45 + 30 * step)

    def point(radius, angle):
        x, y = 1.3 * radius * math.cos(angle), radius * math.sin(angle)
        return [round(CENTRE_LON + x / KM_PER_DEGREE_LON, 5), round(CENTRE_LAT + y / KM_PER_DEGREE_LAT, 5)]

    angles = [first + (last - first) * k / 4 for k in range(5)]
    ring = [point(outer_km, a) for a in angles] + [point(inner_km, a) for a in reversed(angles)]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _unique_slug(text, number, taken):
    base = german_slugify(text)[:70].strip("-") or "eintrag"
    slug = f"{base}-{number}"
    while slug in taken:
        slug = f"{slug}x"
    taken.add(slug)
    return slug


def _existing(model, field, values):
    """Which of ``values`` are already in ``model.field`` (asked in chunks: SQLite limits
    the parameters of one query)."""
    found = set()
    values = list(values)
    for start in range(0, len(values), 500):
        found.update(
            model._default_manager.filter(**{f"{field}__in": values[start : start + 500]}).values_list(field, flat=True)
        )
    return found


def _link(model, field_name, pairs):
    """Bulk-insert the rows of the many-to-many ``model.field_name`` for ``(source_id, target_id)`` pairs."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    rows = [through(**{source: a, target: b}) for a, b in dict.fromkeys(pairs)]
    through.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def generated_project_numbers():
    """The numbers of the generated projects already there: their slug ends in ``-<number>``
    and their code in `` <number>``."""
    numbers = set()
    for slug, code in Project.objects.filter(slug__regex=r"-[0-9]+x*$").values_list("slug", "code"):
        number = slug.rstrip("x").rsplit("-", 1)[1]
        if code.endswith(f" {number}"):
            numbers.add(int(number))
    return numbers


def _picture(seed, size=(480, 300)):
    """A small JPEG: a sky, a hill and a few houses, drawn in milliseconds."""
    rnd = random.Random(seed)
    image = Image.new("RGB", size, (rnd.randint(120, 200), rnd.randint(170, 220), 240))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((-width // 2, height // 2, width * 3 // 2, height * 2), fill=(100, 150, 90))
    for x in range(10, width - 40, rnd.randint(60, 90)):
        top = rnd.randint(height // 3, height // 2)
        draw.rectangle((x, top, x + 50, height), fill=(rnd.randint(120, 220), rnd.randint(80, 160), 80))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


class _Generator:
    def __init__(self, *, seed, today):
        self.seed = seed
        self.today = today
        self.created = {}

    def rnd(self, kind, number):
        return random.Random(f"{kind}-{self.seed}-{number}")

    # Districts ---------------------------------------------------------------------

    def districts(self, count):
        names = place_names(count, self.seed)
        taken = set(District.objects.values_list("slug", flat=True))
        wanted = {}
        for number, name in enumerate(names, start=1):
            slug = f"{german_slugify(name)}-{number}"
            wanted[slug] = (number, name)
        existing = _existing(District, "slug", wanted)
        rows = []
        for slug, (number, name) in wanted.items():
            if slug in existing or slug in taken:
                continue
            rnd = self.rnd("district", number)
            start = self.today - timedelta(days=rnd.randint(-300, 3000))
            rows.append(
                District(
                    name=name,
                    slug=slug,
                    kind=rnd.choice(District.Kind.values),
                    summary=f"{name} liegt am Rand von Ruhrbach: Wohnsiedlungen, Gewerbe und viel Grün.",
                    description=f"Im Stadtteil {name} leben rund {rnd.randint(3, 25)}.000 Menschen. "
                    "Das Quartier wird seit einigen Jahren mit Mitteln der Städtebauförderung erneuert.",
                    boundary=sector_boundary(number - 1),
                    programme_start=start if rnd.random() < 0.7 else None,
                    programme_end=start + timedelta(days=rnd.randint(1500, 3600)) if rnd.random() < 0.8 else None,
                    published=True,
                )
            )
        for row in rows:
            if row.programme_start is None:
                row.programme_end = None
            else:
                row.programme_name = f"Städtebauförderung – Sozialer Zusammenhalt ({row.name})"
        District.objects.bulk_create(rows, batch_size=BATCH)
        self.created["districts"] = len(rows)

    # Programmes ----------------------------------------------------------------------

    def programmes(self, count, places):
        taken = set(FundingProgramme.objects.values_list("slug", flat=True))
        funders = list(Funder.objects.values_list("pk", flat=True))
        wanted = {}
        for number in range(1, count + 1):
            name_form, short_form, kind = PROGRAMME_FORMS[(number - 1) % len(PROGRAMME_FORMS)]
            place = places[(number - 1) % len(places)]
            name = name_form.format(place=place)
            wanted[f"{german_slugify(name)}-{number}"] = (number, name, short_form.format(place=place)[:60], kind)
        existing = _existing(FundingProgramme, "slug", wanted)
        rows, links = [], []
        for slug, (number, name, short_name, kind) in wanted.items():
            if slug in existing or slug in taken:
                continue
            rnd = self.rnd("programme", number)
            start = self.today - timedelta(days=rnd.randint(0, 3000))
            rows.append(
                FundingProgramme(
                    name=name,
                    short_name=short_name,
                    slug=slug,
                    kind=kind,
                    summary=f"Mittel für Projekte in {name.rsplit(' ', 1)[-1]}: Nachbarschaft, Grün und Arbeit.",
                    description="Gefördert werden Vorhaben, die das Zusammenleben im Quartier stärken.",
                    period_start=start,
                    period_end=start + timedelta(days=rnd.randint(700, 2500)),
                    published=True,
                )
            )
        FundingProgramme.objects.bulk_create(rows, batch_size=BATCH)
        for row in rows:
            rnd = self.rnd("programme-funders", row.slug)
            links += [(row.pk, funder) for funder in rnd.sample(funders, min(len(funders), rnd.randint(1, 2)))]
        _link(FundingProgramme, "funders", links)
        self.created["programmes"] = len(rows)

    # Organisations -------------------------------------------------------------------

    def organisations(self, count, districts):
        places = place_names(len(PLACE_PARTS) * len(PLACE_STEMS), self.seed)
        taken = set(Organisation.objects.values_list("slug", flat=True))
        wanted = {}
        for number in range(1, count + 1):
            rnd = self.rnd("organisation", number)
            form, kind = ORGANISATION_FORMS[rnd.randrange(len(ORGANISATION_FORMS))]
            name = form.format(place=rnd.choice(places), year=rnd.randint(1900, 1990), surname=rnd.choice(LAST_NAMES))
            wanted[f"{german_slugify(name)[:60].strip('-')}-{number}"] = (number, name, kind)
        existing = _existing(Organisation, "slug", wanted)
        rows = []
        for slug, (number, name, kind) in wanted.items():
            if slug in existing or slug in taken:
                continue
            rnd = self.rnd("organisation-data", number)
            member = rnd.random() < 0.3
            rows.append(
                Organisation(
                    name=name,
                    slug=slug,
                    kind=kind,
                    description=f"{name} engagiert sich seit vielen Jahren im Stadtteil.",
                    email=f"info{number}@partner.example.org",
                    street=f"{rnd.choice(STREETS)} {rnd.randint(1, 120)}",
                    postcode=f"{rnd.randint(44000, 44999)}",
                    city="Ruhrbach",
                    is_member=member,
                    member_since=self.today - timedelta(days=rnd.randint(100, 4000)) if member else None,
                    published=True,
                )
            )
        Organisation.objects.bulk_create(rows, batch_size=BATCH)
        links = []
        for row in rows:
            rnd = self.rnd("organisation-districts", row.slug)
            links += [(row.pk, d) for d in districts.some(rnd, rnd.randint(1, 2))]
        _link(Organisation, "districts", links)
        self.created["organisations"] = len(rows)

    # Contacts ------------------------------------------------------------------------

    def contacts(self, count, organisations, districts):
        wanted = {}
        for number in range(1, count + 1):
            rnd = self.rnd("contact", number)
            first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
            email = f"{german_slugify(first)}.{german_slugify(last)}.{number}@netzwerk.example.org"
            wanted[email] = (number, f"{first} {last}")
        existing = _existing(ContactPerson, "email", wanted)
        rows = []
        for email, (number, name) in wanted.items():
            if email in existing:
                continue
            rnd = self.rnd("contact-data", number)
            rows.append(
                ContactPerson(
                    name=name,
                    role=rnd.choice(ROLES),
                    organisation_id=organisations.one(rnd),
                    unit=rnd.choice(UNITS),
                    email=email,
                    phone=f"02345 {rnd.randint(100000, 999999)}",
                    publication_consent=rnd.random() < 0.9,
                    last_checked=self.today - timedelta(days=rnd.randint(0, 700)),
                )
            )
        ContactPerson.objects.bulk_create(rows, batch_size=BATCH)
        _link(
            ContactPerson, "districts", [(row.pk, districts.one(self.rnd("contact-district", row.pk))) for row in rows]
        )
        self.created["contacts"] = len(rows)

    # Projects and fundings -----------------------------------------------------------

    def _project(self, number, district_name, fields, taken):
        rnd = self.rnd("project", number)
        head, tail = rnd.choice(COMPOUND_HEADS), rnd.choice(COMPOUND_TAILS)
        compound = head + tail
        where = district_name if rnd.random() < 0.6 else f"an der {rnd.choice(STREETS)}"
        title = f"{compound} {where}" if rnd.random() < 0.8 else f"{compound} {district_name} {number}"
        rare = f" Mit dabei: {rnd.choice(RARE_WORDS)}." if rnd.random() < 0.01 else ""
        group = rnd.choice(GROUPS)
        start = self.today - timedelta(days=rnd.randint(-365, 3000))
        end = None if rnd.random() < 0.15 else start + timedelta(days=rnd.randint(180, 1800))
        field = rnd.choice(fields) if fields and rnd.random() < 0.85 else None
        return Project(
            title=title[:200],
            slug=_unique_slug(title, number, taken),
            code=f"{district_name[:2].upper()} {field.code if field else 'P'} {number}"[:20],
            field_of_action=field,
            summary=f"Der {compound} {rnd.choice(VERBS)} {group} in {district_name}.{rare}"[:400],
            description=(
                f"Seit {start.year} {rnd.choice(VERBS)} das Projekt {group} im Quartier {district_name}. "
                f"Der {compound} ist an der {rnd.choice(STREETS)} zu finden und steht allen offen. "
                "Die Angebote werden gemeinsam mit den Menschen vor Ort entwickelt." + rare
            ),
            impact_goals="\n".join(rnd.sample(GOALS, 2)),
            result_goals="\n".join(rnd.sample(RESULTS, 2)),
            tasks="\n".join(rnd.sample(TASKS, 3)),
            start=start,
            end=end,
            archived=bool(end and end < self.today and rnd.random() < 0.1),
            total_cost=Decimal(rnd.randint(5, 900) * 1000),
            further_funds="keine" if rnd.random() < 0.5 else "Eigenmittel des Trägers",
            staffing=f"ca. {rnd.choice((10, 20, 30, 40))} Wochenstunden",
            published=True,
        )

    def projects(self, count, *, districts, district_names, programmes, organisations, contacts):
        fields = list(FieldOfAction.objects.all())
        groups = list(TargetGroup.objects.values_list("pk", flat=True))
        taken = set(Project.objects.values_list("slug", flat=True))
        existing_numbers = generated_project_numbers()
        numbered = {}
        for number in range(1, count + 1):
            main = districts.one(self.rnd("project-district", number))
            numbered[number] = main
        rows, mains = [], []
        for number, main in numbered.items():
            if number in existing_numbers:
                continue
            rows.append(self._project(number, district_names[main], fields, taken))
            mains.append((number, main))
        Project.objects.bulk_create(rows, batch_size=BATCH)
        links = {
            name: [] for name in ("districts", "responsible_organisations", "partners", "contacts", "target_groups")
        }
        fundings = []
        for row, (number, main) in zip(rows, mains, strict=True):
            rnd = self.rnd("project-links", number)
            links["districts"].append((row.pk, main))
            if rnd.random() < 0.2:
                links["districts"].append((row.pk, districts.one(rnd)))
            links["responsible_organisations"].append((row.pk, organisations.one(rnd)))
            links["partners"] += [(row.pk, o) for o in organisations.some(rnd, rnd.randint(0, 3))]
            links["contacts"] += [(row.pk, c) for c in contacts.some(rnd, rnd.randint(1, 2))]
            links["target_groups"] += [(row.pk, g) for g in rnd.sample(groups, min(len(groups), rnd.randint(1, 3)))]
            for programme in programmes.some(rnd, rnd.choices((1, 2, 3), weights=(1, 2, 1))[0]):
                fundings.append(
                    Funding(
                        project=row,
                        programme_id=programme,
                        amount=Decimal(rnd.randint(5, 400) * 1000),
                        share=Decimal(rnd.choice((50, 60, 70, 80, 90))),
                    )
                )
        for name, pairs in links.items():
            _link(Project, name, pairs)
        Funding.objects.bulk_create(fundings, batch_size=BATCH)
        self.created["projects"] = len(rows)
        self.created["fundings"] = len(fundings)
        return rows

    # Pictures ------------------------------------------------------------------------

    def pictures(self, projects, districts):
        """A few small pictures, saved one by one through the image field (renditions)."""
        made = 0
        for project in projects[: max(1, len(projects) // 500)]:
            image = ProjectImage(
                project=project,
                image=SimpleUploadedFile(f"{project.slug}.jpg", _picture(project.slug), content_type="image/jpeg"),
                alt_text=f"Zeichnung: {project.title}",
                credit="Illustration: Stadt Ruhrbach",
            )
            image.save()
            made += 1
        for district in districts[:5]:
            if district.image:
                continue
            district.image = SimpleUploadedFile(f"{district.slug}.jpg", _picture(district.slug), "image/jpeg")
            district.image_alt = f"Zeichnung: Häuser in {district.name}"
            district.image_credit = "Illustration: Stadt Ruhrbach"
            district.save(update_fields=["image", "image_rendition", "image_alt", "image_credit", "updated_at"])
            made += 1
        self.created["pictures"] = made


def scale_load(*, projects, seed=11, today=None, pictures=True):
    """Add ``projects`` generated projects and their proportional network to the demo
    network (which must be loaded). Returns the rows created per kind; a kind already at
    its size creates nothing."""
    today = today or timezone.localdate()
    want = sizes(projects)
    gen = _Generator(seed=seed, today=today)
    with transaction.atomic():
        places = place_names(want["districts"], seed)
        gen.districts(want["districts"])
        generated_slugs = {f"{german_slugify(name)}-{n}" for n, name in enumerate(places, start=1)}
        all_districts = list(District.objects.published().only("pk", "slug", "name", "image"))
        district_rank = ranked(all_districts, FIRST_DISTRICTS)
        districts = Zipf([d.pk for d in district_rank])
        district_names = {d.pk: d.name for d in all_districts}

        gen.programmes(want["programmes"], places)
        programmes = Zipf([p.pk for p in ranked(FundingProgramme.objects.published(), FIRST_PROGRAMMES)])

        gen.organisations(want["organisations"], districts)
        organisations = Zipf([o.pk for o in ranked(Organisation.objects.published(), FIRST_ORGANISATIONS)])

        gen.contacts(want["contacts"], organisations, districts)
        contacts = Zipf(ContactPerson.objects.published().order_by("pk").values_list("pk", flat=True), s=0.5)

        new_projects = gen.projects(
            projects,
            districts=districts,
            district_names=district_names,
            programmes=programmes,
            organisations=organisations,
            contacts=contacts,
        )
        if pictures:
            gen.pictures(new_projects, [d for d in all_districts if d.slug in generated_slugs])
    # Bulk inserts send no signals: the stored public pages are renewed here.
    page_cache.invalidate()
    return gen.created

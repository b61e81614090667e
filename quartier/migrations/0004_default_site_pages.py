"""The three site pages every page's footer links to (Impressum, Datenschutz,
Barrierefreiheit), so that the links work on a fresh installation without demo data.

The texts are starter texts (``EARLIER_BODIES`` keeps a text as first written where it
was corrected later): they say what the portal
itself does and leave the rest (who publishes, addresses, periods) in square brackets for
staff to complete in the back office. A page that already exists is left alone. Reversing
removes only pages whose title and text are still exactly these starter texts (and
the history row this migration wrote for them).

``portal.demo.pages.pages_load`` (``seed_demo``) replaces a page that still carries its
starter text with the demo text and reads ``STARTER_PAGES`` for that.
"""

from django.db import migrations
from django.utils import timezone

NOTE = """## Hinweis zu diesem Text

Dies ist ein Ausgangstext, den die Redaktion noch vervollständigt. Angaben in eckigen Klammern \
fehlen noch."""

IMPRESSUM = f"""{NOTE}

## Herausgeberin

[Name der Stadt, vertreten durch die Oberbürgermeisterin oder den Oberbürgermeister]
[Anschrift]
[Telefon und E-Mail-Adresse]

## Verantwortlich für den Inhalt

[Name und Dienststelle der verantwortlichen Person, Anschrift]

## Zu diesem Angebot

Das Quartiersportal stellt das Netzwerk für integrierte Quartiersentwicklung vor: seine Quartiere, \
Partnerorganisationen, geförderten Projekte, Anlaufstellen und Ansprechpersonen.

Für die Inhalte verlinkter Seiten anderer Anbieter sind deren Betreiber verantwortlich."""

# Which requests the purge deletes or anonymises (``partners.membership.services.membership_request_purge``).
PURGE = """Anfragen, die \
nicht bestätigt werden, und bestätigte Anfragen, über die nicht entschieden wird, werden nach einer \
festen Frist gelöscht, Anfragen, über die entschieden ist, anonymisiert. Die E-Mails, die das Portal \
dazu versendet, werden nach dem Versand ebenfalls nach einer festen Frist gelöscht. [Die Fristen \
ergänzt die Redaktion.]"""
# The sentence as first written, before it named the confirmed requests nobody decides.
EARLIER_PURGE = """Anfragen, die \
nicht bestätigt werden, und Anfragen, über die entschieden ist, werden nach einer festen Frist \
gelöscht oder anonymisiert. [Die Fristen ergänzt die Redaktion.]"""

DATENSCHUTZ = f"""{NOTE}

## Verantwortliche Stelle

[Name und Anschrift der Stadt, E-Mail-Adresse]

Die behördliche Datenschutzbeauftragte oder den behördlichen Datenschutzbeauftragten erreichen Sie \
unter [Kontaktadresse].

## Besuch der Seiten

Beim Aufruf einer Seite verarbeitet der Server technisch notwendige Daten: IP-Adresse, Zeitpunkt, \
aufgerufene Adresse und Browserkennung. Sie dienen allein dem sicheren Betrieb (Art. 6 Abs. 1 \
Buchst. e DSGVO). [Wie lange diese Protokolldaten gespeichert werden, ergänzt die Redaktion.]

Das Portal setzt keine Analyse- oder Trackingwerkzeuge ein und für Besucherinnen und Besucher keine \
Cookies. Nur die Seite mit dem Formular „Mitmachen“ setzt ein technisch notwendiges Cookie zum \
Schutz vor gefälschten Anfragen (CSRF-Schutz).

Schriften, Karten, Bilder und Skripte liefert das Portal selbst aus. Ihr Browser stellt beim Besuch \
keine Anfragen an Server anderer Anbieter.

## Anfrage zur Mitgliedschaft

Organisationen können über das Formular „Mitmachen“ beantragen, in das Netzwerk aufgenommen zu \
werden. Verarbeitet werden die Angaben im Formular: die Daten der Organisation sowie Name, \
E-Mail-Adresse und, freiwillig, die Telefonnummer der Ansprechperson. Zweck ist allein die Prüfung \
der Anfrage und die Kontaktaufnahme dazu. Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1 \
Buchst. a DSGVO), die Sie jederzeit mit Wirkung für die Zukunft widerrufen können.

Nach dem Absenden erhalten Sie eine E-Mail mit einem Bestätigungslink (Double-Opt-in). Erst nach \
Ihrer Bestätigung sehen die zuständigen Mitarbeiterinnen und Mitarbeiter die Anfrage. {PURGE}

## Ansprechpersonen auf diesem Portal

Namen und Kontaktdaten von Ansprechpersonen erscheinen nur mit deren Einwilligung.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung, auf \
Datenübertragbarkeit und auf Widerspruch (Art. 15 bis 21 DSGVO). Sie können sich außerdem bei einer \
Datenschutz-Aufsichtsbehörde beschweren. [Zuständige Aufsichtsbehörde ergänzen.]"""

BARRIEREFREIHEIT = f"""{NOTE} Die Adresse für Rückmeldungen unten ist ein Platzhalter, bis die \
Redaktion die Adresse der zuständigen Stelle einträgt.

## Geltungsbereich und Maßstab

Diese Erklärung gilt für das Quartiersportal. [Name der Stadt] ist bemüht, es nach dem \
Behindertengleichstellungsgesetz und der Barrierefreie-Informationstechnik-Verordnung des Landes \
barrierefrei zugänglich zu machen. Maßstab sind die Web Content Accessibility Guidelines (WCAG) 2.1 \
auf Stufe AA.

## Stand der Vereinbarkeit

[Ergebnis der Prüfung ergänzen.] Bei der Entwicklung wird jede Art von Seite automatisch auf die \
Kriterien der WCAG 2.1 (Stufen A und AA) geprüft, mit der Tastatur bedient und bei 320 Pixel \
Bildschirmbreite getestet.

## Nicht barrierefreie Inhalte

Die Karten der Quartiere sind Grafiken. Dieselben Angaben stehen immer auch als Liste neben der Karte. \
[Weitere bekannte Barrieren ergänzen.]

## Erstellung dieser Erklärung

Diese Erklärung wurde am [Datum] erstellt. Sie beruht auf [einer Selbstbewertung oder einer Prüfung \
durch …].

## Feedback und Kontakt

Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder benötigen Sie Inhalte in einer \
anderen Form? Schreiben Sie uns an barrierefreiheit@example.org.

## Schlichtungsverfahren

Erhalten Sie auf Ihre Rückmeldung keine oder keine zufriedenstellende Antwort, können Sie sich an \
die Schlichtungsstelle wenden. Für öffentliche Stellen in Nordrhein-Westfalen ist das die \
Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen bei der oder dem \
Beauftragten der Landesregierung für die Belange der Menschen mit Behinderung: \
https://www.lbbp.nrw.de/ombudsstelle. Das Verfahren ist für Sie kostenfrei; Sie brauchen dafür \
keinen Rechtsbeistand. [Liegt die Stadt in einem anderen Land, trägt die Redaktion die dort \
zuständige Stelle ein.]"""

# slug: (title, body)
STARTER_PAGES = {
    "impressum": ("Impressum", IMPRESSUM),
    "datenschutz": ("Datenschutz", DATENSCHUTZ),
    "barrierefreiheit": ("Erklärung zur Barrierefreiheit", BARRIEREFREIHEIT),
}
# Texts this migration wrote in earlier versions: a page that still carries one is unedited too.
EARLIER_BODIES = {"datenschutz": (DATENSCHUTZ.replace(PURGE, EARLIER_PURGE),)}
CHANGE_REASON = "Ausgangstext (Migration 0004)"


def create_missing_pages(apps, schema_editor):
    SitePage = apps.get_model("quartier", "SitePage")
    HistoricalSitePage = apps.get_model("quartier", "HistoricalSitePage")
    existing = set(SitePage.objects.values_list("slug", flat=True))
    now = timezone.now()
    for slug, (title, body) in STARTER_PAGES.items():
        if slug in existing:
            continue
        page = SitePage.objects.create(slug=slug, title=title, body=body)
        # The history model's signals do not run in migrations: record the creation by hand,
        # so the back office's "history" shows where the text came from.
        HistoricalSitePage.objects.create(
            id=page.id,
            slug=slug,
            title=title,
            body=body,
            updated_at=page.updated_at,
            history_date=now,
            history_type="+",
            history_change_reason=CHANGE_REASON,
        )


def remove_unedited_pages(apps, schema_editor):
    SitePage = apps.get_model("quartier", "SitePage")
    HistoricalSitePage = apps.get_model("quartier", "HistoricalSitePage")
    for slug, (title, body) in STARTER_PAGES.items():
        unedited = SitePage.objects.filter(slug=slug, title=title, body__in=(body, *EARLIER_BODIES.get(slug, ())))
        ids = list(unedited.values_list("id", flat=True))
        HistoricalSitePage.objects.filter(id__in=ids, history_change_reason=CHANGE_REASON).delete()
        unedited.delete()


class Migration(migrations.Migration):
    dependencies = [("quartier", "0003_search_index")]

    operations = [migrations.RunPython(create_missing_pages, remove_unedited_pages)]

"""The three site pages every public body's portal carries. Their texts describe the
portal as it is built: the membership form, its double opt-in and the deletion periods
(read from the settings), no tracking and no requests to other servers.

A fresh installation already has the three pages with starter texts (migration
``quartier/0004_default_site_pages``). The demo replaces a page only while it still
carries exactly that starter text; a page staff have edited is never overwritten."""

from importlib import import_module

from django.conf import settings

from outbox.services import MAIL_KEEP_DAYS
from quartier.models import SitePage

# The migration's module name starts with a digit, so it is imported by name.
_STARTER = import_module("quartier.migrations.0004_default_site_pages")
STARTER_PAGES = _STARTER.STARTER_PAGES

PUBLISHER = "Stadt Ruhrbach\nDer Bürgermeister\nRathausplatz 1\n44990 Ruhrbach"


def impressum():
    return f"""## Herausgeberin

{PUBLISHER}

Telefon: 02399 4711-0
E-Mail: quartiersentwicklung@example.org

Die Stadt Ruhrbach ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch den Bürgermeister.

## Verantwortlich für den Inhalt

Dr. Miriam Beispiel, Dez. 1 / Stabsstelle Arbeit, Wirtschaft, Technologietransfer und Quartiersentwicklung, \
Rathausplatz 1, 44990 Ruhrbach (Anschrift wie oben).

## Zu diesem Angebot

Das Quartiersportal stellt die Arbeitsgemeinschaft Integrierte Quartiersentwicklung vor: ihre Quartiere, \
Partnerorganisationen, geförderten Projekte und Ansprechpersonen. Die Inhalte der Partnerorganisationen \
verantworten diese selbst.

Hinweis: Dies ist ein Demonstrationsangebot. Die Stadt Ruhrbach, ihre Quartiere, Organisationen und \
Personen sind erfunden; Förderprogramme und Fördergeber sind real.

## Bildnachweise

Die Bildnachweise stehen jeweils direkt unter den Bildern.

## Haftung für Links

Für die Inhalte verlinkter Seiten anderer Anbieter sind deren Betreiber verantwortlich. Beim Setzen der \
Links waren keine Rechtsverstöße erkennbar; werden uns solche bekannt, entfernen wir den Link umgehend."""


def datenschutz():
    hours = settings.MEMBERSHIP_CONFIRM_HOURS
    days = settings.MEMBERSHIP_RETENTION_DAYS
    mail_days = MAIL_KEEP_DAYS
    return f"""## Verantwortliche Stelle

{PUBLISHER}
E-Mail: quartiersentwicklung@example.org

Die behördliche Datenschutzbeauftragte erreichen Sie unter datenschutz@example.org oder unter der \
oben genannten Anschrift mit dem Zusatz „Datenschutzbeauftragte“.

## Besuch der Seiten

Beim Aufruf einer Seite verarbeitet der Server technisch notwendige Daten: IP-Adresse, Zeitpunkt, \
aufgerufene Adresse, Browserkennung. Sie dienen allein dem sicheren Betrieb und werden nach spätestens \
sieben Tagen gelöscht (Art. 6 Abs. 1 Buchst. e DSGVO).

Wir setzen keine Analyse- oder Trackingwerkzeuge ein und keine Cookies zu Werbe- oder Statistikzwecken. \
Beim Absenden eines Formulars wird ein technisch notwendiges Cookie zum Schutz vor gefälschten Anfragen \
gesetzt (CSRF-Schutz).

Alle Bestandteile der Seiten – Schriften, Karten, Bilder und Skripte – liefert das Portal selbst aus. \
Ihr Browser stellt beim Besuch keine Anfragen an Server Dritter; es werden keine Daten an andere Anbieter \
übermittelt.

## Anfrage zur Mitgliedschaft

Organisationen können über das Formular „Mitmachen“ beantragen, in die Arbeitsgemeinschaft aufgenommen \
zu werden. Abgefragt werden: Name, Art, Anschrift und Website der Organisation, die Quartiere, in denen \
sie tätig ist, eine kurze Beschreibung ihres Angebots sowie Name, E-Mail-Adresse und freiwillig die \
Telefonnummer der Ansprechperson.

Zweck ist allein die Prüfung der Anfrage und die Kontaktaufnahme dazu. Rechtsgrundlage ist Ihre \
Einwilligung (Art. 6 Abs. 1 Buchst. a DSGVO), die Sie jederzeit mit Wirkung für die Zukunft widerrufen \
können, zum Beispiel per E-Mail an quartiersentwicklung@example.org.

Doppelte Bestätigung (Double-Opt-in): Nach dem Absenden erhalten Sie eine E-Mail mit einem \
Bestätigungslink. Erst wenn Sie ihn innerhalb von {hours} Stunden aufrufen, wird die Anfrage an die \
zuständigen Mitarbeiterinnen und Mitarbeiter der Stadt weitergeleitet. So stellen wir sicher, dass \
niemand eine fremde E-Mail-Adresse einträgt.

Speicherdauer: Eine Anfrage, die nie bestätigt wurde, sehen die Mitarbeiterinnen und Mitarbeiter nicht; \
sie wird {days} Tage nach dem Absenden mit allen Angaben gelöscht. Eine bestätigte Anfrage, über die \
nicht entschieden wird, wird {days} Tage nach der Bestätigung mit allen Angaben gelöscht. Eine Anfrage, \
über die entschieden wurde, wird {days} Tage nach der Entscheidung anonymisiert: Name, E-Mail-Adresse \
und Telefonnummer der Ansprechperson, Anschrift und Website, die Beschreibung des Angebots und die \
Begründung der Entscheidung werden gelöscht, auch in den gespeicherten früheren Fassungen der Anfrage. \
Als Nachweis bleiben Name und Art der Organisation, die Quartiere, die erteilte Einwilligung, die \
Entscheidung mit Datum und wer sie getroffen hat. Die E-Mails, die das Portal zu einer Anfrage versendet \
(Bestätigungslink, Entscheidung), werden bis zum Versand und danach noch {mail_days} Tage aufbewahrt, \
damit ein fehlgeschlagener Versand wiederholt werden kann, und dann gelöscht. Die Fristen sind in der \
Konfiguration des Portals festgelegt.

Wird eine Organisation aufgenommen, erscheinen ihr Name, ihre Art und ihre Quartiere als Partnerseite. \
Anschrift und Website aus der Anfrage dienen nur der Prüfung und werden nicht veröffentlicht. Name, \
E-Mail-Adresse und Telefonnummer der Ansprechperson werden als Kontakt der Organisation für die \
Zusammenarbeit im Netzwerk gespeichert; auf dem Portal genannt wird sie nur mit ihrer ausdrücklichen \
Zustimmung.

## Ansprechpersonen auf diesem Portal

Namen und Kontaktdaten von Ansprechpersonen veröffentlichen wir nur mit deren schriftlicher Einwilligung.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung, auf \
Datenübertragbarkeit sowie auf Widerspruch (Art. 15 bis 21 DSGVO). Sie können sich außerdem bei einer \
Aufsichtsbehörde beschweren, in Nordrhein-Westfalen bei der Landesbeauftragten für Datenschutz und \
Informationsfreiheit."""


def barrierefreiheit():
    return """## Erklärung zur Barrierefreiheit

Die Stadt Ruhrbach ist bemüht, das Quartiersportal im Einklang mit dem Behindertengleichstellungsgesetz \
Nordrhein-Westfalen und der Barrierefreie-Informationstechnik-Verordnung NRW barrierefrei zugänglich zu \
machen. Maßstab sind die Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA.

## Stand der Vereinbarkeit

Das Portal ist weitgehend mit den Anforderungen vereinbar. Jede Seite wird bei der Entwicklung automatisch \
und von Hand geprüft, mit Tastatur und auf kleinen Bildschirmen.

## Nicht barrierefreie Inhalte

Die Übersichtskarte der Quartiere ist eine Grafik. Dieselben Informationen stehen immer auch als Liste \
neben der Karte.

Ältere Dokumente, die Partnerorganisationen bereitstellen, sind nicht in jedem Fall barrierefrei.

## Erstellung dieser Erklärung

Die Erklärung beruht auf einer Selbstbewertung und wird bei jeder größeren Änderung des Portals überprüft.

## Feedback und Kontakt

Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder benötigen Sie Informationen in einer \
anderen Form? Schreiben Sie uns an barrierefreiheit@example.org oder rufen Sie uns an unter \
02399 4711-0. Wir antworten innerhalb von zwei Wochen.

## Durchsetzungsverfahren

Wenn Sie auf Ihre Rückmeldung innerhalb von sechs Wochen keine oder keine zufriedenstellende Antwort \
erhalten, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes \
Nordrhein-Westfalen wenden. Sie ist bei der bzw. dem Beauftragten der Landesregierung für Menschen mit \
Behinderung angesiedelt, vermittelt kostenlos zwischen Ihnen und der Stadt und hilft, eine Lösung zu \
finden. Das Verfahren ist für Sie kostenfrei; Sie brauchen dafür keinen Rechtsbeistand."""


PAGES = {
    SitePage.Slug.IMPRESSUM: ("Impressum", impressum),
    SitePage.Slug.DATENSCHUTZ: ("Datenschutz", datenschutz),
    SitePage.Slug.BARRIEREFREIHEIT: ("Erklärung zur Barrierefreiheit", barrierefreiheit),
}


def pages_load():
    """Give each site page its demo text: create a missing page, replace one that still has its
    starter text (title and text unchanged since the migration), keep every other page, as
    staff have edited it. Returns how many pages were written."""
    written = 0
    pages = SitePage.objects.in_bulk(list(PAGES), field_name="slug")
    for slug, (title, body) in PAGES.items():
        page = pages.get(slug)
        if page is None:
            page = SitePage(slug=slug)
        elif page.title != STARTER_PAGES[slug][0] or page.body not in (
            STARTER_PAGES[slug][1],
            *_STARTER.EARLIER_BODIES.get(slug, ()),
        ):
            continue
        page.title, page.body = title, body()
        page._change_reason = "Demo-Text (seed_demo)"
        page.save()
        written += 1
    return written

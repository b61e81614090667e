"""Organisations and contact persons as tables (export only, ``core/admin_export.py``)."""

from import_export.fields import Field

from core.admin_export import GermanDateWidget, PortalResource, SlugManyToManyWidget, YesNoWidget
from partners.models import ContactPerson, Organisation
from quartier.models import District


class OrganisationResource(PortalResource):
    name = Field("name", "Name")
    short_name = Field("short_name", "Kurzname")
    slug = Field("slug", "URL-Name")
    kind = Field("get_kind_display", "Art", readonly=True)
    website = Field("website", "Website")
    email = Field("email", "E-Mail")
    phone = Field("phone", "Telefon")
    street = Field("street", "Straße und Hausnummer")
    postcode = Field("postcode", "Postleitzahl")
    city = Field("city", "Ort")
    is_member = Field("is_member", "Mitglied der Arbeitsgemeinschaft", widget=YesNoWidget())
    member_since = Field("member_since", "Mitglied seit", widget=GermanDateWidget())
    districts = Field("districts", "Quartiere", widget=SlugManyToManyWidget(District))
    published = Field("published", "Veröffentlicht", widget=YesNoWidget())

    class Meta(PortalResource.Meta):
        model = Organisation
        fields = [
            "name",
            "short_name",
            "slug",
            "kind",
            "website",
            "email",
            "phone",
            "street",
            "postcode",
            "city",
            "is_member",
            "member_since",
            "districts",
            "published",
        ]

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("districts")


class ContactPersonResource(PortalResource):
    name = Field("name", "Name")
    role = Field("role", "Funktion")
    organisation = Field("organisation__name", "Organisation")
    unit = Field("unit", "Organisationseinheit")
    email = Field("email", "E-Mail")
    phone = Field("phone", "Telefon")
    address = Field("address", "Adresse")
    office_hours = Field("office_hours", "Sprechzeiten")
    districts = Field("districts", "Quartiere", widget=SlugManyToManyWidget(District))
    publication_consent = Field("publication_consent", "Einverständnis zur Veröffentlichung", widget=YesNoWidget())
    last_checked = Field("last_checked", "Zuletzt geprüft", widget=GermanDateWidget())

    class Meta(PortalResource.Meta):
        model = ContactPerson
        fields = [
            "name",
            "role",
            "organisation",
            "unit",
            "email",
            "phone",
            "address",
            "office_hours",
            "districts",
            "publication_consent",
            "last_checked",
        ]

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation").prefetch_related("districts")

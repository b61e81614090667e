"""The district form of the back office: a boundary from a GeoJSON or KML file or from
GeoJSON pasted into the field, converted by ``quartier.geo`` to the stored Polygon or
MultiPolygon and checked against the area of the other districts."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier import geo
from quartier.models import District

ACCEPTED_FILES = ".geojson,.json,.kml,application/geo+json,application/json,application/vnd.google-earth.kml+xml"


class DistrictForm(forms.ModelForm):
    boundary_file = forms.FileField(
        label=_("Boundary from a file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPTED_FILES}),
        help_text=_(
            "GeoJSON (.geojson, .json: a FeatureCollection, Feature, Polygon or MultiPolygon, as geojson.io "
            "and QGIS export it) or KML (.kml), in WGS 84. Replaces the boundary below; the file itself is not kept."
        ),
    )

    class Meta:
        model = District
        fields = ["boundary"]  # the admin names the rest (its fieldsets)
        widgets = {"boundary": forms.Textarea(attrs={"rows": 6, "spellcheck": "false"})}

    def other_boundaries(self):
        others = District.objects.filter(boundary__isnull=False)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        return [b for b in others.values_list("boundary", flat=True) if isinstance(b, dict)]

    def _in_region(self, shape):
        geo.check_region(shape, self.other_boundaries())
        return shape

    def clean_boundary(self):
        value = self.cleaned_data.get("boundary")
        if value in (None, "", {}, []):
            return None
        return self._in_region(geo.shape_from_geojson(value))

    def clean_boundary_file(self):
        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        return self._in_region(geo.shape_from_file(upload))

    def clean(self):
        cleaned = super().clean()
        shape = cleaned.get("boundary_file")
        if shape:
            # The file replaces what the field held; after an error elsewhere in the form
            # the converted shape stands in the field, so the file need not be chosen again.
            cleaned["boundary"] = shape
            self.errors.pop("boundary", None)
            self.data = self.data.copy()
            self.data[self.add_prefix("boundary")] = json.dumps(shape)
        return cleaned

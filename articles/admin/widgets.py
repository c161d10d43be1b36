"""The admin's inputs, safe against what a careless paste or a forged request sends.

Django's autocomplete widgets look up the chosen rows as they render, so a value that is no id
at all ("abc", sent by hand) raised an error while a refused form was shown again, instead of
the form's own "Select a valid choice". These leave such a value out of the lookup: the form
has already said what is wrong with it.

Text fields refuse control characters (articles.text), which readers' feeds cannot carry.
"""

import json

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.text import refuse_control_characters

from . import choosers


class ValidIdsOnly:
    """An autocomplete widget that looks up only the chosen values its model could hold as ids."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        ids = []
        for chosen in value:
            try:
                target.to_python(chosen)
            except ValidationError:
                continue
            ids.append(chosen)
        return super().optgroups(name, ids, attr)


class SafeAutocompleteSelect(ValidIdsOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(ValidIdsOnly, AutocompleteSelectMultiple):
    pass


class ChooserSelect(SafeAutocompleteSelect):
    """An autocomplete for images or stories that shows them by sight (articles.admin.choosers):
    its results come from the chooser view, and the chosen option carries the same details."""

    def get_url(self):
        return reverse(f"{self.admin_site.name}:articles_article_choose")

    def build_attrs(self, base_attrs, extra_attrs=None):
        return {
            **super().build_attrs(base_attrs, extra_attrs),
            "data-chooser": self.field.related_model._meta.model_name,
        }

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = [option for _group, group_options, _index in groups for option in group_options]
        chosen = {str(option["value"]): option for option in options if option["value"] not in ("", None)}
        if chosen:
            for obj in self.choices.queryset.using(self.db).filter(pk__in=list(chosen)):
                option = chosen.get(str(obj.pk))
                if option is not None:
                    option["attrs"]["data-details"] = json.dumps(choosers.describe(obj))
        return groups

    class Media:
        # chooser.js works wherever the merged media place it (it waits for the parsed page).
        js = ["js/chooser.js"]
        css = {"screen": ["css/aids.css"]}


CHOOSER_MODELS = tuple(choosers.DESCRIBERS)


class SafeInputMixin:
    """For a ModelAdmin or an inline: its `autocomplete_fields` get the safe widgets above, and
    its text fields refuse control characters, but its `html_fields`, whose sanitizer drops them
    (articles.sanitize): no editor could find one in the rich-text editor to delete it."""

    html_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (
            isinstance(field, forms.CharField)
            and db_field.name not in self.html_fields
            and refuse_control_characters not in field.validators
        ):
            field.validators.append(refuse_control_characters)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            widget = ChooserSelect if db_field.related_model in CHOOSER_MODELS else SafeAutocompleteSelect
            kwargs["widget"] = widget(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

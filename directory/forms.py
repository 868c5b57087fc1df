"""Admin forms of the directory's pages."""

from wagtail.admin.forms import WagtailAdminPageForm


class DirectoryPageForm(WagtailAdminPageForm):
    """Offers only the elements (and services) of the page's own language in the choosers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id
        if locale_id is None and self.parent_page is not None:
            locale_id = self.parent_page.locale_id
        if locale_id is None:
            return
        for name in ("elements", "services"):
            field = self.fields.get(name)
            if field is not None and hasattr(field, "queryset"):
                field.queryset = field.queryset.filter(locale_id=locale_id)

"""The platform's user and the image and document models that replace Wagtail's own."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class User(AbstractUser):
    """The platform's user, swappable from the first migration so fields can be added later
    without a painful migration (staff phone numbers, provider links)."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class CustomImage(AbstractImage):
    """Images carry a default alternative text that blocks and pages fall back to."""

    default_alt_text = models.CharField(
        _("default alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describes the image for screen readers wherever no other text is given."),
    )

    admin_form_fields = Image.admin_form_fields + ("default_alt_text",)

    @property
    def alt(self):
        return self.default_alt_text or self.title


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    """Documents are the official PDFs of policies and guides; a language tag lets the page say
    when a file is only available in Chinese."""

    language = models.CharField(
        _("language of the file"),
        max_length=10,
        blank=True,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
    )

    admin_form_fields = Document.admin_form_fields + ("language",)

"""Shared StreamField blocks: every content page type builds its body from ``CONTENT_BLOCKS``.

Stream keys are short and final (they are stored in the page JSON; renaming one needs a data
migration).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading (h2)")), ("h3", _("Sub-heading (h3)"))],
        default="h2",
        help_text=_("The page title is the only h1; use h2 for sections."),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")
        description = _("A section heading that also appears in the page outline.")
        preview_value = {"text": "服务流程", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Leave empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")
        description = _("An image with alternative text and an optional caption.")


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("Tone"),
        choices=[("info", _("Information")), ("warning", _("Important")), ("success", _("Tip"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Callout")
        description = _("A highlighted box for something readers must not miss.")
        preview_value = {
            "tone": "info",
            "title": "温馨提示",
            "text": "<p>办理前请准备营业执照。</p>",
        }


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    items = blocks.ListBlock(FAQItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        template = "blocks/faq.html"
        label = _("FAQ")
        description = _("Questions and answers that open one at a time (works without JavaScript).")


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")), label=_("Documents"))

    class Meta:
        icon = "doc-full"
        template = "blocks/documents.html"
        label = _("Document list")
        description = _("Downloadable files with their type and size.")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=120)
    text = blocks.RichTextBlock(label=_("Details"), required=False, features=RICH_TEXT_FEATURES)


class StepListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/steps.html"
        label = _("Step list")
        description = _("Numbered steps of a procedure.")


class CaptionedTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("Caption"),
        max_length=250,
        help_text=_("Says what the table shows; read out first by screen readers."),
    )
    table = TableBlock(label=_("Table"))

    class Meta:
        icon = "table"
        template = "blocks/table.html"
        label = _("Table")
        description = _("A table with a caption and a header row.")

    def clean(self, value):
        value = super().clean(value)
        data = (value.get("table") or {}).get("data") or []
        if not any(any(cell for cell in row) for row in data):
            raise ValidationError(_("The table is empty."))
        return value


class EmbedMediaBlock(blocks.StructBlock):
    url = EmbedBlock(label=_("Address of the video or media"))
    title = blocks.CharBlock(
        label=_("Title"), max_length=120, help_text=_("Announced to screen-reader users.")
    )

    class Meta:
        icon = "media"
        template = "blocks/embed.html"
        label = _("Embed")
        description = _("A video or other media from an oEmbed provider.")


CONTENT_BLOCKS = [
    ("heading", HeadingBlock()),
    ("text", blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, icon="pilcrow")),
    ("image", ImageBlock()),
    ("callout", CalloutBlock()),
    ("faq", FAQBlock()),
    ("documents", DocumentListBlock()),
    ("table", CaptionedTableBlock()),
    ("embed", EmbedMediaBlock()),
    ("steps", StepListBlock()),
]

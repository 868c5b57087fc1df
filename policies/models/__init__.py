"""Domain models of the policy library: issuing authorities, the policy index page with its
listing and feeds, policy pages with their attachments and the relations between policies."""

from policies.models.authorities import IssuingAuthority
from policies.models.index_page import PolicyIndexPage
from policies.models.policy_page import PolicyPage, PolicyPageAttachment
from policies.models.relations import PolicyRelation

__all__ = [
    "IssuingAuthority",
    "PolicyIndexPage",
    "PolicyPage",
    "PolicyPageAttachment",
    "PolicyRelation",
]

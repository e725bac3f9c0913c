"""Organizations (SPEC: Organizations): who gives, receives, manages or carries out
development-cooperation money or work. docs/organizations.md explains the rules."""

from pipeline.kinds.organizations.normalize import normalize
from pipeline.kinds.organizations.recognize import add_components
from pipeline.kinds.organizations.rules import OrganizationRules, load_rules
from schemas import Kind

KIND = Kind.ORGANIZATION

__all__ = ["KIND", "OrganizationRules", "add_components", "load_rules", "normalize"]

"""Views of the partnerships app."""

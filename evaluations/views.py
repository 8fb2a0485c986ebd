"""Views of the evaluations app."""

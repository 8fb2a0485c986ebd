"""Views of the missions app."""

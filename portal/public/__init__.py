"""The public pages: what anonymous visitors read of the portal (a directory of the
public pilot projects, their sheets and catalogue, the map). See views.py."""

"""The base classes and helpers every app builds on, settings-free: the FilterSet blocks
(`filters`), the site's list pages (`listing`), query helpers (`querysets`) and the API's
base classes (`rest`). It imports no app of the project."""

"""What every downloadable table of transcribed records ends with (bases.tables): where the
record comes from."""

from bases.tables import Column

SOURCE_COLUMNS = (
    Column("Source", "source.title", width=30),
    Column("Section", "section", width=40),
    Column("Transcription note", "note", width=40),
)

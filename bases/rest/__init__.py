"""What every endpoint of the REST API shares: pagination, filtering, CSV,
permissions, throttling, error bodies and the schema.

Settings-free (the settings name these classes, not the other way round), so the apps'
serializers and viewsets may import it.
"""

"""A `Change` for every version written, whoever writes it (admin, API, `load_kb`, shell)."""

from django.utils import timezone
from simple_history.signals import post_create_historical_record

from bases.history import current_batch

from .kinds import kind_and_key, resource_of
from .models import Change

ACTIONS = {"+": Change.Action.CREATED, "~": Change.Action.UPDATED, "-": Change.Action.DELETED}


def connect():
    post_create_historical_record.connect(version_written, dispatch_uid="history-change")


def version_written(sender, instance, history_instance, **kwargs):
    resource, itself = resource_of(instance)
    if resource is None:
        return
    action = ACTIONS[history_instance.history_type] if itself else Change.Action.UPDATED
    kind, key = kind_and_key(resource)
    seen = current_batch()
    if seen is None:
        seen = set()  # a write on its own (a shell)
    if action == Change.Action.UPDATED and (kind, key) in seen:
        return  # one line per resource and batch: a load, a save with its inlines
    seen.add((kind, key))
    Change.objects.create(
        kind=kind,
        key=key,
        action=action,
        time=history_instance.history_date,
        reason=history_instance.history_change_reason or "",
    )
    if not itself:
        # What the API shows of the resource changed: so did its time (no version of it).
        type(resource)._base_manager.filter(pk=resource.pk).update(modified=timezone.now())

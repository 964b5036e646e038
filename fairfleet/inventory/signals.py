"""Signals other apps listen to, so that the inventory needs to know nothing of them."""

from django.dispatch import Signal

# Sent once per write that changes which devices an organisation holds or what they are (create, update, lifecycle
# steps, imports, audits), after the write, inside its transaction. Arguments: organisation; services, the ids of
# the services whose devices changed (None standing for devices without a service), or None (the default) when the
# change may touch any device.
fleet_changed = Signal()

"""Typed ids, so a contact id cannot be passed where a reminder id is expected."""

from typing import NewType

ContactId = NewType("ContactId", int)
ReminderId = NewType("ReminderId", int)
FavourId = NewType("FavourId", int)
LeadId = NewType("LeadId", int)
AskId = NewType("AskId", int)
GiveId = NewType("GiveId", int)
ReferralId = NewType("ReferralId", int)
MeetingId = NewType("MeetingId", int)
InteractionId = NewType("InteractionId", int)

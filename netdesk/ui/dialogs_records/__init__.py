"""Dialogs for every history record. Each validates before it accepts and returns plain values."""

from netdesk.ui.dialogs_records.form import ContactPicker, RecordDialog
from netdesk.ui.dialogs_records.loops import (
    LeadDialog,
    LeadOutcomeDialog,
    MeetingDialog,
    ReferralDialog,
    SnoozeDialog,
)
from netdesk.ui.dialogs_records.record_forms import (
    AskDialog,
    FavourRecordDialog,
    GiveDialog,
    InteractionDialog,
    ThanksDialog,
)

__all__ = [
    "AskDialog", "ContactPicker", "FavourRecordDialog", "GiveDialog", "InteractionDialog", "LeadDialog",
    "LeadOutcomeDialog", "MeetingDialog", "RecordDialog", "ReferralDialog", "SnoozeDialog", "ThanksDialog",
]

"""Peewee models over the schema in `schema_v1` (and later migrations). A test keeps them in step.

Instances of these classes stay inside `store/` and `services/`; the UI only ever sees domain records.
"""

from __future__ import annotations

import peewee as pw

from netdesk.domain.identity import new_uid
from netdesk.store.db import database


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Contact(BaseModel):
    name = pw.TextField()
    given_name = pw.TextField(default="")
    family_name = pw.TextField(default="")
    phonetic_given = pw.TextField(default="")
    phonetic_family = pw.TextField(default="")
    organisation = pw.TextField(default="")
    department = pw.TextField(default="")
    title = pw.TextField(default="")
    how_met = pw.TextField(default="")
    met_on = pw.DateField(null=True)
    created_on = pw.DateField()
    every_days = pw.IntegerField(null=True)
    name_ok = pw.BooleanField(default=False)
    notes = pw.TextField(default="")
    offer = pw.TextField(default="")
    strength = pw.IntegerField(default=0)
    birthday = pw.TextField(null=True)
    anniversary = pw.TextField(null=True)  # schema v8: the card's ANNIVERSARY, in the birthday's form
    linkedin_url = pw.TextField(null=True)
    introduced_by = pw.ForeignKeyField("self", null=True, backref="introduced", on_delete="SET NULL")
    photo = pw.BlobField(null=True)
    photo_mime = pw.TextField(null=True)
    extra = pw.TextField(default="{}")
    last_contacted = pw.DateField(null=True)
    next_due = pw.DateField(null=True)
    search_text = pw.TextField(default="")
    sort_name = pw.TextField(default="")
    updated_at = pw.TextField()


class _Owned(BaseModel):
    contact = pw.ForeignKeyField(Contact, on_delete="CASCADE")


class Email(_Owned):
    value = pw.TextField()
    value_key = pw.TextField()
    label = pw.TextField(default="")
    position = pw.IntegerField(default=0)


class Phone(_Owned):
    value = pw.TextField()
    digits = pw.TextField(default="")
    label = pw.TextField(default="")
    position = pw.IntegerField(default=0)


class Url(_Owned):
    value = pw.TextField()
    label = pw.TextField(default="")
    position = pw.IntegerField(default=0)


class Address(_Owned):
    label = pw.TextField(default="")
    street = pw.TextField(default="")
    locality = pw.TextField(default="")
    region = pw.TextField(default="")
    postcode = pw.TextField(default="")
    country = pw.TextField(default="")
    position = pw.IntegerField(default=0)


class Tag(BaseModel):
    name = pw.TextField(unique=True)
    every_days = pw.IntegerField(null=True)


class ContactTag(BaseModel):
    contact = pw.ForeignKeyField(Contact, on_delete="CASCADE")
    tag = pw.ForeignKeyField(Tag, on_delete="CASCADE")

    class Meta:
        primary_key = pw.CompositeKey("contact", "tag")
        without_rowid = True


class Interaction(_Owned):
    uid = pw.TextField(unique=True, default=new_uid)  # global identity (schema 9)
    kind = pw.TextField()
    on_date = pw.DateField()
    note = pw.TextField(default="")


class Favour(_Owned):
    uid = pw.TextField(unique=True, default=new_uid)  # global identity (schema 9)
    text = pw.TextField()
    on_date = pw.DateField()
    thanked_on = pw.DateField(null=True)


class Thanks(_Owned):
    uid = pw.TextField(unique=True, default=new_uid)  # global identity (schema 9)
    on_date = pw.DateField()
    note = pw.TextField(default="")


class Lead(_Owned):
    uid = pw.TextField(unique=True, default=new_uid)  # global identity (schema 9)
    text = pw.TextField()
    on_date = pw.DateField()
    thanked_on = pw.DateField(null=True)
    outcome = pw.TextField(null=True)
    outcome_on = pw.DateField(null=True)
    reported_on = pw.DateField(null=True)


class Referral(BaseModel):
    uid = pw.TextField(unique=True, default=new_uid)  # global identity (schema 9)
    seeker = pw.ForeignKeyField(Contact, on_delete="CASCADE", backref="referrals_sought")
    target = pw.ForeignKeyField(Contact, on_delete="CASCADE", backref="referrals_targeted")
    on_date = pw.DateField()
    note = pw.TextField(default="")


class Ask(_Owned):
    uid = pw.TextField(unique=True, default=new_uid)  # global identity (schema 9)
    purpose = pw.TextField()
    effort = pw.TextField(default="small")
    on_date = pw.DateField()
    status = pw.TextField(default="open")
    resolved_on = pw.DateField(null=True)


class Give(_Owned):
    uid = pw.TextField(unique=True, default=new_uid)  # global identity (schema 9)
    text = pw.TextField()
    kind = pw.TextField(default="article")
    link = pw.TextField(null=True)
    on_date = pw.DateField()


class Meeting(_Owned):
    uid = pw.TextField(unique=True, default=new_uid)  # global identity (schema 9)
    at = pw.TextField()
    tzid = pw.TextField(default="UTC")
    duration_minutes = pw.IntegerField(default=60)
    referred_by = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="meetings_referred")
    purpose = pw.TextField(default="")
    location = pw.TextField(default="")
    notes = pw.TextField(default="")


class Reminder(BaseModel):
    uid = pw.TextField(unique=True)
    kind = pw.TextField()
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    contact_name = pw.TextField(default="")
    source = pw.TextField()
    source_id = pw.IntegerField()
    rule_due = pw.DateField()
    due = pw.DateField()
    status = pw.TextField(default="open")
    title = pw.TextField()
    detail = pw.TextField(default="")
    sequence = pw.IntegerField(default=0)
    # What the user decided ('done' or 'snoozed'); it survives re-derivation.
    user_status = pw.TextField(null=True)
    closed_on = pw.DateField(null=True)
    created_at = pw.TextField()
    updated_at = pw.TextField()


class ReminderAction(BaseModel):
    """What the user decided about a reminder, by its UID: it travels to a second installation (schema 9)."""

    uid = pw.TextField(unique=True, default=new_uid)
    reminder_uid = pw.TextField()
    action = pw.TextField()
    due = pw.DateField(null=True)
    on_date = pw.DateField()
    created_at = pw.TextField()


class Setting(BaseModel):
    key = pw.TextField(primary_key=True)
    value = pw.TextField()


class IcsComponent(BaseModel):
    uid = pw.TextField()
    variant = pw.TextField()
    sequence = pw.IntegerField()
    body = pw.BlobField()

    class Meta:
        primary_key = pw.CompositeKey("uid", "variant")
        without_rowid = True


ALL_MODELS = [
    Contact, Email, Phone, Url, Address, Tag, ContactTag, Interaction, Favour, Thanks, Lead,
    Referral, Ask, Give, Meeting, Reminder, ReminderAction, Setting, IcsComponent,
]

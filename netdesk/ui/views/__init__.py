"""The record views the main window navigates between: Today, Asks & gives, Leads & referrals, Meetings, Goals.

Each is `View(context)` over a `netdesk.ui.context.AppContext` and has `refresh()`.
"""

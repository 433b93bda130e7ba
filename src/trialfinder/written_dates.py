"""Calendar days a note writes: "last dose 03/05/2026", "on 12.04.2026", "from 1 March 2026".

A washout window ("no anticoagulant within 4 weeks before the first dose") is judged by
how long ago the treatment was, and a note often gives that as a day, not as "3 weeks ago".
This module finds the days a text writes and what day each is, so the note reader can date
the treatment written next to one. Numbers are read day first, as the notes the project
reads write them (UK, Europe, Australia, India: "27/11/2026"); a date whose second number is
over 12 can only be month first (US: "11/27/2026") and is read so. A month and a year
("May 2026", "05/2026") is read as the middle of the month; a year alone is not a day and is left to
the readers of years.
"""

from __future__ import annotations

import datetime
import re

import msgspec

__all__ = ["MID_MONTH_DAY", "MONTH_NAMES", "WrittenDay", "month_number", "written_days"]

# The months as a pattern alternation of their first three letters (a name is matched by
# them and the rest of its letters: "Sept.", "September").
MONTH_NAMES = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"

_DATE = re.compile(
    r"(?<![\w/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\w/-])"
    rf"|\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH_NAMES})[a-z]*\.?,?\s+"
    r"(?P<year>(?:19|20)\d\d)\b"
    rf"|\b(?P<month_first>{MONTH_NAMES})[a-z]*\.?\s+(?P<day_after>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year_after>(?:19|20)\d\d)\b"
    rf"|\b(?P<month_only>{MONTH_NAMES})[a-z]*\.?,?\s+(?P<year_only>(?:19|20)\d\d)\b"
    r"|(?<![\w/.])(?P<month_number>0?[1-9]|1[0-2])/(?P<month_year>(?:19|20)\d\d)(?![\w/-])",
    re.IGNORECASE,
)

# The middle of a month named without its day: "stopped in May 2026" is about then.
MID_MONTH_DAY = 15


class WrittenDay(msgspec.Struct, frozen=True):
    """A day written in text: where its words stand and the day (the 15th for a month)."""

    start: int
    end: int
    day: datetime.date
    month_only: bool = False


def month_number(name: str) -> int:
    """The month (1-12) a name of it starting with its three letters names ("Sept" → 9)."""
    return MONTH_NAMES.split("|").index(name.lower()[:3]) + 1


def _numeric_day(first: int, second: int, year: int) -> datetime.date | None:
    """Day first unless the second number cannot be a month."""
    day, month = (second, first) if second > 12 >= first else (first, second)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def written_days(text: str) -> list[WrittenDay]:
    """The days ``text`` writes, in order; an impossible one ("31/02/2026") is none."""
    found: list[WrittenDay] = []
    for match in _DATE.finditer(text):
        day: datetime.date | None
        month_only = False
        try:
            if match.group("a"):
                day = _numeric_day(int(match.group("a")), int(match.group("b")), int(match["y"]))
            elif match.group("month"):
                day = datetime.date(
                    int(match["year"]), month_number(match["month"]), int(match["day"])
                )
            elif match.group("month_first"):
                day = datetime.date(
                    int(match["year_after"]),
                    month_number(match["month_first"]),
                    int(match["day_after"]),
                )
            elif match.group("month_number"):
                day = datetime.date(
                    int(match["month_year"]), int(match["month_number"]), MID_MONTH_DAY
                )
                month_only = True
            else:
                day = datetime.date(
                    int(match["year_only"]), month_number(match["month_only"]), MID_MONTH_DAY
                )
                month_only = True
        except ValueError:
            day = None
        if day is not None:
            found.append(WrittenDay(match.start(), match.end(), day, month_only))
    return found

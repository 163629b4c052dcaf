"""The models of events: Django finds them here (app_label "events").

``event``: events with translations, groups and JUMP! stations; ``registration``:
registrations with the waitlist and check-in code; ``speed_dating``: slots, companies,
applicants, wishes and interviews of an online speed dating.
"""

from kausa.events.models.event import (
    Event,
    EventGroup,
    EventTranslation,
    Station,
    new_invite_key,
    video_room_base_url,
)
from kausa.events.models.registration import (
    CHECKIN_ALPHABET,
    MAX_PARTY_SIZE,
    Registration,
    new_checkin_code,
    new_token,
)
from kausa.events.models.speed_dating import (
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingInterview,
    SpeedDatingRun,
    SpeedDatingSlot,
    SpeedDatingWish,
)

__all__ = [
    "CHECKIN_ALPHABET",
    "MAX_PARTY_SIZE",
    "Event",
    "EventGroup",
    "EventTranslation",
    "Registration",
    "SpeedDatingApplicant",
    "SpeedDatingCompany",
    "SpeedDatingInterview",
    "SpeedDatingRun",
    "SpeedDatingSlot",
    "SpeedDatingWish",
    "Station",
    "new_checkin_code",
    "new_invite_key",
    "new_token",
    "video_room_base_url",
]

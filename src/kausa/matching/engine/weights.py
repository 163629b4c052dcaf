"""The scale of the score: weights, the value of each part, CEFR levels and certificate ranks."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_KM = 6371.0088

# The one place the weights live. They sum to 1, so a score is in [0, 1].
WEIGHTS: dict[str, float] = {
    "occupation": 0.40,
    "distance": 0.25,
    "german": 0.15,
    "certificate": 0.10,
    "start": 0.10,
}
W_OCC, W_DIST, W_GER, W_CERT, W_START = (
    WEIGHTS["occupation"],
    WEIGHTS["distance"],
    WEIGHTS["german"],
    WEIGHTS["certificate"],
    WEIGHTS["start"],
)
OCC_EXACT, OCC_GROUP, OCC_AREA, OCC_OTHER, OCC_ANY = 1.0, 0.6, 0.25, 0.0, 0.5
DIST_HALF_KM = 15.0
DIST_H2 = DIST_HALF_KM * DIST_HALF_KM
GER_MEETS, GER_BSK, GER_UNKNOWN = 1.0, 0.6, 0.5
CERT_MEETS, CERT_ONE_SHORT, CERT_FAR_SHORT, CERT_RECOGNITION, CERT_UNKNOWN = (
    1.0,
    0.4,
    0.1,
    0.5,
    0.5,
)
START_FITS, START_LATER, START_WINDOW_DAYS, START_LATE_DAYS = 1.0, 0.5, 365, 120.0
SCORE_SCALE = 1_000_000
# the most the three parts that do not depend on place or occupation can add
REST_MAX = W_GER + W_CERT + W_START

# CEFR levels in order (same order as kausa.reference.choices.GermanLevel)
GERMAN_LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
GERMAN_RANK = {level: rank for rank, level in enumerate(GERMAN_LEVELS)}
UNKNOWN = -1
# Required certificates (RequiredCertificate) and what a person has (SchoolCertificate).
REQUIRED_CERT_RANK = {"none": 0, "first": 1, "intermediate": 2, "fhr": 3, "abitur": 4}
CERT_NAMES = ("none", "first", "intermediate", "fhr", "abitur")
FOREIGN_UNRECOGNISED = 9  # a rank of its own: level unknown until recognised
PERSON_CERT_RANK = {
    "none": 0,
    "first": 1,
    "first_extended": 1,
    "intermediate": 2,
    "fhr": 3,
    "abitur": 4,
    # the model stores no level for a recognised foreign certificate; it counts as MSA
    "foreign_recognised": 2,
    "foreign_unrecognised": FOREIGN_UNRECOGNISED,
}
MAX_INTERESTS = 3

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

"""The JOBWALK engines, no Django inside (an import-linter contract keeps it so).

* ``routing``: walking distances on a street graph, or straight line times a detour factor.
* ``tours``: order and choice of stations (Held-Karp, 2-opt, orienteering).
* ``planning``: routes through points and the "make me a tour" planner on any distance model.

The Django side calls them: ``kausa.jobwalk.personal_tours`` (a tour for one person's
interests), ``kausa.jobwalk.streets`` (stored networks), services and selectors.
"""

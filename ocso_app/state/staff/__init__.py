"""States of the Espace OCSO (staff).

Adding a staff page: its route in ``routes.py``; a ``services/`` module taking a ``Session`` and the
``StaffCaller`` (or its ``actor(...)``) with the queries restricted to ``caller.desks`` where démarches are
concerned; a state here subclassing ``base.StaffState`` whose handlers are all written with
``@staff_event(StaffAction.X)`` (the page's ``load``: ``opens_page=True``); a page in ``pages/staff/`` under
``@staff_page(route=…, title=…, on_load=State.load)``, imported in ``pages/staff/__init__.py``; its menu
entry in ``components.navigation.STAFF_MENU`` with the action it needs (shown only to the roles allowing
it). An HTTP route is ``api.guard.staff_route(StaffAction.X, answer, not_found=…)``. Which role may do what
is the table ``services.staff_access.PERMISSIONS``.
"""

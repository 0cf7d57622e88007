"""Row writers shared by the personas and the generated volume: each ``add_*`` queues the rows of one
thing (a company and its contracts, a member, an employee, a décompte…) into a
:class:`~ocso_app.seed.rows.RowBuffer` and returns its id. They write the values they are given: the specs
of ``seed/data`` and the volume's draws decide them."""

"""States of the Espace Employeur: ``base`` (the employer guards), then one module and one state per page."""

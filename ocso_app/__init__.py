"""OCSO portal: the online client spaces of a health and provident insurance broker."""

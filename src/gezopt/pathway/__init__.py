"""A multi-year pathway: investment periods, one LP with a block per period (:mod:`gezopt.pathway.model`)."""

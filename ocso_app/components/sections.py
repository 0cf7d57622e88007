"""The portal's one accordion (the démarches' forms, the help's answers): one section open at a time,
outlined on white. A section slides open in 0.3 s, or at once where the system asks for less motion
(``prefers-reduced-motion``), which Reflex's accordion does not look at."""

from __future__ import annotations

import reflex as rx

REDUCED_MOTION = {
    # [data-state] outweighs the section's own "&[data-state='open']" rule, inserted after this one.
    "@media (prefers-reduced-motion: reduce)": {"& .AccordionContent[data-state]": {"animation": "none"}},
    # a title on two or three lines (on a phone) must not squeeze the chevron to a few pixels
    "& .AccordionChevron": {"flex_shrink": "0"},
}


def accordion(*sections: rx.Component, opened: rx.Var[str] | None = None) -> rx.Component:
    """``sections`` (``rx.accordion.item``s, or a ``foreach`` of them) as one accordion; ``opened``: the value
    of the section open when it is drawn (a new value draws it again, that section open)."""
    at_first = {} if opened is None else {"default_value": opened, "key": opened}
    return rx.accordion.root(
        *sections,
        **at_first,
        type="single",
        collapsible=True,
        variant="outline",
        width="100%",
        background="white",
        style=REDUCED_MOTION,
    )

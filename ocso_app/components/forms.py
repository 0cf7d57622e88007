"""The one family of form pieces: a labelled control (input, date, text area, select), the centred form
card, the submit button, the error/info banners, the file pickers (one Tab stop each, named in French) and
the submit of a form with files.

Every control is tied to its label (``html_for``/``id``) so screen readers and Playwright's
``get_by_label`` find it; ``id_`` defaults to the field's name and must be unique on the page (pages with
several forms prefix it, e.g. ``f"{form}-{name}"``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink

from ocso_app import styles
from ocso_app.services.uploads import MAX_FILE_BYTES

Options = Sequence[tuple[str, str]] | rx.Var
"""Fixed ``(value, label)`` pairs, or a state var listing objects with ``value`` and ``label``."""


def labelled(label: str | rx.Var, control: rx.Component, *, for_id: str | rx.Var, hint: str | None = None):
    """A label above its control, with an optional hint below."""
    return rx.vstack(
        rx.el.label(label, html_for=for_id, font_weight="600", font_size="0.95em"),
        control,
        *([rx.text(hint, size="1", color=styles.TEXT_MUTED)] if hint else []),
        spacing="1",
        width="100%",
    )


def beside_its_label(
    control: rx.Component, label: str, *, for_id: str, align: str = "center"
) -> rx.Component:
    """A switch or a checkbox with its sentence beside it, the whole sentence clickable and naming it."""
    return rx.el.label(rx.hstack(control, rx.text(label), align=align, spacing="3"), html_for=for_id)


def field(
    label: str,
    name: str,
    *,
    id_: str | None = None,
    type_: str = "text",
    autocomplete: str | None = None,
    hint: str | None = None,
    required: bool = True,
    **props: Any,
) -> rx.Component:
    """A labelled text input (``type_`` email, password, tel, date …)."""
    ident = id_ or name
    control = rx.input(
        id=ident,
        name=name,
        type=type_,
        required=required,
        auto_complete=autocomplete,
        size="3",
        width="100%",
        **props,
    )
    return labelled(label, control, for_id=ident, hint=hint)


# Typed and shown jj/mm/aaaa whatever the browser's language (a type=date input follows the browser's
# locale: mm/dd/yyyy in an English Chromium). assets/ocso.js adds the slashes while typing; the server parses
# with ``periods.parse_day``, which also takes the ISO form a test or an old bookmark may send.
DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"


def day_input() -> dict[str, Any]:
    """The props of a text input typed as a date (``date_field``'s, for other fields that take a date); new
    each time, as Reflex adds a field's other attributes to its ``custom_attrs``."""
    return {
        "placeholder": "jj/mm/aaaa",
        "pattern": DAY_PATTERN,
        "input_mode": "numeric",
        "max_length": 10,
        "title": "Date au format jj/mm/aaaa",
        "custom_attrs": {"data-masque": "jj/mm/aaaa"},
    }


def date_field(
    label: str,
    name: str,
    *,
    id_: str | None = None,
    required: bool = False,
    autocomplete: str | None = "off",
) -> rx.Component:
    """A labelled date typed jj/mm/aaaa (a text input with a mask and a pattern, not ``type=date``)."""
    return field(
        label,
        name,
        id_=id_,
        required=required,
        autocomplete=autocomplete,
        **day_input(),
    )


def text_area_field(
    label: str, name: str, *, id_: str | None = None, required: bool = False, max_length: int = 2000
) -> rx.Component:
    """A labelled multi-line text."""
    ident = id_ or name
    control = rx.text_area(
        id=ident, name=name, required=required, max_length=max_length, rows="4", width="100%"
    )
    return labelled(label, control, for_id=ident)


def _options(options: Options) -> list[rx.Component]:
    if isinstance(options, rx.Var):
        return [rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"]))]
    return [rx.el.option(label, value=value) for value, label in options]


def select_field(
    label: str | rx.Var,
    name: str | rx.Var,
    options: Options,
    *,
    id_: str | rx.Var | None = None,
    first: tuple[str, str] | None = None,
    required: bool = False,
    default: str | rx.Var = "",
    **props: Any,
) -> rx.Component:
    """A labelled native select (phones show their own picker). ``first`` is a leading ``(value, label)``
    choice such as ``("", "Tous")``; a placeholder ``("", "Choisir…")`` of a required select is not
    selectable. ``default`` is the value chosen when the select is drawn; ``props`` go to the select (e.g.
    ``on_change``)."""
    ident = id_ if id_ is not None else name
    leading = []
    if first is not None:
        value, text = first
        leading = [rx.el.option(text, value=value, disabled=required and value == "")]
    control = rx.el.select(
        *leading,
        *_options(options),
        id=ident,
        name=name,
        default_value=default,
        required=required,
        style=styles.SELECT,
        **props,
    )
    return labelled(label, control, for_id=ident)


def banner(message: rx.Var[str], *, tone: str = "error") -> rx.Component:
    """A message shown when ``message`` is not empty (role=alert for errors, status otherwise); an error
    takes the focus when its form is refused (``focus.refusal_focus``), hence ``tabindex=-1``."""
    color = {"error": "red", "info": "blue", "success": "green"}[tone]
    error = tone == "error"
    return rx.cond(
        message != "",
        rx.callout(
            message,
            color_scheme=color,
            role="alert" if error else "status",
            tab_index=-1 if error else None,
            width="100%",
        ),
        rx.fragment(),
    )


def form_card(title: str, *children: rx.Component, intro: str | None = None) -> rx.Component:
    """A centred card holding one form, as on the guides' login pages."""
    return rx.center(
        rx.vstack(
            rx.heading(title, as_="h1", size="6", color=styles.NAVY),
            *([rx.text(intro, color=styles.TEXT_MUTED)] if intro else []),
            *children,
            spacing="4",
            style=styles.CARD,
            max_width="460px",
            padding="2em",
        ),
        width="100%",
    )


def submit_button(label: str, loading: rx.Var[bool] | bool = False, **props: Any) -> rx.Component:
    """The form's submit button (full width unless ``width`` is given)."""
    return rx.button(label, type="submit", size="3", loading=loading, **{"width": "100%", **props})


def link_button(label: Any, *, href: Any, **props: Any) -> rx.Component:
    """A link drawn as a button (``props`` are the button's: size, variant…): one ``<a>``, followed by the
    page's router. A button inside a link is invalid HTML and two controls for one action to a keyboard and
    a screen reader."""
    return rx.button(ReactRouterLink.create(label, to=href), as_child=True, **props)


def search_form(label: str, name: str, on_submit: Any, *filters: rx.Component) -> rx.Component:
    """A list's search: the words (``name``), then any ``filters`` (selects), and « Rechercher »."""
    return rx.form(
        rx.flex(
            rx.box(field(label, name, required=False, autocomplete="off"), flex="2", min_width="14em"),
            *[rx.box(f, flex="1", min_width="12em") for f in filters],
            rx.button("Rechercher", type="submit", size="3"),
            align="end",
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        on_submit=on_submit,
        width="100%",
    )


def with_files(upload: str, handler: Any) -> Callable[[rx.Var], list]:
    """The submit of a form with a file picker: ``handler`` receives the picker's files and the form's fields
    in one upload (Reflex posts the form bound to the handler with the files: ``handler(files, form)``), then
    the picker ``upload`` is emptied (in the browser: no script from the server, which the
    Content-Security-Policy forbids)."""
    return lambda form: [
        handler(rx.upload_files(upload_id=upload), form),
        rx.clear_selected_files(upload),
    ]


# The one file a form takes (a proof): PDF, JPEG or PNG (``uploads.check_file`` checks the content again).
PROOF_ACCEPT = {"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]}


def refused_files(rejected: rx.Var, expected: str) -> rx.event.EventSpec:
    """What a picker says, in French, of the files it did not take (another type, too large, one too many):
    their names, then what it takes (``expected``, the picker's own hint); Reflex's own toast is in
    English."""
    names = (
        rejected.to(list)
        .map(lambda item: "« " + item.to(dict)["file"].to(dict)["name"].to(str) + " »")
        .join(", ")
    )
    return rx.toast.error(
        "Fichier non pris en compte", description=names + " : " + expected, close_button=True
    )


def drop_zone(
    picker_id: str,
    *,
    choose: str,
    name: str,
    expected: str,
    accept: dict[str, list[str]],
    max_files: int,
    max_bytes: int,
    icon: str = "paperclip",
    note: str = "",
    described_by: tuple[str, ...] = (),
) -> rx.Component:
    """The zone of a file picker, where files are dropped or chosen: one Tab stop, its button « ``choose`` »
    named « ``choose`` : ``name`` » (what to choose) for a screen reader, described by the hint under it
    (``expected`` and ``note``, ``id="<picker_id>-aide"``) and the ids of ``described_by``; Enter or Space
    on it opens the browser's chooser (the button's click reaches the zone, which opens it). A file of
    another type, over ``max_bytes`` or one too many is refused at once with a French toast saying
    ``expected``.

    Reflex's zone (react-dropzone) is a ``div`` focusable by itself (``tabIndex=0``, role « presentation »:
    an unnamed Tab stop before the button) and its native ``<input type=file>``, only visually hidden,
    reads « Choose File » to a screen reader: ``no_keyboard`` takes the zone out of the tab order (the button
    is the keyboard's way), and the input leaves the accessibility tree (``aria-hidden``; react-dropzone
    already gives it ``tabIndex=-1``)."""
    hint_id = f"{picker_id}-aide"
    zone = rx.upload(
        rx.vstack(
            rx.button(
                rx.icon(icon, size=16),
                choose,
                type="button",
                variant="soft",
                aria_label=f"{choose} : {name}",
                aria_describedby=" ".join((*described_by, hint_id)),
            ),
            rx.text(expected + note, id=hint_id, size="2", color=styles.TEXT_MUTED),
            align="center",
            spacing="2",
        ),
        id=picker_id,
        accept=accept,
        max_files=max_files,
        max_size=max_bytes,
        multiple=max_files > 1,
        no_keyboard=True,
        on_drop_rejected=lambda rejected: refused_files(rejected, expected),
        border=f"1px dashed {styles.BORDER_DASHED}",
        border_radius="8px",
        padding="1em",
        width="100%",
    )
    _native_input(zone).custom_attrs["aria-hidden"] = "true"
    return zone


def _native_input(zone: rx.Component) -> rx.Component:
    """The ``<input type=file>`` Reflex puts first in its drop zone (``Upload.create``: the ``div`` of
    ``getRootProps()``, then the input of ``getInputProps()``, then the children)."""
    (root,) = zone.children
    native = root.children[0]
    if getattr(native, "tag", None) != "input":
        raise TypeError("rx.upload no longer starts its zone with the native file input")
    return native


def one_file_picker(
    picker_id: str,
    hint: str,
    *,
    name: str,
    accept: dict[str, list[str]] = PROOF_ACCEPT,
    icon: str = "paperclip",
    max_bytes: int = MAX_FILE_BYTES,
) -> rx.Component:
    """A drop zone and « Choisir le fichier » for one file (a proof by default; a spreadsheet for the
    imports), with the name of the file chosen; ``name`` says what to choose (« Choisir le fichier :
    ``name`` » to a screen reader); a file of another type or over ``max_bytes`` is refused at once, saying
    ``hint``."""
    return rx.vstack(
        drop_zone(
            picker_id,
            choose="Choisir le fichier",
            name=name,
            expected=hint,
            accept=accept,
            max_files=1,
            max_bytes=max_bytes,
            icon=icon,
        ),
        rx.foreach(rx.selected_files(picker_id), lambda file: rx.text("📎 " + file, size="2")),
        spacing="2",
        width="100%",
    )

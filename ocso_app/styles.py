"""Design tokens: the OCSO colours, widths and the few shared style dictionaries."""

NAVY = "#14284b"
NAVY_DARK = "#0d1b34"
ORANGE = "#e8552b"
SKY = "#e8f1fb"
TEXT_MUTED = "#4a5568"  # 7.5:1 on white
PAGE_MAX_WIDTH = "1180px"
# The narrowest phones (WCAG reflow: 320 px): a style key for what must change there only, 375 px unchanged.
NARROWEST = "@media (max-width: 359.98px)"

BASE_STYLE = {
    "font_family": "'Source Sans 3', 'Segoe UI', system-ui, -apple-system, sans-serif",
    "background_color": "#f5f7fb",
}

CARD = {
    "background": "white",
    "border_radius": "10px",
    "box_shadow": "0 1px 3px rgba(20, 40, 75, 0.12)",
    "padding": "1.25em",
    "width": "100%",
}

SECTION_TITLE = {"color": NAVY, "font_weight": "700", "font_size": "1.25em"}

# Colours beyond the brand's (every colour of the UI comes from this module).
TEXT = "#1a202c"
ON_NAVY_MUTED = "#c9d6ea"  # secondary text on the navy header and footer
BORDER = "#c4cdd9"  # inputs and selects
BORDER_DASHED = "#9aa8bc"  # the file drop zone
RULE = "#e2e8f0"  # separators between list rows
DANGER = "#b42318"  # alerts (news marked as an alert)
ON_NAVY_OUTLINE = "rgba(255, 255, 255, 0.5)"
ORANGE_BUTTON = "#c2410c"  # white on it 5.2:1 (Radix's orange 9 was 3.0:1, under the 4.5 a 14 px label needs)
ORANGE_BUTTON_HOVER = "#9a3412"  # darker under the pointer, as Radix's own buttons
# Read by screen readers, not drawn: a table column's heading when the cells say it (« Ouvrir », buttons).
VISUALLY_HIDDEN = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "white_space": "nowrap",
}
# Affiliation statuses (Radix colour scales of their badges), by AffiliationStatus value.
AFFILIATION_BADGES = {
    "affilie": "green",
    "en_cours_affiliation": "amber",
    "a_relancer": "orange",
    "dispense": "gray",
    "portabilite": "blue",
    "radie": "red",
}
# Pie slices: (fill, ink of the percentage drawn on it), twelve distinct before any repeats.
CHART_PALETTE = [
    (NAVY, "white"),
    (ORANGE, "white"),
    ("#3b82c4", "white"),
    ("#f2a541", TEXT),
    ("#3f8a4f", "white"),
    ("#8e6bbf", "white"),
    ("#c4475b", "white"),
    ("#2bb3b1", TEXT),
    ("#7a5230", "white"),
    ("#a8c8ec", TEXT),
    ("#5c6b7a", "white"),
    ("#e3b7d0", TEXT),
]

SELECT = {
    "width": "100%",
    "padding": "0.55em 0.6em",
    "border": f"1px solid {BORDER}",
    "border_radius": "6px",
    "background": "white",
    "font_size": "1em",
}

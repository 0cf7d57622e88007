"""Design tokens: the OCSO colours, widths and the few shared style dictionaries."""

NAVY = "#14284b"
NAVY_DARK = "#0d1b34"
ORANGE = "#e8552b"
SKY = "#e8f1fb"
TEXT_MUTED = "#4a5568"  # 7.5:1 on white
PAGE_MAX_WIDTH = "1180px"

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

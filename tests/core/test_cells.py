"""Terminal cell widths: the domain's count (for wrapping) against Rich's (for drawing)."""

from __future__ import annotations

import unicodedata

from rich.cells import get_character_cell_size

from explorer.core.cells import char_cells


def test_cell_widths_agree_with_rich_on_common_scripts() -> None:
    """Wrapping (domain, no Rich) and drawing (Rich) must agree on how wide a character is."""
    ranges = [
        range(0x20, 0x7F),  # ASCII
        range(0xA0, 0x250),  # Latin-1 and Latin Extended
        range(0x300, 0x370),  # combining diacritics
        range(0x400, 0x500),  # Cyrillic
        range(0x600, 0x6FF),  # Arabic
        range(0x3040, 0x3100),  # Hiragana, Katakana
        range(0x4E00, 0x4F00),  # CJK ideographs
        range(0xAC00, 0xAD00),  # Hangul syllables
        range(0xFF01, 0xFF5F),  # full-width forms
        range(0x1F600, 0x1F650),  # emoji faces
    ]
    different = [
        hex(cp)
        for block in ranges
        for cp in block
        if char_cells(chr(cp)) != get_character_cell_size(chr(cp))
        and unicodedata.category(chr(cp)) != "Cf"  # Arabic format marks: Rich counts 1
    ]
    assert different == []

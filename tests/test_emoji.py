from franklin_compat.reading.emoji import EMOJI


def test_known_entries() -> None:
    assert EMOJI["joy"] == "😂"
    assert EMOJI["+1"] == "👍"
    assert EMOJI["smile"] == "😄"


def test_table_size() -> None:
    assert len(EMOJI) > 800
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in EMOJI.items())

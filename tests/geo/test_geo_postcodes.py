"""Postcodes in the text of a post: PC6 and PC4, and the numbers that are not postcodes."""

import pytest

from geo import Gazetteer


class TestPC6:
    @pytest.mark.parametrize(
        ("text", "pc4"),
        [
            ("geen stroom 6821 AB", "6821"),
            ("storing 3531AB sinds vanochtend", "3531"),
            ("storing op 6821ab", "6821"),
        ],
    )
    def test_pc6_gives_its_pc4(self, gaz: Gazetteer, text: str, pc4: str) -> None:
        """A PC6 with or without space yields its PC4 with cue pc6."""
        result = gaz.geotag(text)
        assert result.pc4s == (pc4,)
        assert result.cue == "pc6"
        assert result.confidence == pytest.approx(0.99)

    def test_forbidden_letters_are_not_pc6(self, gaz: Gazetteer) -> None:
        """SA, SD and SS are never issued, so "6821 SS" is read as a plain PC4."""
        assert gaz.geotag("storing 6821 SS").cue == "pc4"

    def test_lowercase_word_after_number_is_not_pc6(self, gaz: Gazetteer) -> None:
        """ "6821 en 6822" is two PC4s, not PC6 "6821 EN"."""
        result = gaz.geotag("storing in 6821 en 6822")
        assert result.cue == "pc4"
        assert result.pc4s == ("6821", "6822")

    def test_pc6_of_unknown_pc4_is_ignored(self, gaz: Gazetteer) -> None:
        """A PC6 whose PC4 does not exist is not taken."""
        assert gaz.geotag("storing 1000 AB").cue == "none"


class TestPC4:
    def test_pc4_found(self, gaz: Gazetteer) -> None:
        """A lone existing PC4 is taken with cue pc4."""
        result = gaz.geotag("weer geen stroom in 6821")
        assert result == type(result)(("6821",), "pc4", 0.95, "6821")

    def test_several_pc4s(self, gaz: Gazetteer) -> None:
        """Every PC4 in the text is returned, sorted."""
        assert gaz.geotag("storing 6822, 6821 en 6823").pc4s == ("6821", "6822", "6823")

    @pytest.mark.parametrize("text", ["storing in 1000", "storing 9999", "stroom weg 0123"])
    def test_unknown_pc4_ignored(self, gaz: Gazetteer, text: str) -> None:
        """Codes not in the table (PO boxes, placeholders) are never returned."""
        assert gaz.geotag(text).pc4s == ()

    def test_postcode_beats_place_name(self, gaz: Gazetteer) -> None:
        """A PC4 in the text wins over a town name in the same text."""
        assert gaz.geotag("Arnhem 6821 zonder stroom").pc4s == ("6821",)


class TestNotPostcodes:
    @pytest.mark.parametrize(
        "text",
        [
            "om 1230 uur viel alles uit",
            "sinds 1415 geen stroom",
            "stroom weg tussen 1300 en 1400",
            "al 1230 minuten geen stroom",
        ],
    )
    def test_times(self, gaz: Gazetteer, text: str) -> None:
        """Times such as "1230 uur" or "om 1230" are not postcodes."""
        assert gaz.geotag(text).cue == "none"

    @pytest.mark.parametrize(
        "text",
        [
            "Dorpsstraat 1234 geen stroom",
            "storing Kerkweg 3511",
            "huisnummer 6821 zit zonder stroom",
        ],
    )
    def test_house_numbers(self, gaz: Gazetteer, text: str) -> None:
        """A number after a street name or "nr" is a house number."""
        assert gaz.geotag(text).cue == "none"

    @pytest.mark.parametrize(
        "text",
        [
            "bel 0800-9009 voor storingen",
            "bel 0800 9009",
            "mijn nummer 06 1234 5678",
            "020 5555 1234",
        ],
    )
    def test_phone_numbers(self, gaz: Gazetteer, text: str) -> None:
        """Groups of a phone number are not postcodes."""
        assert gaz.geotag(text).cue == "none"

    @pytest.mark.parametrize(
        "text",
        ["€ 1500 schade door de storing", "€1500 kwijt", "1500 euro aan eten weg", "kost 2500 EUR"],
    )
    def test_money(self, gaz: Gazetteer, text: str) -> None:
        """Amounts of money are not postcodes."""
        assert gaz.geotag(text).cue == "none"

    @pytest.mark.parametrize(
        "text",
        ["1500 huishoudens zonder stroom", "ruim 3500 klanten getroffen", "6821 kWh verbruikt"],
    )
    def test_counts_and_units(self, gaz: Gazetteer, text: str) -> None:
        """Numbers followed by a unit or a count noun are not postcodes."""
        assert gaz.geotag(text).cue == "none"

    @pytest.mark.parametrize(
        "text", ["sinds 2021 al 3 keer storing", "in 1998 ook al", "zomer 2023 was erger"]
    )
    def test_years(self, gaz: Gazetteer, text: str) -> None:
        """Numbers 1900-2099 are years by default."""
        assert gaz.geotag(text).cue == "none"

    def test_decimals_are_not_postcodes(self, gaz: Gazetteer) -> None:
        """Numbers with decimal or thousand separators are not postcodes."""
        assert gaz.geotag("spanning 2301.5 volt, 1.500 woningen").cue == "none"


class TestYearsWithPostcodeContext:
    @pytest.mark.parametrize("text", ["postcode 2021 zonder stroom", "pc 2021 storing"])
    def test_postcode_word(self, gaz: Gazetteer, text: str) -> None:
        """ "postcode 2021" and "pc 2021" are postcodes although 2021 looks like a year."""
        assert gaz.geotag(text).pc4s == ("2021",)

    def test_followed_by_own_place(self, gaz: Gazetteer) -> None:
        """ "2021 Haarlem" is a postcode: 2021 is a Haarlem PC4."""
        assert gaz.geotag("2021 Haarlem geen stroom").pc4s == ("2021",)

    def test_followed_by_other_place(self, gaz: Gazetteer) -> None:
        """ "2021 Arnhem" is a year followed by a town, so the town is the cue."""
        result = gaz.geotag("2021 Arnhem geen stroom")
        assert result.cue == "place"
        assert "2021" not in result.pc4s


class TestTimesWithPostcodeContext:
    def test_followed_by_own_place(self, gaz: Gazetteer) -> None:
        """ "omgeving van 1056 A'dam": a time-like number before its own town is a postcode."""
        text = "Er is een storing in de omgeving van 1056 A'dam. Onze monteurs zijn onderweg."
        assert gaz.geotag(text).pc4s == ("1056",)

    def test_followed_by_other_place(self, gaz: Gazetteer) -> None:
        """ "vanaf 1056 Den Haag" stays a time: 1056 is not a PC4 of The Hague."""
        result = gaz.geotag("stroom weg vanaf 1056 Den Haag")
        assert result.cue == "place"
        assert "1056" not in result.pc4s

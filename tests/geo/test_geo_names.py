"""Place names, aliases, neighbourhoods and hashtags in the text of a post."""

import pytest

from geo import Gazetteer


class TestPlaces:
    def test_town_yields_all_its_pc4s(self, gaz: Gazetteer) -> None:
        """A town name yields the whole set of its PC4s."""
        result = gaz.geotag("stroomstoring Arnhem")
        assert result.cue == "place"
        assert result.pc4s == gaz.place_pc4s("Arnhem")
        assert "6821" in result.pc4s
        assert len(result.pc4s) > 20
        assert result.confidence == pytest.approx(0.75)

    @pytest.mark.parametrize("text", ["STORING ARNHEM", "storing arnhem", "Storing ARNHEM!"])
    def test_any_case(self, gaz: Gazetteer, text: str) -> None:
        """Town names match in any case."""
        assert gaz.geotag(text).pc4s == gaz.place_pc4s("Arnhem")

    @pytest.mark.parametrize(
        ("text", "town"),
        [
            ("Geen stroom in Den Haag, balen", "'s-Gravenhage"),
            ("storing 's-Gravenhage", "'s-Gravenhage"),
            ("storing ’s Gravenhage", "'s-Gravenhage"),
            ("The Hague power outage", "'s-Gravenhage"),
            ("Den Bosch zonder stroom", "'s-Hertogenbosch"),
            ("stroom weg in 's-Hertogenbosch", "'s-Hertogenbosch"),
            ("storing s-hertogenbosch", "'s-Hertogenbosch"),
            ("er is een stroomstoring in A'dam. We zoeken", "Amsterdam"),
            ("storing in R'dam", "Rotterdam"),
            ("stroom weg in a'dam. ook bij de buren", "Amsterdam"),
            ("stroom weg in r\u2019dam", "Rotterdam"),
        ],
    )
    def test_aliases(self, gaz: Gazetteer, text: str, town: str) -> None:
        """Aliases and apostrophe variants resolve to the official woonplaats."""
        result = gaz.geotag(text)
        assert result.cue == "place"
        assert result.name == town
        assert result.pc4s == gaz.place_pc4s(town)

    @pytest.mark.parametrize(
        ("text", "town"),
        [
            ("Bergen op Zoom geen stroom", "Bergen op Zoom"),
            ("storing in Wijk bij Duurstede", "Wijk bij Duurstede"),
            ("alphen a/d rijn storing", "Alphen aan den Rijn"),
            ("Capelle aan den IJssel donker", "Capelle aan den IJssel"),
            ("Storing St. Michielsgestel", "Sint-Michielsgestel"),
            ("storing Hoek van Holland", "Hoek van Holland"),
        ],
    )
    def test_multi_word_names(self, gaz: Gazetteer, text: str, town: str) -> None:
        """Multi-word names match as a whole, with sint/st and a/d variants."""
        assert gaz.geotag(text).name == town

    def test_several_towns_are_united(self, gaz: Gazetteer) -> None:
        """Two towns in one post give the union of their PC4s."""
        result = gaz.geotag("Ede en Wageningen zonder stroom")
        assert set(result.pc4s) == set(gaz.place_pc4s("Ede")) | set(gaz.place_pc4s("Wageningen"))

    def test_gemeente_name(self, gaz: Gazetteer) -> None:
        """A gemeente name that is no woonplaats yields the gemeente's PC4s."""
        result = gaz.geotag("storing in het Westland")
        assert result.cue == "place"
        assert {gaz.info(p).gemeente for p in result.pc4s} == {"Westland"}

    def test_frisian_name(self, gaz: Gazetteer) -> None:
        """Frisian names of Friesland towns are known (Snits is Sneek)."""
        assert gaz.geotag("gjin stroom yn Snits").pc4s == gaz.place_pc4s("Sneek")


class TestCommonWordPlaces:
    @pytest.mark.parametrize(
        "text",
        [
            "best wel vervelend dat de stroom weer uit is",
            "Heel de buurt zonder stroom, echt waardeloos",
            "de buren hebben ook geen stroom",
            "storing in de wijk",
            "een storing bij ons",
            "storing in putten",
            "Best balen, weer geen stroom",
            "dit kan leiden tot problemen",
            "we kampen met een storing",
            "storing in de steeg achter ons huis",
            "de hoop is weg, geen stroom",
        ],
    )
    def test_words_are_not_places(self, gaz: Gazetteer, text: str) -> None:
        """Places that are also common words do not count without place context."""
        assert gaz.geotag(text).cue == "none"

    @pytest.mark.parametrize(
        ("text", "town"),
        [
            ("storing in Best", "Best"),
            ("STORING IN PUTTEN", "Putten"),
            ("alles zwart in Born", "Born"),
            ("In Heel geen stroom", "Heel"),
            ("stroom uit bij Son", "Son en Breugel"),
            ("storing omgeving Lent", "Lent"),
            ("Stroom uit in Leiden", "Leiden"),
            ("storing in 't Harde", "'t Harde"),
            ("Storing in de Hoef", "de Hoef"),
        ],
    )
    def test_words_with_context_are_places(self, gaz: Gazetteer, text: str, town: str) -> None:
        """After "in"/"bij"/"omgeving" and capitalised, a common-word place counts."""
        result = gaz.geotag(text)
        assert result.cue == "place"
        assert result.name == town

    @pytest.mark.parametrize(
        ("text", "town"),
        [
            ("stroomstoring Leiden", "Leiden"),
            ("gasstoring Goes!! geen warm water", "Goes"),
            ("geen stroom Putten", "Putten"),
            ("Heel Best zonder stroom??", "Best"),
            ("heel Goes zit zonder stroom", "Goes"),
        ],
    )
    def test_after_outage_word_or_intensifier(self, gaz: Gazetteer, text: str, town: str) -> None:
        """A capitalised common-word place right after an outage word or "heel" counts."""
        result = gaz.geotag(text)
        assert (result.cue, result.name) == ("place", town)

    @pytest.mark.parametrize(
        ("text", "town"),
        [
            ("Goes zonder stroom, zelfs de bieb is dicht", "Goes"),
            ("Leiden blackout?? my flat is dark", "Leiden"),
            ("Leiden: stroom uitgevallen in de binnenstad", "Leiden"),
            ("kampen gasstoring, buurman zegt hele straat", "Kampen"),
            ("putten weer eens zonder stroom", "Putten"),
            ("Son zonder stroom?? alles uit hier", "Son en Breugel"),
            ("Lent zit zonder stroom", "Lent"),
        ],
    )
    def test_opening_a_post_about_an_outage(self, gaz: Gazetteer, text: str, town: str) -> None:
        """A common-word place opening a post, then an outage within a few words, counts."""
        result = gaz.geotag(text)
        assert (result.cue, result.name) == ("place", town)

    def test_closing_a_clause_after_comma(self, gaz: Gazetteer) -> None:
        """A capitalised common-word place after a comma, ending its sentence, counts."""
        assert gaz.geotag("Hele wijk zonder stroom, Goes").name == "Goes"
        assert gaz.geotag("Ik heb geen stroom meer, Kampen. Storing?").name == "Kampen"

    @pytest.mark.parametrize(
        "text",
        [
            "Echt geen stroom meer",
            "Buren zonder stroom, wij ook",
            "Oranje zonder stroom in de tweede helft",
            "Best balen, weer geen stroom",
            "Heel de buurt zonder stroom, echt waardeloos",
            "Top, weer geen stroom",
            "Goes well, no power issues",
        ],
    )
    def test_sentence_openers_stay_words(self, gaz: Gazetteer, text: str) -> None:
        """Words that often open a sentence are not read as places from what follows."""
        assert gaz.geotag(text).cue == "none"

    def test_soft_word_capitalised_mid_sentence(self, gaz: Gazetteer) -> None:
        """A less common word that is a sizeable town counts when capitalised mid-sentence."""
        assert gaz.geotag("storing Leiden centrum").pc4s
        assert gaz.geotag("storing leiden").cue == "none"

    def test_common_word_as_hashtag(self, gaz: Gazetteer) -> None:
        """A capitalised hashtag of a common-word place counts."""
        result = gaz.geotag("weer geen stroom #Best")
        assert (result.cue, result.name) == ("hashtag", "Best")

    def test_common_word_in_place_field(self, gaz: Gazetteer) -> None:
        """A common-word place in the place field counts."""
        result = gaz.geotag("geen stroom", place="Best, Nederland")
        assert (result.cue, result.name) == ("place_field", "Best")

    @pytest.mark.parametrize("text", ["storing in Nederland", "storing in Zeeland", "Holland"])
    def test_countries_and_provinces_are_not_places(self, gaz: Gazetteer, text: str) -> None:
        """Country and province names never map to the hamlets that share them."""
        assert gaz.geotag(text).cue == "none"


class TestSharedNames:
    def test_larger_population_by_default(self, gaz: Gazetteer) -> None:
        """Without other hints the larger Hengelo (Overijssel) is taken, less confidently."""
        result = gaz.geotag("stroomstoring in Hengelo")
        assert gaz.info(result.pc4s[0]).provincie == "Overijssel"
        assert result.confidence < 0.75

    @pytest.mark.parametrize(
        ("profile", "provincie"),
        [
            ("Zutphen", "Gelderland"),
            ("Achterhoek", "Gelderland"),
            ("Enschede, Nederland", "Overijssel"),
            ("Twente", "Overijssel"),
        ],
    )
    def test_profile_picks_town(self, gaz: Gazetteer, profile: str, provincie: str) -> None:
        """The author's profile location picks between same-named towns."""
        result = gaz.geotag("stroomstoring in Hengelo", author_location=profile)
        assert {gaz.info(p).provincie for p in result.pc4s} == {provincie}

    def test_profile_province_picks_bergen(self, gaz: Gazetteer) -> None:
        """A province in the profile picks Bergen (L) over Bergen (NH)."""
        result = gaz.geotag("storing in Bergen", author_location="Limburg")
        assert {gaz.info(p).provincie for p in result.pc4s} == {"Limburg"}
        assert gaz.info(gaz.geotag("storing in Bergen").pc4s[0]).provincie == "Noord-Holland"

    @pytest.mark.parametrize(
        ("text", "provincie"),
        [("Storing Hengelo (Gld)", "Gelderland"), ("storing in Bergen NH", "Noord-Holland")],
    )
    def test_province_suffix(self, gaz: Gazetteer, text: str, provincie: str) -> None:
        """A province suffix after the name picks the town."""
        result = gaz.geotag(text)
        assert {gaz.info(p).provincie for p in result.pc4s} == {provincie}

    def test_other_town_in_text_picks(self, gaz: Gazetteer) -> None:
        """A nearby town in the same post picks the right namesake."""
        result = gaz.geotag("storing in Bergen en Venray", author_location=None)
        assert "5854" in result.pc4s


class TestNeighbourhoods:
    def test_lombok(self, gaz: Gazetteer) -> None:
        """Lombok maps to Utrecht PC4s near the neighbourhood."""
        result = gaz.geotag("stroomstoring Lombok??")
        assert result.cue == "neighbourhood"
        assert result.confidence == pytest.approx(0.8)
        assert result.pc4s
        assert {gaz.info(p).gemeente for p in result.pc4s} == {"Utrecht"}
        assert "3531" in result.pc4s

    @pytest.mark.parametrize(
        ("text", "gemeente"),
        [
            ("storing Zuilen", "Utrecht"),
            ("stroomstoring Zuidwijk", "Rotterdam"),
            ("Scheveningen donker", "'s-Gravenhage"),
            ("Storing in Amsterdam Zuidoost", "Amsterdam"),
            ("Kanaleneiland storing", "Utrecht"),
        ],
    )
    def test_neighbourhoods(self, gaz: Gazetteer, text: str, gemeente: str) -> None:
        """Neighbourhood names map to PC4s in their own gemeente."""
        result = gaz.geotag(text)
        assert result.cue == "neighbourhood"
        assert {gaz.info(p).gemeente for p in result.pc4s} == {gemeente}

    def test_neighbourhood_beats_town(self, gaz: Gazetteer) -> None:
        """A neighbourhood and its town in one post give the neighbourhood."""
        assert gaz.geotag("Utrecht Overvecht zonder stroom").name == "Overvecht"

    def test_town_direction(self, gaz: Gazetteer) -> None:
        """ "Zwolle-Zuid" gives the southern part of Zwolle."""
        result = gaz.geotag("@liander alles zwart in Zwolle-Zuid")
        zwolle = gaz.place_pc4s("Zwolle")
        assert result.cue == "neighbourhood"
        assert result.name == "Zwolle-Zuid"
        assert set(result.pc4s) < set(zwolle)
        south = sum(gaz.info(p).lat for p in result.pc4s) / len(result.pc4s)
        assert south < sum(gaz.info(p).lat for p in zwolle) / len(zwolle)

    def test_town_centre(self, gaz: Gazetteer) -> None:
        """ "Utrecht centrum" gives the central PC4s of Utrecht."""
        result = gaz.geotag("Storing Utrecht centrum")
        assert result.cue == "neighbourhood"
        assert "3511" in result.pc4s
        assert len(result.pc4s) < 6

    def test_direction_of_small_village_is_the_village(self, gaz: Gazetteer) -> None:
        """A direction on a village too small to split yields the whole village."""
        result = gaz.geotag("storing in Lent-Oost")
        assert result.pc4s == gaz.place_pc4s("Lent")


class TestHashtags:
    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("#arnhem geen stroom", "Arnhem"),
            ("#DenHaag storing", "'s-Gravenhage"),
            ("#Lombok weer donker", "Lombok"),
            ("#stroomstoringUtrecht", "Utrecht"),
            ("#stroomstoringarnhem", "Arnhem"),
        ],
    )
    def test_hashtags(self, gaz: Gazetteer, text: str, name: str) -> None:
        """Hashtags name places, also glued to an outage word."""
        result = gaz.geotag(text)
        assert (result.cue, result.name) == ("hashtag", name)
        assert result.confidence == pytest.approx(0.7)

    def test_hashtag_direction(self, gaz: Gazetteer) -> None:
        """#ZwolleZuid gives the southern part of Zwolle."""
        result = gaz.geotag("#ZwolleZuid geen stroom")
        assert set(result.pc4s) < set(gaz.place_pc4s("Zwolle"))

    def test_text_name_beats_hashtag(self, gaz: Gazetteer) -> None:
        """A name in the text wins over a hashtag."""
        assert gaz.geotag("storing Ede #arnhem").name == "Ede"

    def test_mentions_are_not_places(self, gaz: Gazetteer) -> None:
        """@mentions are account names, not places."""
        assert gaz.geotag("@Utrecht @Arnhem wanneer is het opgelost").cue == "none"

    def test_lowercase_common_word_hashtag(self, gaz: Gazetteer) -> None:
        """#best in lower case is an ordinary hashtag."""
        assert gaz.geotag("#best #echt").cue == "none"


class TestTypos:
    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Power cut in Berda-West again", "Breda-West"),
            ("geen stroom in Amstrdam", "Amsterdam"),
            ("stroomstoring in Zwollle", "Zwolle"),
            ("Heel Utrect zonder stroom", "Utrecht"),
            ("Stroom weg in Lombk", "Lombok"),
        ],
    )
    def test_one_slip_is_forgiven(self, gaz: Gazetteer, text: str, name: str) -> None:
        """A name with one letter dropped, doubled, changed or swapped is still found, less sure."""
        result = gaz.geotag(text)
        assert result.name == name
        assert result.confidence < 0.75

    @pytest.mark.parametrize(
        "text",
        [
            "Hagel in maart, geen stroom",
            "stroom weg bij de Albert Heijn",
            "Wie kijkt er ook Goede tijden? Geen stroom",
            "Beste mensen, geen stroom",
            "Mijn Moeder heeft geen stroom",
        ],
    )
    def test_dutch_words_are_not_typos(self, gaz: Gazetteer, text: str) -> None:
        """Words the Dutch word list knows, or capitals opening a sentence, are not names."""
        assert gaz.geotag(text).cue == "none"

    def test_spelt_right_is_surer(self, gaz: Gazetteer) -> None:
        """The same place spelt right keeps the full confidence of its cue."""
        assert gaz.geotag("geen stroom in Amsterdam").confidence == 0.75

"""Places and distances: the offline gazetteer, distances, boxes and site maps."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import API_V2_STUDIES, shared_path
from trialfinder.model import GeoPoint, Location
from trialfinder.places import (
    MAX_DISTANCE_KM,
    Country,
    Distance,
    UnknownPlaceError,
    _loaded_gazetteer,
    _one_edit,
    bounding_box,
    haversine_km,
    nearest_site,
    nearest_sites,
    normalise_city,
    normalise_country,
    parse_distance,
    resolve_place,
)
from trialfinder.present.maps import MapPoint, render_sites_svg

SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


def destination(
    lat: float, lon: float, bearing_degrees: float, distance_km: float
) -> tuple[float, float]:
    """The point ``distance_km`` from (lat, lon) along a bearing, on the same sphere."""
    angular = distance_km / 6371.0088
    phi1, lambda1, theta = math.radians(lat), math.radians(lon), math.radians(bearing_degrees)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(angular) + math.cos(phi1) * math.sin(angular) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(angular) * math.cos(phi1),
        math.cos(angular) - math.sin(phi1) * math.sin(phi2),
    )
    lon2 = (math.degrees(lambda2) + 540.0) % 360.0 - 180.0
    return math.degrees(phi2), lon2


# --------------------------------------------------------------------------- places


def _spelt_one_edit_off(data: st.DataObject, key: str) -> str:
    """``key`` with one letter changed, added or dropped, or two neighbours swapped."""
    position = data.draw(st.integers(0, len(key) - 1))
    letter = data.draw(st.sampled_from("aeiounrst -"))
    return data.draw(
        st.sampled_from(
            [
                key[:position] + letter + key[position + 1 :],
                key[:position] + letter + key[position:],
                key[:position] + key[position + 1 :],
                key[:position]
                + key[position + 1 : position + 2]
                + key[position : position + 1]
                + key[position + 2 :],
            ]
        )
    )


@settings(deadline=None)  # the first example loads the gazetteer
@given(st.data())
def test_a_misspelt_city_is_found_as_a_comparison_with_every_name_would_find_it(
    data: st.DataObject,
) -> None:
    """The index of names with a letter dropped finds the city a comparison of the typed
    name with every name of the country (the definition of one edit) finds."""
    gazetteer = _loaded_gazetteer()
    country = data.draw(st.sampled_from(["US", "KR", "FR", "IN", "BR"]))
    names = [
        (number, key)
        for number, key in enumerate(gazetteer.primary_keys)
        if gazetteer.cities[number].countrycode == country
    ]
    _, key = data.draw(st.sampled_from(names))
    typed = _spelt_one_edit_off(data, key) if data.draw(st.booleans()) else key
    expected = min((n for n, name in names if _one_edit(typed, name)), default=None)
    assert gazetteer.one_edit_from(typed, country) == expected


def test_lyon_resolves_to_the_french_city() -> None:
    place = resolve_place("Lyon")
    assert (place.name, place.country, place.country_code) == ("Lyon", "France", "FR")
    assert place.latitude == pytest.approx(45.76, abs=0.05)
    assert place.longitude == pytest.approx(4.84, abs=0.05)
    assert place.label == "Lyon, France"


@pytest.mark.parametrize("text", ["Lyon, France", "lyon, fr", "LYON,France", "Lyon France"])
def test_lyon_with_a_country_in_any_spelling_is_the_same_place(text: str) -> None:
    assert resolve_place(text) == resolve_place("Lyon")


@pytest.mark.parametrize("text", ["Springfield, IL", "Springfield, Illinois", "springfield il"])
def test_springfield_with_a_state_resolves_to_that_state(text: str) -> None:
    place = resolve_place(text)
    assert (place.admin1, place.admin1_code, place.country_code) == ("Illinois", "IL", "US")
    assert place.latitude == pytest.approx(39.80, abs=0.05)


def test_ambiguous_name_picks_the_most_populous_and_lists_the_others() -> None:
    place = resolve_place("Springfield")
    assert place.admin1 == "Missouri"
    assert "Springfield, Illinois, United States" in place.also_named


@pytest.mark.parametrize(
    "text", ["Washington, D.C.", "Washington DC", "Washington, District of Columbia"]
)
def test_dotted_initials_work_as_a_region(text: str) -> None:
    assert resolve_place(text).admin1 == "District of Columbia"


def test_two_letter_region_can_be_a_us_state_sharing_a_country_code() -> None:
    # GA is Gabon and Georgia; Athens exists only in the latter of those two.
    assert resolve_place("Athens, GA").admin1 == "Georgia"


def test_seoul_resolves_to_south_korea() -> None:
    place = resolve_place("Seoul")
    assert place.country == "South Korea"
    assert place.latitude == pytest.approx(37.57, abs=0.05)


@pytest.mark.parametrize(
    "text", ["São Paulo", "Sao Paulo", "SAO PAULO", "sao-paulo", " são  paulo "]
)
def test_sao_paulo_resolves_with_or_without_accents(text: str) -> None:
    place = resolve_place(text)
    assert (place.name, place.country_code) == ("São Paulo", "BR")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("New York", "New York City"),
        ("New York, NY", "New York City"),
        ("Bombay", "Mumbai"),
        ("서울", "Seoul"),
    ],
)
def test_alternate_names_resolve_to_the_city(text: str, name: str) -> None:
    assert resolve_place(text).name == name


def test_coordinates_resolve_without_the_gazetteer() -> None:
    place = resolve_place("45.76,4.83")
    assert (place.latitude, place.longitude, place.country) == (45.76, 4.83, None)
    assert resolve_place("-33.87 151.21").longitude == 151.21


@pytest.mark.parametrize("text", ["95,4", "45,181", "-90.5, 0"])
def test_coordinates_out_of_range_are_rejected_with_a_message(text: str) -> None:
    with pytest.raises(ValueError, match="outside"):
        resolve_place(text)


def test_misspelt_place_suggests_the_intended_one() -> None:
    with pytest.raises(UnknownPlaceError) as caught:
        resolve_place("Lyonn")
    assert caught.value.suggestions[0] == "Lyon, France"
    assert len(caught.value.suggestions) <= 5
    assert "Did you mean" in str(caught.value)


def test_misspelt_place_with_a_state_suggests_within_that_state() -> None:
    with pytest.raises(UnknownPlaceError) as caught:
        resolve_place("Sprngfield, IL")
    assert caught.value.suggestions == ("Springfield, Illinois, United States",)


def test_unknown_region_suggests_the_same_name_elsewhere() -> None:
    with pytest.raises(UnknownPlaceError) as caught:
        resolve_place("London, Ontario")
    assert "Ontario" in str(caught.value)
    assert "London, Canada" in caught.value.suggestions


def test_city_missing_from_the_named_country_suggests_where_it_is() -> None:
    with pytest.raises(UnknownPlaceError) as caught:
        resolve_place("Lyon, US")
    assert caught.value.suggestions == ("Lyon, France",)


def test_a_country_alone_asks_for_a_city_and_offers_the_capital() -> None:
    with pytest.raises(UnknownPlaceError, match="is a country") as caught:
        resolve_place("France")
    assert caught.value.suggestions == ("Paris, France",)


@pytest.mark.parametrize("text", ["", "   ", ",,,", "Xyzzyplugh", "'; DROP TABLE x; --", "🙂" * 50])
def test_nonsense_places_raise_unknown_place_not_anything_else(text: str) -> None:
    with pytest.raises(UnknownPlaceError):
        resolve_place(text)


# --------------------------------------------------------------------------- distances


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50km", Distance(50.0, "km")),
        ("50 km", Distance(50.0, "km")),
        ("30mi", Distance(30.0, "mi")),
        ("1.5 miles", Distance(1.5, "mi")),
        ("10", Distance(10.0, "km")),
        (" 12.5KM ", Distance(12.5, "km")),
    ],
)
def test_distances_parse_with_their_unit(text: str, expected: Distance) -> None:
    assert parse_distance(text) == expected


def test_miles_convert_to_kilometres_and_display_as_typed() -> None:
    distance = parse_distance("30mi")
    assert distance.kilometres == pytest.approx(48.28, abs=0.01)
    assert str(distance) == "30 mi"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5km", "greater than zero"),
        ("0", "greater than zero"),
        ("50 m", "Unknown distance unit"),
        ("fifty", "Not a distance"),
        ("", "Not a distance"),
        ("100000km", "farther than any two places"),
        ("9" * 400, "farther than any two places"),
    ],
)
def test_bad_distances_are_rejected_with_a_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_distance(text)


@pytest.mark.parametrize(
    ("a", "b", "kilometres"),
    [
        ((45.764, 4.8357), (48.8566, 2.3522), 392.0),  # Lyon - Paris
        ((51.5074, -0.1278), (40.7128, -74.0060), 5570.0),  # London - New York
        ((37.5665, 126.978), (35.1796, 129.0756), 325.0),  # Seoul - Busan
    ],
)
def test_haversine_matches_known_city_distances(
    a: tuple[float, float], b: tuple[float, float], kilometres: float
) -> None:
    assert haversine_km(*a, *b) == pytest.approx(kilometres, rel=0.01)


def test_haversine_of_a_point_to_itself_and_its_antipode() -> None:
    assert haversine_km(10.0, 20.0, 10.0, 20.0) == 0.0
    assert haversine_km(10.0, 20.0, -10.0, -160.0) == pytest.approx(MAX_DISTANCE_KM)


def test_nearest_sites_sorts_by_distance_not_list_order_and_skips_unplaced_sites() -> None:
    paris = Location(facility="Paris site", geo_point=GeoPoint(48.8566, 2.3522))
    seoul = Location(facility="Seoul site", geo_point=GeoPoint(37.5665, 126.978))
    unplaced = Location(facility="No coordinates", city="Lyon")
    lyon = Location(facility="Lyon site", geo_point=GeoPoint(45.76, 4.84))
    junk = Location(facility="Junk coordinates", geo_point=GeoPoint(91.0, 0.0))
    ranked = nearest_sites([seoul, paris, unplaced, junk, lyon], 45.75, 4.85)
    assert [location.facility for location, _ in ranked] == [
        "Lyon site",
        "Paris site",
        "Seoul site",
    ]
    assert ranked[0][1] < 2.0
    assert ranked[1][1] == pytest.approx(392.0, rel=0.01)


def test_nearest_site_is_the_first_of_nearest_sites_on_real_trials() -> None:
    """The one-site shortcut a results page uses gives the very site and distance the
    full ranking gives first (ties: the registry's first), few sites or hundreds."""
    trials = [
        json.loads(line)["protocolSection"].get("contactsLocationsModule", {}).get("locations", [])
        for line in shared_path(API_V2_STUDIES).read_text(encoding="utf-8").splitlines()
    ]
    site_lists = [
        [
            Location(
                facility=location.get("facility"),
                city=location.get("city"),
                geo_point=GeoPoint(location["geoPoint"]["lat"], location["geoPoint"]["lon"])
                if location.get("geoPoint")
                else None,
            )
            for location in locations
        ]
        for locations in trials
    ]
    assert any(len(sites) >= 100 for sites in site_lists)
    places = [resolve_place(name) for name in ("Seoul", "Lyon", "Houston", "Sao Paulo")]
    for sites in site_lists:
        for place in places:
            ranked = nearest_sites(sites, place.latitude, place.longitude)
            nearest = nearest_site(sites, place.latitude, place.longitude)
            if not ranked:
                assert nearest is None
                continue
            assert nearest is not None
            assert nearest[0] is ranked[0][0] and nearest[1] == ranked[0][1]


def test_nearest_site_among_equally_near_sites_is_the_registry_first() -> None:
    same_city = [
        Location(facility=f"Site {number}", geo_point=GeoPoint(45.76, 4.84)) for number in range(40)
    ]
    far = Location(facility="Far", geo_point=GeoPoint(48.8566, 2.3522))
    nearest = nearest_site([far, *same_city], 45.75, 4.85)
    assert nearest is not None and nearest[0].facility == "Site 0"
    assert nearest_site([Location(facility="Nowhere")], 45.75, 4.85) is None


# --------------------------------------------------------------------------- boxes


@given(
    latitude=st.floats(-90.0, 90.0),
    longitude=st.floats(-180.0, 180.0),
    radius_km=st.floats(0.0, 5000.0),
    bearing=st.floats(0.0, 360.0),
    fraction=st.floats(0.0, 1.0),
)
def test_bounding_box_contains_every_point_within_the_radius(
    latitude: float, longitude: float, radius_km: float, bearing: float, fraction: float
) -> None:
    point = destination(latitude, longitude, bearing, radius_km * fraction)
    box = bounding_box(latitude, longitude, radius_km)
    assert box.min_lat <= box.max_lat and box.min_lon <= box.max_lon
    if haversine_km(latitude, longitude, *point) <= radius_km:
        assert box.contains(*point)


def test_bounding_box_is_tight_away_from_poles_and_antimeridian() -> None:
    box = bounding_box(45.76, 4.84, 50.0)
    assert box.max_lat - box.min_lat == pytest.approx(0.899, abs=0.001)
    assert box.max_lon - box.min_lon == pytest.approx(1.289, abs=0.001)


def test_bounding_box_across_the_antimeridian_widens_instead_of_wrapping() -> None:
    box = bounding_box(-17.7, 179.9, 100.0)  # Fiji
    assert (box.min_lon, box.max_lon) == (-180.0, 180.0)
    assert box.contains(-17.7, -179.9)


def test_bounding_box_over_a_pole_covers_every_longitude() -> None:
    box = bounding_box(89.5, 10.0, 100.0)
    assert (box.max_lat, box.min_lon, box.max_lon) == (90.0, -180.0, 180.0)


def test_box_prefilter_then_haversine_equals_haversine_alone_on_real_sites() -> None:
    sites = [
        Location(
            facility=location.get("facility"),
            geo_point=GeoPoint(location["geoPoint"]["lat"], location["geoPoint"]["lon"]),
        )
        for line in shared_path(API_V2_STUDIES).read_text(encoding="utf-8").splitlines()
        for location in json.loads(line)["protocolSection"]
        .get("contactsLocationsModule", {})
        .get("locations", [])
        if location.get("geoPoint")
    ]
    assert len(sites) > 10_000
    for place_name, radius_km in [("Seoul", 50.0), ("Lyon", 100.0), ("Springfield, IL", 300.0)]:
        place = resolve_place(place_name)
        box = bounding_box(place.latitude, place.longitude, radius_km)
        ranked = nearest_sites(sites, place.latitude, place.longitude)
        within = [site for site, distance in ranked if distance <= radius_km]
        prefiltered = [
            site
            for site, distance in ranked
            if box.contains(site.latitude or 0.0, site.longitude or 0.0) and distance <= radius_km
        ]
        assert within and within == prefiltered
        distances = [distance for _, distance in ranked]
        assert distances == sorted(distances)


# --------------------------------------------------------------------------- normalisers


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Korea, Republic of", Country("South Korea", "KR")),
        ("South Korea", Country("South Korea", "KR")),
        ("United States", Country("United States", "US")),
        ("USA", Country("United States", "US")),
        ("U.S.A.", Country("United States", "US")),
        ("Turkey", Country("Turkey", "TR")),
        ("Türkiye", Country("Turkey", "TR")),
        ("Iran, Islamic Republic of", Country("Iran", "IR")),
        ("Côte D'Ivoire", Country("Côte d'Ivoire", "CI")),
        ("Czech Republic", Country("Czechia", "CZ")),
        ("Russian Federation", Country("Russia", "RU")),
        ("Palestinian Territory, occupied", Country("Palestine", "PS")),
        ("The Netherlands", Country("Netherlands", "NL")),
        ("  viet   nam ", Country("Vietnam", "VN")),
        ("Narnia", Country("Narnia", None)),
    ],
)
def test_registry_country_spellings_map_to_one_name_and_code(
    spelling: str, expected: Country
) -> None:
    assert normalise_country(spelling) == expected


def test_empty_country_is_none() -> None:
    assert normalise_country(None) is None
    assert normalise_country("  ") is None


@pytest.mark.parametrize(
    ("city", "country_code", "expected"),
    [
        ("SEOUL", "KR", "Seoul"),
        ("Sao Paulo", "BR", "São Paulo"),
        ("  lyon ", None, "Lyon"),
        ("BAD NAUHEIM", "DE", "Bad Nauheim"),
        ("KLEINDORFHAUSEN", "DE", "Kleindorfhausen"),
        ("ABB", "AR", "ABB"),
        ("D.F", "MX", "D.F"),
        ("New York", "US", "New York"),
        ("?ód?", "PL", "?ód?"),
        ("", None, None),
    ],
)
def test_city_names_are_tidied_but_never_renamed(
    city: str, country_code: str | None, expected: str | None
) -> None:
    assert normalise_city(city, country_code) == expected


# --------------------------------------------------------------------------- SVG


def test_svg_map_escapes_hostile_site_names_and_stays_well_formed() -> None:
    hostile = [
        '<script>alert("x")</script>',
        "Hôpital & Clinic ]]> <!-- -->",
        '" onload="alert(1)',
        "control\x00\x1bchars",
    ]
    points = [MapPoint(45.0 + i, 4.0 + i, label) for i, label in enumerate(hostile)]
    svg = render_sites_svg(points, 400, 300)
    assert "<script" not in svg and "<!--" not in svg
    root = ElementTree.fromstring(svg)
    circles = root.findall(f"{SVG_NAMESPACE}circle")
    titles = [circle.findtext(f"{SVG_NAMESPACE}title") for circle in circles]
    assert titles == [*hostile[:3], "controlchars"]
    assert "href" not in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_svg_map_fits_every_site_inside_the_picture() -> None:
    points = [
        MapPoint(45.76, 4.84, "Lyon"),
        MapPoint(37.57, 126.98, "Seoul"),
        MapPoint(-23.5, -46.6, "SP"),
    ]
    for candidates in (points, [MapPoint(-17.7, 179.5, "Fiji"), MapPoint(-13.8, -171.8, "Samoa")]):
        root = ElementTree.fromstring(render_sites_svg(candidates, 640, 400))
        for circle in root.findall(f"{SVG_NAMESPACE}circle"):
            assert 0 <= float(circle.attrib["cx"]) <= 640
            assert 0 <= float(circle.attrib["cy"]) <= 400


def test_svg_map_across_the_antimeridian_keeps_pacific_neighbours_close() -> None:
    root = ElementTree.fromstring(
        render_sites_svg(
            [MapPoint(-17.7, 179.5, "Fiji"), MapPoint(-13.8, -171.8, "Samoa")], 640, 400
        )
    )
    fiji, samoa = (float(circle.attrib["cx"]) for circle in root.findall(f"{SVG_NAMESPACE}circle"))
    assert fiji < samoa


def test_svg_map_of_sites_from_locations_skips_unplaced_ones() -> None:
    locations = [
        Location(
            facility="Centre Léon Bérard",
            city="Lyon",
            country="France",
            geo_point=GeoPoint(45.74, 4.88),
        ),
        Location(facility="Nowhere", city="Lyon"),
    ]
    points = [point for point in map(MapPoint.from_location, locations) if point is not None]
    assert points == [MapPoint(45.74, 4.88, "Centre Léon Bérard, Lyon, France")]
    assert render_sites_svg(points).count("<circle") == 1


def test_svg_map_without_sites_says_so() -> None:
    svg = render_sites_svg([], 320, 200)
    assert "No sites with coordinates" in ElementTree.fromstring(svg).findtext(
        f"{SVG_NAMESPACE}text", ""
    )


def test_svg_map_draws_land_under_named_markers_zoomed_to_a_few_degrees() -> None:
    points = [MapPoint(45.76, 4.84, "Centre Léon Bérard, Lyon, France")]
    root = ElementTree.fromstring(render_sites_svg(points, 640, 400))
    land = root.find(f"{SVG_NAMESPACE}g[@class='basemap-land']")
    assert land is not None and len(land.findall(f"{SVG_NAMESPACE}path")) > 3
    country_titles = {path.findtext(f"{SVG_NAMESPACE}title") for path in land}
    assert {"France", "Switzerland", "Italy"} <= country_titles  # the neighbours are in view
    labels = root.find(f"{SVG_NAMESPACE}g[@class='site-labels']")
    assert labels is not None
    assert [text.text for text in labels] == ["Centre Léon Bérard"]


def test_svg_map_names_a_handful_of_positions_and_only_tooltips_beyond() -> None:
    few = [MapPoint(45.0 + i, 4.0 + i, f"Site {i}, Town") for i in range(3)]
    few.append(MapPoint(45.0, 4.0, "Site 3, Town"))  # same city as site 0
    root = ElementTree.fromstring(render_sites_svg(few))
    names = [text.text for text in root.iter(f"{SVG_NAMESPACE}text") if text.text]
    assert "Site 0 +1" in names and "Site 2" in names
    many = [MapPoint(40.0 + i, 0.5 * i, f"Site {i}") for i in range(12)]
    svg = render_sites_svg(many)
    assert "Site 3</text>" not in svg and "<title>Site 3</title>" in svg
    assert render_sites_svg(many, labelled=2).count("</text>") - svg.count("</text>") == 2


def test_svg_map_marks_the_place_and_the_site_nearest_to_it() -> None:
    points = [MapPoint(48.86, 2.35, "Paris site"), MapPoint(43.3, 5.37, "Marseille site")]
    svg = render_sites_svg(points, place=MapPoint(45.76, 4.84, "Lyon, France"))
    root = ElementTree.fromstring(svg)
    nearest = root.findall(f"{SVG_NAMESPACE}circle[@class='nearest-site']")
    assert [circle.findtext(f"{SVG_NAMESPACE}title") for circle in nearest] == [
        "Nearest site: Marseille site"
    ]
    place = root.find(f"{SVG_NAMESPACE}path[@class='searched-place']")
    assert place is not None and place.findtext(f"{SVG_NAMESPACE}title") == "Lyon, France"

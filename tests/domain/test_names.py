"""Display names split into structured names: titles, suffixes, and family-name-first conventions."""

import pytest

from netdesk.domain.names import join_name, split_display_name, split_name


@pytest.mark.parametrize("display, family, given", [
    ("Anna O'Brien, PhD", "O'Brien", "Anna"),
    ("山田 太郎", "山田", "太郎"),
    ("王小明", "王", "小明"),
    ("欧阳修文", "欧阳", "修文"),
    ("김민준", "김", "민준"),
    ("남궁민수", "남궁", "민수"),
    ("Kim Min-jun", "Kim", "Min-jun"),
    ("Nguyễn Thị Minh Khai", "Nguyễn", "Thị Minh Khai"),
    ("Nguyen Thi Minh Khai", "Nguyen", "Thi Minh Khai"),
    ("Kovács János", "Kovács", "János"),
    ("Szűcs Éva", "Szűcs", "Éva"),
    ("John Smith", "Smith", "John"),
    ("Мария Иванова", "Иванова", "Мария"),
    ("Prince", "", "Prince"),
])
def test_family_and_given(display, family, given):
    name = split_display_name(display)
    assert (name.family, name.given) == (family, given)


def test_titles_suffixes_and_particles_go_to_their_parts():
    name = split_display_name("Dr. Jane van der Berg Jr.")
    assert name.n() == ["van der Berg", "Jane", "", "Dr.", "Jr."]
    assert split_display_name("Anna O'Brien, PhD").suffix == "PhD"


def test_a_japanese_name_without_a_space_is_not_cut_at_a_guess():
    assert split_display_name("山田太郎").n()[:2] == ["山田太郎", ""]


def test_split_name_keeps_middle_names_with_the_given_name():
    assert split_name("John Ronald Reuel Tolkien") == ("John Ronald Reuel", "Tolkien")


def test_join_name_writes_each_script_in_its_order():
    assert join_name("太郎", "山田") == "山田太郎"
    assert join_name("민준", "김") == "김민준"
    assert join_name("Jane", "Doe") == "Jane Doe"
    assert join_name("", "Doe") == "Doe"

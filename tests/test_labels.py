"""Labels computed from the data: where the articles come from, what their spellings say."""

import pandas as pd
from conftest import HEADER, TINY_META, TINY_TEXTS, load_data, write_corpus

from corpusbook import describe

ALIASES = pd.DataFrame(
    {
        "alias": ["Tokajew", "Tokayev", "Putin"],
        "canonical": ["Tokajew", "Tokajew", "Putin"],
        "type": "person",
        "transliteration": ["german", "english", ""],
    }
)


def mention_tokens(docs):
    rows = [
        {
            "doc_id": d,
            "paragraph": 0,
            "position": i,
            "token": w,
            "entity": "Tokajew" if w.startswith("Toka") else "",
            "entity_start": w.startswith("Toka"),
            "entity_type": "person" if w.startswith("Toka") else "",
            "alias": w if w.startswith("Toka") else "",
        }
        for d, words in docs.items()
        for i, w in enumerate(words)
    ]
    return pd.DataFrame(rows)


def test_a_route_through_english_is_claimed_only_where_the_spellings_support_it():
    tokens = mention_tokens(
        {"ru": ["Tokayev", "sagte"], "en": ["Tokayev", "sagte"], "vi": ["Tokayev"], "de": ["Tokajew"], "none": ["und"]}
    )
    documents = pd.DataFrame(
        {"doc_id": ["ru", "en", "vi", "de", "none"], "source_language": ["ru", "en", "vi", "ru", "ru"]}
    )
    table = describe.transliteration_evidence(tokens, ALIASES, documents).set_index("doc_id")
    assert table["claim"].to_dict() == {
        "ru": "through English",
        "en": "as in the original",
        "vi": "undecided",
        "de": "German only",
        "none": "no names",
    }
    assert table.loc["ru", ["english", "german", "english_spellings"]].tolist() == [1, 0, "Tokayev"]


def test_the_english_original_is_never_said_to_pass_through_english(project):
    table = describe.transliteration_evidence(project.tokens, project.resources.aliases, project.documents)
    english = table["source_language"] == "en"
    assert len(table) == len(project.documents) and not (table.loc[english, "claim"] == "through English").any()


def test_outlets_separate_the_original_from_the_republisher():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "outlet": ["bbabo.net", "bbabo.net", "ttn-de", "baoquocte.vn"],
            "original_outlet": ["", "", "Financial Times", "baoquocte.vn"],
        }
    )
    table = describe.outlets(documents).set_index("outlet")
    assert table.loc["bbabo.net", ["articles", "originals", "republisher"]].tolist() == [2, "not named", True]
    assert table.loc["ttn-de", "originals"] == "Financial Times" and table.loc["ttn-de", "republisher"]
    assert not table.loc["baoquocte.vn", "republisher"]


def test_metadata_accepts_an_original_outlet_column(tmp_path):
    header = HEADER.replace("outlet,", "outlet,original_outlet,")
    meta = [row[:4] + ("Financial Times",) + row[4:] for row in TINY_META]
    data = load_data(write_corpus(tmp_path / "with", TINY_TEXTS, meta, header))
    assert data.documents["original_outlet"].tolist() == ["Financial Times", "Financial Times"]
    assert (load_data(write_corpus(tmp_path / "without")).documents["original_outlet"] == "").all()
    # the column last in the header, and a row that stops before it (as the shipped metadata.csv has it)
    last = [row + ("Financial Times",) for row in TINY_META[:1]] + TINY_META[1:]
    data = load_data(write_corpus(tmp_path / "last", TINY_TEXTS, last, HEADER.replace("\n", ",original_outlet\n")))
    assert data.documents["original_outlet"].tolist() == ["Financial Times", ""]

"""Names the alias table does not know are listed as candidates; the table covers the shipped articles."""

import pandas as pd
from conftest import ROOT, load_data, write_corpus

from corpusbook import actors, quotes
from corpusbook.preprocess import load_aliases

RULES = quotes.load_speech_rules(ROOT / "corpus")

EU_TEXT = (
    "EU-Kommissionspräsidentin Ursula von der Leyen kündigte am Montag neue Sanktionen gegen Russland an.\n\n"
    "„Wir werden den Druck auf Moskau weiter erhöhen“, sagte von der Leyen in Brüssel.\n\n"
    "Die Außenbeauftragte Kaja Kallas reiste danach nach Astana. Kallas betonte, dass Kasachstan ein "
    "wichtiger Partner sei.\n\n"
    "Der lettische Kommissar Valdis Dombrovskis sprach über die Ausbildung von Militärspezialisten und den Handel. "
    "„Die Umgehung der Sanktionen muss enden“, sagte Dombrovskis.\n\n"
    "„Russland kann Kasachstan nicht mehr aufhalten“, sagte Umarow.\n"
)


def candidates(tmp_path, aliases=None):
    folder = write_corpus(
        tmp_path / "corpus",
        {"eu.txt": EU_TEXT},
        [("eu", "texts/eu.txt", "EU", "x", "2025-03-01", "", "", "de", "", "test")],
    )
    if aliases is not None:
        aliases.to_csv(folder / "aliases.csv", index=False)
    data = load_data(folder)
    q = quotes.find_quotes(data.corpus.paragraphs, data.resources.aliases, RULES)
    return actors.name_candidates(
        data.tokens, data.corpus.paragraphs, RULES.roles, q.loc[q["speaker"] == "", "speaker_phrase"]
    )


def test_new_people_are_listed_as_candidates(tmp_path):
    table = candidates(tmp_path).set_index("surname")
    assert table.loc["Leyen", "name"] == "Ursula von der Leyen" and table.loc["Leyen", "mentions"] == 2
    assert table.loc["Kallas", ["name", "mentions", "cue"]].tolist() == ["Kaja Kallas", 2, "Außenbeauftragte"]
    assert table.loc["Dombrovskis", ["name", "mentions", "articles", "documents"]].tolist() == [
        "Valdis Dombrovskis",
        2,
        1,
        "eu",
    ]
    assert "Militärspezialisten" not in table.index  # common nouns after 'von' are no name
    assert "Umarow" not in table.index  # the alias table knows him


def test_a_speaker_the_table_does_not_know_is_a_candidate(tmp_path):
    aliases = pd.read_csv(ROOT / "corpus" / "aliases.csv", dtype=str, keep_default_na=False)
    table = candidates(tmp_path, aliases[aliases["canonical"] != "Umarow"]).set_index("surname")
    assert table.loc["Umarow", "cue"] == "speaker"


def test_known_names_punctuation_and_common_nouns():
    from corpusbook.tokenize import word_tokens

    texts = [
        "Präsident Wladimir Putin sagte es in Nickelsdorf. Doskozil kam nicht.",
        "Er kam mit 10 Prozent. Prozent Casinos Austria zahlt. Doskozil blieb bei Casinos Austria.",
    ]
    paragraphs = pd.DataFrame({"doc_id": "a", "paragraph": [0, 1], "text": texts})
    words = [(p, w) for p, text in enumerate(texts) for w in word_tokens(text)]
    tokens = pd.DataFrame(
        {
            "doc_id": "a",
            "paragraph": [p for p, _ in words],
            "token": [w for _, w in words],
            "lemma": [w for _, w in words],
            "kind": "word",
            "is_stop": False,
            "entity": "",
        }
    )
    tokens.loc[tokens["token"].isin(["Wladimir", "Putin"]), "entity"] = "Putin"
    table = actors.name_candidates(tokens, paragraphs, RULES.roles)
    assert table["name"].tolist() == ["Casinos Austria"]  # not 'Nickelsdorf Doskozil' (a full stop), not 'Prozent'


def test_every_person_is_an_alias_of_itself_and_every_gold_speaker_is_known():
    aliases = load_aliases(ROOT / "corpus" / "aliases.csv")
    people = aliases[aliases["type"] == "person"]
    assert set(people["canonical"]) <= set(people["alias"])
    gold = pd.read_csv(ROOT / "tests" / "data" / "quotes_gold.csv", dtype=str, keep_default_na=False)
    assert set(gold["speaker"]) - {""} <= set(people["canonical"])

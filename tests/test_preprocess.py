"""Lemmas, stop words, aliases and the cached token table."""

import pandas as pd
import pytest
from conftest import ROOT

from corpusbook.errors import CorpusError
from corpusbook.preprocess import (
    TOKEN_COLUMNS,
    AliasMatcher,
    build_token_table,
    lemmatize_forms,
    load_aliases,
    load_resources,
    load_stopwords,
)

RES = load_resources(ROOT / "corpus")


def table_for(*paragraphs):
    paras = pd.DataFrame({"doc_id": ["d"] * len(paragraphs), "paragraph": range(len(paragraphs)), "text": paragraphs})
    return build_token_table(paras, RES)


def test_lemma_override_fixes_simplemma_error():
    assert lemmatize_forms(["Quelle"])["Quelle"] != "Quelle"  # the error the override exists for
    assert lemmatize_forms(["Quelle"], RES.lemma_overrides)["Quelle"] == "Quelle"


def test_lemmas_of_inflected_forms():
    t = table_for("Die Beziehungen zwischen den Ländern waren gut.")
    assert dict(zip(t["token"], t["lemma"]))["Beziehungen"] == "Beziehung"
    assert dict(zip(t["token"], t["lemma"]))["Ländern"] == "Land"
    assert dict(zip(t["token"], t["lemma"]))["waren"] == "sein"


def test_stopwords_combine_iso_list_project_list_and_removals():
    words = load_stopwords(ROOT / "corpus" / "stopwords.txt")
    assert "und" in words  # stopwords-iso
    assert "sagen" in words  # project list
    assert "macht" not in words  # removed with '-macht'


def test_is_stop_uses_token_and_lemma():
    t = table_for("Er sagte, die Macht sei bei Putin.")
    stop = dict(zip(t["token"], t["is_stop"]))
    assert stop["Er"] and stop["die"] and stop["sagte"]  # 'sagte' via its lemma 'sagen'
    assert not stop["Macht"] and not stop["Putin"]


@pytest.mark.parametrize(
    "text, entity, surface",
    [
        ("Kassym-Schomart Tokajew sprach.", "Tokajew", "Kassym-Schomart Tokajew"),
        ("Kassym-Jomart Tokayev sprach.", "Tokajew", "Kassym-Jomart Tokayev"),
        ("Tokajews Besuch.", "Tokajew", "Tokajews"),
        ("Nazarbayev und der Clan.", "Nasarbajew", "Nazarbayev"),
        (
            "die Organisation des Vertrags über kollektive Sicherheit tagte",
            "OVKS",
            "Organisation des Vertrags über kollektive Sicherheit",
        ),
        ("im Rahmen der Eurasischen Wirtschaftsunion", "EAWU", "Eurasischen Wirtschaftsunion"),
        ("Die CSTO-Truppen kamen.", "OVKS", "CSTO-Truppen"),
        ("nach Nur-Sultan", "Astana", "Nur-Sultan"),
        ("in Kasachstans Hauptstadt", "Kasachstan", "Kasachstans"),
    ],
)
def test_aliases_match_multiword_inflected_and_compound_forms(text, entity, surface):
    t = table_for(text)
    ent = t[t["entity"] == entity]
    assert ent["entity_start"].sum() == 1
    assert " ".join(ent["token"]) == surface


def test_genitive_name_is_lemmatized_to_the_name():
    t = table_for("Putins Rede und Tokajews Antwort")
    assert t.loc[t.token == "Putins", "lemma"].item() == "Putin"
    assert t.loc[t.token == "Tokajews", "lemma"].item() == "Tokajew"


def test_entities_do_not_cross_paragraphs():
    t = table_for("Er traf Wladimir", "Putin kam.")
    assert t[t.entity == "Putin"]["entity_start"].sum() == 1
    assert t.loc[t.token == "Wladimir", "entity"].item() == ""


def test_common_words_are_not_entities():
    t = table_for("Die Staaten des Westens und die Organisation der Arbeit")
    assert (t["entity"] == "").all()


def test_alias_table_errors_name_row_and_field(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("alias,canonical,type\nPutin,Putin,human\nTokajew,,person\nputin,Other,person\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_aliases(path)
    msg = str(info.value)
    assert "row 2: field 'type'" in msg and "row 3: field 'canonical'" in msg and "'putin' maps to more than one" in msg


def test_token_table_columns_and_counts(project):
    t = project.tokens
    assert list(t.columns[: len(TOKEN_COLUMNS)]) == TOKEN_COLUMNS
    assert (t.groupby("doc_id")["position"].apply(lambda s: (s.diff().dropna() == 1).all())).all()
    assert set(t["kind"]) <= {"word", "number", "url", "abbr"}
    assert not t["token"].str.contains(r"^[„“”«»\"',.;:!?()]+$").any()  # no punctuation tokens


def test_loaded_corpus_is_cached_and_recomputed_when_a_file_changes(tiny_corpus, tmp_path):
    from corpusbook.book import load_folder

    cache = tmp_path / "cache"
    first = load_folder(tiny_corpus, cache_folder=cache)
    again = load_folder(tiny_corpus, cache_folder=cache)
    pd.testing.assert_frame_equal(first.tokens, again.tokens)
    assert (again.counts.matrix != first.counts.matrix).nnz == 0
    entries = sorted((cache / "joblib").rglob("output.pkl"))
    assert len(entries) == 1  # read, not computed again
    text = tiny_corpus / "texts" / "b.txt"
    text.write_text(text.read_text(encoding="utf-8") + "Neue Sanktionen.\n", encoding="utf-8")
    changed = load_folder(tiny_corpus, cache_folder=cache)
    assert "Sanktion" in set(changed.tokens["lemma"]) and "Sanktion" not in set(first.tokens["lemma"])
    assert len(sorted((cache / "joblib").rglob("output.pkl"))) == 2  # a new entry for the new inputs


def test_no_cache_writes_nothing(tiny_corpus, tmp_path):
    from corpusbook.book import load_folder

    load_folder(tiny_corpus, cache_folder=tmp_path / "none", cache=False)
    assert not (tmp_path / "none").exists()


def test_stop_words_inside_entity_names_stay_stop_words():
    t = table_for("die Shanghaier Organisation für Zusammenarbeit")
    assert t.loc[t.token == "für", "entity"].item() == "SOZ"
    assert t.loc[t.token == "für", "is_stop"].item()


def test_entities_equal_matching_each_paragraph_alone(project):
    # the table's vectorised pre-filter and scan give what AliasMatcher.match finds per paragraph
    matcher = AliasMatcher(RES.aliases)
    t = project.tokens
    for (doc, para), group in t.groupby(["doc_id", "paragraph"], sort=False):
        tokens = group["token"].tolist()
        lemma_of = lemmatize_forms(tokens, RES.lemma_overrides)
        lemmas = [lemma_of[x] if k == "word" else x for x, k in zip(tokens, group["kind"])]
        found = [(s, canonical) for s, _, canonical, *_ in matcher.match(tokens, lemmas)]
        starts = group["entity_start"].to_numpy().nonzero()[0]
        assert [(s, group["entity"].iloc[s]) for s in starts] == found, (doc, para)


def test_article_counts_count_content_lemmas(project):
    from collections import Counter

    from corpusbook.counts import Counts

    t = project.tokens
    counts = project.counts
    content = t[t["kind"].isin(["word", "abbr"]) & ~t["is_stop"]]
    assert list(counts.docs) == sorted(set(t["doc_id"]))
    assert list(counts.terms) == sorted(set(content["lemma"]))  # no empty columns
    for row, doc in enumerate(counts.docs):
        expected = Counter(content.loc[content["doc_id"] == doc, "lemma"])
        dense = counts.matrix.getrow(row).toarray().ravel()
        assert {counts.terms[j]: int(dense[j]) for j in dense.nonzero()[0]} == dict(expected)
        assert counts.sizes[row] == (t["doc_id"] == doc).sum()  # every word token, stop words included
    with_stop = Counts(t, include_stop=True)
    assert with_stop.matrix.sum() == t["kind"].isin(["word", "abbr"]).sum() and len(with_stop.terms) > len(counts.terms)

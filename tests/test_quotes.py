"""Quotations: the attribution rules on small German texts, and on the shipped articles."""

import pandas as pd
import pytest
from conftest import ROOT

from corpusbook import quotes
from corpusbook.errors import CorpusError

ALIASES = pd.read_csv(ROOT / "corpus" / "aliases.csv", dtype=str, keep_default_na=False)
RULES = quotes.load_speech_rules(ROOT / "corpus")


def found(*paragraphs):
    paras = pd.DataFrame({"doc_id": "d", "paragraph": range(len(paragraphs)), "text": list(paragraphs)})
    return quotes.find_quotes(paras, ALIASES, RULES)


def direct(*paragraphs):
    q = found(*paragraphs)
    return q[q["kind"] == "direct"].reset_index(drop=True)


@pytest.mark.parametrize(
    "text, speaker, verb",
    [
        ("„Wir werden weiter zusammenarbeiten“, sagte Putin.", "Putin", "sagte"),
        ("„Die Stimmung ist gut und konkret“, erklärte Kassym-Schomart Tokajew am Dienstag.", "Tokajew", "erklärte"),
        ("„Die Beziehungen sind eng und vertrauensvoll“, betonte Lawrow.", "Lawrow", "betonte"),
        ("„Das Bündnis bleibt fest und stark“, bekräftigte Murat Nurtleu.", "Nurtleu", "bekräftigte"),
        ("„Ein schlechter Frieden ist besser als ein guter Streit“, resümierte Tokajew.", "Tokajew", "resümierte"),
        ("„Jetzt tut er alles für das Land“, fügte Putin hinzu.", "Putin", "fügte hinzu"),
        ("„Das sind alles offene Prozesse“, so Zatulin abschließend.", "Satulin", "so"),
        ("„Moskau sollte ein Freund sein.“ sagte Zekow.", "Zekow", "sagte"),
        ("«Wir müssen uns um sie kümmern», sagte Tokajew.", "Tokajew", "sagte"),
        ('"Die Lage in Kasachstan ist stabil", sagte Umarow.', "Umarow", "sagte"),
    ],
)
def test_speech_verbs_after_the_quotation(text, speaker, verb):
    q = direct(text)
    assert q[["speaker", "verb", "attribution"]].values.tolist() == [[speaker, verb, "after"]]


def test_colon_introductions_with_gegenueber():
    q = direct(
        "Während des Besuchs von Sergej Lawrow bekräftigte Außenminister Murat Nurtleu gegenüber Reportern: "
        "„Freundschaft mit Russland ist für uns äußerst wichtig.“"
    )
    assert q.loc[0, ["speaker", "attribution", "resolution"]].tolist() == ["Nurtleu", "before", "name"]


def test_headline_name_before_a_colon():
    q = direct(
        'Außenminister Lawrow: "Die Beziehungen sind eng". Moskau – Am Freitag begann der Besuch.',
        "Justizminister Heiko Maas: „Wir dürfen nicht abwarten, bis etwas geschieht“.",
    )
    assert q[["speaker", "speaker_phrase", "attribution"]].values.tolist() == [
        ["Lawrow", "Lawrow", "before"],
        ["", "Justizminister Heiko Maas", "before"],
    ]


def test_colon_at_the_end_of_the_paragraph_before():
    q = direct("Putin wies auf den Handel hin:", "„Der bilaterale Handel wächst stetig und erreichte einen Rekord.“")
    assert q.loc[0, ["paragraph", "speaker", "verb", "attribution"]].tolist() == [1, "Putin", "wies hin", "before"]


def test_description_resolved_by_an_apposition_in_the_same_article():
    q = direct(
        "Der russische Präsident Wladimir Putin besuchte Astana. Präsident Tokajew empfing ihn.",
        "Der russische Präsident erklärte: „Die Zusammenarbeit ist wahrhaft verbündeter Natur.“",
    )
    assert q.loc[0, ["speaker", "speaker_phrase", "resolution"]].tolist() == [
        "Putin",
        "Der russische Präsident",
        "description",
    ]


def test_role_resolved_by_recency_and_unknown_description_left_open():
    q = direct(
        "Der Politologe Dmitry Mikhailichenko sprach in Kasan.",
        "„Die Jugend orientiert sich am Westen und das zählt“, so der Experte.",
        "„Die Spielregeln haben sich ganz geändert“, sagte die Zeitung.",
    )
    assert q["speaker"].tolist() == ["Michailitschenko", ""]
    assert q.loc[1, ["speaker_phrase", "resolution"]].tolist() == ["die Zeitung", "none"]


def test_continuation_nested_quotes_and_a_quotation_over_two_paragraphs():
    q = direct(
        "„Wir haben die längste Grenze der Welt“, sagte Tokajew. „Außer Freundschaft darf es nichts geben.“",
        "„Kasachstan fungierte als „Bremsbacke“, wenn es um Integration ging“, sagte Zatulin.",
        "„Die Beziehungen waren schon immer eng.",
        'Durchbrüche sind aber nicht zu erwarten", erklärte Lukyanov.',
    )
    assert q[["paragraph", "speaker", "attribution"]].values.tolist() == [
        [0, "Tokajew", "after"],
        [0, "Tokajew", "continuation"],
        [1, "Satulin", "after"],
        [2, "Lukjanow", "after"],
    ]
    assert "„Bremsbacke“" in q.loc[2, "quote"]
    assert q.loc[3, "quote"].endswith("nicht zu erwarten")


def test_embedded_fragments_take_the_speaker_of_their_sentence():
    q = direct(
        "Gleichzeitig betonte Wassilenko später, es gebe „keine Probleme“, es gebe jedoch „andere Themen“.",
        "Die Proteste, die Tokajew als „Putschversuch“ bezeichnete, waren vorbei.",
    )
    assert q[["speaker", "attribution", "short"]].values.tolist() == [
        ["Wassilenko", "embedded", True],
        ["Wassilenko", "embedded", True],
        ["Tokajew", "embedded", True],
    ]


@pytest.mark.parametrize(
    "text, phrase, resolution",
    [
        ("„Ich selbst mache mir große Sorgen“, gab er zu.", "er", "pronoun"),
        ("„Die Spielregeln haben sich geändert“, sagte ein politischer Analyst.", "ein politischer Analyst", "none"),
        ("„Wir müssen uns um sie kümmern“, sagte Tokajews Sprecher.", "Tokajews Sprecher", "none"),
    ],
)
def test_pronouns_unnamed_speakers_and_genitives_stay_unattributed(text, phrase, resolution):
    q = direct(text)
    assert q.loc[0, ["speaker", "speaker_phrase", "resolution"]].tolist() == ["", phrase, resolution]


def test_titles_and_short_quotations_are_kept_and_flagged():
    q = direct(
        "Fjodor Lukjanow, Chefredakteur der Zeitschrift „Russland“ im Magazin „Global Affairs“, sagte, dass "
        "nichts geschieht. „Wir werden weiterarbeiten“, sagte er."
    )
    assert q["quote"].tolist() == ["Russland", "Global Affairs", "Wir werden weiterarbeiten"]
    assert q["short"].tolist() == [True, True, True] and (q["speaker"] == "").all()


@pytest.mark.parametrize(
    "text, speaker, verb",
    [
        ("Putin sagte, dass die Lage in Kasachstan schwierig sei.", "Putin", "sagte"),
        ("Laut Lawrow sind sich Moskau und Astana einig.", "Lawrow", "laut"),
        ("Nach Angaben von Tokajew wurden elf Dokumente unterzeichnet.", "Tokajew", "nach Angaben"),
        ("Die Unterstützung werde auch militärische Angelegenheiten betreffen, betonte Putin.", "Putin", "betonte"),
        ("Zatulin drückte die Hoffnung aus, dass sich die Situation ändert.", "Satulin", "drückte aus"),
    ],
)
def test_indirect_speech_with_a_named_speaker(text, speaker, verb):
    q = found(text)
    assert q[["kind", "speaker", "verb"]].values.tolist() == [["indirect", speaker, verb]]


def test_no_speech_no_rows():
    assert found("Der Kamin erinnerte unaufdringlich an das jüngste Treffen.", "").empty
    assert list(found("").columns) == quotes.QUOTE_COLUMNS


def test_rule_files_are_checked(tmp_path):
    (tmp_path / "speech_verbs.csv").write_text("lemma,particle,where\nsagen,,anywhere\n,,any\n", encoding="utf-8")
    (tmp_path / "speaker_roles.csv").write_text("role\nExperte\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        quotes.load_speech_rules(tmp_path)
    assert "field 'where' is 'anywhere'" in str(info.value) and "row 3: field 'lemma' is empty" in str(info.value)


@pytest.fixture(scope="module")
def shipped(project):
    return quotes.find_quotes(project.corpus.paragraphs, project.resources.aliases, RULES)


def test_2024_article_quotes_putin_nurtleu_and_tokajew(shipped):
    q = shipped[(shipped["doc_id"] == "004") & (shipped["kind"] == "direct")]
    assert {"Putin", "Nurtleu", "Tokajew"} <= set(q["speaker"])


def test_satulin_is_quoted_at_least_three_times(shipped):
    assert ((shipped["speaker"] == "Satulin") & (shipped["kind"] == "direct")).sum() >= 3


def test_every_quotation_mark_pair_is_a_row(shipped, project):
    opening = project.corpus.paragraphs["text"].str.count("[„«]").sum()
    direct_rows = shipped[shipped["kind"] == "direct"]
    nested = direct_rows["quote"].str.count("[„«]").sum()
    assert len(direct_rows[direct_rows["quote"].str.len() > 0]) >= opening - nested - 1  # one spans two paragraphs

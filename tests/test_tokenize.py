"""The tokenizer: German news cases, and agreement with SoMaJo on the corpus."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusbook.tokenize import somajo_agreement, tokenize, word_tokens


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Größere Straßen in Österreich", ["Größere", "Straßen", "in", "Österreich"]),
        ("Kassym-Schomart Tokajew in Nur-Sultan", ["Kassym-Schomart", "Tokajew", "in", "Nur-Sultan"]),
        ("das OVKS-Kontingent und US-Dollar", ["das", "OVKS-Kontingent", "und", "US-Dollar"]),
        ("„Nachbarn von Gott“", ["Nachbarn", "von", "Gott"]),
        ('“Zitat” und «Guillemets» und "gerade"', ["Zitat", "und", "Guillemets", "und", "gerade"]),
        ("25,6 Milliarden und 18 Milliarden", ["25,6", "Milliarden", "und", "18", "Milliarden"]),
        ("mehr als 200.000 Russen", ["mehr", "als", "200.000", "Russen"]),
        ("z.B. Kasan, d.h. Tatarstan, dh Russland", ["z.B.", "Kasan", "d.h.", "Tatarstan", "dh", "Russland"]),
        ("Quelle: https://baoquocte.vn/tong-thong-1.html.", ["Quelle", "https://baoquocte.vn/tong-thong-1.html"]),
        ("EU-Staats- und Regierungschefs", ["EU-Staats-", "und", "Regierungschefs"]),
        ("Land Nr. 1", ["Land", "Nr.", "1"]),
        ("70-jährige Erdoğan", ["70-jährige", "Erdoğan"]),
        ("", []),
    ],
)
def test_word_tokens(text, expected):
    assert word_tokens(text) == expected


def test_punctuation_is_kept_by_tokenize_but_not_as_words():
    toks = tokenize("„Ja“, sagte er.")
    assert [t for t, k, _ in toks if k == "punct"] == ["„", "“", ",", "."]
    assert all(text[start : start + len(t)] == t for text in ["„Ja“, sagte er."] for t, _, start in toks)


def test_agreement_with_somajo_on_the_corpus(project):
    """Word-token agreement with SoMaJo (de_CMC): matched tokens / SoMaJo's word tokens >= 98 %.

    The disagreements are printed (run pytest with -s, or see the report of a failing run).
    """
    result = somajo_agreement(project.documents["text"].tolist(), project.documents["doc_id"].tolist())
    print(
        f"\nSoMaJo agreement: {result['agreement']:.2%} ({result['matched']} of {result['somajo_tokens']} "
        f"SoMaJo word tokens; ours: {result['our_tokens']})"
    )
    print("\n".join(result["disagreements"]))
    assert result["somajo_tokens"] > 4000
    assert result["agreement"] >= 0.98, "\n".join(result["disagreements"])


def test_agreement_counts_on_a_known_difference():
    # SoMaJo splits "z.B." into "z." "B."; we keep one token: Kasan and Tatarstan match, 2 of 4
    result = somajo_agreement(["Kasan z.B. Tatarstan"])
    assert (result["somajo_tokens"], result["our_tokens"], result["matched"]) == (4, 3, 2)
    assert result["agreement"] == 0.5
    assert result["disagreements"] == ["0: ours ['z.B.'] vs SoMaJo ['z.', 'B.']"]


def test_token_table_equals_word_tokens_per_paragraph(project):
    from corpusbook.preprocess import build_token_table

    paras = project.corpus.paragraphs
    table = build_token_table(paras, project.resources)
    expected = [t for text in paras["text"] for t in word_tokens(text)]
    assert table["token"].tolist() == expected
    kinds = [k for text in paras["text"] for _, k, _ in tokenize(text) if k != "punct"]
    assert table["kind"].tolist() == kinds


def test_ordinal_differences_are_counted():
    result = somajo_agreement(["Am 27. November kam er."])
    assert result["ordinal_differences"] == 1


TRICKY = st.lists(
    st.sampled_from(
        [
            "Kasan",
            "z.B.",
            "z. B.",
            "N.",
            "E.",
            "25,6",
            "200.000",
            "70-jährige",
            "http://localhost",
            "https://a.de/x.",
            "www.b.de",
            "²",
            "x²",
            "Jh.",
            "US-Dollar",
            "EU-",
            "und",
            "„",
            "“",
            ".",
            ":",
            "-",
            "'",
            "_",
            "é",
            "Öl",
            "3.",
            " ",
            "\n",
        ]
    ),
    max_size=25,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(TRICKY, min_size=1, max_size=6), st.data())
def test_token_table_equals_tokenize_on_any_text(texts, data):
    from conftest import ROOT

    from corpusbook.preprocess import build_token_table, load_resources

    # documents interleaved: a document's paragraphs need not be adjacent
    docs = [data.draw(st.sampled_from("ab")) for _ in texts]
    paras = pd.DataFrame({"doc_id": docs, "paragraph": range(len(texts)), "text": texts})
    table = build_token_table(paras, load_resources(ROOT / "corpus"))
    expected = [(d, t, k) for d, text in zip(docs, texts) for t, k, _ in tokenize(text) if k != "punct"]
    assert list(zip(table["doc_id"], table["token"], table["kind"])) == expected
    position = pd.Series([d for d, _, _ in expected], dtype=object).groupby([d for d, _, _ in expected]).cumcount()
    assert table["position"].tolist() == position.tolist()


def test_sentence_boundaries_agree_with_somajo(project):
    """The fast splitter's sentence ends against SoMaJo's, the reference, on the corpus's paragraphs without
    quotation marks (sentencex keeps a quoted passage whole, which the quotation rules want)."""
    from somajo import SoMaJo

    from corpusbook.tokenize import sentence_spans

    texts = [t for t in project.corpus.paragraphs["text"] if t.strip() and not any(q in t for q in '„“"«»')]
    somajo = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)
    ours, theirs = set(), set()
    for i, (text, spans) in enumerate(zip(texts, sentence_spans(texts))):
        ours |= {(i, end) for _, end in spans[:-1]}
        ends = [s[-1].character_offset[1] for s in somajo.tokenize_text([text], parallel=1)]
        theirs |= {(i, end) for end in ends[:-1]}
    assert len(ours & theirs) / len(ours | theirs) >= 0.9

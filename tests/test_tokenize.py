"""The tokenizer: German news cases, and agreement with SoMaJo on the corpus."""

import difflib

import pytest

from corpusbook.tokenize import tokenize, word_tokens


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Größere Straßen in Österreich", ["Größere", "Straßen", "in", "Österreich"]),
        ("Kassym-Schomart Tokajew in Nur-Sultan", ["Kassym-Schomart", "Tokajew", "in", "Nur-Sultan"]),
        ("das OVKS-Kontingent und US-Dollar", ["das", "OVKS-Kontingent", "und", "US-Dollar"]),
        ("„Nachbarn von Gott“", ["Nachbarn", "von", "Gott"]),
        ("“Zitat” und «Guillemets» und \"gerade\"", ["Zitat", "und", "Guillemets", "und", "gerade"]),
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
    assert all(text[start:start + len(t)] == t for text in ["„Ja“, sagte er."] for t, _, start in toks)


def _somajo_words(tokenizer, text):
    return [t.text for sentence in tokenizer.tokenize_text(text.split("\n")) for t in sentence
            if any(ch.isalnum() for ch in t.text)]


def test_agreement_with_somajo_on_the_corpus(project):
    """Word-token agreement with SoMaJo (de_CMC): matched tokens / SoMaJo's word tokens >= 98 %.

    Tokens are aligned with difflib; the disagreements are printed (run pytest with -s, or see the
    report of a failing run).
    """
    from somajo import SoMaJo

    somajo = SoMaJo("de_CMC", split_camel_case=False)
    matched = total = ours_total = 0
    disagreements = []
    for doc_id, text in zip(project.documents["doc_id"], project.documents["text"]):
        ours, ref = word_tokens(text), _somajo_words(somajo, text)
        matcher = difflib.SequenceMatcher(a=ours, b=ref, autojunk=False)
        matched += sum(block.size for block in matcher.get_matching_blocks())
        total += len(ref)
        ours_total += len(ours)
        disagreements += [f"{doc_id}: ours {ours[i1:i2]} vs SoMaJo {ref[j1:j2]}"
                          for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    agreement = matched / total
    print(f"\nSoMaJo agreement: {agreement:.2%} ({matched} of {total} SoMaJo word tokens; ours: {ours_total})")
    print("\n".join(disagreements))
    assert total > 4000
    assert agreement >= 0.98, "\n".join(disagreements)


def test_token_table_equals_word_tokens_per_paragraph(project):
    from corpusbook.tokenize import tokenize_paragraphs

    paras = project.corpus.paragraphs
    table = tokenize_paragraphs(paras)
    expected = [t for text in paras["text"] for t in word_tokens(text)]
    assert table["token"].tolist() == expected
    kinds = [k for text in paras["text"] for _, k, _ in tokenize(text) if k != "punct"]
    assert table["kind"].tolist() == kinds

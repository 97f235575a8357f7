"""Facts of the extending chapter: how many articles there are, what a new one needs, the messages a user may see."""

import re

from corpusbook.prose import md, number, plural


def next_id(ids):
    """An id for the next article, in the style of the existing ids, or None when they have no common style.

    Ids need not be numbers (``corpus/README.md``); when every id is one prefix followed by digits
    (``000`` … ``004``, ``gnad-0000`` … ``gnad-1027``), the next number in the same width is proposed.

    Examples
    --------
    >>> next_id(["000", "004"]), next_id(["gnad-0009", "gnad-1027"]), next_id(["a", "b"]), next_id([])
    ('005', 'gnad-1028', None, None)
    """
    parts = [re.fullmatch(r"(.*?)(\d+)", str(i)) for i in ids]
    if not parts or not all(parts) or len({p.group(1) for p in parts}) != 1:
        return None
    width = max(len(p.group(2)) for p in parts)
    return f"{parts[0].group(1)}{max(int(p.group(2)) for p in parts) + 1:0{width}d}"


def findings(data):
    """Everything the extending chapter states about the corpus.

    Returns
    -------
    dict
        ``n_docs_sentence``, ``file_step`` (the first step of adding an article, with an example file
        name in the style of the current ids), ``required`` (the required metadata fields as code) and
        ``validation_table`` (the message for each kind of problem, produced by the validator).
    """
    from corpusbook import tables
    from corpusbook.corpus import REQUIRED_FIELDS, validation_examples
    from corpusbook.validate import MAX_ARTICLE_WORDS

    ids = data.documents["doc_id"].astype(str).tolist()
    new = next_id(ids)
    example = (f"`corpus/texts/{new}_short-name.txt`, with the next id, {new}" if new
               else "`corpus/texts/<id>_short-name.txt`, with an id no other article has")
    file_step = md(f"Save the text, unchanged and as UTF-8, in `corpus/texts/` (for example {example}). A BOM or "
                   f"Windows line endings are fine. One article per file, of at most {number(MAX_ARTICLE_WORDS)} words.")
    return {
        "n_docs_sentence": md(f"The corpus has {plural(len(ids), 'article')} now."),
        "file_step": file_step,
        "required": md(", ".join(f"`{f}`" for f in REQUIRED_FIELDS)),
        "validation_table": tables.show(validation_examples(), headers={"problem": "Problem", "message": "Message shown"},
                                        name="validation-messages"),
    }

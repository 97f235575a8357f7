"""What the chapters read: the whole corpus, or an archive's counts and a seeded sample of its texts.

Any chapter that states numbers glues :func:`findings`; its one sentence is empty for a corpus
without an archive (``corpus/counts/``, see :mod:`corpusbook.archive`).
"""

from corpusbook.prose import md, number


def findings(data):
    """``{"scope_sentence": Markdown}``: which articles the frequencies and the other chapters read.

    Examples
    --------
    >>> class Data:
    ...     def scope(self):
    ...         return {"archive": True, "counted": 54484, "with_text": 200, "seed": 7}
    >>> print(findings(Data())["scope_sentence"].data)
    The frequencies count every one of the archive's 54,484 articles (from its counts in `corpus/counts/`); the chapters that read the text itself (concordances, key terms, topics, actors and frames) read a seeded sample of 200 of them (seed 7), spread over the periods in proportion to their size.
    """
    s = data.scope()
    if not s["archive"]:
        return {"scope_sentence": md("")}
    seed = f" (seed {s['seed']})" if s["seed"] is not None else ""
    return {"scope_sentence": md(
        f"The frequencies count every one of the archive's {number(s['counted'])} articles (from its counts in "
        f"`corpus/counts/`); the chapters that read the text itself (concordances, key terms, topics, actors and "
        f"frames) read a seeded sample of {number(s['with_text'])} of them{seed}, spread over the periods in proportion to their size.")}

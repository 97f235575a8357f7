"""What the book states about the data: one module per chapter, each with one public function.

A facts function takes the loaded data (:class:`corpusbook.book.BookData`) and returns a dict of
name → value: numbers and terms already worded (strings), Markdown sentences and lists
(:func:`corpusbook.prose.md`), tables (:func:`corpusbook.tables.show`) and figures. A chapter
glues the whole dict in one call and reads as prose around ``{glue:...}`` references::

    from corpusbook.facts import glue_all
    from corpusbook.facts import corpus as facts
    glue_all(facts.findings(data))

Every sentence is worded for any corpus: one or many periods and articles, ties, empty lists; a
sentence whose premise does not hold is left out or reworded (its value is then an empty string).
"""


def glue_all(facts):
    """Glue every value of ``facts`` with ``myst_nb.glue`` (without displaying it).

    Parameters
    ----------
    facts : dict
        name → value (str, number, Markdown, HTML, matplotlib Figure, ...).
    """
    import matplotlib.pyplot as plt
    from myst_nb import glue

    for name, value in facts.items():
        glue(name, value, display=False)
        if hasattr(value, "savefig"):
            plt.close(value)

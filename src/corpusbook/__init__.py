"""corpusbook: the computations behind the book *Kazakhstan and Russia in German-language coverage*.

Every number, table and figure in the book comes from a function in this package. Analysis
functions take pandas DataFrames (the token table, ``Corpus.documents``) and return DataFrames with
named columns or dicts; none reads files except the loaders. The map, in pipeline order
(module -- what it answers -- main functions):

Data in
    - ``settings`` -- where the corpus and cache are, the seed -- ``corpus_dir``, ``SEED``, ``n_jobs``
    - ``errors`` -- what is wrong with a user's file -- ``CorpusError``, ``read_table``, ``decode_utf8``
    - ``corpus`` -- which articles there are, with their metadata -- ``load_corpus``, ``validation_examples``
    - ``normalise`` -- one form for every way a text was saved (Unicode, invisible characters, wrapped lines)
      -- ``normalise_text``, ``KINDS``
    - ``validate`` -- is ``corpus/`` usable (run before the build) -- ``python -m corpusbook.validate``
    - ``cleaning`` -- what boilerplate is removed, by which rule -- ``load_rules``, ``clean_text``
    - ``tokenize`` -- which word tokens a text has -- ``tokenize``, ``word_tokens``, ``somajo_agreement``
    - ``preprocess`` -- lemma, stop word and entity of each token -- ``token_table``, ``content_tokens``
    - ``book`` -- everything a chapter starts from, loaded once -- ``load`` → ``BookData``
    - ``archive`` -- counts of a large collection, in pieces (Dask) -- ``count_collection``, ``load_counts``
Statistics
    - ``counts`` -- per-article and per-group term counts -- ``article_counts``, ``group_counts``
    - ``frequency`` -- how often, how widely spread -- ``frequency_table``, ``gries_dp``, ``tfidf_table``
    - ``keyness`` -- which terms distinguish two groups -- ``keyness``, ``top_keywords``, ``leave_one_out``
    - ``docstats`` -- the same with articles as the unit -- ``article_rates``, ``compare_terms``
    - ``kwic`` -- a term in its contexts; every content lemma in context -- ``kwic``, ``concordance``
    - ``describe`` -- sizes, balance, spellings of the corpus -- ``group_sizes``, ``imbalance``, ``lemma_precision``
    - ``topics`` -- which topics, how many -- ``make_units``, ``select_k``, ``prevalence``
    - ``actors`` -- who is named, with whom; which names the alias table lacks -- ``entity_frequencies``,
      ``name_candidates``
    - ``quotes`` -- who is quoted, directly or indirectly -- ``load_speech_rules``, ``find_quotes``
    - ``frames`` -- which frames, how they shift, every hit in its sentence -- ``load_frames``, ``frame_shares``,
      ``frame_hits``
    - ``gold`` -- how well quotations and frames are found, against hand annotation -- ``quotation_scores``,
      ``frame_precision``
    - ``periods`` -- the groups in time order, what is compared -- ``chronological``, ``comparisons``
Words and pictures
    - ``facts`` -- what each chapter states, worded for any corpus -- ``glue_all``, ``facts.<chapter>.findings``
    - ``prose`` -- numbers, lists and ties as safe Markdown -- ``escape_md``, ``number``, ``plural``, ``join``
    - ``tables`` -- the one way a table reaches a page -- ``show``
    - ``palette`` -- the colour of each period, slice, topic -- ``period_colors``, ``topic_colors``
    - ``plots`` -- figures (``base``, ``words``, ``topics``, ``actors``) -- ``base.styled``
"""

from corpusbook.errors import CorpusError

__version__ = "0.1.0"

__all__ = ["CorpusError", "__version__"]
